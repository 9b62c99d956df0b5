// Package xlsx writes report forms as Excel workbooks for officials to fill
// in, and reads the filled-in workbooks back.
//
// It renders neutral values (Form, Row, Section) and returns neutral values
// (Workbook, Cell, NarrativeCell, Problem): it knows nothing of the report
// package. The caller maps its indicators in, and parses and validates what
// Read gives back, reporting errors with the cell references Read supplies.
// excelize, used to write, is imported here and nowhere else.
//
// # Layout
//
// Each form is one sheet: "Báo cáo" when the workbook holds one form, the
// unit code otherwise, so that a commission's workbook has one sheet per
// unit. Columns:
//
//	A STT | B Mã chỉ tiêu (hidden) | C Chỉ tiêu | D Đơn vị tính | E Giá trị |
//	F Kỳ trước | G Cùng kỳ năm trước | H Ghi chú
//
// Rows:
//
//	1      the title, bold, merged A:H
//	2–4    "Đơn vị: …", "Kỳ báo cáo: … (2019Q1)", "Mẫu: … (CODE)", merged A:H
//	5      the yearly theme in italics (empty when there is none)
//	6      the hidden metadata row (below)
//	7      the table header; panes are frozen below it and it is repeated on
//	       every printed page
//	8…     per group of rows with the same Section, a bold filled heading row
//	       (roman numeral in A, title merged C:H); per indicator, one row
//	       with its code in the hidden column B
//	then   a note saying which cells to fill, a blank row, and per narrative
//	       section a bold title row (merged A:H) and a text row (the text
//	       merged C:H and wrapped). A text longer than an Excel cell holds
//	       (32,767 characters) goes on as many further text rows as it needs.
//
// Only "Giá trị" and "Ghi chú" (and the narrative texts) are meant to be
// edited: they are white, every other table cell is grey. The sheet is not
// protected. Values are typed cells: numbers are numbers (integers and money
// "#,##0", decimals "General", percentages "0.0" on a 0–100 scale, all
// tagged with the Vietnamese locale so that LibreOffice shows "26.000.000";
// Excel uses the separators of the computer's regional settings), yes/no is
// the text "Có"/"Không" with a drop-down list, text wraps. Every "Giá trị"
// cell has a data validation with a Vietnamese message. Pages are A4
// landscape, fitted to the page width.
//
// # Metadata
//
// Read never relies on visible text. Everything it needs lives in hidden
// cells, which move with their rows and columns when a user inserts or
// deletes rows or columns and which travel with the sheet when it is copied
// into another workbook:
//
//   - A6 holds the form's identity as "giaoban:form:1?" followed by a URL
//     query: period, template, unit and version.
//   - B6:H6 name each column's role: "#code", "#name", "#measure", "#value",
//     "#previous", "#last_year", "#comment".
//   - The "#code" column holds each indicator row's code and, on each
//     narrative text row, "#narrative:KEY": the section key → row mapping.
//
// A hidden row and column were chosen over defined names or document
// properties because they are plain cells: they survive a save by
// LibreOffice (TestLibreOffice), go along when a sheet is moved or copied
// into another workbook, and a sheet whose metadata was deleted is simply
// reported as not a form.
//
// # Reading
//
// Read parses the package itself (ooxml.go) instead of through excelize,
// which loads whole worksheets and can be made to allocate some 80 MB per
// sheet by a few kilobytes of XML. It streams each sheet under a
// decompression budget and keeps only the cells it needs.
package xlsx

import (
	"fmt"
	"net/url"
	"strconv"
	"strings"
)

// Column numbers (1-based) of the table as written.
const (
	colSTT = iota + 1
	colCode
	colName
	colMeasure
	colValue
	colPrevious
	colLastYear
	colComment
	lastCol = colComment
)

// Fixed rows of the header block.
const (
	rowTitle    = 1
	rowUnit     = 2
	rowPeriod   = 3
	rowTemplate = 4
	rowTheme    = 5
	rowMeta     = 6
	rowHeader   = 7
	firstRow    = 8
)

// Column roles written in the hidden metadata row.
const (
	roleCode     = "#code"
	roleName     = "#name"
	roleMeasure  = "#measure"
	roleValue    = "#value"
	rolePrevious = "#previous"
	roleLastYear = "#last_year"
	roleComment  = "#comment"
)

var columnRoles = map[int]string{
	colCode:     roleCode,
	colName:     roleName,
	colMeasure:  roleMeasure,
	colValue:    roleValue,
	colPrevious: rolePrevious,
	colLastYear: roleLastYear,
	colComment:  roleComment,
}

// Table header labels.
var headerLabels = [lastCol]string{
	"STT", "Mã chỉ tiêu", "Chỉ tiêu", "Đơn vị tính", "Giá trị", "Kỳ trước", "Cùng kỳ năm trước", "Ghi chú",
}

const (
	// metaPrefix starts the metadata cell; the digit is the layout version,
	// raised when Read could no longer understand older files.
	metaPrefix  = "giaoban:form:"
	metaVersion = 1

	// markerPrefix starts every marker in the code column. Indicator codes
	// never start with it.
	markerPrefix    = "#"
	narrativeMarker = "#narrative:"

	// maxCellUnits is Excel's limit on a cell's text, in UTF-16 code units.
	maxCellUnits = 32767

	// Yes/no values as written, and the drop-down list offering them.
	textYes = "Có"
	textNo  = "Không"
)

// meta is the identity of a form stored in the metadata cell.
type meta struct {
	TemplateCode, PeriodID, UnitCode string
	Version                          int
}

func (m meta) encode() string {
	q := url.Values{}
	q.Set("template", m.TemplateCode)
	q.Set("period", m.PeriodID)
	q.Set("unit", m.UnitCode)
	q.Set("version", strconv.Itoa(m.Version))
	return metaPrefix + strconv.Itoa(metaVersion) + "?" + q.Encode()
}

// isMeta reports whether a cell's text is a metadata cell.
func isMeta(s string) bool { return strings.HasPrefix(strings.TrimSpace(s), metaPrefix) }

// decodeMeta parses a metadata cell. Errors are in Vietnamese: they are
// shown to users as a Problem.
func decodeMeta(s string) (meta, error) {
	rest, _ := strings.CutPrefix(strings.TrimSpace(s), metaPrefix)
	ver, query, _ := strings.Cut(rest, "?")
	if ver != strconv.Itoa(metaVersion) {
		return meta{}, fmt.Errorf("tệp được tạo theo mẫu Excel phiên bản %q mà hệ thống không đọc được; hãy tải mẫu mới", ver)
	}
	q, err := url.ParseQuery(query)
	if err != nil {
		return meta{}, fmt.Errorf("dữ liệu ẩn của mẫu bị hỏng")
	}
	m := meta{TemplateCode: q.Get("template"), PeriodID: q.Get("period"), UnitCode: q.Get("unit")}
	if v := q.Get("version"); v != "" {
		if m.Version, err = strconv.Atoi(v); err != nil {
			return meta{}, fmt.Errorf("dữ liệu ẩn của mẫu bị hỏng (phiên bản %q)", v)
		}
	}
	if m.TemplateCode == "" || m.PeriodID == "" {
		return meta{}, fmt.Errorf("dữ liệu ẩn của mẫu thiếu mã mẫu hoặc kỳ báo cáo")
	}
	return m, nil
}

// utf16Len is the length of s as Excel counts it.
func utf16Len(s string) int {
	n := 0
	for _, r := range s {
		if r >= 0x10000 {
			n += 2
		} else {
			n++
		}
	}
	return n
}

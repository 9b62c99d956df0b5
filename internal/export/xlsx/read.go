package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strconv"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/vntext"
)

// Workbook is what Read found in an uploaded workbook.
type Workbook struct {
	Sheets []SheetData
}

// SheetData is one sheet of an uploaded workbook.
type SheetData struct {
	Name string
	// The form's identity from the hidden metadata; empty (and a Problem)
	// when the sheet is not a Giao Ban form.
	TemplateCode, PeriodID, UnitCode string
	Version                          int
	Cells                            []Cell          // one per indicator row found by its hidden code, in sheet order
	Narrative                        []NarrativeCell // one per narrative section found, in sheet order
	Problems                         []Problem       // structural problems found while reading
}

// Cell is the value an official entered for one indicator.
type Cell struct {
	Code string // from the hidden code column, never from the visible name
	Ref  string // the "Giá trị" cell, e.g. "E12"
	// Raw is the cell's content as text. Numbers stored as numbers are in
	// Go's canonical decimal form ("26000000000", "12.5", no exponent,
	// rounded to Excel's 15 significant digits) and IsNumber is true. Text is
	// converted from TCVN3/VNI to Unicode by vntext.Fix and trimmed, so
	// "26.000.000" typed as text comes through as is for the caller to parse
	// the Vietnamese way. Yes/no is whatever the cell says ("Có", "Không",
	// or "TRUE"/"FALSE" for an Excel boolean); "" is an empty cell. A
	// formula gives its cached value.
	Raw        string
	IsNumber   bool
	Comment    string // the "Ghi chú" cell, converted like text values
	CommentRef string
}

// NarrativeCell is the text of one narrative section.
type NarrativeCell struct {
	Key  string
	Ref  string // the (first) text cell, e.g. "C52"
	Text string // converted by vntext.Fix; continuation rows are joined with "\n"
}

// Problem is a structural problem found in a sheet.
type Problem struct {
	Sheet, Ref string // Ref is "" for a problem with the whole sheet
	Message    string // Vietnamese, for the user
}

// Limits that keep a hostile upload from costing more than a real one.
const (
	// maxRows is the number of rows read per sheet: a form has a few
	// hundred; a sheet that claims a million rows is cut short.
	maxRows = 20000
	// unzipRatio bounds the decompressed size of a workbook relative to
	// maxBytes (real workbooks compress 5–10 times), between minUnzip and
	// maxUnzip. Sheets are streamed; only the shared strings are held.
	unzipRatio = 20
	minUnzip   = 4 << 20
	maxUnzip   = 256 << 20
)

var (
	zipMagic = []byte("PK\x03\x04")
	oleMagic = []byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}
)

func notXLSX(err error) error {
	return &apperr.Error{Code: apperr.EINVALID, Err: err,
		Message: "Tệp tải lên không phải tệp Excel .xlsx hợp lệ. Hãy mở tệp bằng Excel và lưu lại dưới dạng “Excel Workbook (.xlsx)”."}
}

// Read reads an uploaded workbook of at most maxBytes bytes. It returns an
// EINVALID *apperr.Error with a Vietnamese message for a file that is too
// large or is not an XLSX workbook (including a legacy .xls or a
// password-protected file). Anything wrong inside a sheet is not an error
// but a Problem of that sheet: the caller decides, for instance, whether an
// extra sheet matters. Read never trusts the visible text: see the package
// comment for the hidden metadata it relies on.
func Read(r io.Reader, maxBytes int64) (*Workbook, error) {
	data, err := io.ReadAll(io.LimitReader(r, maxBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if int64(len(data)) > maxBytes {
		return nil, apperr.Errorf(apperr.EINVALID, "Tệp quá lớn: tối đa %s.", sizeLabel(maxBytes))
	}
	if bytes.HasPrefix(data, oleMagic) {
		// An OLE compound file: a legacy .xls or an encrypted .xlsx.
		return nil, apperr.Errorf(apperr.EINVALID,
			"Tệp là định dạng Excel cũ (.xls) hoặc có đặt mật khẩu. Hãy mở tệp bằng Excel, bỏ mật khẩu nếu có, và lưu lại dưới dạng “Excel Workbook (.xlsx)”.")
	}
	if !bytes.HasPrefix(data, zipMagic) {
		return nil, notXLSX(errors.New("not a zip archive"))
	}
	budget := min(max(maxBytes*unzipRatio, minUnzip), maxUnzip)
	p, err := openPackage(data, budget)
	if err != nil {
		return nil, notXLSX(err)
	}
	sheets, sstPart, err := p.workbook()
	if err != nil {
		return nil, readError(err, budget)
	}
	sst, err := p.sharedStrings(sstPart)
	if err != nil {
		return nil, readError(err, budget)
	}
	wb := &Workbook{}
	for _, ref := range sheets {
		sd, err := readSheet(p, ref, sst)
		if err != nil {
			return nil, readError(err, budget)
		}
		wb.Sheets = append(wb.Sheets, sd)
	}
	return wb, nil
}

// readError turns a failure to read the package into the error users see.
func readError(err error, budget int64) error {
	if errors.Is(err, errBudget) {
		return &apperr.Error{Code: apperr.EINVALID, Err: err,
			Message: fmt.Sprintf("Tệp quá lớn khi giải nén (tối đa %s).", sizeLabel(budget))}
	}
	return notXLSX(err)
}

func sizeLabel(n int64) string {
	if n >= 1<<20 && n%(1<<20) == 0 {
		return vntext.FormatInt(n>>20) + " MB"
	}
	if n >= 1<<10 {
		return vntext.FormatInt((n+1<<10-1)>>10) + " KB"
	}
	return vntext.FormatInt(n) + " byte"
}

// sheetReader reads one sheet.
type sheetReader struct {
	sd *SheetData
}

func (sr *sheetReader) problem(ref, format string, args ...any) {
	sr.sd.Problems = append(sr.sd.Problems, Problem{Sheet: sr.sd.Name, Ref: ref, Message: fmt.Sprintf(format, args...)})
}

// readSheet reads one sheet. Errors are failures to read the package
// (corrupt or over budget); anything else wrong is a Problem.
func readSheet(p *pkg, ref sheetRef, sst []string) (SheetData, error) {
	sd := SheetData{Name: ref.name}
	sr := &sheetReader{sd: &sd}
	name := ref.name
	if !ref.worksheet {
		sr.problem("", "Trang tính “%s” không phải mẫu báo cáo của Giao Ban (không phải bảng tính).", name)
		return sd, nil
	}
	rows, err := p.rows(ref.part, sst)
	switch {
	case errors.Is(err, errTooManyRows):
		sr.problem("", "Trang tính “%s” có dữ liệu quá dòng %s; chỉ đọc %s dòng đầu. Hãy xóa các dòng thừa ở cuối trang tính.",
			name, vntext.FormatInt(maxRows), vntext.FormatInt(maxRows))
	case err != nil:
		return sd, err
	}

	// The metadata row: the first row with a metadata cell.
	metaAt := -1
	var metaCell string
	for i := range rows {
		for _, c := range rows[i].cells {
			if c.kind == kindText && isMeta(c.value) && metaAt < 0 {
				metaAt, metaCell = i, c.value
				break
			}
		}
		if metaAt >= 0 {
			break
		}
	}
	if metaAt < 0 {
		sr.problem("", "Trang tính “%s” không phải mẫu báo cáo của Giao Ban (không có dữ liệu ẩn của mẫu).", name)
		return sd, nil
	}
	m, err := decodeMeta(metaCell)
	if err != nil {
		sr.problem("", "Trang tính “%s”: %s.", name, err)
		return sd, nil
	}
	sd.TemplateCode, sd.PeriodID, sd.UnitCode, sd.Version = m.TemplateCode, m.PeriodID, m.UnitCode, m.Version

	cols := map[string]int{}
	for _, c := range rows[metaAt].cells {
		v := strings.TrimSpace(c.value)
		if c.kind == kindText && strings.HasPrefix(v, markerPrefix) {
			if _, dup := cols[v]; !dup {
				cols[v] = c.col
			}
		}
	}
	codeCol, valueCol, commentCol, nameCol := cols[roleCode], cols[roleValue], cols[roleComment], cols[roleName]
	if codeCol == 0 || valueCol == 0 {
		sr.problem("", "Trang tính “%s”: thiếu cột mã chỉ tiêu ẩn hoặc cột “Giá trị” (có thể cột đã bị xóa). Hãy tải mẫu mới.", name)
		return sd, nil
	}

	codeRefs := map[string]string{}
	narrRefs := map[string]string{}
	lastKey, lastRow := "", 0
	for i := metaAt + 1; i < len(rows); i++ {
		r := &rows[i]
		codeCell := r.at(codeCol)
		code := strings.TrimSpace(codeCell.value)
		if codeCell.kind == kindNumber {
			code, _ = canonicalNumber(code) // a numeric code typed over
		}
		switch {
		case code == "" || code == headerLabels[colCode-1]:
			continue
		case strings.HasPrefix(code, narrativeMarker):
			if nameCol == 0 {
				sr.problem("", "Trang tính “%s”: thiếu cột nội dung (có thể cột đã bị xóa); không đọc được phần lời văn.", name)
				return sd, nil
			}
			key := strings.TrimPrefix(code, narrativeMarker)
			ref := cellName(nameCol, r.n)
			text := sr.text(ref, r.at(nameCol))
			switch first, dup := narrRefs[key]; {
			case key == lastKey && r.n == lastRow+1:
				nc := &sd.Narrative[len(sd.Narrative)-1]
				nc.Text += "\n" + text
			case dup:
				sr.problem(ref, "Phần lời văn “%s” xuất hiện hai lần: ô %s và ô %s.", key, first, ref)
			default:
				narrRefs[key] = ref
				sd.Narrative = append(sd.Narrative, NarrativeCell{Key: key, Ref: ref, Text: text})
			}
			lastKey, lastRow = key, r.n
		case strings.HasPrefix(code, markerPrefix):
			continue // a marker of a later layout version
		default:
			c := Cell{Code: code, Ref: cellName(valueCol, r.n)}
			c.Raw, c.IsNumber = sr.value(c.Ref, r.at(valueCol))
			if commentCol > 0 {
				c.CommentRef = cellName(commentCol, r.n)
				c.Comment = strings.TrimSpace(sr.text(c.CommentRef, r.at(commentCol)))
			}
			if first, dup := codeRefs[code]; dup {
				sr.problem(c.Ref, "Mã chỉ tiêu %s xuất hiện hai lần: ô %s và ô %s.", code, first, c.Ref)
			} else {
				codeRefs[code] = c.Ref
			}
			sd.Cells = append(sd.Cells, c)
		}
	}
	if commentCol == 0 && len(sd.Cells) > 0 {
		sr.problem("", "Trang tính “%s”: không tìm thấy cột “Ghi chú” (có thể cột đã bị xóa); ghi chú không được đọc.", name)
	}
	return sd, nil
}

func cellName(col, row int) string {
	var b []byte
	for c := col; c > 0; c = (c - 1) / 26 {
		b = append([]byte{byte('A' + (c-1)%26)}, b...)
	}
	return string(b) + strconv.Itoa(row)
}

// value reads a value cell: numbers canonical, text fixed and trimmed.
func (sr *sheetReader) value(ref string, c xcell) (string, bool) {
	sr.check(ref, c)
	switch c.kind {
	case kindNumber:
		if s, ok := canonicalNumber(c.value); ok {
			return s, true
		}
		return c.value, false
	case kindBool:
		switch c.value {
		case "1", "true":
			return "TRUE", false
		case "0", "false":
			return "FALSE", false
		}
		return c.value, false
	case kindError:
		return c.value, false
	case kindText:
		return strings.TrimSpace(vntext.Fix(c.value)), false
	}
	return "", false
}

// text reads a text cell (a comment, a narrative): converted from legacy
// encodings; a number in it comes through canonical.
func (sr *sheetReader) text(ref string, c xcell) string {
	s, isNum := sr.value(ref, c)
	if isNum || c.kind != kindText {
		return s
	}
	return vntext.Fix(c.value)
}

// check reports a cell whose value is unknown: a formula never calculated
// (the file was written by a program that does not calculate), or a
// reference to a missing shared string (a damaged file).
func (sr *sheetReader) check(ref string, c xcell) {
	switch {
	case c.noCached:
		sr.problem(ref, "Ô %s có công thức nhưng chưa có giá trị đã tính. Hãy mở tệp bằng Excel, lưu lại rồi tải lên lại.", ref)
	case c.badSharedS:
		sr.problem(ref, "Ô %s bị hỏng (không đọc được nội dung). Hãy nhập lại ô này rồi lưu tệp.", ref)
	}
}

// canonicalNumber turns a stored number into Go's canonical decimal form:
// integers keep every digit, other numbers are rounded to Excel's 15
// significant digits ("12.500000000000002" → "12.5") and never use an
// exponent.
func canonicalNumber(s string) (string, bool) {
	s = strings.TrimSpace(s)
	if n, err := strconv.ParseInt(s, 10, 64); err == nil {
		return strconv.FormatInt(n, 10), true
	}
	x, err := strconv.ParseFloat(s, 64)
	if err != nil || math.IsInf(x, 0) || math.IsNaN(x) {
		return "", false
	}
	x, _ = strconv.ParseFloat(strconv.FormatFloat(x, 'g', 15, 64), 64)
	if x == 0 {
		return "0", true // and not "-0"
	}
	return strconv.FormatFloat(x, 'f', -1, 64), true
}

package xlsx

import (
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"unicode/utf8"

	"github.com/xuri/excelize/v2"
)

// Form is one unit's report for one period, as the form to fill in.
type Form struct {
	Title        string // "BÁO CÁO CÔNG TÁC DÂN VẬN QUÝ"
	TemplateCode string
	TemplateName string
	PeriodID     string // "2019Q1"
	PeriodLabel  string // "Quý I/2019"
	UnitCode     string
	UnitName     string
	Version      int    // the report version the form was exported from, for the stale-version check on upload
	Theme        string // the yearly theme line; may be ""
	Rows         []Row
	Narrative    []Section
}

// Row is one indicator of a form.
type Row struct {
	Code    string
	Name    string
	Measure string // đơn vị tính
	Type    string // "integer", "money", "decimal", "percent", "boolean" or "text"
	// Section is the group heading: consecutive rows with the same Section
	// are grouped under one heading row. "" means no heading.
	Section  string
	Value    any // nil, int64, float64, bool or string (int is accepted too)
	Previous any // the previous period's value (read-only column), same kinds
	LastYear any // the same period last year (read-only column), same kinds
	Comment  string
}

// Section is one narrative part of a form.
type Section struct {
	Key, Title, Text string
}

// Value types, as in report.ValueType.
const (
	typeInteger = "integer"
	typeMoney   = "money"
	typeDecimal = "decimal"
	typePercent = "percent"
	typeBoolean = "boolean"
	typeText    = "text"
)

// Column widths, in Excel's character units.
var columnWidths = [lastCol]float64{6, 16, 52, 12, 18, 18, 18, 32}

// Write renders forms as one XLSX workbook, one sheet per form (see the
// package comment for the layout). It refuses a form without a template code
// or period, with an indicator code that is empty, starts with "#" or
// appears twice, with a narrative key that is empty or appears twice, with a
// non-finite number, or with an indicator text or comment longer than an
// Excel cell holds: none would come back intact from Read. Narrative texts
// of any length are split over several rows.
func Write(w io.Writer, forms ...Form) error {
	if len(forms) == 0 {
		return errors.New("xlsx: no form to write")
	}
	f := excelize.NewFile()
	defer f.Close()
	if err := f.SetDefaultFont(fontFamily); err != nil {
		return fmt.Errorf("xlsx: set default font: %w", err)
	}
	st, err := newStyles(f)
	if err != nil {
		return fmt.Errorf("xlsx: styles: %w", err)
	}
	names := sheetNames(forms)
	for i := range forms {
		if i == 0 {
			err = f.SetSheetName(f.GetSheetName(0), names[0])
		} else {
			_, err = f.NewSheet(names[i])
		}
		if err != nil {
			return fmt.Errorf("xlsx: sheet %q: %w", names[i], err)
		}
		sw := sheetWriter{f: f, st: st, sheet: names[i]}
		if err := sw.write(&forms[i]); err != nil {
			return fmt.Errorf("xlsx: form %s/%s/%s: %w", forms[i].TemplateCode, forms[i].PeriodID, forms[i].UnitCode, err)
		}
	}
	f.SetActiveSheet(0)
	if err := f.SetDocProps(&excelize.DocProperties{
		Title:    forms[0].Title,
		Subject:  forms[0].TemplateName,
		Creator:  "Giao Ban",
		Language: "vi-VN",
	}); err != nil {
		return fmt.Errorf("xlsx: document properties: %w", err)
	}
	if err := f.Write(w); err != nil {
		return fmt.Errorf("xlsx: write: %w", err)
	}
	return nil
}

// sheetNames names the sheets: "Báo cáo" for a single form, otherwise the
// unit codes made valid and unique (Excel compares names case-insensitively).
func sheetNames(forms []Form) []string {
	if len(forms) == 1 {
		return []string{"Báo cáo"}
	}
	names := make([]string, len(forms))
	used := map[string]bool{}
	for i, form := range forms {
		base := cleanSheetName(form.UnitCode)
		if base == "" {
			base = fmt.Sprintf("Báo cáo %d", i+1)
		}
		name := base
		for n := 2; used[strings.ToLower(name)] || strings.EqualFold(name, "History"); n++ {
			suffix := fmt.Sprintf(" (%d)", n)
			name = truncateUnits(base, 31-len(suffix)) + suffix
		}
		used[strings.ToLower(name)] = true
		names[i] = name
	}
	return names
}

// cleanSheetName drops the characters Excel forbids in sheet names, the
// leading and trailing apostrophes, and cuts the name to 31 characters.
func cleanSheetName(s string) string {
	s = strings.Map(func(r rune) rune {
		if strings.ContainsRune(`[]:*?/\`, r) || r < 0x20 {
			return -1
		}
		return r
	}, s)
	s = strings.Trim(strings.TrimSpace(s), "'")
	return strings.TrimSpace(truncateUnits(s, 31))
}

// truncateUnits cuts s to at most n UTF-16 code units.
func truncateUnits(s string, n int) string {
	units := 0
	for i, r := range s {
		w := 1
		if r >= 0x10000 {
			w = 2
		}
		if units+w > n {
			return s[:i]
		}
		units += w
	}
	return s
}

// sheetWriter writes one form on one sheet.
type sheetWriter struct {
	f     *excelize.File
	st    *styles
	sheet string
	dv    map[string][]int // validation kind → rows of "Giá trị" cells
}

func (sw *sheetWriter) write(form *Form) error {
	if strings.TrimSpace(form.TemplateCode) == "" || strings.TrimSpace(form.PeriodID) == "" {
		return errors.New("template code and period ID are required")
	}
	seen := map[string]bool{}
	for _, row := range form.Rows {
		code := strings.TrimSpace(row.Code)
		switch {
		case code == "":
			return fmt.Errorf("row %q has no code", row.Name)
		case strings.HasPrefix(code, markerPrefix):
			return fmt.Errorf("code %q starts with %q", code, markerPrefix)
		case seen[code]:
			return fmt.Errorf("code %q appears twice", code)
		}
		seen[code] = true
	}
	sw.dv = map[string][]int{}
	if err := sw.header(form); err != nil {
		return err
	}
	r, err := sw.table(form.Rows)
	if err != nil {
		return err
	}
	if err := sw.narrative(r, form.Narrative); err != nil {
		return err
	}
	if err := sw.validations(); err != nil {
		return err
	}
	return sw.pageSetup()
}

func (sw *sheetWriter) cell(col, row int) string {
	name, _ := excelize.CoordinatesToCellName(col, row)
	return name
}

func (sw *sheetWriter) set(col, row int, v any, style int) error {
	ref := sw.cell(col, row)
	if v != nil {
		if err := sw.f.SetCellValue(sw.sheet, ref, v); err != nil {
			return fmt.Errorf("cell %s: %w", ref, err)
		}
	}
	return sw.f.SetCellStyle(sw.sheet, ref, ref, style)
}

// line writes a text merged across the columns from..to of a row.
func (sw *sheetWriter) line(row, from, to int, text string, style int) error {
	if err := sw.set(from, row, nilIfEmpty(text), style); err != nil {
		return err
	}
	first, last := sw.cell(from, row), sw.cell(to, row)
	if err := sw.f.SetCellStyle(sw.sheet, first, last, style); err != nil {
		return err
	}
	return sw.f.MergeCell(sw.sheet, first, last)
}

func withCode(label, code string) string {
	switch {
	case label == "":
		return code
	case code == "" || code == label:
		return label
	}
	return label + " (" + code + ")"
}

func (sw *sheetWriter) header(form *Form) error {
	f, s := sw.f, sw.sheet
	for i, w := range columnWidths {
		col, _ := excelize.ColumnNumberToName(i + 1)
		if err := f.SetColWidth(s, col, col, w); err != nil {
			return err
		}
	}
	if err := f.SetColVisible(s, "B", false); err != nil {
		return err
	}
	unit := form.UnitName
	if unit == "" {
		unit = form.UnitCode
	}
	lines := []struct {
		row   int
		text  string
		style int
	}{
		{rowTitle, form.Title, sw.st.title},
		{rowUnit, "Đơn vị: " + unit, sw.st.info},
		{rowPeriod, "Kỳ báo cáo: " + withCode(form.PeriodLabel, form.PeriodID), sw.st.info},
		{rowTemplate, "Mẫu: " + withCode(form.TemplateName, form.TemplateCode), sw.st.info},
		{rowTheme, form.Theme, sw.st.theme},
	}
	for _, l := range lines {
		if err := sw.line(l.row, 1, lastCol, l.text, l.style); err != nil {
			return err
		}
	}
	if err := f.SetRowHeight(s, rowTitle, 36); err != nil {
		return err
	}
	if form.Theme != "" {
		if err := f.SetRowHeight(s, rowTheme, textHeight(form.Theme, totalWidth(1, lastCol))); err != nil {
			return err
		}
	}

	m := meta{TemplateCode: form.TemplateCode, PeriodID: form.PeriodID, UnitCode: form.UnitCode, Version: form.Version}
	if err := sw.set(1, rowMeta, m.encode(), sw.st.meta); err != nil {
		return err
	}
	for col, role := range columnRoles {
		if err := sw.set(col, rowMeta, role, sw.st.meta); err != nil {
			return err
		}
	}
	if err := f.SetRowVisible(s, rowMeta, false); err != nil {
		return err
	}

	for i, label := range headerLabels {
		if err := sw.set(i+1, rowHeader, label, sw.st.header); err != nil {
			return err
		}
	}
	return f.SetRowHeight(s, rowHeader, 33)
}

// table writes the section heading and indicator rows and returns the next
// free row.
func (sw *sheetWriter) table(rows []Row) (int, error) {
	r, section, sections, n := firstRow, "", 0, 0
	for i := range rows {
		row := &rows[i]
		if row.Section != "" && (i == 0 || row.Section != section) {
			sections++
			n = 0
			if err := sw.set(colSTT, r, roman(sections), sw.st.section); err != nil {
				return 0, err
			}
			if err := sw.set(colCode, r, nil, sw.st.section); err != nil {
				return 0, err
			}
			if err := sw.line(r, colName, lastCol, row.Section, sw.st.section); err != nil {
				return 0, err
			}
			r++
		}
		section = row.Section
		n++
		if err := sw.indicator(r, n, row); err != nil {
			return 0, fmt.Errorf("indicator %s: %w", row.Code, err)
		}
		r++
	}
	note := "Chỉ nhập vào cột “Giá trị” và “Ghi chú” (ô nền trắng); các ô nền xám để tham khảo. " +
		"Số tiền tính bằng đồng; tỷ lệ tính theo phần trăm (0–100)."
	if err := sw.line(r, 1, lastCol, note, sw.st.note); err != nil {
		return 0, err
	}
	if err := sw.f.SetRowHeight(sw.sheet, r, textHeight(note, totalWidth(1, lastCol))); err != nil {
		return 0, err
	}
	return r + 2, nil
}

func (sw *sheetWriter) indicator(r, n int, row *Row) error {
	st := sw.st
	fixed := []struct {
		col   int
		v     any
		style int
	}{
		{colSTT, n, st.stt},
		{colCode, strings.TrimSpace(row.Code), st.code},
		{colName, row.Name, st.name},
		{colMeasure, row.Measure, st.measure},
	}
	for _, c := range fixed {
		if err := sw.set(c.col, r, c.v, c.style); err != nil {
			return err
		}
	}
	for _, c := range []struct {
		col      int
		v        any
		readOnly bool
	}{{colValue, row.Value, false}, {colPrevious, row.Previous, true}, {colLastYear, row.LastYear, true}} {
		v, style, err := sw.value(row.Type, c.v, c.readOnly)
		if err != nil {
			return fmt.Errorf("%s: %w", headerLabels[c.col-1], err)
		}
		if err := sw.set(c.col, r, v, style); err != nil {
			return err
		}
	}
	if utf16Len(row.Comment) > maxCellUnits {
		return errors.New("comment longer than an Excel cell holds")
	}
	if err := sw.set(colComment, r, nilIfEmpty(row.Comment), st.comment); err != nil {
		return err
	}
	lines := max(lineCount(row.Name, columnWidths[colName-1]), lineCount(row.Measure, columnWidths[colMeasure-1]),
		lineCount(row.Comment, columnWidths[colComment-1]))
	for _, v := range []any{row.Value, row.Previous, row.LastYear} {
		if s, ok := v.(string); ok {
			lines = max(lines, lineCount(s, columnWidths[colValue-1]))
		}
	}
	if lines > 1 {
		if err := sw.f.SetRowHeight(sw.sheet, r, linesHeight(lines)); err != nil {
			return err
		}
	}
	if kind := validationKind(row.Type); kind != "" {
		sw.dv[kind] = append(sw.dv[kind], r)
	}
	return nil
}

func nilIfEmpty(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// value converts a neutral value to what the cell holds and picks its
// style: the number format follows the indicator type, the cell type follows
// the Go value (a draft may hold text in a numeric indicator).
func (sw *sheetWriter) value(typ string, v any, readOnly bool) (any, int, error) {
	kinds := sw.st.editable
	if readOnly {
		kinds = sw.st.readOnly
	}
	switch x := v.(type) {
	case nil:
		return nil, kinds.forType(typ), nil
	case int:
		return int64(x), kinds.forType(typ), nil
	case int64:
		return x, kinds.forType(typ), nil
	case float64:
		if math.IsNaN(x) || math.IsInf(x, 0) {
			return nil, 0, fmt.Errorf("value %v is not a finite number", x)
		}
		return x, kinds.forType(typ), nil
	case bool:
		if x {
			return textYes, kinds.boolean, nil
		}
		return textNo, kinds.boolean, nil
	case string:
		if utf16Len(x) > maxCellUnits {
			return nil, 0, errors.New("text longer than an Excel cell holds")
		}
		if x == "" {
			return nil, kinds.forType(typ), nil
		}
		// Keep the indicator's format, so that a number typed over a
		// text draft value becomes a number.
		return x, kinds.forType(typ), nil
	}
	return nil, 0, fmt.Errorf("unsupported value type %T", v)
}

// validationKind groups "Giá trị" cells by the data validation they get.
func validationKind(typ string) string {
	switch typ {
	case typeInteger, typeMoney, typeDecimal, typePercent, typeBoolean:
		return typ
	}
	return ""
}

func (sw *sheetWriter) validations() error {
	for _, kind := range []string{typeInteger, typeMoney, typeDecimal, typePercent, typeBoolean} {
		rows := sw.dv[kind]
		if len(rows) == 0 {
			continue
		}
		dv := excelize.NewDataValidation(true)
		var err error
		switch kind {
		case typeInteger:
			err = dv.SetRange(0, "", excelize.DataValidationTypeWhole, excelize.DataValidationOperatorGreaterThanOrEqual)
			dv.SetError(excelize.DataValidationErrorStyleStop, "Giá trị không hợp lệ",
				"Chỉ tiêu này cần một số nguyên không âm, ví dụ 12.")
		case typeMoney:
			err = dv.SetRange(0, "", excelize.DataValidationTypeWhole, excelize.DataValidationOperatorGreaterThanOrEqual)
			dv.SetError(excelize.DataValidationErrorStyleStop, "Số tiền không hợp lệ",
				"Số tiền tính bằng đồng: nhập một số nguyên không âm, ví dụ 26000000.")
		case typeDecimal:
			err = dv.SetRange(0, "", excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorGreaterThanOrEqual)
			dv.SetError(excelize.DataValidationErrorStyleStop, "Giá trị không hợp lệ",
				"Chỉ tiêu này cần một số không âm (có thể có phần thập phân).")
		case typePercent:
			err = dv.SetRange(0, 100, excelize.DataValidationTypeDecimal, excelize.DataValidationOperatorBetween)
			dv.SetError(excelize.DataValidationErrorStyleStop, "Tỷ lệ không hợp lệ",
				"Tỷ lệ phần trăm phải là một số từ 0 đến 100.")
		case typeBoolean:
			err = dv.SetDropList([]string{textYes, textNo})
			dv.SetError(excelize.DataValidationErrorStyleStop, "Giá trị không hợp lệ",
				"Chọn “Có” hoặc “Không” trong danh sách.")
		}
		if err != nil {
			return fmt.Errorf("validation %s: %w", kind, err)
		}
		for _, ref := range columnRanges(colValue, rows) {
			dv.SetSqref(ref)
		}
		if err := sw.f.AddDataValidation(sw.sheet, dv); err != nil {
			return fmt.Errorf("validation %s: %w", kind, err)
		}
	}
	return nil
}

// columnRanges turns ascending row numbers into ranges of one column:
// 8, 9, 10, 12 → "E8:E10", "E12".
func columnRanges(col int, rows []int) []string {
	name, _ := excelize.ColumnNumberToName(col)
	var out []string
	for i := 0; i < len(rows); {
		j := i
		for j+1 < len(rows) && rows[j+1] == rows[j]+1 {
			j++
		}
		if i == j {
			out = append(out, fmt.Sprintf("%s%d", name, rows[i]))
		} else {
			out = append(out, fmt.Sprintf("%s%d:%s%d", name, rows[i], name, rows[j]))
		}
		i = j + 1
	}
	return out
}

// narrative writes the narrative sections from row r on.
func (sw *sheetWriter) narrative(r int, sections []Section) error {
	seen := map[string]bool{}
	for _, sec := range sections {
		key := strings.TrimSpace(sec.Key)
		if key == "" {
			return fmt.Errorf("narrative section %q has no key", sec.Title)
		}
		if seen[key] {
			return fmt.Errorf("narrative key %q appears twice", key)
		}
		seen[key] = true
		if err := sw.line(r, 1, lastCol, sec.Title, sw.st.narrTitle); err != nil {
			return err
		}
		r++
		for _, chunk := range splitCellText(sec.Text, maxCellUnits) {
			if err := sw.set(colCode, r, narrativeMarker+key, sw.st.code); err != nil {
				return err
			}
			if err := sw.line(r, colName, lastCol, chunk, sw.st.narrText); err != nil {
				return err
			}
			if err := sw.f.SetRowHeight(sw.sheet, r, textHeight(chunk, totalWidth(colName, lastCol))); err != nil {
				return err
			}
			r++
		}
		r++
	}
	return nil
}

// splitCellText cuts text into pieces of at most limit UTF-16 units, at line
// breaks where it can (the break itself is dropped: Read joins the pieces
// with "\n"). It always returns at least one piece.
func splitCellText(s string, limit int) []string {
	if utf16Len(s) <= limit {
		return []string{s}
	}
	var out []string
	for utf16Len(s) > limit {
		head := truncateUnits(s, limit)
		if i := strings.LastIndexByte(head, '\n'); i > 0 {
			out = append(out, head[:i])
			s = s[i+1:]
			continue
		}
		out = append(out, head)
		s = s[len(head):]
	}
	return append(out, s)
}

// totalWidth sums the widths of columns from..to, skipping the hidden code
// column.
func totalWidth(from, to int) float64 {
	w := 0.0
	for c := from; c <= to; c++ {
		if c != colCode {
			w += columnWidths[c-1]
		}
	}
	return w
}

// textHeight estimates the height in points of a wrapped text in a cell of
// the given width. Rows are given explicit heights because neither Excel
// nor LibreOffice fits a merged cell's row to its text, and LibreOffice does
// not fit other rows of a generated file either.
func textHeight(s string, width float64) float64 {
	return linesHeight(lineCount(s, width))
}

func linesHeight(lines int) float64 { return min(409, float64(lines)*16+4) }

// lineCount estimates the number of lines a wrapped text takes in a cell of
// the given width (in Excel's character units).
func lineCount(s string, width float64) int {
	perLine := max(1, int(width*1.1))
	lines := 0
	for _, l := range strings.Split(s, "\n") {
		lines += max(1, (utf8.RuneCountInString(l)+perLine-1)/perLine)
	}
	return lines
}

func roman(n int) string {
	if n <= 0 || n >= 4000 {
		return fmt.Sprint(n)
	}
	vals := []int{1000, 900, 500, 400, 100, 90, 50, 40, 10, 9, 5, 4, 1}
	syms := []string{"M", "CM", "D", "CD", "C", "XC", "L", "XL", "X", "IX", "V", "IV", "I"}
	var b strings.Builder
	for i, v := range vals {
		for n >= v {
			b.WriteString(syms[i])
			n -= v
		}
	}
	return b.String()
}

func (sw *sheetWriter) pageSetup() error {
	f, s := sw.f, sw.sheet
	if err := f.SetPanes(s, &excelize.Panes{
		Freeze:      true,
		YSplit:      rowHeader,
		TopLeftCell: sw.cell(1, firstRow),
		ActivePane:  "bottomLeft",
		Selection:   []excelize.Selection{{SQRef: sw.cell(colValue, firstRow), ActiveCell: sw.cell(colValue, firstRow), Pane: "bottomLeft"}},
	}); err != nil {
		return fmt.Errorf("panes: %w", err)
	}
	size, orientation, one, zero, fit := 9, "landscape", 1, 0, true // 9: A4
	if err := f.SetPageLayout(s, &excelize.PageLayoutOptions{
		Size: &size, Orientation: &orientation, FitToWidth: &one, FitToHeight: &zero,
	}); err != nil {
		return fmt.Errorf("page layout: %w", err)
	}
	if err := f.SetSheetProps(s, &excelize.SheetPropsOptions{FitToPage: &fit}); err != nil {
		return fmt.Errorf("sheet properties: %w", err)
	}
	if err := f.SetHeaderFooter(s, &excelize.HeaderFooterOptions{OddFooter: "&CTrang &P/&N"}); err != nil {
		return fmt.Errorf("footer: %w", err)
	}
	quoted := "'" + strings.ReplaceAll(s, "'", "''") + "'"
	if err := f.SetDefinedName(&excelize.DefinedName{
		Name:     "_xlnm.Print_Titles",
		RefersTo: fmt.Sprintf("%s!$%d:$%d", quoted, rowHeader, rowHeader),
		Scope:    s,
	}); err != nil {
		return fmt.Errorf("print titles: %w", err)
	}
	return nil
}

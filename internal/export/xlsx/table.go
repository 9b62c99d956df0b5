package xlsx

import (
	"fmt"
	"io"

	"github.com/xuri/excelize/v2"
)

// Table is a consolidated table for download: a title block, a header row
// and data rows, numbers typed, a total row computed by formulas.
type Table struct {
	Title    string   // "TỔNG HỢP BÁO CÁO CÔNG TÁC DÂN VẬN QUÝ I/2019"
	Subtitle []string // lines under the title: scope, period window, basis
	Sheet    string   // sheet name; "Tổng hợp" when empty
	Columns  []Column
	Rows     [][]any // nil, int64, float64, string per cell
	// TotalLabel, when set, adds a last row: the label in the first
	// column and =SUM() of each Sum column over the data rows.
	TotalLabel string
	// Totals holds the total row's value of columns not summed by
	// formula (averages, maxima), by column index; nil elsewhere.
	Totals []any
}

// Column is one column of a Table.
type Column struct {
	Title string
	Kind  string  // "text", "integer" (money too), "decimal", "percent"
	Sum   bool    // summed by a formula in the total row
	Width float64 // characters; 0: by kind
}

// WriteTable writes t as a one-sheet workbook.
func WriteTable(w io.Writer, t Table) error {
	f := excelize.NewFile()
	defer f.Close()
	sheet := t.Sheet
	if sheet == "" {
		sheet = "Tổng hợp"
	}
	if err := f.SetSheetName("Sheet1", sheet); err != nil {
		return err
	}
	font := func(bold bool, size float64) *excelize.Font {
		return &excelize.Font{Family: fontFamily, Size: size, Bold: bold}
	}
	border := []excelize.Border{{Type: "left", Color: "#808080", Style: 1}, {Type: "right", Color: "#808080", Style: 1},
		{Type: "top", Color: "#808080", Style: 1}, {Type: "bottom", Color: "#808080", Style: 1}}
	style := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		if err != nil {
			return 0
		}
		return id
	}
	num := func(format string, bold bool) int {
		return style(&excelize.Style{Font: font(bold, fontSize), Border: border, CustomNumFmt: &format,
			Alignment: &excelize.Alignment{Horizontal: "right", Vertical: "top"}})
	}
	titleStyle := style(&excelize.Style{Font: font(true, 14), Alignment: &excelize.Alignment{Horizontal: "center", WrapText: true}})
	subStyle := style(&excelize.Style{Font: font(false, fontSize), Alignment: &excelize.Alignment{Horizontal: "center"}})
	headStyle := style(&excelize.Style{Font: font(true, fontSize), Border: border, Fill: excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{"#E7E6E6"}},
		Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}})
	textStyle := style(&excelize.Style{Font: font(false, fontSize), Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	textBold := style(&excelize.Style{Font: font(true, fontSize), Border: border, Alignment: &excelize.Alignment{Vertical: "top", WrapText: true}})
	styles := map[string][2]int{
		"integer": {num(fmtInteger, false), num(fmtInteger, true)},
		"decimal": {num(fmtDecimal, false), num(fmtDecimal, true)},
		"percent": {num(fmtPercent, false), num(fmtPercent, true)},
		"text":    {textStyle, textBold},
	}
	last, _ := excelize.ColumnNumberToName(max(len(t.Columns), 1))
	row := 1
	set := func(col, r int, v any, st int) error {
		ref, err := excelize.CoordinatesToCellName(col, r)
		if err != nil {
			return err
		}
		if v != nil {
			if err := f.SetCellValue(sheet, ref, v); err != nil {
				return err
			}
		}
		return f.SetCellStyle(sheet, ref, ref, st)
	}
	merge := func(r int, text string, st int) error {
		a, b := fmt.Sprintf("A%d", r), fmt.Sprintf("%s%d", last, r)
		if err := f.MergeCell(sheet, a, b); err != nil {
			return err
		}
		if err := f.SetCellStr(sheet, a, text); err != nil {
			return err
		}
		return f.SetCellStyle(sheet, a, b, st)
	}
	if err := merge(row, t.Title, titleStyle); err != nil {
		return err
	}
	f.SetRowHeight(sheet, row, 36)
	for _, line := range t.Subtitle {
		row++
		if err := merge(row, line, subStyle); err != nil {
			return err
		}
	}
	row += 2
	header := row
	for i, c := range t.Columns {
		if err := set(i+1, row, c.Title, headStyle); err != nil {
			return err
		}
		name, _ := excelize.ColumnNumberToName(i + 1)
		width := c.Width
		if width == 0 {
			width = map[bool]float64{true: 40, false: 16}[c.Kind == "text"]
		}
		f.SetColWidth(sheet, name, name, width)
	}
	f.SetRowHeight(sheet, row, 48)
	first := row + 1
	for _, r := range t.Rows {
		row++
		for i, v := range r {
			kind := "text"
			if i < len(t.Columns) {
				kind = t.Columns[i].Kind
			}
			st, ok := styles[kind]
			if !ok {
				st = styles["text"]
			}
			if err := set(i+1, row, v, st[0]); err != nil {
				return err
			}
		}
	}
	if t.TotalLabel != "" && len(t.Rows) > 0 {
		row++
		for i, c := range t.Columns {
			st, ok := styles[c.Kind]
			if !ok {
				st = styles["text"]
			}
			ref, _ := excelize.CoordinatesToCellName(i+1, row)
			switch {
			case i == 0:
				if err := set(1, row, t.TotalLabel, styles["text"][1]); err != nil {
					return err
				}
			case c.Sum:
				col, _ := excelize.ColumnNumberToName(i + 1)
				if err := f.SetCellFormula(sheet, ref, fmt.Sprintf("SUM(%s%d:%s%d)", col, first, col, row-1)); err != nil {
					return err
				}
				f.SetCellStyle(sheet, ref, ref, st[1])
			default:
				var v any
				if i < len(t.Totals) {
					v = t.Totals[i]
				}
				if err := set(i+1, row, v, st[1]); err != nil {
					return err
				}
			}
		}
	}
	if err := f.SetPanes(sheet, &excelize.Panes{Freeze: true, XSplit: 1, YSplit: header, TopLeftCell: fmt.Sprintf("B%d", header+1), ActivePane: "bottomRight"}); err != nil {
		return err
	}
	size, orientation, one, zero, fit := 9, "landscape", 1, 0, true
	f.SetPageLayout(sheet, &excelize.PageLayoutOptions{Size: &size, Orientation: &orientation, FitToWidth: &one, FitToHeight: &zero})
	f.SetSheetProps(sheet, &excelize.SheetPropsOptions{FitToPage: &fit})
	f.SetDefinedName(&excelize.DefinedName{Name: "_xlnm.Print_Titles", RefersTo: fmt.Sprintf("'%s'!$%d:$%d", sheet, header, header), Scope: sheet})
	return f.Write(w)
}

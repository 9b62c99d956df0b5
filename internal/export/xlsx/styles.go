package xlsx

import "github.com/xuri/excelize/v2"

const (
	fontFamily = "Times New Roman" // the font of official documents
	fontSize   = 12

	fillReadOnly = "#F2F2F2"
	fillHeader   = "#D9E1F2"
	fillSection  = "#E2EFDA"
)

// Number formats. The [$-42A] prefix tags them as Vietnamese, so that
// LibreOffice groups thousands with dots and uses a decimal comma whatever
// the computer's locale; Excel keeps the separators of the regional settings.
const (
	fmtInteger = "[$-42A]#,##0"
	fmtDecimal = "[$-42A]General"
	fmtPercent = "[$-42A]0.0"
)

// kindStyles are the styles of value cells, by indicator type.
type kindStyles struct {
	integer, decimal, percent, boolean, text int
}

func (k *kindStyles) forType(typ string) int {
	switch typ {
	case typeInteger, typeMoney:
		return k.integer
	case typeDecimal:
		return k.decimal
	case typePercent:
		return k.percent
	case typeBoolean:
		return k.boolean
	}
	return k.text
}

// styles holds the style IDs of one workbook.
type styles struct {
	title, info, theme, meta, header, section, note int
	stt, code, name, measure, comment               int
	narrTitle, narrText                             int
	editable, readOnly                              kindStyles
}

func newStyles(f *excelize.File) (*styles, error) {
	var firstErr error
	add := func(s *excelize.Style) int {
		id, err := f.NewStyle(s)
		if err != nil && firstErr == nil {
			firstErr = err
		}
		return id
	}
	font := func(bold, italic bool, size float64) *excelize.Font {
		return &excelize.Font{Family: fontFamily, Size: size, Bold: bold, Italic: italic}
	}
	fill := func(color string) excelize.Fill {
		return excelize.Fill{Type: "pattern", Pattern: 1, Color: []string{color}}
	}
	border := []excelize.Border{
		{Type: "left", Color: "#808080", Style: 1},
		{Type: "right", Color: "#808080", Style: 1},
		{Type: "top", Color: "#808080", Style: 1},
		{Type: "bottom", Color: "#808080", Style: 1},
	}
	cell := func(readOnly bool, h string, wrap bool, numFmt string) *excelize.Style {
		s := &excelize.Style{
			Font:      font(false, false, fontSize),
			Border:    border,
			Alignment: &excelize.Alignment{Horizontal: h, Vertical: "top", WrapText: wrap},
		}
		if readOnly {
			s.Fill = fill(fillReadOnly)
		}
		if numFmt != "" {
			s.CustomNumFmt = &numFmt
		}
		return s
	}
	kinds := func(readOnly bool) kindStyles {
		return kindStyles{
			integer: add(cell(readOnly, "right", false, fmtInteger)),
			decimal: add(cell(readOnly, "right", false, fmtDecimal)),
			percent: add(cell(readOnly, "right", false, fmtPercent)),
			boolean: add(cell(readOnly, "center", false, "")),
			text:    add(cell(readOnly, "left", true, "@")),
		}
	}
	st := &styles{
		title: add(&excelize.Style{Font: font(true, false, 14),
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}),
		info: add(&excelize.Style{Font: font(false, false, fontSize),
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}}),
		theme: add(&excelize.Style{Font: font(false, true, fontSize),
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}),
		meta: add(&excelize.Style{Font: &excelize.Font{Family: fontFamily, Size: 8, Color: "#808080"}}),
		header: add(&excelize.Style{Font: font(true, false, fontSize), Border: border, Fill: fill(fillHeader),
			Alignment: &excelize.Alignment{Horizontal: "center", Vertical: "center", WrapText: true}}),
		section: add(&excelize.Style{Font: font(true, false, fontSize), Border: border, Fill: fill(fillSection),
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center", WrapText: true}}),
		note: add(&excelize.Style{Font: font(false, true, 10),
			Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "top", WrapText: true}}),
		stt:       add(cell(true, "center", false, "")),
		code:      add(cell(true, "left", false, "@")),
		name:      add(cell(true, "left", true, "")),
		measure:   add(cell(true, "center", true, "")),
		comment:   add(cell(false, "left", true, "@")),
		narrTitle: add(&excelize.Style{Font: font(true, false, fontSize), Alignment: &excelize.Alignment{Horizontal: "left", Vertical: "center"}}),
		narrText:  add(cell(false, "left", true, "@")),
		editable:  kinds(false),
		readOnly:  kinds(true),
	}
	return st, firstErr
}

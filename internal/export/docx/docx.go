// Package docx writes official papers (reports, notices, invitations) as
// WordprocessingML documents in the layout of Vietnamese Party documents
// (Hướng dẫn 36-HD/VPTW, 2018), and reads back their visible text.
//
// The document model is neutral: the caller gives ready-made strings
// (numbers already formatted the Vietnamese way, headings already
// numbered) and a Profile with the page and type of the format profile
// chosen by the document's date. The package is hand-written XML over
// archive/zip: no DOCX library is maintained well enough to depend on, and
// the subset of WordprocessingML needed here is small. Element order
// follows the ECMA-376 schema, which Microsoft Word enforces.
package docx

import (
	"archive/zip"
	"bytes"
	"errors"
	"fmt"
	"io"
	"math"
	"strings"
	"time"
)

// Profile is the page and type of a format profile.
// Zero fields take the values of DefaultProfile.
type Profile struct {
	Name string // e.g. "HD 36-HD/VPTW"; informational

	PageWidthMM, PageHeightMM float64 // A4: 210 × 297

	MarginTopMM, MarginBottomMM, MarginLeftMM, MarginRightMM float64 // 20, 20, 30, 15

	Font   string  // "Times New Roman"
	SizePt float64 // body type size: 14

	// LineSpacing of the body text. A value up to 3 is a multiple of
	// single spacing (1.0 to 1.5 per HD 36: "auto" spacing in Word); a
	// larger value is an exact line height in points (HD 36 allows
	// "exactly" 15 pt or more).
	LineSpacing float64
}

// DefaultProfile returns the Party layout of Hướng dẫn 36-HD/VPTW (2018):
// A4 portrait, margins top 20, bottom 20, left 30, right 15 mm, Times New
// Roman 14, single line spacing.
func DefaultProfile() Profile {
	return Profile{
		Name:        "HD 36-HD/VPTW",
		PageWidthMM: 210, PageHeightMM: 297,
		MarginTopMM: 20, MarginBottomMM: 20, MarginLeftMM: 30, MarginRightMM: 15,
		Font: "Times New Roman", SizePt: 14, LineSpacing: 1.0,
	}
}

// Header is the two-column header of a Party document.
type Header struct {
	ParentBody  string // "TỈNH ỦY LẠNG SƠN": left, regular capitals
	IssuingBody string // "BAN DÂN VẬN": left, bold capitals, followed by a centred "*"
	Number      string // "Số 15-BC/BDVTU": left, under the star
	Motto       string // "ĐẢNG CỘNG SẢN VIỆT NAM": right, bold 15 pt, underlined
	PlaceDate   string // "Lạng Sơn, ngày 28 tháng 3 năm 2019": right, italic
}

// Document is one official paper.
type Document struct {
	Profile Profile
	Header  Header

	Kind    string // "BÁO CÁO", "THÔNG BÁO", "GIẤY MỜI": bold capitals, centred, 16 pt
	Subject string // centred, bold, under Kind, followed by "-----"

	Blocks []Block // the body, in order

	Signature Signature

	// Recipients is the "Nơi nhận:" list at the bottom left, one item a
	// line as the caller spells it: "- Thường trực Tỉnh ủy (b/c),", ...,
	// "- Lưu VP.".
	Recipients []string
}

// Signature is the signature block at the bottom right.
type Signature struct {
	Mode  string // "T/M", "K/T", "T/L" or ""
	Body  string // "BAN THƯỜNG VỤ", "TRƯỞNG BAN", "BAN DÂN VẬN"
	Title string // "PHÓ TRƯỞNG BAN"; may be ""
	Name  string // "Nguyễn Văn A"
}

// Block is one element of the body: Heading, Paragraph, Table or PageBreak.
type Block interface{ block() }

// Heading is a section heading. The caller gives the numbering in Text:
// level 1 "I. KẾT QUẢ ĐẠT ĐƯỢC", level 2 "1. Công tác ...", level 3
// "a) ..." (bold italic). Headings are kept with the next paragraph.
type Heading struct {
	Level int
	Text  string
}

// Paragraph is body text. Each line of Text ("\n"-separated) becomes a
// paragraph of its own with the same formatting; blank lines are dropped.
type Paragraph struct {
	Text         string
	Italic, Bold bool
	// Align is "both" (justified, the default when empty), "left",
	// "center" or "right".
	Align string
	// FirstLineIndentMM is the first-line indent: 0 means the default
	// 12.7 mm for justified and left-aligned text and none for centred or
	// right-aligned text; a negative value means no indent.
	FirstLineIndentMM float64
}

// Table is a bordered table of figures.
type Table struct {
	// Columns give the header row (their titles), the widths (percent of
	// the text width; zero widths share what is left) and the alignment
	// (Numeric columns are right-aligned).
	Columns []Column
	// Rows are the cells, row by row; a short row is padded with empty
	// cells, a row longer than Columns is an error. "\n" in a cell
	// separates paragraphs.
	Rows [][]string
	// HeaderRows is the number of leading Rows that belong to the header
	// with the titles row (bold, centred, repeated on every page), such as
	// a "(1) (2) (3)" column-number row.
	HeaderRows int
	// TotalRow makes the last row bold.
	TotalRow bool
	// SizePt is the type size of the table; 0 means 12.
	SizePt float64
}

// Column is one column of a Table.
type Column struct {
	Title    string
	WidthPct float64
	Numeric  bool
}

// PageBreak starts a new page.
type PageBreak struct{}

func (Heading) block()   {}
func (Paragraph) block() {}
func (Table) block()     {}
func (PageBreak) block() {}

// Title returns the document title for the file properties: Kind and
// Subject joined by a space.
func (d Document) Title() string {
	return strings.TrimSpace(clean(d.Kind) + " " + clean(d.Subject))
}

// Write writes d as a DOCX package to w. The body is rendered before
// anything is written, so an invalid document (an unknown alignment, a
// table row longer than its columns, margins wider than the page) writes
// nothing and returns the error.
func Write(w io.Writer, d Document) error {
	p, err := resolve(d.Profile)
	if err != nil {
		return err
	}
	b := &builder{p: p}
	b.textWidth = twips(p.PageWidthMM) - twips(p.MarginLeftMM) - twips(p.MarginRightMM)
	if err := b.document(d); err != nil {
		return err
	}
	parts := []struct {
		name string
		data []byte
	}{
		{"[Content_Types].xml", []byte(contentTypesXML)},
		{"_rels/.rels", []byte(rootRelsXML)},
		{"docProps/core.xml", coreXML(d)},
		{"docProps/app.xml", []byte(appXML)},
		{"word/document.xml", b.buf.Bytes()},
		{"word/styles.xml", stylesXML(p)},
		{"word/settings.xml", []byte(settingsXML)},
		{"word/header1.xml", headerXML(p, true)},
		{"word/header2.xml", headerXML(p, false)},
		{"word/_rels/document.xml.rels", []byte(documentRelsXML)},
	}
	zw := zip.NewWriter(w)
	for _, part := range parts {
		f, err := zw.CreateHeader(&zip.FileHeader{Name: part.name, Method: zip.Deflate, Modified: zipTime})
		if err != nil {
			return fmt.Errorf("docx: %w", err)
		}
		if _, err := f.Write(part.data); err != nil {
			return fmt.Errorf("docx: write %s: %w", part.name, err)
		}
	}
	if err := zw.Close(); err != nil {
		return fmt.Errorf("docx: %w", err)
	}
	return nil
}

// zipTime is the fixed modification time of every part, so that the same
// Document always gives the same bytes.
var zipTime = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)

// Bytes is Write into a new byte slice.
func Bytes(d Document) ([]byte, error) {
	var buf bytes.Buffer
	if err := Write(&buf, d); err != nil {
		return nil, err
	}
	return buf.Bytes(), nil
}

// resolve fills zero fields from DefaultProfile and checks the result.
func resolve(p Profile) (Profile, error) {
	def := DefaultProfile()
	if p.Name == "" {
		p.Name = def.Name
	}
	fill := func(v *float64, d float64) {
		if *v == 0 {
			*v = d
		}
	}
	fill(&p.PageWidthMM, def.PageWidthMM)
	fill(&p.PageHeightMM, def.PageHeightMM)
	fill(&p.MarginTopMM, def.MarginTopMM)
	fill(&p.MarginBottomMM, def.MarginBottomMM)
	fill(&p.MarginLeftMM, def.MarginLeftMM)
	fill(&p.MarginRightMM, def.MarginRightMM)
	fill(&p.SizePt, def.SizePt)
	fill(&p.LineSpacing, def.LineSpacing)
	if strings.TrimSpace(clean(p.Font)) == "" {
		p.Font = def.Font
	}
	for _, v := range []float64{p.PageWidthMM, p.PageHeightMM, p.MarginTopMM, p.MarginBottomMM,
		p.MarginLeftMM, p.MarginRightMM, p.SizePt, p.LineSpacing} {
		if v < 0 || math.IsNaN(v) || math.IsInf(v, 0) || v > 5000 {
			return p, fmt.Errorf("docx: profile %q: invalid size %v", p.Name, v)
		}
	}
	if p.PageWidthMM-p.MarginLeftMM-p.MarginRightMM < 50 || p.PageHeightMM-p.MarginTopMM-p.MarginBottomMM < 50 {
		return p, fmt.Errorf("docx: profile %q: margins leave less than 50 mm of text area", p.Name)
	}
	if p.SizePt < 6 || p.SizePt > 72 {
		return p, fmt.Errorf("docx: profile %q: type size %v pt out of range 6–72", p.Name, p.SizePt)
	}
	return p, nil
}

// twips converts millimetres to twentieths of a point (1 in = 25.4 mm = 1440 twips).
func twips(mm float64) int { return int(math.Round(mm * 1440 / 25.4)) }

// halfPoints converts points to the half-points of w:sz.
func halfPoints(pt float64) int { return int(math.Round(pt * 2)) }

// errBlock reports an invalid block with its position.
func errBlock(i int, format string, args ...any) error {
	return fmt.Errorf("docx: block %d: %s", i+1, fmt.Sprintf(format, args...))
}

var errNilBlock = errors.New("nil block")

func errorf(format string, args ...any) error { return fmt.Errorf(format, args...) }

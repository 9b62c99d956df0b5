package docx

import (
	"bytes"
	"math"
	"strconv"
	"strings"
	"unicode/utf8"
)

const (
	nsW = "http://schemas.openxmlformats.org/wordprocessingml/2006/main"
	nsR = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"

	xmlDecl = `<?xml version="1.0" encoding="UTF-8" standalone="yes"?>` + "\n"
)

// Layout constants, in twips unless named otherwise, after HD 36-HD/VPTW.
const (
	defaultIndent    = 720  // 12.7 mm first-line indent of body text
	paraBefore       = 120  // 6 pt between body paragraphs (HD 36: at least 6 pt)
	headerLeftPct    = 45   // width of the left header column, percent of the text width
	closingLeftPct   = 45   // width of the "Nơi nhận" column
	signatureSpace   = 1560 // room for the signature and the seal, about 2.75 cm
	cellMarginLR     = 85   // 1.5 mm left and right padding in figure tables
	mottoPt          = 15
	kindPt           = 16
	recipientsPt     = 12
	defaultTablePt   = 12
	hundredPercent   = 100.0
	minColumnPercent = 3.0
)

// builder renders word/document.xml.
type builder struct {
	buf       bytes.Buffer
	p         Profile
	textWidth int // twips between the margins
}

// rpr is the run formatting this package uses. sz is in half-points; 0
// inherits the style's size.
type rpr struct {
	b, i, u bool
	sz      int
}

// spacing is w:spacing: before and after in twips, line in 240ths of a
// line (rule "auto") or twips (rule "exact").
type spacing struct {
	before, after, line int
	rule                string
}

// ppr is the paragraph formatting this package uses.
type ppr struct {
	style     string
	keepNext  bool
	keepLines bool
	sp        *spacing
	ind       bool // write w:ind with firstLine
	firstLine int
	jc        string
	mark      rpr // formatting of the paragraph mark (sets the height of empty lines)
}

var (
	tight     = &spacing{0, 0, 240, "auto"}
	cellSpace = &spacing{40, 40, 240, "auto"}
)

func (b *builder) s(s string) { b.buf.WriteString(s) }

func (b *builder) i(n int) { b.buf.WriteString(strconv.Itoa(n)) }

// text writes s escaped for XML character data or attribute values.
func (b *builder) text(s string) { escape(&b.buf, s) }

func (b *builder) document(d Document) error {
	b.s(xmlDecl)
	b.s(`<w:document xmlns:w="` + nsW + `" xmlns:r="` + nsR + `"><w:body>`)
	b.header(d.Header)
	b.title(d.Kind, d.Subject)
	for i, blk := range d.Blocks {
		switch v := blk.(type) {
		case Heading:
			b.heading(v)
		case *Heading:
			if v == nil {
				return errBlock(i, "%v", errNilBlock)
			}
			b.heading(*v)
		case Paragraph:
			if err := b.paragraph(v); err != nil {
				return errBlock(i, "%v", err)
			}
		case *Paragraph:
			if v == nil {
				return errBlock(i, "%v", errNilBlock)
			}
			if err := b.paragraph(*v); err != nil {
				return errBlock(i, "%v", err)
			}
		case Table:
			if err := b.table(v); err != nil {
				return errBlock(i, "%v", err)
			}
		case *Table:
			if v == nil {
				return errBlock(i, "%v", errNilBlock)
			}
			if err := b.table(*v); err != nil {
				return errBlock(i, "%v", err)
			}
		case PageBreak, *PageBreak:
			b.s(`<w:p><w:pPr><w:spacing w:before="0" w:after="0"/></w:pPr><w:r><w:br w:type="page"/></w:r></w:p>`)
		case nil:
			return errBlock(i, "%v", errNilBlock)
		default:
			return errBlock(i, "unknown block type %T", blk)
		}
	}
	b.closing(d.Signature, d.Recipients)
	b.sectPr()
	b.s(`</w:body></w:document>`)
	return nil
}

// header writes the two-column header as a borderless table: the issuing
// body on the left, the Party motto and the place and date on the right,
// every line centred in its column.
func (b *builder) header(h Header) {
	if h == (Header{}) {
		return
	}
	left := b.textWidth * headerLeftPct / 100
	b.layoutTable(left, b.textWidth-left)
	b.s(`<w:tr>`)
	b.cellStart(left, "")
	n := 0
	line := func(s string, r rpr, sp *spacing) {
		if strings.TrimSpace(clean(s)) == "" {
			return
		}
		b.para(ppr{sp: sp, jc: "center", mark: r}, s, r)
		n++
	}
	line(upper(h.ParentBody), rpr{}, tight)
	line(upper(h.IssuingBody), rpr{b: true}, tight)
	if strings.TrimSpace(clean(h.IssuingBody)) != "" {
		line("*", rpr{}, tight)
	}
	line(h.Number, rpr{}, tight)
	if n == 0 {
		b.emptyPara(ppr{sp: tight})
	}
	b.s(`</w:tc>`)
	b.cellStart(b.textWidth-left, "")
	n = 0
	line(upper(h.Motto), rpr{b: true, u: true, sz: halfPoints(mottoPt)}, tight)
	// The place and date sit on the level of the star, two lines below
	// the motto, as in the samples of HD 36.
	dateSpace := tight
	if n > 0 {
		dateSpace = &spacing{before: twipsPt(b.p.SizePt * 1.15), after: 0, line: 240, rule: "auto"}
	}
	line(h.PlaceDate, rpr{i: true}, dateSpace)
	if n == 0 {
		b.emptyPara(ppr{sp: tight})
	}
	b.s(`</w:tc></w:tr></w:tbl>`)
}

// title writes the kind of document, the subject and the dash line under it.
func (b *builder) title(kind, subject string) {
	hasKind := strings.TrimSpace(clean(kind)) != ""
	hasSubject := strings.TrimSpace(clean(subject)) != ""
	if hasKind {
		r := rpr{b: true, sz: halfPoints(kindPt)}
		b.para(ppr{sp: &spacing{360, 0, 240, "auto"}, jc: "center", keepNext: true, mark: r}, upper(kind), r)
	}
	if hasSubject {
		r := rpr{b: true}
		before := 0
		if !hasKind {
			before = 360
		}
		b.para(ppr{sp: &spacing{before, 0, 240, "auto"}, jc: "center", keepNext: true, mark: r}, subject, r)
		b.para(ppr{sp: &spacing{0, 120, 240, "auto"}, jc: "center", keepNext: true}, "-----", rpr{})
	}
}

func (b *builder) heading(h Heading) {
	level := min(max(h.Level, 1), 3)
	r := rpr{b: true, i: level == 3}
	for _, ln := range lines(h.Text) {
		b.para(ppr{style: "Heading" + strconv.Itoa(level), keepNext: true, ind: true, firstLine: defaultIndent, jc: "both"}, ln, r)
	}
}

func (b *builder) paragraph(p Paragraph) error {
	jc, err := alignment(p.Align)
	if err != nil {
		return err
	}
	indent := 0
	switch {
	case math.IsNaN(p.FirstLineIndentMM) || math.IsInf(p.FirstLineIndentMM, 0) || p.FirstLineIndentMM > 200:
		return errorf("invalid first-line indent %v mm", p.FirstLineIndentMM)
	case p.FirstLineIndentMM > 0:
		indent = twips(p.FirstLineIndentMM)
	case p.FirstLineIndentMM == 0 && (jc == "both" || jc == "left"):
		indent = defaultIndent
	}
	r := rpr{b: p.Bold, i: p.Italic}
	for _, ln := range lines(p.Text) {
		b.para(ppr{ind: true, firstLine: indent, jc: jc}, ln, r)
	}
	return nil
}

func alignment(a string) (string, error) {
	switch strings.ToLower(strings.TrimSpace(a)) {
	case "", "both", "justify", "justified":
		return "both", nil
	case "left", "start":
		return "left", nil
	case "center", "centre":
		return "center", nil
	case "right", "end":
		return "right", nil
	}
	return "", errorf("unknown alignment %q", a)
}

// table writes a bordered table of figures.
func (b *builder) table(t Table) error {
	if len(t.Columns) == 0 {
		return errorf("table without columns")
	}
	widths, err := columnWidths(t.Columns, b.textWidth)
	if err != nil {
		return err
	}
	for i, row := range t.Rows {
		if len(row) > len(t.Columns) {
			return errorf("table row %d has %d cells, the table has %d columns", i+1, len(row), len(t.Columns))
		}
	}
	size := t.SizePt
	switch {
	case size == 0:
		size = defaultTablePt
	case size < 6 || size > 72 || math.IsNaN(size):
		return errorf("table type size %v pt out of range 6–72", size)
	}
	sz := halfPoints(size)
	headerRows := min(max(t.HeaderRows, 0), len(t.Rows))

	b.s(`<w:tbl><w:tblPr><w:tblStyle w:val="TableGrid"/><w:tblW w:w="`)
	b.i(b.textWidth)
	b.s(`" w:type="dxa"/><w:jc w:val="center"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.s(`<w:` + side + ` w:val="single" w:sz="4" w:space="0" w:color="auto"/>`)
	}
	b.s(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="`)
	b.i(cellMarginLR)
	b.s(`" w:type="dxa"/><w:right w:w="`)
	b.i(cellMarginLR)
	b.s(`" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid>`)
	for _, w := range widths {
		b.s(`<w:gridCol w:w="`)
		b.i(w)
		b.s(`"/>`)
	}
	b.s(`</w:tblGrid>`)

	hasTitles := false
	titles := make([]string, len(t.Columns))
	for i, c := range t.Columns {
		titles[i] = c.Title
		if strings.TrimSpace(clean(c.Title)) != "" {
			hasTitles = true
		}
	}
	if hasTitles {
		b.tableRow(t.Columns, widths, titles, true, false, sz)
	}
	for i, row := range t.Rows {
		header := i < headerRows
		total := t.TotalRow && i == len(t.Rows)-1 && !header
		b.tableRow(t.Columns, widths, row, header, total, sz)
	}
	if !hasTitles && len(t.Rows) == 0 {
		// A table needs a row and a cell needs a paragraph.
		b.tableRow(t.Columns, widths, nil, false, false, sz)
	}
	b.s(`</w:tbl>`)
	return nil
}

func (b *builder) tableRow(cols []Column, widths []int, cells []string, header, total bool, sz int) {
	b.s(`<w:tr><w:trPr><w:cantSplit/>`)
	if header {
		b.s(`<w:tblHeader/>`)
	}
	b.s(`</w:trPr>`)
	for i, c := range cols {
		cell := ""
		if i < len(cells) {
			cell = cells[i]
		}
		jc := "left"
		switch {
		case header:
			jc = "center"
		case c.Numeric:
			jc = "right"
		}
		r := rpr{b: header || total, sz: sz}
		b.cellStart(widths[i], "center")
		ls := lines(cell)
		if len(ls) == 0 {
			b.emptyPara(ppr{sp: cellSpace, jc: jc, mark: r})
		}
		for _, ln := range ls {
			b.para(ppr{sp: cellSpace, jc: jc, mark: r}, ln, r)
		}
		b.s(`</w:tc>`)
	}
	b.s(`</w:tr>`)
}

// columnWidths shares the text width among the columns in proportion to
// their percentages; columns without one share what is left of 100 %.
func columnWidths(cols []Column, total int) ([]int, error) {
	sum, zeros := 0.0, 0
	for _, c := range cols {
		if c.WidthPct < 0 || math.IsNaN(c.WidthPct) || math.IsInf(c.WidthPct, 0) {
			return nil, errorf("column %q: invalid width %v %%", c.Title, c.WidthPct)
		}
		if c.WidthPct == 0 {
			zeros++
		}
		sum += c.WidthPct
	}
	pct := make([]float64, len(cols))
	share := 0.0
	if zeros > 0 {
		share = max((hundredPercent-sum)/float64(zeros), minColumnPercent)
	}
	all := 0.0
	for i, c := range cols {
		pct[i] = c.WidthPct
		if pct[i] == 0 {
			pct[i] = share
		}
		all += pct[i]
	}
	widths := make([]int, len(cols))
	used := 0
	for i := range cols {
		if i == len(cols)-1 {
			widths[i] = total - used
			break
		}
		widths[i] = int(float64(total) * pct[i] / all)
		used += widths[i]
	}
	return widths, nil
}

// closing writes the "Nơi nhận:" list on the left and the signature block
// on the right, side by side in a borderless table as in HD 36.
func (b *builder) closing(s Signature, recipients []string) {
	var sigLines []string
	head := strings.TrimSpace(clean(s.Mode) + " " + clean(s.Body))
	if head != "" {
		sigLines = append(sigLines, upper(head))
	}
	if strings.TrimSpace(clean(s.Title)) != "" {
		sigLines = append(sigLines, upper(s.Title))
	}
	hasName := strings.TrimSpace(clean(s.Name)) != ""
	if len(sigLines) == 0 && !hasName && len(recipients) == 0 {
		return
	}
	first := &spacing{240, 0, 240, "auto"}
	left := b.textWidth * closingLeftPct / 100
	b.layoutTable(left, b.textWidth-left)
	b.s(`<w:tr><w:trPr><w:cantSplit/></w:trPr>`)
	b.cellStart(left, "")
	if len(recipients) > 0 {
		r := rpr{u: true}
		b.para(ppr{sp: first, jc: "left", keepNext: true, mark: r}, "Nơi nhận:", r)
		small := rpr{sz: halfPoints(recipientsPt)}
		for _, item := range recipients {
			for _, ln := range lines(item) {
				b.para(ppr{sp: tight, jc: "left", mark: small}, ln, small)
			}
		}
	} else {
		b.emptyPara(ppr{sp: first})
	}
	b.s(`</w:tc>`)
	b.cellStart(b.textWidth-left, "")
	bold := rpr{b: true}
	sp := first
	for _, ln := range sigLines {
		b.para(ppr{sp: sp, jc: "center", keepNext: true, mark: bold}, ln, bold)
		sp = tight
	}
	if hasName {
		b.para(ppr{sp: &spacing{signatureSpace, 0, 240, "auto"}, jc: "center", mark: bold}, s.Name, bold)
	} else if len(sigLines) == 0 {
		b.emptyPara(ppr{sp: first})
	}
	b.s(`</w:tc></w:tr></w:tbl>`)
	// Word wants the body to end with a paragraph; keep it tiny so that a
	// closing table that fills the page does not spill an empty page.
	b.s(`<w:p><w:pPr><w:spacing w:before="0" w:after="0" w:line="240" w:lineRule="auto"/><w:rPr><w:sz w:val="4"/><w:szCs w:val="4"/></w:rPr></w:pPr></w:p>`)
}

// layoutTable opens a borderless two-column table used for placement.
func (b *builder) layoutTable(left, right int) {
	b.s(`<w:tbl><w:tblPr><w:tblW w:w="`)
	b.i(left + right)
	b.s(`" w:type="dxa"/><w:tblBorders>`)
	for _, side := range []string{"top", "left", "bottom", "right", "insideH", "insideV"} {
		b.s(`<w:` + side + ` w:val="nil"/>`)
	}
	b.s(`</w:tblBorders><w:tblLayout w:type="fixed"/><w:tblCellMar><w:left w:w="0" w:type="dxa"/><w:right w:w="0" w:type="dxa"/></w:tblCellMar></w:tblPr><w:tblGrid><w:gridCol w:w="`)
	b.i(left)
	b.s(`"/><w:gridCol w:w="`)
	b.i(right)
	b.s(`"/></w:tblGrid>`)
}

func (b *builder) cellStart(width int, valign string) {
	b.s(`<w:tc><w:tcPr><w:tcW w:w="`)
	b.i(width)
	b.s(`" w:type="dxa"/>`)
	if valign != "" {
		b.s(`<w:vAlign w:val="` + valign + `"/>`)
	}
	b.s(`</w:tcPr>`)
}

func (b *builder) sectPr() {
	p := b.p
	b.s(`<w:sectPr><w:headerReference w:type="default" r:id="rIdHeader1"/><w:headerReference w:type="first" r:id="rIdHeader2"/><w:pgSz w:w="`)
	b.i(twips(p.PageWidthMM))
	b.s(`" w:h="`)
	b.i(twips(p.PageHeightMM))
	b.s(`"/><w:pgMar w:top="`)
	b.i(twips(p.MarginTopMM))
	b.s(`" w:right="`)
	b.i(twips(p.MarginRightMM))
	b.s(`" w:bottom="`)
	b.i(twips(p.MarginBottomMM))
	b.s(`" w:left="`)
	b.i(twips(p.MarginLeftMM))
	b.s(`" w:header="`)
	// The page number sits in the middle of the top margin.
	b.i(twips(p.MarginTopMM / 2))
	b.s(`" w:footer="`)
	b.i(twips(p.MarginBottomMM / 2))
	b.s(`" w:gutter="0"/><w:cols w:space="720"/><w:titlePg/><w:docGrid w:linePitch="360"/></w:sectPr>`)
}

// para writes one paragraph of one run.
func (b *builder) para(p ppr, s string, r rpr) {
	b.s(`<w:p>`)
	b.pPr(p)
	b.run(s, r)
	b.s(`</w:p>`)
}

func (b *builder) emptyPara(p ppr) {
	b.s(`<w:p>`)
	b.pPr(p)
	b.s(`</w:p>`)
}

func (b *builder) pPr(p ppr) {
	b.s(`<w:pPr>`)
	if p.style != "" {
		b.s(`<w:pStyle w:val="` + p.style + `"/>`)
	}
	if p.keepNext {
		b.s(`<w:keepNext/>`)
	}
	if p.keepLines {
		b.s(`<w:keepLines/>`)
	}
	if p.sp != nil {
		b.s(`<w:spacing w:before="`)
		b.i(p.sp.before)
		b.s(`" w:after="`)
		b.i(p.sp.after)
		b.s(`" w:line="`)
		b.i(p.sp.line)
		b.s(`" w:lineRule="` + p.sp.rule + `"/>`)
	}
	if p.ind {
		b.s(`<w:ind w:left="0" w:firstLine="`)
		b.i(p.firstLine)
		b.s(`"/>`)
	} else if p.sp != nil {
		// Layout paragraphs never take an indent.
		b.s(`<w:ind w:left="0" w:firstLine="0"/>`)
	}
	if p.jc != "" {
		b.s(`<w:jc w:val="` + p.jc + `"/>`)
	}
	if p.mark != (rpr{}) {
		b.rPr(p.mark)
	}
	b.s(`</w:pPr>`)
}

func (b *builder) rPr(r rpr) {
	b.s(`<w:rPr>`)
	if r.b {
		b.s(`<w:b/><w:bCs/>`)
	}
	if r.i {
		b.s(`<w:i/><w:iCs/>`)
	}
	if r.sz != 0 {
		b.s(`<w:sz w:val="`)
		b.i(r.sz)
		b.s(`"/><w:szCs w:val="`)
		b.i(r.sz)
		b.s(`"/>`)
	}
	if r.u {
		b.s(`<w:u w:val="single"/>`)
	}
	b.s(`</w:rPr>`)
}

// run writes one run: tabs become w:tab, line feeds w:br.
func (b *builder) run(s string, r rpr) {
	s = clean(s)
	b.s(`<w:r>`)
	if r != (rpr{}) {
		b.rPr(r)
	}
	for s != "" {
		k := strings.IndexAny(s, "\t\n")
		seg := s
		if k >= 0 {
			seg = s[:k]
		}
		if seg != "" {
			b.s(`<w:t xml:space="preserve">`)
			b.text(seg)
			b.s(`</w:t>`)
		}
		if k < 0 {
			break
		}
		if s[k] == '\t' {
			b.s(`<w:tab/>`)
		} else {
			b.s(`<w:br/>`)
		}
		s = s[k+1:]
	}
	b.s(`</w:r>`)
}

// lines splits text into its non-blank lines, trailing white space removed.
func lines(s string) []string {
	s = clean(s)
	var out []string
	for ln := range strings.SplitSeq(s, "\n") {
		ln = strings.TrimRight(ln, " \t")
		if strings.TrimSpace(ln) != "" {
			out = append(out, ln)
		}
	}
	return out
}

// upper capitalises a line that the layout prints in capitals.
func upper(s string) string { return strings.ToUpper(s) }

func twipsPt(pt float64) int { return int(math.Round(pt * 20)) }

// clean makes s safe for XML 1.0 text: invalid UTF-8 becomes U+FFFD, CR LF
// and CR become LF, and control characters other than tab and line feed,
// byte-order marks and the non-characters U+FFFE and U+FFFF are dropped.
func clean(s string) string {
	if !needsClean(s) {
		return s
	}
	var sb strings.Builder
	sb.Grow(len(s))
	for i := 0; i < len(s); {
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		switch {
		case r == utf8.RuneError && size == 1:
			sb.WriteRune(utf8.RuneError)
		case r == '\r':
			sb.WriteByte('\n')
			if i < len(s) && s[i] == '\n' {
				i++
			}
		case dropped(r):
		default:
			sb.WriteRune(r)
		}
	}
	return sb.String()
}

func needsClean(s string) bool {
	if !utf8.ValidString(s) {
		return true
	}
	for _, r := range s {
		if r == '\r' || dropped(r) {
			return true
		}
	}
	return false
}

// dropped reports whether r is left out of the XML: C0 controls other than
// tab, line feed and carriage return (which clean turns into a line feed),
// DEL and the C1 controls, the byte-order mark and the non-characters
// U+FFFE and U+FFFF.
func dropped(r rune) bool {
	switch {
	case r == '\t' || r == '\n' || r == '\r':
		return false
	case r < 0x20, r >= 0x7F && r <= 0x9F, r == 0xFEFF, r == 0xFFFE, r == 0xFFFF:
		return true
	}
	return false
}

// escape writes s (already cleaned) with the five XML special characters
// escaped, so that it is safe in character data and in attribute values.
func escape(buf *bytes.Buffer, s string) {
	last := 0
	for i := 0; i < len(s); i++ {
		var esc string
		switch s[i] {
		case '&':
			esc = "&amp;"
		case '<':
			esc = "&lt;"
		case '>':
			esc = "&gt;"
		case '"':
			esc = "&quot;"
		case '\'':
			esc = "&apos;"
		default:
			continue
		}
		buf.WriteString(s[last:i])
		buf.WriteString(esc)
		last = i + 1
	}
	buf.WriteString(s[last:])
}

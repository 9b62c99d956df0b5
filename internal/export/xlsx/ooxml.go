package xlsx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strconv"
	"strings"
)

// This file is a minimal streaming reader of the parts of an XLSX package
// that Read needs: the sheet list, the shared strings and each worksheet's
// cells. Read does not use excelize: excelize loads a whole worksheet into
// memory and allocates one row per row number up to the largest, so a
// 10 KB upload naming row 1,048,576 costs it about 80 MB per sheet. Here
// every byte decompressed is counted against a budget, sheets are streamed,
// and only the cells Read looks at are kept.

var (
	errBudget   = errors.New("xlsx: decompressed size over budget")
	errNotOOXML = errors.New("xlsx: not a spreadsheet package")
)

// maxCols bounds the columns read: the form's columns, and room for some
// inserted by users. Cells further right are ignored.
const maxCols = 64

// pkg is an opened XLSX package.
type pkg struct {
	files  map[string]*zip.File // by lower-case part name: OPC names are case-insensitive
	budget int64                // decompressed bytes left
}

func openPackage(data []byte, budget int64) (*pkg, error) {
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		return nil, err
	}
	p := &pkg{files: make(map[string]*zip.File, len(zr.File)), budget: budget}
	for _, f := range zr.File {
		name := strings.ToLower(strings.TrimPrefix(strings.ReplaceAll(f.Name, `\`, "/"), "/"))
		if _, dup := p.files[name]; !dup {
			p.files[name] = f
		}
	}
	return p, nil
}

// budgetReader charges what it reads to the package's budget.
type budgetReader struct {
	r io.Reader
	p *pkg
}

func (b *budgetReader) Read(buf []byte) (int, error) {
	n, err := b.r.Read(buf)
	b.p.budget -= int64(n)
	if b.p.budget < 0 {
		return n, errBudget
	}
	return n, err
}

// decoder opens a part for streaming. ok is false when the part is absent.
func (p *pkg) decoder(name string) (d *xml.Decoder, closer io.Closer, ok bool, err error) {
	f := p.files[strings.ToLower(strings.TrimPrefix(name, "/"))]
	if f == nil {
		return nil, nil, false, nil
	}
	rc, err := f.Open()
	if err != nil {
		return nil, nil, true, err
	}
	d = xml.NewDecoder(&budgetReader{r: rc, p: p})
	d.CharsetReader = func(label string, r io.Reader) (io.Reader, error) {
		if l := strings.ToLower(label); l == "utf-8" || l == "utf8" {
			return r, nil
		}
		return nil, fmt.Errorf("xlsx: unsupported XML encoding %q", label)
	}
	return d, rc, true, nil
}

// relationships reads the .rels part of a part: ID → (type, target part).
type relationship struct{ typ, target string }

func (p *pkg) relationships(part string) (map[string]relationship, error) {
	dir, file := path.Split(part)
	d, c, ok, err := p.decoder(dir + "_rels/" + file + ".rels")
	if !ok || err != nil {
		return nil, err
	}
	defer c.Close()
	rels := map[string]relationship{}
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return rels, nil
		}
		if err != nil {
			return nil, err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "Relationship" {
			continue
		}
		if attr(se, "TargetMode") == "External" {
			continue
		}
		target := attr(se, "Target")
		if strings.HasPrefix(target, "/") {
			target = path.Clean(target)[1:]
		} else {
			target = path.Join(dir, target)
		}
		rels[attr(se, "Id")] = relationship{typ: attr(se, "Type"), target: target}
	}
}

func attr(se xml.StartElement, local string) string {
	for _, a := range se.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

// sheetRef is a sheet of the workbook, in tab order.
type sheetRef struct {
	name, part string
	worksheet  bool // false for chart sheets and other kinds
}

// workbook finds the workbook part, its sheets and its shared strings part.
func (p *pkg) workbook() (sheets []sheetRef, sharedStrings string, err error) {
	wbPart := "xl/workbook.xml"
	rootRels, err := p.relationships("")
	if err != nil {
		return nil, "", err
	}
	for _, r := range rootRels {
		if strings.HasSuffix(r.typ, "/officeDocument") {
			wbPart = r.target
		}
	}
	rels, err := p.relationships(wbPart)
	if err != nil {
		return nil, "", err
	}
	for _, r := range rels {
		if strings.HasSuffix(r.typ, "/sharedStrings") {
			sharedStrings = r.target
		}
	}
	d, c, ok, err := p.decoder(wbPart)
	if err != nil {
		return nil, "", err
	}
	if !ok {
		return nil, "", errNotOOXML
	}
	defer c.Close()
	for {
		tok, err := d.Token()
		if err == io.EOF {
			break
		}
		if err != nil {
			return nil, "", err
		}
		se, ok := tok.(xml.StartElement)
		if !ok || se.Name.Local != "sheet" {
			continue
		}
		var id string
		for _, a := range se.Attr {
			if a.Name.Local == "id" && a.Name.Space != "" { // r:id, not sheetId
				id = a.Value
			}
		}
		r, found := rels[id]
		sheets = append(sheets, sheetRef{
			name:      attr(se, "name"),
			part:      r.target,
			worksheet: found && strings.HasSuffix(r.typ, "/worksheet"),
		})
	}
	if len(sheets) == 0 {
		return nil, "", errNotOOXML
	}
	return sheets, sharedStrings, nil
}

// sharedStrings reads the shared string table.
func (p *pkg) sharedStrings(part string) ([]string, error) {
	if part == "" {
		return nil, nil
	}
	d, c, ok, err := p.decoder(part)
	if !ok || err != nil {
		return nil, err
	}
	defer c.Close()
	var out []string
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return nil, err
		}
		if se, ok := tok.(xml.StartElement); ok && se.Name.Local == "si" {
			s, err := richText(d, se)
			if err != nil {
				return nil, err
			}
			out = append(out, s)
		}
	}
}

// richText reads a string item (<si> or <is>): its <t> elements, plain or
// in rich-text runs, without the phonetic runs (<rPh>).
func richText(d *xml.Decoder, start xml.StartElement) (string, error) {
	var b strings.Builder
	depth, inT, inPhonetic := 0, false, 0
	for {
		tok, err := d.Token()
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			depth++
			switch t.Name.Local {
			case "t":
				inT = true
			case "rPh":
				inPhonetic++
			}
		case xml.EndElement:
			if depth == 0 {
				return unescapeOOXML(b.String()), nil
			}
			depth--
			switch t.Name.Local {
			case "t":
				inT = false
			case "rPh":
				inPhonetic--
			}
		case xml.CharData:
			if inT && inPhonetic == 0 {
				b.Write(t)
			}
		}
	}
}

// unescapeOOXML decodes the _xHHHH_ escapes Excel writes for characters XML
// cannot hold ("_x000D_" for a carriage return).
func unescapeOOXML(s string) string {
	if !strings.Contains(s, "_x") {
		return s
	}
	var b strings.Builder
	for {
		i := strings.Index(s, "_x")
		if i < 0 || len(s) < i+7 {
			b.WriteString(s)
			return b.String()
		}
		n, err := strconv.ParseUint(s[i+2:i+6], 16, 16)
		if err != nil || s[i+6] != '_' {
			b.WriteString(s[:i+2])
			s = s[i+2:]
			continue
		}
		b.WriteString(s[:i])
		b.WriteRune(rune(n))
		s = s[i+7:]
	}
}

// Cell kinds as stored.
const (
	kindEmpty = iota
	kindNumber
	kindText
	kindBool
	kindError
)

// xcell is one stored cell.
type xcell struct {
	kind       int
	value      string // as stored: the number's literal, the text, "1"/"0", "#DIV/0!"
	formula    bool   // has a formula
	noCached   bool   // has a formula and no cached value
	badSharedS bool   // refers to a shared string that does not exist
}

// xrow is one row of a sheet: its non-empty cells in the first maxCols
// columns, sparse so that a cell far to the right costs no more than one
// on the left.
type xrow struct {
	n     int
	cells []colCell
}

type colCell struct {
	col int
	xcell
}

func (r *xrow) at(col int) xcell {
	for i := len(r.cells) - 1; i >= 0; i-- { // the last one wins, as in Excel
		if r.cells[i].col == col {
			return r.cells[i].xcell
		}
	}
	return xcell{}
}

// errTooManyRows stops a sheet at maxRows.
var errTooManyRows = errors.New("xlsx: too many rows")

// rows streams a worksheet and returns its non-empty rows. It stops with
// errTooManyRows, returning the rows read so far, at a row numbered above
// maxRows.
func (p *pkg) rows(part string, sst []string) ([]xrow, error) {
	d, c, ok, err := p.decoder(part)
	if err != nil {
		return nil, err
	}
	if !ok {
		return nil, errNotOOXML
	}
	defer c.Close()
	var (
		out      []xrow
		cur      *xrow
		rowN, cN int
	)
	for {
		tok, err := d.Token()
		if err == io.EOF {
			return out, nil
		}
		if err != nil {
			return out, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "row":
				rowN++
				if r, err := strconv.Atoi(attr(t, "r")); err == nil && r > 0 {
					rowN = r
				}
				if rowN > maxRows {
					return out, errTooManyRows
				}
				cN = 0
				out = append(out, xrow{n: rowN})
				cur = &out[len(out)-1]
			case "c":
				cN++
				if ref := attr(t, "r"); ref != "" {
					if col, _, ok := splitRef(ref); ok {
						cN = col
					}
				}
				cell, err := readCell(d, t, sst)
				if err != nil {
					return out, err
				}
				if cur == nil || cN > maxCols || (cell.kind == kindEmpty && !cell.formula) {
					continue
				}
				cur.cells = append(cur.cells, colCell{col: cN, xcell: cell})
			}
		case xml.EndElement:
			if t.Name.Local == "row" {
				if cur != nil && len(cur.cells) == 0 {
					out = out[:len(out)-1]
				}
				cur = nil
			} else if t.Name.Local == "sheetData" {
				return out, nil
			}
		}
	}
}

// readCell reads a <c> element.
func readCell(d *xml.Decoder, start xml.StartElement, sst []string) (xcell, error) {
	typ := attr(start, "t")
	var (
		v, inline    string
		hasV, hasInl bool
		cell         xcell
	)
	for {
		tok, err := d.Token()
		if err != nil {
			return cell, err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			switch t.Name.Local {
			case "v":
				var s string
				if err := d.DecodeElement(&s, &t); err != nil {
					return cell, err
				}
				v, hasV = s, true
			case "f":
				cell.formula = true
				if err := d.Skip(); err != nil {
					return cell, err
				}
			case "is":
				s, err := richText(d, t)
				if err != nil {
					return cell, err
				}
				inline, hasInl = s, true
			default:
				if err := d.Skip(); err != nil {
					return cell, err
				}
			}
		case xml.EndElement:
			// The end of <c>: every child was consumed above.
			cell.noCached = cell.formula && !hasV && !hasInl
			switch typ {
			case "s":
				if !hasV {
					return cell, nil
				}
				i, err := strconv.Atoi(strings.TrimSpace(v))
				if err != nil || i < 0 || i >= len(sst) {
					cell.kind, cell.badSharedS = kindText, true
					return cell, nil
				}
				cell.kind, cell.value = kindText, sst[i]
			case "inlineStr":
				cell.kind, cell.value = kindText, inline
			case "str", "d":
				cell.kind, cell.value = kindText, unescapeOOXML(v)
			case "b":
				cell.kind, cell.value = kindBool, strings.TrimSpace(v)
			case "e":
				cell.kind, cell.value = kindError, v
			default:
				cell.kind, cell.value = kindNumber, strings.TrimSpace(v)
			}
			if cell.value == "" && cell.kind != kindText {
				cell.kind = kindEmpty
			}
			if cell.kind == kindText && cell.value == "" && !cell.badSharedS {
				cell.kind = kindEmpty
			}
			return cell, nil
		}
	}
}

// splitRef splits "AB12" into column 28 and row 12.
func splitRef(ref string) (col, row int, ok bool) {
	i := 0
	for i < len(ref) && i < 3 {
		c := ref[i] | 0x20 // lower case
		if c < 'a' || c > 'z' {
			break
		}
		col = col*26 + int(c-'a'+1)
		i++
	}
	if i == 0 {
		return 0, 0, false
	}
	row, err := strconv.Atoi(ref[i:])
	if err != nil {
		return col, 0, i == len(ref)
	}
	return col, row, true
}

package docx

import (
	"archive/zip"
	"bytes"
	"encoding/xml"
	"errors"
	"fmt"
	"io"
	"path"
	"strings"
)

// Text returns the visible text of the main document part of a DOCX, in
// order: one line a paragraph; a table row is one line with its cells
// separated by tabs, and the paragraphs (and line breaks) inside one cell
// joined by " | ". Tabs in body text stay tabs; in a cell they become
// spaces. Page headers and footers, field codes and deleted text are left
// out; trailing empty lines are dropped.
func Text(docxBytes []byte) (string, error) {
	zr, err := zip.NewReader(bytes.NewReader(docxBytes), int64(len(docxBytes)))
	if err != nil {
		return "", fmt.Errorf("docx: %w", err)
	}
	name := mainPart(zr)
	for _, f := range zr.File {
		if f.Name != name {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return "", fmt.Errorf("docx: %w", err)
		}
		defer rc.Close()
		s, err := extract(rc)
		if err != nil {
			return "", fmt.Errorf("docx: %s: %w", name, err)
		}
		return s, nil
	}
	return "", fmt.Errorf("docx: no %s in the package", name)
}

// mainPart follows _rels/.rels to the main document part, which Word
// always names word/document.xml but other writers need not.
func mainPart(zr *zip.Reader) string {
	const def = "word/document.xml"
	for _, f := range zr.File {
		if f.Name != "_rels/.rels" {
			continue
		}
		rc, err := f.Open()
		if err != nil {
			return def
		}
		defer rc.Close()
		var rels struct {
			Rel []struct {
				Type   string `xml:"Type,attr"`
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if xml.NewDecoder(rc).Decode(&rels) != nil {
			return def
		}
		for _, r := range rels.Rel {
			if strings.HasSuffix(r.Type, "/officeDocument") {
				return strings.TrimPrefix(path.Clean("/"+r.Target), "/")
			}
		}
	}
	return def
}

type tableFrame struct {
	cells []string // finished cells of the current row
	paras []string // finished paragraphs of the current cell
}

func extract(r io.Reader) (string, error) {
	dec := xml.NewDecoder(r)
	var (
		out      []string
		tables   []*tableFrame
		paras    []*strings.Builder // open paragraphs (text boxes nest them)
		inText   int
		fallback int // inside mc:Fallback, which repeats mc:Choice
	)
	inTable := func() bool { return len(tables) > 0 }
	cur := func() *strings.Builder {
		if len(paras) == 0 {
			return nil
		}
		return paras[len(paras)-1]
	}
	emit := func(s string) { // a finished paragraph or nested row
		if inTable() {
			if strings.TrimSpace(s) != "" {
				t := tables[len(tables)-1]
				t.paras = append(t.paras, s)
			}
			return
		}
		out = append(out, s)
	}
	for {
		tok, err := dec.Token()
		if errors.Is(err, io.EOF) {
			break
		}
		if err != nil {
			return "", err
		}
		switch t := tok.(type) {
		case xml.StartElement:
			if t.Name.Local == "Fallback" {
				fallback++
			}
			if fallback > 0 || t.Name.Space != nsW {
				continue
			}
			switch t.Name.Local {
			case "p":
				paras = append(paras, &strings.Builder{})
			case "t":
				inText++
			case "tab", "ptab":
				if p := cur(); p != nil {
					if inTable() {
						p.WriteByte(' ')
					} else {
						p.WriteByte('\t')
					}
				}
			case "br", "cr":
				if p := cur(); p != nil && attr(t, "type") != "page" && attr(t, "type") != "column" {
					if inTable() {
						p.WriteString(" | ")
					} else {
						p.WriteByte('\n')
					}
				}
			case "noBreakHyphen":
				if p := cur(); p != nil {
					p.WriteByte('-')
				}
			case "tbl":
				tables = append(tables, &tableFrame{})
			}
		case xml.EndElement:
			if t.Name.Local == "Fallback" && fallback > 0 {
				fallback--
				continue
			}
			if fallback > 0 || t.Name.Space != nsW {
				continue
			}
			switch t.Name.Local {
			case "t":
				inText--
			case "p":
				if p := cur(); p != nil {
					paras = paras[:len(paras)-1]
					emit(p.String())
				}
			case "tc":
				if inTable() {
					f := tables[len(tables)-1]
					f.cells = append(f.cells, strings.Join(f.paras, " | "))
					f.paras = nil
				}
			case "tr":
				if inTable() {
					f := tables[len(tables)-1]
					row := strings.Join(f.cells, "\t")
					f.cells = nil
					tables = tables[:len(tables)-1]
					emit(row) // into the enclosing cell when nested
					tables = append(tables, f)
				}
			case "tbl":
				if inTable() {
					tables = tables[:len(tables)-1]
				}
			}
		case xml.CharData:
			if inText > 0 && fallback == 0 {
				if p := cur(); p != nil {
					p.Write(t)
				}
			}
		}
	}
	for len(out) > 0 && strings.TrimSpace(out[len(out)-1]) == "" {
		out = out[:len(out)-1]
	}
	if len(out) == 0 {
		return "", nil
	}
	return strings.Join(out, "\n") + "\n", nil
}

func attr(e xml.StartElement, local string) string {
	for _, a := range e.Attr {
		if a.Name.Local == local {
			return a.Value
		}
	}
	return ""
}

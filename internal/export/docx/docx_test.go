package docx

import (
	"bytes"
	"encoding/xml"
	"errors"
	"flag"
	"io"
	"os"
	"path/filepath"
	"strings"
	"testing"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestGolden compares the visible text of the sample report with
// testdata/report.golden.
func TestGolden(t *testing.T) {
	got, err := Text(mustBytes(t, sampleReport()))
	if err != nil {
		t.Fatal(err)
	}
	path := filepath.Join("testdata", "report.golden")
	if *update {
		if err := os.MkdirAll("testdata", 0o755); err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(path, []byte(got), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	want, err := os.ReadFile(path)
	if err != nil {
		t.Fatalf("%v (run go test -update to create it)", err)
	}
	if got != string(want) {
		t.Errorf("text differs from %s (run go test -update if the change is intended):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// TestDeterministic: the same Document gives the same bytes.
func TestDeterministic(t *testing.T) {
	a, b := mustBytes(t, sampleReport()), mustBytes(t, sampleReport())
	if !bytes.Equal(a, b) {
		t.Error("two writes of the same document differ")
	}
}

// TestLayout checks the page, the type and the header formatting in the XML.
func TestLayout(t *testing.T) {
	p := parts(t, mustBytes(t, sampleReport()))
	doc := string(p["word/document.xml"])
	for _, want := range []string{
		`<w:pgSz w:w="11906" w:h="16838"/>`,
		`<w:pgMar w:top="1134" w:right="850" w:bottom="1134" w:left="1701" w:header="567" w:footer="567" w:gutter="0"/>`,
		`<w:titlePg/>`,
		`<w:headerReference w:type="default" r:id="rIdHeader1"/>`,
	} {
		if !strings.Contains(doc, want) {
			t.Errorf("document.xml lacks %s", want)
		}
	}
	styles := string(p["word/styles.xml"])
	for _, want := range []string{
		`<w:rFonts w:ascii="Times New Roman" w:eastAsia="Times New Roman" w:hAnsi="Times New Roman" w:cs="Times New Roman"/>`,
		`<w:sz w:val="28"/><w:szCs w:val="28"/>`,
		`<w:lang w:val="vi-VN"`,
		`w:line="240" w:lineRule="auto"`,
	} {
		if !strings.Contains(styles, want) {
			t.Errorf("styles.xml lacks %s", want)
		}
	}

	root := parseTree(t, p["word/document.xml"])
	tests := []struct {
		name, text string
		want       []string // rPr children (with w:val when given as name=val)
		absent     []string
	}{
		{"motto", "ĐẢNG CỘNG SẢN VIỆT NAM", []string{"b", "u=single", "sz=30"}, []string{"i"}},
		{"parent body", "TỈNH ỦY LẠNG SƠN", nil, []string{"b", "i", "u"}},
		{"issuing body", "BAN DÂN VẬN", []string{"b"}, []string{"u"}},
		{"place and date", "Lạng Sơn, ngày 28 tháng 3 năm 2019", []string{"i"}, []string{"b"}},
		{"kind", "BÁO CÁO", []string{"b", "sz=32"}, nil},
		{"signature", "K/T TRƯỞNG BAN", []string{"b"}, nil},
		{"signer", "Nguyễn Văn A", []string{"b"}, nil},
		{"recipient", "- Lưu VP.", []string{"sz=24"}, []string{"b"}},
		{"figure", "26.180.000.000", []string{"sz=24"}, []string{"b"}},
		{"total", "Tổng cộng", []string{"b", "sz=24"}, nil},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			r := findRun(root, tt.text)
			if r == nil {
				t.Fatalf("no run with text %q", tt.text)
			}
			for _, w := range tt.want {
				if !hasProp(r, w) {
					t.Errorf("run %q: got no %s in its rPr, want it", tt.text, w)
				}
			}
			for _, w := range tt.absent {
				if hasProp(r, w) {
					t.Errorf("run %q: got %s in its rPr, want none", tt.text, w)
				}
			}
		})
	}

	// The header is a borderless table of two centred columns, 45 % and 55 %.
	tbl := root.find("body").find("tbl")
	if tbl == nil {
		t.Fatal("no header table")
	}
	grid := tbl.find("tblGrid").all("gridCol")
	if len(grid) != 2 || grid[0].attr("w") != "4209" || grid[1].attr("w") != "5146" {
		t.Errorf("header grid: got %v, want 4209 and 5146 twips", grid)
	}
	for _, b := range tbl.find("tblPr").find("tblBorders").kids {
		if b.attr("val") != "nil" {
			t.Errorf("header border %s: got %q, want nil", b.name, b.attr("val"))
		}
	}
	for _, jc := range tbl.find("tr").descendants("jc") {
		if jc.attr("val") != "center" {
			t.Errorf("header paragraph alignment: got %q, want center", jc.attr("val"))
		}
	}
}

// TestWellFormed checks that the package has the required parts, that every
// XML part parses, and that every part is typed and every relationship
// target exists.
func TestWellFormed(t *testing.T) {
	p := parts(t, mustBytes(t, sampleReport()))
	for _, name := range []string{
		"[Content_Types].xml", "_rels/.rels", "word/document.xml", "word/styles.xml", "word/settings.xml",
		"word/_rels/document.xml.rels", "docProps/core.xml", "docProps/app.xml",
	} {
		if _, ok := p[name]; !ok {
			t.Errorf("missing part %s", name)
		}
	}
	for name, data := range p {
		if err := wellFormed(data); err != nil {
			t.Errorf("%s: %v", name, err)
		}
	}
	ct := string(p["[Content_Types].xml"])
	for name := range p {
		if strings.HasSuffix(name, ".rels") || name == "[Content_Types].xml" {
			continue
		}
		if !strings.Contains(ct, `PartName="/`+name+`"`) {
			t.Errorf("[Content_Types].xml has no override for %s", name)
		}
	}
	for relsName, base := range map[string]string{"_rels/.rels": "", "word/_rels/document.xml.rels": "word/"} {
		var rels struct {
			Rel []struct {
				Target string `xml:"Target,attr"`
			} `xml:"Relationship"`
		}
		if err := xml.Unmarshal(p[relsName], &rels); err != nil {
			t.Fatal(err)
		}
		for _, r := range rels.Rel {
			if _, ok := p[base+r.Target]; !ok {
				t.Errorf("%s: target %s is not in the package", relsName, base+r.Target)
			}
		}
	}
	core := string(p["docProps/core.xml"])
	for _, want := range []string{
		"<dc:title>BÁO CÁO Kết quả công tác dân vận quý I, nhiệm vụ trọng tâm quý II năm 2019</dc:title>",
		"<dc:language>vi-VN</dc:language>",
	} {
		if !strings.Contains(core, want) {
			t.Errorf("core.xml lacks %s", want)
		}
	}
}

// TestEscaping puts XML special characters, controls and broken UTF-8 in
// every field and reads them back.
func TestEscaping(t *testing.T) {
	const special = `A & B <c> "q" 'a'`
	d := Document{
		Header:  Header{ParentBody: special, IssuingBody: special, Number: special, Motto: special, PlaceDate: special},
		Kind:    special,
		Subject: special,
		Blocks: []Block{
			Heading{Level: 1, Text: special},
			Paragraph{Text: special},
			Paragraph{Text: "x\x00y\x0bz\x7f\u0085w\uFEFF\r\nsecond line\rthird\tcol"},
			Paragraph{Text: "bad \xff\xfe utf8"},
			&Table{Columns: []Column{{Title: special}}, Rows: [][]string{{special}}},
		},
		Signature:  Signature{Mode: "T/M", Body: special, Name: special},
		Recipients: []string{special},
	}
	d.Profile.Font = `Font "X" & <Y>`
	p := parts(t, mustBytes(t, d))
	for name, data := range p {
		if err := wellFormed(data); err != nil {
			t.Fatalf("%s: %v", name, err)
		}
	}
	doc := string(p["word/document.xml"])
	if !strings.Contains(doc, `A &amp; B &lt;c&gt; &quot;q&quot; &apos;a&apos;`) {
		t.Error("document.xml does not escape A & B <c>")
	}
	if !strings.Contains(string(p["word/styles.xml"]), `w:ascii="Font &quot;X&quot; &amp; &lt;Y&gt;"`) {
		t.Error("styles.xml does not escape the font name")
	}
	got, err := Text(mustBytes(t, d))
	if err != nil {
		t.Fatal(err)
	}
	upperSpecial := `A & B <C> "Q" 'A'`
	want := strings.Join([]string{
		upperSpecial + " | " + upperSpecial + " | * | " + special + "\t" + upperSpecial + " | " + special,
		upperSpecial,
		special,
		"-----",
		special,
		special,
		"xyzw",
		"second line",
		"third\tcol",
		"bad \uFFFD\uFFFD utf8",
		special,
		special,
		"Nơi nhận: | " + special + "\tT/M " + upperSpecial + " | " + special,
	}, "\n") + "\n"
	if got != want {
		t.Errorf("got:\n%s\nwant:\n%s", got, want)
	}
}

// TestProfile checks the defaults for a zero profile and the two kinds of
// line spacing.
func TestProfile(t *testing.T) {
	tests := []struct {
		name    string
		profile Profile
		want    []string // in styles.xml or document.xml
	}{
		{"zero is HD 36", Profile{}, []string{`w:top="1134" w:right="850" w:bottom="1134" w:left="1701"`, `w:ascii="Times New Roman"`, `w:line="240" w:lineRule="auto"`}},
		{"one and a half", Profile{LineSpacing: 1.5}, []string{`w:line="360" w:lineRule="auto"`}},
		{"exactly 18 pt", Profile{LineSpacing: 18}, []string{`w:line="360" w:lineRule="exact"`}},
		{"13 pt Arial, 25 mm", Profile{Font: "Arial", SizePt: 13, MarginLeftMM: 25}, []string{`w:left="1417"`, `w:ascii="Arial"`, `<w:sz w:val="26"/>`}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			d := sampleReport()
			d.Profile = tt.profile
			p := parts(t, mustBytes(t, d))
			all := string(p["word/document.xml"]) + string(p["word/styles.xml"])
			for _, w := range tt.want {
				if !strings.Contains(all, w) {
					t.Errorf("got no %s", w)
				}
			}
		})
	}
}

// TestWriteErrors: an invalid document writes nothing.
func TestWriteErrors(t *testing.T) {
	tests := []struct {
		name string
		d    Document
		want string
	}{
		{"long row", Document{Blocks: []Block{Table{Columns: []Column{{Title: "A"}}, Rows: [][]string{{"1", "2"}}}}}, "row 1 has 2 cells"},
		{"no columns", Document{Blocks: []Block{Table{Rows: [][]string{{"1"}}}}}, "without columns"},
		{"negative width", Document{Blocks: []Block{Table{Columns: []Column{{Title: "A", WidthPct: -1}}}}}, "invalid width"},
		{"alignment", Document{Blocks: []Block{Paragraph{Text: "x", Align: "middle"}}}, `unknown alignment "middle"`},
		{"nil block", Document{Blocks: []Block{Paragraph{Text: "x"}, nil}}, "block 2: nil block"},
		{"nil pointer", Document{Blocks: []Block{(*Table)(nil)}}, "nil block"},
		{"margins", Document{Profile: Profile{MarginLeftMM: 100, MarginRightMM: 100}}, "margins"},
		{"size", Document{Profile: Profile{SizePt: 200}}, "type size"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var buf bytes.Buffer
			err := Write(&buf, tt.d)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Fatalf("got error %v, want one containing %q", err, tt.want)
			}
			if buf.Len() != 0 {
				t.Errorf("got %d bytes written, want none", buf.Len())
			}
		})
	}
}

// TestWriterError: an error of the destination is returned.
func TestWriterError(t *testing.T) {
	if err := Write(failWriter{}, sampleReport()); !errors.Is(err, errDisk) {
		t.Errorf("got %v, want %v", err, errDisk)
	}
}

var errDisk = errors.New("disk full")

type failWriter struct{}

func (failWriter) Write([]byte) (int, error) { return 0, errDisk }

// TestTextForeign reads text written the way Word writes it: a nested
// table, mc:AlternateContent, field codes, deleted text, page breaks.
func TestTextForeign(t *testing.T) {
	body := `<w:p><w:r><w:t>Một</w:t></w:r><w:r><w:tab/><w:t xml:space="preserve">hai </w:t></w:r><w:r><w:br/><w:t>ba</w:t></w:r></w:p>` +
		`<w:p><w:r><w:instrText> PAGE </w:instrText></w:r><w:del><w:r><w:delText>xoá</w:delText></w:r></w:del><w:r><w:t>bốn</w:t></w:r></w:p>` +
		`<w:p><w:r><w:br w:type="page"/></w:r></w:p>` +
		`<w:p><mc:AlternateContent><mc:Choice Requires="wps"><w:r><w:t>chọn</w:t></w:r></mc:Choice><mc:Fallback><w:r><w:t>dự phòng</w:t></w:r></mc:Fallback></mc:AlternateContent></w:p>` +
		`<w:tbl><w:tr><w:tc><w:p><w:r><w:t>a</w:t></w:r></w:p><w:p/><w:p><w:r><w:t>b</w:t><w:tab/><w:t>c</w:t></w:r></w:p></w:tc>` +
		`<w:tc><w:tbl><w:tr><w:tc><w:p><w:r><w:t>x</w:t></w:r></w:p></w:tc><w:tc><w:p><w:r><w:t>y</w:t></w:r></w:p></w:tc></w:tr></w:tbl><w:p/></w:tc></w:tr></w:tbl>` +
		`<w:p><w:r><w:t>cuối</w:t></w:r></w:p><w:p/><w:sectPr/>`
	doc := `<?xml version="1.0"?><w:document xmlns:w="` + nsW + `" xmlns:mc="http://schemas.openxmlformats.org/markup-compatibility/2006"><w:body>` + body + `</w:body></w:document>`
	var buf bytes.Buffer
	zw := newZip(&buf)
	zw.add("_rels/.rels", `<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships"><Relationship Id="r" Type="http://schemas.openxmlformats.org/officeDocument/2006/relationships/officeDocument" Target="/word/main.xml"/></Relationships>`)
	zw.add("word/main.xml", doc)
	zw.close(t)
	got, err := Text(buf.Bytes())
	if err != nil {
		t.Fatal(err)
	}
	want := "Một\thai \nba\nbốn\n\nchọn\na | b c\tx\ty\ncuối\n"
	if got != want {
		t.Errorf("got %q, want %q", got, want)
	}
	if _, err := Text([]byte("not a zip")); err == nil {
		t.Error("got no error for a non-zip")
	}
}

func BenchmarkWrite40Pages(b *testing.B) {
	d := longReport()
	var size int
	for b.Loop() {
		var buf bytes.Buffer
		if err := Write(&buf, d); err != nil {
			b.Fatal(err)
		}
		size = buf.Len()
	}
	b.ReportMetric(float64(size), "bytes/doc")
}

func BenchmarkText40Pages(b *testing.B) {
	data := mustBytes(b, longReport())
	for b.Loop() {
		if _, err := Text(data); err != nil {
			b.Fatal(err)
		}
	}
}

// FuzzWrite: any text in any field gives a well-formed package whose text
// reads back as the cleaned input.
func FuzzWrite(f *testing.F) {
	for _, s := range []string{"A & B <c>", "Tỉnh ủy\r\nLạng Sơn", "\x00\x01\xff", "]]>", "\t\ttab", "&amp;"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		d := Document{
			Header:    Header{ParentBody: s, Motto: s, PlaceDate: s},
			Kind:      s,
			Subject:   s,
			Blocks:    []Block{Paragraph{Text: s}, Table{Columns: []Column{{Title: s}}, Rows: [][]string{{s}}}},
			Signature: Signature{Name: s},
		}
		data, err := Bytes(d)
		if err != nil {
			t.Fatal(err)
		}
		for name, part := range parts(t, data) {
			if err := wellFormed(part); err != nil {
				t.Fatalf("%s: %v", name, err)
			}
		}
		got, err := Text(data)
		if err != nil {
			t.Fatal(err)
		}
		for _, ln := range lines(s) {
			if !strings.Contains(got, ln) {
				t.Fatalf("text %q lacks line %q", got, ln)
			}
		}
	})
}

// wellFormed reads every token of an XML document.
func wellFormed(data []byte) error {
	dec := xml.NewDecoder(bytes.NewReader(data))
	for {
		_, err := dec.Token()
		if errors.Is(err, io.EOF) {
			return nil
		}
		if err != nil {
			return err
		}
	}
}

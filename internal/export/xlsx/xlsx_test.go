package xlsx

import (
	"bytes"
	"errors"
	"fmt"
	"os"
	"reflect"
	"runtime"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"giaoban/internal/apperr"
)

func TestRoundTrip(t *testing.T) {
	tests := []struct {
		name       string
		forms      []Form
		wantSheets []string
	}{
		{"one form", []Form{sampleForm("XA_AN_BINH", "Ban Dân vận xã An Bình", 3)}, []string{"Báo cáo"}},
		{"three forms", []Form{
			sampleForm("XA_AN_BINH", "Ban Dân vận xã An Bình", 3),
			sampleForm("XA_PHU_LOC", "Ban Dân vận xã Phú Lộc", 1),
			sampleForm("TT_DONG_HA", "Ban Dân vận thị trấn Đông Hà", 7),
		}, []string{"XA_AN_BINH", "XA_PHU_LOC", "TT_DONG_HA"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb := readBytes(t, writeForms(t, tt.forms...))
			if got := len(wb.Sheets); got != len(tt.forms) {
				t.Fatalf("sheets: got %v, want %v", got, len(tt.forms))
			}
			for i, form := range tt.forms {
				sd := wb.Sheets[i]
				if len(sd.Problems) > 0 {
					t.Errorf("sheet %s: unexpected problems:%s", sd.Name, problemsString(sd.Problems))
				}
				if sd.Name != tt.wantSheets[i] {
					t.Errorf("sheet name: got %v, want %v", sd.Name, tt.wantSheets[i])
				}
				gotID := []any{sd.TemplateCode, sd.PeriodID, sd.UnitCode, sd.Version}
				wantID := []any{form.TemplateCode, form.PeriodID, form.UnitCode, form.Version}
				if !reflect.DeepEqual(gotID, wantID) {
					t.Errorf("identity: got %v, want %v", gotID, wantID)
				}
				if len(sd.Cells) != len(form.Rows) {
					t.Fatalf("cells: got %v, want %v", len(sd.Cells), len(form.Rows))
				}
				for j, row := range form.Rows {
					c := sd.Cells[j]
					raw, isNum := wantRaw(row.Value)
					got := []any{c.Code, c.Raw, c.IsNumber, c.Comment, c.Ref[:1], c.CommentRef[:1], c.Ref[1:] == c.CommentRef[1:]}
					want := []any{row.Code, raw, isNum, row.Comment, "E", "H", true}
					if !reflect.DeepEqual(got, want) {
						t.Errorf("row %d: got %q, want %q", j, got, want)
					}
				}
				var gotN, wantN []NarrativeCell
				for _, n := range sd.Narrative {
					gotN = append(gotN, NarrativeCell{Key: n.Key, Text: n.Text})
					if !strings.HasPrefix(n.Ref, "C") {
						t.Errorf("narrative %s ref: got %v, want column C", n.Key, n.Ref)
					}
				}
				for _, s := range form.Narrative {
					wantN = append(wantN, NarrativeCell{Key: s.Key, Text: s.Text})
				}
				if !reflect.DeepEqual(gotN, wantN) {
					t.Errorf("narrative: got %q, want %q", gotN, wantN)
				}
			}
		})
	}
}

// TestLayout checks what the importer cannot see but officials rely on:
// hidden code column, freeze panes, validations, print setup, grey fills.
func TestLayout(t *testing.T) {
	data := writeForms(t, sampleForm("XA_AN_BINH", "Ban Dân vận xã An Bình", 3))
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	const s = "Báo cáo"
	wb := readBytes(t, data)
	refs := map[string]string{}
	for _, c := range wb.Sheets[0].Cells {
		refs[c.Code] = c.Ref
	}

	if vis, _ := f.GetColVisible(s, "B"); vis {
		t.Errorf("column B visible: got %v, want %v", vis, false)
	}
	if vis, _ := f.GetRowVisible(s, rowMeta); vis {
		t.Errorf("metadata row visible: got %v, want %v", vis, false)
	}
	panes, _ := f.GetPanes(s)
	if !panes.Freeze || panes.YSplit != rowHeader {
		t.Errorf("panes: got freeze=%v ysplit=%v, want true %v", panes.Freeze, panes.YSplit, rowHeader)
	}
	pl, _ := f.GetPageLayout(s)
	if pl.Size == nil || *pl.Size != 9 || pl.Orientation == nil || *pl.Orientation != "landscape" || pl.FitToWidth == nil || *pl.FitToWidth != 1 {
		t.Errorf("page layout: got %+v, want A4 landscape fit to width", pl)
	}
	var printTitles string
	for _, dn := range f.GetDefinedName() {
		if dn.Name == "_xlnm.Print_Titles" {
			printTitles = dn.RefersTo
		}
	}
	if want := "'Báo cáo'!$7:$7"; printTitles != want {
		t.Errorf("print titles: got %v, want %v", printTitles, want)
	}
	rewriteZip(t, data, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		if bytes.Contains(b, []byte("<sheetProtection")) {
			t.Errorf("sheet protection: got one, want none")
		}
		return b
	})

	// Typed cells.
	types := []struct {
		code string
		want excelize.CellType
	}{
		{"TIEN_TET", excelize.CellTypeUnset}, // numbers carry no t attribute
		{"TY_LE_HL", excelize.CellTypeUnset},
		{"CO_MH", excelize.CellTypeSharedString},
		{"GHI_CHU_MH", excelize.CellTypeSharedString},
	}
	for _, tt := range types {
		if got, _ := f.GetCellType(s, refs[tt.code]); got != tt.want {
			t.Errorf("%s type: got %v, want %v", tt.code, got, tt.want)
		}
	}

	// One validation per numeric kind and for yes/no, on the value cells.
	dvs, err := f.GetDataValidations(s)
	if err != nil {
		t.Fatal(err)
	}
	gotDV := map[string]string{}
	for _, dv := range dvs {
		if dv.Error == nil || *dv.Error == "" {
			t.Errorf("validation %s has no error message", dv.Sqref)
		}
		gotDV[dv.Sqref] = dv.Type + " " + dv.Operator + " " + dv.Formula1 + " " + dv.Formula2
	}
	wantDV := map[string]string{
		refs["DOAN_TET"] + ":" + refs["QUA_TET"] + " " + refs["DOAN_KT"]: "whole greaterThanOrEqual 0 ",
		refs["TIEN_TET"] + " " + refs["TIEN_NHAP"]:                       "whole greaterThanOrEqual 0 ",
		refs["TY_LE_HL"]: "decimal between 0 100",
		refs["GIO_TB"]:   "decimal greaterThanOrEqual 0 ",
		refs["CO_MH"]:    `list  "Có,Không" `,
	}
	if !reflect.DeepEqual(gotDV, wantDV) {
		t.Errorf("validations: got %q, want %q", gotDV, wantDV)
	}

	// Read-only columns are grey, the value column is not.
	fill := func(ref string) string {
		id, _ := f.GetCellStyle(s, ref)
		st, _ := f.GetStyle(id)
		if st == nil || len(st.Fill.Color) == 0 {
			return ""
		}
		return st.Fill.Color[0]
	}
	row := refs["TIEN_TET"][1:]
	for _, col := range []string{"A", "C", "D", "F", "G"} {
		if got := fill(col + row); !strings.EqualFold("#"+strings.TrimPrefix(got, "#"), fillReadOnly) {
			t.Errorf("%s%s fill: got %v, want %v", col, row, got, fillReadOnly)
		}
	}
	for _, col := range []string{"E", "H"} {
		if got := fill(col + row); got != "" {
			t.Errorf("%s%s fill: got %v, want none", col, row, got)
		}
	}
}

func TestReadEdited(t *testing.T) {
	forms := []Form{
		sampleForm("XA_A", "Xã A", 1),
		sampleForm("XA_B", "Xã B", 1),
		sampleForm("XA_C", "Xã C", 1),
		sampleForm("XA_D", "Xã D", 1),
	}
	orig := writeForms(t, forms...)
	refs := cellsByCode(readBytes(t, orig).Sheets[0])
	ref := func(code string) string { return refs[code].Ref }
	codeRef := func(code string) string { return "B" + ref(code)[1:] }

	data := edit(t, orig, func(f *excelize.File) {
		must := func(err error) {
			t.Helper()
			if err != nil {
				t.Fatal(err)
			}
		}
		// XA_A: the user types Vietnamese-style numbers as text, pastes
		// TCVN3 and VNI text, and leaves formulas.
		must(f.SetCellStr("XA_A", ref("TIEN_TET"), "26.000.000"))
		must(f.SetCellValue("XA_A", ref("QUA_TET"), 62000.0))
		must(f.SetCellStr("XA_A", ref("GHI_CHU_MH"), "Céng hßa x· héi"))
		must(f.SetCellStr("XA_A", refs["DOAN_TET"].CommentRef, "Coäng hoøa xaõ hoäi"))
		must(f.SetCellStr("XA_A", ref("CO_MH"), "Không"))
		// XA_B: the metadata is gone.
		must(f.RemoveRow("XA_B", rowMeta))
		// XA_C: a code is duplicated.
		must(f.SetCellStr("XA_C", codeRef("GIO_TB"), "QUA_TET"))
		// XA_D: a column and two rows are inserted above the table.
		must(f.InsertCols("XA_D", "D", 1))
		must(f.InsertRows("XA_D", 2, 2))
		// An unrelated sheet.
		_, err := f.NewSheet("Ghi chép riêng")
		must(err)
		must(f.SetCellStr("Ghi chép riêng", "A1", "Số liệu nháp"))
	})
	// Formulas as Excel stores them: with the value it calculated, or
	// without one when another program wrote the formula.
	data = rewriteZip(t, data, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		b = setCellXML(t, b, ref("TY_LE_HL"), "<f>80+7.5</f>")
		return setCellXML(t, b, ref("DOAN_KT"), "<f>SUM(4,4)</f><v>8</v>")
	})
	wb := readBytes(t, data)
	if got, want := len(wb.Sheets), 5; got != want {
		t.Fatalf("sheets: got %v, want %v", got, want)
	}

	t.Run("values", func(t *testing.T) {
		a := cellsByCode(wb.Sheets[0])
		d := cellsByCode(wb.Sheets[3])
		tests := []struct {
			name     string
			got      Cell
			wantRef  string
			wantRaw  string
			isNumber bool
		}{
			{"number typed as text", a["TIEN_TET"], ref("TIEN_TET"), "26.000.000", false},
			{"float that is whole", a["QUA_TET"], ref("QUA_TET"), "62000", true},
			{"TCVN3 text", a["GHI_CHU_MH"], ref("GHI_CHU_MH"), "Cộng hòa xã hội", false},
			{"formula without cached value", a["TY_LE_HL"], ref("TY_LE_HL"), "", false},
			{"formula with cached value", a["DOAN_KT"], ref("DOAN_KT"), "8", true},
			{"yes/no", a["CO_MH"], ref("CO_MH"), "Không", false},
			{"untouched", a["DOAN_TET"], ref("DOAN_TET"), "12", true},
			{"inserted column and rows", d["TIEN_TET"], "F" + itoa(atoi(ref("TIEN_TET")[1:])+2), "26000000000", true},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				got := []any{tt.got.Ref, tt.got.Raw, tt.got.IsNumber}
				want := []any{tt.wantRef, tt.wantRaw, tt.isNumber}
				if !reflect.DeepEqual(got, want) {
					t.Errorf("got %q, want %q", got, want)
				}
			})
		}
		if got, want := a["DOAN_TET"].Comment, "Cộng hòa xã hội"; got != want {
			t.Errorf("VNI comment: got %v, want %v", got, want)
		}
		if got, want := d["DOAN_TET"].CommentRef, "I"+itoa(atoi(ref("DOAN_TET")[1:])+2); got != want {
			t.Errorf("comment ref after inserted column: got %v, want %v", got, want)
		}
		if got, want := len(wb.Sheets[3].Narrative), 3; got != want {
			t.Errorf("narrative after inserted column: got %v, want %v", got, want)
		}
	})

	t.Run("problems", func(t *testing.T) {
		var got []Problem
		for _, sd := range wb.Sheets {
			got = append(got, sd.Problems...)
		}
		want := []struct{ sheet, ref, contains string }{
			{"XA_A", ref("TY_LE_HL"), "có công thức nhưng chưa có giá trị"},
			{"XA_B", "", "Trang tính “XA_B” không phải mẫu báo cáo của Giao Ban"},
			{"XA_C", ref("GIO_TB"), "Mã chỉ tiêu QUA_TET xuất hiện hai lần: ô " + ref("QUA_TET") + " và ô " + ref("GIO_TB")},
			{"Ghi chép riêng", "", "Trang tính “Ghi chép riêng” không phải mẫu báo cáo của Giao Ban"},
		}
		if len(got) != len(want) {
			t.Fatalf("problems: got %v, want %v:%s", len(got), len(want), problemsString(got))
		}
		for i, w := range want {
			g := got[i]
			if g.Sheet != w.sheet || g.Ref != w.ref || !strings.Contains(g.Message, w.contains) {
				t.Errorf("problem %d: got [%s %s] %s, want [%s %s] …%s…", i, g.Sheet, g.Ref, g.Message, w.sheet, w.ref, w.contains)
			}
		}
		if sd := wb.Sheets[1]; sd.TemplateCode != "" || len(sd.Cells) != 0 {
			t.Errorf("sheet without metadata: got template %q and %v cells, want none", sd.TemplateCode, len(sd.Cells))
		}
		if got, want := len(wb.Sheets[2].Cells), len(forms[2].Rows); got != want {
			t.Errorf("cells with a duplicate: got %v, want %v", got, want)
		}
	})
}

func TestReadRejects(t *testing.T) {
	good := writeForms(t, sampleForm("XA_A", "Xã A", 1))
	zipNoWorkbook := rewriteZip(t, good, "xl/workbook.xml", func([]byte) []byte { return []byte("<nonsense/>") })
	tests := []struct {
		name     string
		data     []byte
		maxBytes int64
		contains string
	}{
		{"text file", []byte("STT,Mã chỉ tiêu,Giá trị\n1,DOAN_TET,12\n"), 1 << 20, "không phải tệp Excel .xlsx"},
		{"empty", nil, 1 << 20, "không phải tệp Excel .xlsx"},
		{"legacy xls", append([]byte{0xD0, 0xCF, 0x11, 0xE0, 0xA1, 0xB1, 0x1A, 0xE1}, make([]byte, 512)...), 1 << 20, "định dạng Excel cũ (.xls)"},
		{"truncated", good[:len(good)/2], 1 << 20, "không phải tệp Excel .xlsx"},
		{"zip without workbook", zipNoWorkbook, 1 << 20, "không phải tệp Excel .xlsx"},
		{"oversize", good, int64(len(good)) - 1, "Tệp quá lớn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			wb, err := Read(bytes.NewReader(tt.data), tt.maxBytes)
			if err == nil {
				t.Fatalf("got %v sheets, want an error", len(wb.Sheets))
			}
			var ae *apperr.Error
			if !errors.As(err, &ae) || ae.Code != apperr.EINVALID {
				t.Fatalf("got %v, want an EINVALID *apperr.Error", err)
			}
			if !strings.Contains(ae.Message, tt.contains) {
				t.Errorf("message: got %v, want it to contain %v", ae.Message, tt.contains)
			}
		})
	}
	if _, err := Read(bytes.NewReader(good), int64(len(good))); err != nil {
		t.Errorf("exactly maxBytes: got %v, want nil", err)
	}
}

func TestWriteRefuses(t *testing.T) {
	base := sampleForm("XA_A", "Xã A", 1)
	tests := []struct {
		name string
		edit func(f *Form)
	}{
		{"no template", func(f *Form) { f.TemplateCode = "" }},
		{"no period", func(f *Form) { f.PeriodID = " " }},
		{"duplicate code", func(f *Form) { f.Rows[1].Code = f.Rows[0].Code }},
		{"marker code", func(f *Form) { f.Rows[0].Code = "#narrative:x" }},
		{"empty code", func(f *Form) { f.Rows[0].Code = "" }},
		{"NaN", func(f *Form) { f.Rows[3].Value = nan() }},
		{"unsupported value", func(f *Form) { f.Rows[0].Value = []int{1} }},
		{"text too long", func(f *Form) { f.Rows[7].Value = strings.Repeat("ạ", maxCellUnits+1) }},
		{"narrative without key", func(f *Form) { f.Narrative[0].Key = "" }},
		{"duplicate narrative key", func(f *Form) { f.Narrative[1].Key = f.Narrative[0].Key }},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			f := base
			f.Rows = append([]Row(nil), base.Rows...)
			f.Narrative = append([]Section(nil), base.Narrative...)
			tt.edit(&f)
			if err := Write(&bytes.Buffer{}, f); err == nil {
				t.Errorf("got nil, want an error")
			}
		})
	}
	if err := Write(&bytes.Buffer{}); err == nil {
		t.Errorf("no forms: got nil, want an error")
	}
}

func TestLongNarrative(t *testing.T) {
	para := strings.Repeat("Cán bộ dân vận bám sát cơ sở, lắng nghe ý kiến nhân dân. ", 300) + "Hết đoạn." // ~17,000 characters
	text := para + "\n" + para + "\n" + strings.Repeat("ư", maxCellUnits+10)
	form := sampleForm("XA_A", "Xã A", 1)
	form.Narrative = []Section{{Key: "dai", Title: "Báo cáo dài", Text: text}, {Key: "sau", Title: "Sau", Text: "Hết."}}
	wb := readBytes(t, writeForms(t, form))
	n := wb.Sheets[0].Narrative
	if len(n) != 2 {
		t.Fatalf("sections: got %v, want 2", len(n))
	}
	// The one line longer than a cell is cut without a line break to
	// rejoin it with: it comes back with one more line break.
	want := para + "\n" + para + "\n" + strings.Repeat("ư", maxCellUnits) + "\n" + strings.Repeat("ư", 10)
	if n[0].Text != want {
		t.Errorf("long text: got %d characters, want %d", len([]rune(n[0].Text)), len([]rune(want)))
	}
	if n[1].Text != "Hết." {
		t.Errorf("next section: got %v, want %v", n[1].Text, "Hết.")
	}
}

func TestSheetNames(t *testing.T) {
	tests := []struct {
		name  string
		units []string
		want  []string
	}{
		{"one form", []string{"XA_A"}, []string{"Báo cáo"}},
		{"codes", []string{"XA_A", "XA_B"}, []string{"XA_A", "XA_B"}},
		{"forbidden characters", []string{"A/B:C", "[X]*?"}, []string{"ABC", "X"}},
		{"duplicates ignore case", []string{"xa", "XA", "xa"}, []string{"xa", "XA (2)", "xa (3)"}},
		{"empty and reserved", []string{"", "History"}, []string{"Báo cáo 1", "History (2)"}},
		{"too long", []string{strings.Repeat("Đ", 40), strings.Repeat("Đ", 40)}, []string{strings.Repeat("Đ", 31), strings.Repeat("Đ", 27) + " (2)"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var forms []Form
			for _, u := range tt.units {
				forms = append(forms, Form{UnitCode: u})
			}
			if got := sheetNames(forms); !reflect.DeepEqual(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCanonicalNumber(t *testing.T) {
	tests := []struct {
		in, want string
		ok       bool
	}{
		{"26000000000", "26000000000", true},
		{"2.6E10", "26000000000", true},
		{"12.5", "12.5", true},
		{"87.500000000000014", "87.5", true},
		{"0.30000000000000004", "0.3", true},
		{"-0", "0", true},
		{"1E-7", "0.0000001", true},
		{"9007199254740993", "9007199254740993", true},
		{"abc", "", false},
		{"", "", false},
		{"NaN", "", false},
		{"1E999", "", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, ok := canonicalNumber(tt.in)
			if got != tt.want || ok != tt.ok {
				t.Errorf("got %v %v, want %v %v", got, ok, tt.want, tt.ok)
			}
		})
	}
}

func TestMetaRoundTrip(t *testing.T) {
	m := meta{TemplateCode: "DV&QUY=1", PeriodID: "2019Q1", UnitCode: "Xã An Bình?", Version: 42}
	got, err := decodeMeta(m.encode())
	if err != nil || got != m {
		t.Errorf("got %+v %v, want %+v", got, err, m)
	}
	for _, bad := range []string{"giaoban:form:2?template=A&period=B", "giaoban:form:1?period=B", "giaoban:form:1?template=A&period=B&version=x"} {
		if _, err := decodeMeta(bad); err == nil {
			t.Errorf("%s: got nil, want an error", bad)
		}
	}
}

// TestLibreOffice converts a written workbook to CSV with LibreOffice, as
// the officials without Excel open it.
func TestLibreOffice(t *testing.T) {
	soffice := ""
	for _, p := range []string{"/usr/bin/soffice", "/usr/bin/libreoffice"} {
		if _, err := os.Stat(p); err == nil {
			soffice = p
			break
		}
	}
	// soffice alone is not enough: without Calc (Debian's
	// libreoffice-calc-nogui) it cannot load a workbook.
	const calc = "/usr/lib/libreoffice/program/libsclo.so"
	if _, err := os.Stat(calc); soffice == "" || err != nil {
		const msg = "LibreOffice Calc is not installed (apt-get install libreoffice-calc-nogui)"
		if os.Getenv("GIAOBAN_TEST_REQUIRE_ALL") != "" {
			t.Fatal(msg + " and GIAOBAN_TEST_REQUIRE_ALL is set")
		}
		t.Skip(msg)
	}
	form := sampleForm("XA_AN_BINH", "Ban Dân vận xã An Bình", 3)
	data := writeForms(t, form)
	csv := string(convert(t, soffice, data, "csv:Text - txt - csv (StarCalc):44,34,76,1", "csv"))
	for _, want := range []string{
		"BÁO CÁO CÔNG TÁC DÂN VẬN QUÝ",
		"Kỳ báo cáo: Quý I/2019 (2019Q1)",
		"Tổng số tiền trao tặng",
		"26.000.000.000", // the Vietnamese number format applies
		"87,5",
		"Nhân dân phấn khởi đón Tết Kỷ Hợi.",
	} {
		if !strings.Contains(csv, want) {
			t.Errorf("CSV: got\n%s\nwant it to contain %q", csv, want)
		}
	}

	// An official who edits with LibreOffice saves the file back as XLSX:
	// Read must find the same form in LibreOffice's own XML.
	t.Run("saved by LibreOffice", func(t *testing.T) {
		wb := readBytes(t, convert(t, soffice, data, "xlsx:Calc MS Excel 2007 XML", "xlsx"))
		want := readBytes(t, data)
		got := wb.Sheets[0]
		if len(got.Problems) > 0 {
			t.Errorf("problems:%s", problemsString(got.Problems))
		}
		if !reflect.DeepEqual(got, want.Sheets[0]) {
			t.Errorf("got %+v,\nwant %+v", got, want.Sheets[0])
		}
	})
}

func nan() float64 {
	zero := 0.0
	return zero / zero
}

// TestReadHostile checks that small uploads cannot make Read allocate or
// decompress much more than a real form costs.
func TestReadHostile(t *testing.T) {
	good := writeForms(t, sampleForm("XA_A", "Xã A", 1))
	addRows := func(rows string) []byte {
		return rewriteZip(t, good, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
			return bytes.Replace(b, []byte("</sheetData>"), []byte(rows+"</sheetData>"), 1)
		})
	}
	var farRight strings.Builder
	for r := 100; r < 2100; r++ {
		fmt.Fprintf(&farRight, `<row r="%d"><c r="B%d" t="inlineStr"><is><t>X%d</t></is></c><c r="XFD%d"><v>1</v></c></row>`, r, r, r, r)
	}
	tests := []struct {
		name         string
		data         []byte
		wantErr      string // in the error message, or "" for none
		wantProblem  string // in some problem's message
		maxAllocMB   uint64
		wantMinCells int
		maxBytes     int64
	}{
		{"last row of the sheet", addRows(`<row r="1048576"><c r="A1048576" t="inlineStr"><is><t>x</t></is></c></row>`),
			"", "quá dòng 20.000", 8, 9, 1 << 20},
		{"cells in the last column", addRows(farRight.String()), "", "", 16, 2009, 1 << 20},
		{"decompression bomb", addRows("<row r=\"100\"><c r=\"C100\" t=\"inlineStr\"><is><t>" + strings.Repeat(" ", 8<<20) + "</t></is></c></row>"),
			"quá lớn khi giải nén", "", 24, 0, 100 << 10},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var m0, m1 runtime.MemStats
			runtime.GC()
			runtime.ReadMemStats(&m0)
			wb, err := Read(bytes.NewReader(tt.data), tt.maxBytes)
			runtime.ReadMemStats(&m1)
			if alloc := (m1.TotalAlloc - m0.TotalAlloc) >> 20; alloc > tt.maxAllocMB {
				t.Errorf("allocated %v MB for %v bytes, want at most %v MB", alloc, len(tt.data), tt.maxAllocMB)
			}
			if tt.wantErr != "" {
				if err == nil || !strings.Contains(apperr.Message(err), tt.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got %v, want nil", err)
			}
			sd := wb.Sheets[0]
			if got := len(sd.Cells); got < tt.wantMinCells {
				t.Errorf("cells: got %v, want at least %v", got, tt.wantMinCells)
			}
			if tt.wantProblem != "" && !strings.Contains(problemsString(sd.Problems), tt.wantProblem) {
				t.Errorf("problems: got %v, want one containing %q", problemsString(sd.Problems), tt.wantProblem)
			}
		})
	}
}

func TestUnescapeOOXML(t *testing.T) {
	tests := []struct{ in, want string }{
		{"plain", "plain"},
		{"a_x000D_b", "a\rb"},
		{"_x0041__x0042_", "AB"},
		{"_xZZZZ_ and _x12", "_xZZZZ_ and _x12"},
		{"tail _x", "tail _x"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := unescapeOOXML(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSplitRef(t *testing.T) {
	tests := []struct {
		in       string
		col, row int
		ok       bool
	}{
		{"A1", 1, 1, true},
		{"E12", 5, 12, true},
		{"xfd1048576", 16384, 1048576, true},
		{"AAAA1", 0, 0, false},
		{"12", 0, 0, false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			col, row, ok := splitRef(tt.in)
			if ok != tt.ok || ok && (col != tt.col || row != tt.row) {
				t.Errorf("got %v %v %v, want %v %v %v", col, row, ok, tt.col, tt.row, tt.ok)
			}
			if ok && cellName(col, row) != strings.ToUpper(tt.in) {
				t.Errorf("cellName: got %v, want %v", cellName(col, row), strings.ToUpper(tt.in))
			}
		})
	}
}

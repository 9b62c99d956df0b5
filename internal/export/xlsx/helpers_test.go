package xlsx

import (
	"archive/zip"
	"bytes"
	"fmt"
	"io"
	"regexp"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"
)

// sampleForm is a form with every value type, sections and narrative.
func sampleForm(unitCode, unitName string, version int) Form {
	return Form{
		Title:        "BÁO CÁO CÔNG TÁC DÂN VẬN QUÝ",
		TemplateCode: "DV_QUY",
		TemplateName: "Báo cáo công tác dân vận quý",
		PeriodID:     "2019Q1",
		PeriodLabel:  "Quý I/2019",
		UnitCode:     unitCode,
		UnitName:     unitName,
		Version:      version,
		Theme:        "Năm 2019: “Năm dân vận chính quyền”",
		Rows: []Row{
			{Code: "DOAN_TET", Name: "Số đoàn công tác thăm, chúc Tết gia đình chính sách", Measure: "đoàn", Type: "integer",
				Section: "Công tác chăm lo Tết", Value: int64(12), Previous: int64(10), LastYear: int64(11)},
			{Code: "QUA_TET", Name: "Số lượt quà tặng", Measure: "lượt", Type: "integer",
				Section: "Công tác chăm lo Tết", Value: int64(62000), Previous: nil, LastYear: int64(58000), Comment: "Gồm quà của các nhà hảo tâm"},
			{Code: "TIEN_TET", Name: "Tổng số tiền trao tặng", Measure: "đồng", Type: "money",
				Section: "Công tác chăm lo Tết", Value: int64(26000000000), Previous: int64(1500000000), LastYear: int64(24500000000)},
			{Code: "TY_LE_HL", Name: "Tỷ lệ hộ gia đình hài lòng", Measure: "%", Type: "percent",
				Section: "Kết quả", Value: 87.5, Previous: 85.0, LastYear: 80.25},
			{Code: "GIO_TB", Name: "Số giờ tập huấn bình quân", Measure: "giờ", Type: "decimal",
				Section: "Kết quả", Value: 12.25, Previous: 3.0},
			{Code: "CO_MH", Name: "Có mô hình “Dân vận khéo” mới", Measure: "", Type: "boolean",
				Section: "Kết quả", Value: true, Previous: false},
			{Code: "DOAN_KT", Name: "Số đoàn kiểm tra", Measure: "đoàn", Type: "integer",
				Section: "Kết quả", Value: nil, Comment: "Chưa tổng hợp xong"},
			{Code: "GHI_CHU_MH", Name: "Tên các mô hình tiêu biểu", Measure: "", Type: "text",
				Value: "Mô hình “Chi hội phụ nữ không có người vi phạm pháp luật”; mô hình “Đường hoa nông thôn mới”"},
			{Code: "TIEN_NHAP", Name: "Số tiền ủng hộ (nhập dở)", Measure: "đồng", Type: "money",
				Value: "26.000.000"},
		},
		Narrative: []Section{
			{Key: "tinh_hinh", Title: "I. Tình hình chung", Text: "Tình hình an ninh chính trị ổn định.\nNhân dân phấn khởi đón Tết Kỷ Hợi."},
			{Key: "ket_qua", Title: "II. Kết quả thực hiện", Text: "Các cấp ủy đảng đã lãnh đạo thực hiện tốt công tác dân vận."},
			{Key: "kien_nghi", Title: "III. Kiến nghị, đề xuất", Text: ""},
		},
	}
}

// wantRaw is what Read gives back for a written value.
func wantRaw(v any) (string, bool) {
	switch x := v.(type) {
	case nil:
		return "", false
	case int64:
		return fmt.Sprint(x), true
	case float64:
		return fmt.Sprint(x), true
	case bool:
		if x {
			return "Có", false
		}
		return "Không", false
	case string:
		return x, false
	}
	panic(fmt.Sprintf("wantRaw: %T", v))
}

func writeForms(t testing.TB, forms ...Form) []byte {
	t.Helper()
	var buf bytes.Buffer
	if err := Write(&buf, forms...); err != nil {
		t.Fatalf("Write: %v", err)
	}
	return buf.Bytes()
}

func readBytes(t testing.TB, data []byte) *Workbook {
	t.Helper()
	wb, err := Read(bytes.NewReader(data), 10<<20)
	if err != nil {
		t.Fatalf("Read: %v", err)
	}
	return wb
}

// edit opens written bytes with excelize, lets fn change the workbook as a
// user would, and returns the saved bytes.
func edit(t testing.TB, data []byte, fn func(f *excelize.File)) []byte {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatalf("open: %v", err)
	}
	defer f.Close()
	fn(f)
	var buf bytes.Buffer
	if err := f.Write(&buf); err != nil {
		t.Fatalf("save: %v", err)
	}
	return buf.Bytes()
}

// rewriteZip returns data with the named member changed by fn, for edits
// excelize cannot make (a formula with a cached value).
func rewriteZip(t testing.TB, data []byte, name string, fn func([]byte) []byte) []byte {
	t.Helper()
	return repack(t, data, name, fn, zip.Deflate)
}

// storeZip returns data re-packed without compression, so that a fuzzer's
// mutations reach the XML inside.
func storeZip(t testing.TB, data []byte) []byte {
	t.Helper()
	return repack(t, data, "", nil, zip.Store)
}

func repack(t testing.TB, data []byte, name string, fn func([]byte) []byte, method uint16) []byte {
	t.Helper()
	zr, err := zip.NewReader(bytes.NewReader(data), int64(len(data)))
	if err != nil {
		t.Fatal(err)
	}
	var buf bytes.Buffer
	zw := zip.NewWriter(&buf)
	found := false
	for _, zf := range zr.File {
		rc, err := zf.Open()
		if err != nil {
			t.Fatal(err)
		}
		b, err := io.ReadAll(rc)
		rc.Close()
		if err != nil {
			t.Fatal(err)
		}
		if zf.Name == name {
			b, found = fn(b), true
		}
		w, err := zw.CreateHeader(&zip.FileHeader{Name: zf.Name, Method: method})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := w.Write(b); err != nil {
			t.Fatal(err)
		}
	}
	if err := zw.Close(); err != nil {
		t.Fatal(err)
	}
	if !found && name != "" {
		t.Fatalf("rewriteZip: no member %s", name)
	}
	return buf.Bytes()
}

// setCellXML replaces the content of cell ref in a worksheet's XML, keeping
// its style and dropping its type (a number or a formula's numeric result).
func setCellXML(t testing.TB, sheetXML []byte, ref, inner string) []byte {
	t.Helper()
	re := regexp.MustCompile(`<c r="` + ref + `"( s="\d+")?[^>]*?(/>|>.*?</c>)`)
	if !re.Match(sheetXML) {
		t.Fatalf("setCellXML: no cell %s", ref)
	}
	return re.ReplaceAll(sheetXML, []byte(`<c r="`+ref+`"$1>`+inner+`</c>`))
}

// cellsByCode indexes a sheet's cells.
func cellsByCode(sd SheetData) map[string]Cell {
	m := map[string]Cell{}
	for _, c := range sd.Cells {
		if _, ok := m[c.Code]; !ok {
			m[c.Code] = c
		}
	}
	return m
}

func problemsString(ps []Problem) string {
	var b strings.Builder
	for _, p := range ps {
		fmt.Fprintf(&b, "\n  [%s %s] %s", p.Sheet, p.Ref, p.Message)
	}
	return b.String()
}

package pdf_test

import (
	"bytes"
	"context"
	"os"
	"testing"

	"giaoban/internal/export/docx"
	"giaoban/internal/export/pdf"
)

func TestFromDOCX(t *testing.T) {
	if !pdf.Available() {
		if os.Getenv("GIAOBAN_TEST_REQUIRE_ALL") != "" {
			t.Fatal("LibreOffice is not installed but GIAOBAN_TEST_REQUIRE_ALL is set")
		}
		t.Skip("LibreOffice not installed")
	}
	d := docx.Document{Profile: docx.DefaultProfile(), Kind: "BÁO CÁO", Subject: "Kết quả công tác dân vận quý I năm 2019",
		Header: docx.Header{ParentBody: "TỈNH ỦY LẠNG SƠN", IssuingBody: "BAN DÂN VẬN", Number: "Số 01-BC/BDVTU",
			Motto: "ĐẢNG CỘNG SẢN VIỆT NAM", PlaceDate: "Lạng Sơn, ngày 28 tháng 3 năm 2019"},
		Blocks: []docx.Block{docx.Paragraph{Text: "Tổng số quà tặng: 62.350 lượt."}}}
	b, err := docx.Bytes(d)
	if err != nil {
		t.Fatal(err)
	}
	out, err := pdf.FromDOCX(context.Background(), b)
	if err != nil {
		t.Fatal(err)
	}
	if !bytes.HasPrefix(out, []byte("%PDF-")) || len(out) < 1000 {
		t.Errorf("not a PDF: %d bytes %.8q", len(out), out)
	}
}

package xlsx

import (
	"bytes"
	"fmt"
	"testing"
)

// FuzzRead feeds Read mutated workbooks: it must return a workbook or an
// error, never panic or hang.
func FuzzRead(f *testing.F) {
	one := writeForms(f, sampleForm("XA_A", "Xã A", 1))
	three := writeForms(f, sampleForm("XA_A", "Xã A", 1), sampleForm("XA_B", "Xã B", 2), sampleForm("XA_C", "Xã C", 3))
	f.Add(one)
	f.Add(three)
	f.Add(rewriteZip(f, one, "xl/worksheets/sheet1.xml", func(b []byte) []byte {
		return bytes.ReplaceAll(b, []byte(`r="E9"`), []byte(`r="XFD9"`))
	}))
	f.Add(storeZip(f, one))
	f.Add(storeZip(f, three))
	f.Add([]byte("PK\x03\x04"))
	f.Add([]byte{})
	const maxBytes = 256 << 10
	f.Fuzz(func(t *testing.T, data []byte) {
		wb, err := Read(bytes.NewReader(data), maxBytes)
		if err != nil {
			return
		}
		for _, sd := range wb.Sheets {
			for _, c := range sd.Cells {
				if c.Code == "" || c.Ref == "" {
					t.Errorf("cell without code or ref: %+v", c)
				}
			}
			_ = fmt.Sprint(sd.Problems)
		}
	})
}

func BenchmarkWrite100(b *testing.B) {
	form := bigForm(100)
	b.ReportAllocs()
	for b.Loop() {
		writeForms(b, form)
	}
}

func BenchmarkRead100(b *testing.B) {
	data := writeForms(b, bigForm(100))
	b.SetBytes(int64(len(data)))
	b.ReportAllocs()
	for b.Loop() {
		wb := readBytes(b, data)
		if len(wb.Sheets[0].Cells) != 100 {
			b.Fatalf("cells: got %v, want 100", len(wb.Sheets[0].Cells))
		}
	}
}

// bigForm is a form of n indicators of every type in sections of ten.
func bigForm(n int) Form {
	form := sampleForm("XA_A", "Xã A", 1)
	form.Rows = nil
	base := sampleForm("", "", 0).Rows
	for i := range n {
		r := base[i%len(base)]
		r.Code = fmt.Sprintf("CT_%03d", i)
		r.Section = fmt.Sprintf("Nhóm chỉ tiêu %d", i/10+1)
		form.Rows = append(form.Rows, r)
	}
	return form
}

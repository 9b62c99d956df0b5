package xlsx

import (
	"bytes"
	"context"
	"flag"
	"fmt"
	"os"
	"os/exec"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"time"

	"github.com/xuri/excelize/v2"
)

var update = flag.Bool("update", false, "rewrite testdata/*.golden")

// TestGolden compares the visible text of a written sheet, cell by cell,
// with testdata/form.golden. Hidden rows and columns are left out; merged
// ranges are listed so that layout changes show in review.
func TestGolden(t *testing.T) {
	data := writeForms(t, sampleForm("XA_AN_BINH", "Ban Dân vận xã An Bình", 3))
	got := dumpVisible(t, data)
	path := filepath.Join("testdata", "form.golden")
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
		t.Errorf("visible text differs from %s (run go test -update if the change is intended):\ngot:\n%s\nwant:\n%s", path, got, want)
	}
}

// dumpVisible lists every non-empty visible cell as "REF<TAB>text", with
// numbers as excelize formats them, followed by the merged ranges.
func dumpVisible(t testing.TB, data []byte) string {
	t.Helper()
	f, err := excelize.OpenReader(bytes.NewReader(data))
	if err != nil {
		t.Fatal(err)
	}
	defer f.Close()
	var b strings.Builder
	for _, s := range f.GetSheetList() {
		fmt.Fprintf(&b, "== %s ==\n", s)
		rows, err := f.GetRows(s, excelize.Options{RawCellValue: true})
		if err != nil {
			t.Fatal(err)
		}
		for i, row := range rows {
			if vis, _ := f.GetRowVisible(s, i+1); !vis {
				continue
			}
			for j, v := range row {
				col, _ := excelize.ColumnNumberToName(j + 1)
				if vis, _ := f.GetColVisible(s, col); !vis || v == "" {
					continue
				}
				ref := col + strconv.Itoa(i+1)
				typ, _ := f.GetCellType(s, ref)
				if typ == excelize.CellTypeUnset || typ == excelize.CellTypeNumber {
					v = "#" + v // a number, not text
				}
				fmt.Fprintf(&b, "%s\t%s\n", ref, strings.ReplaceAll(v, "\n", `\n`))
			}
		}
		merges, err := f.GetMergeCells(s, true)
		if err != nil {
			t.Fatal(err)
		}
		var ranges []string
		for _, m := range merges {
			ranges = append(ranges, m.GetStartAxis()+":"+m.GetEndAxis())
		}
		fmt.Fprintf(&b, "merged: %s\n", strings.Join(ranges, " "))
	}
	return b.String()
}

// convert converts an XLSX workbook with LibreOffice to the given filter
// and returns the converted file.
func convert(t *testing.T, soffice string, data []byte, filter, ext string) []byte {
	t.Helper()
	dir := t.TempDir()
	in := filepath.Join(dir, "form.xlsx")
	if err := os.WriteFile(in, data, 0o644); err != nil {
		t.Fatal(err)
	}
	outDir := filepath.Join(dir, "out")
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	// A private profile: a running LibreOffice or a parallel test would
	// otherwise hold the lock on the default one.
	cmd := exec.CommandContext(ctx, soffice,
		"-env:UserInstallation=file://"+filepath.Join(dir, "profile"),
		"--headless", "--convert-to", filter, "--outdir", outDir, in)
	cmd.Env = append(os.Environ(), "HOME="+dir)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	b, err := os.ReadFile(filepath.Join(outDir, "form."+ext))
	if err != nil {
		t.Fatalf("soffice wrote no %s: %v\n%s", ext, err, out)
	}
	return b
}

func itoa(n int) string { return strconv.Itoa(n) }

func atoi(s string) int {
	n, err := strconv.Atoi(s)
	if err != nil {
		panic(err)
	}
	return n
}

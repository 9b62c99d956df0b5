package docx

import (
	"context"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"testing"
	"time"
)

// lookTool finds an external program; without it the test is skipped,
// unless GIAOBAN_TEST_REQUIRE_ALL is set, when it fails.
func lookTool(t *testing.T, names ...string) string {
	t.Helper()
	for _, n := range names {
		if p, err := exec.LookPath(n); err == nil {
			return p
		}
	}
	if os.Getenv("GIAOBAN_TEST_REQUIRE_ALL") != "" {
		t.Fatalf("%s not installed and GIAOBAN_TEST_REQUIRE_ALL is set", names[0])
	}
	t.Skipf("%s not installed", names[0])
	return ""
}

// TestLibreOffice converts the sample report to PDF with LibreOffice and
// checks its text and page count. Set GIAOBAN_DOCX_PREVIEW to a directory
// to keep the DOCX, the PDF and PNGs of the pages there for a look.
func TestLibreOffice(t *testing.T) {
	if testing.Short() {
		t.Skip("LibreOffice conversion is slow")
	}
	soffice := lookTool(t, "soffice", "libreoffice")
	dir := t.TempDir()
	tests := []struct {
		name      string
		doc       Document
		wantText  []string
		wantPages int // 0: not checked
	}{
		{"report", sampleReport(), []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "26.180.000.000", "Số 15-BC/BDVTU", "K/T TRƯỞNG BAN", "Nguyễn Văn A", "Nơi nhận:"}, 0},
		{"long", longReport(), []string{"NỘI DUNG BÁO CÁO PHẦN XVI"}, 0},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			docx := filepath.Join(dir, tt.name+".docx")
			if err := os.WriteFile(docx, mustBytes(t, tt.doc), 0o644); err != nil {
				t.Fatal(err)
			}
			pdf := convertPDF(t, soffice, dir, docx)
			text := pdfText(t, pdf)
			if text == "" {
				return
			}
			for _, w := range tt.wantText {
				if !strings.Contains(text, w) {
					t.Errorf("PDF text lacks %q", w)
				}
			}
			pages := strings.Split(strings.TrimRight(text, "\f"), "\f")
			t.Logf("%s: %d pages", tt.name, len(pages))
			// Page numbers: none on page 1, centred at the top of the others.
			if strings.HasPrefix(strings.TrimSpace(pages[0]), "1") {
				t.Errorf("page 1 starts with a page number: %.40q", pages[0])
			}
			for i := 1; i < len(pages); i++ {
				if first, _, _ := strings.Cut(strings.TrimSpace(pages[i]), "\n"); strings.TrimSpace(first) != strconv.Itoa(i+1) {
					t.Errorf("page %d: got first line %q, want the page number", i+1, first)
				}
			}
			if tt.name == "long" && (len(pages) < 30 || len(pages) > 60) {
				t.Errorf("long report: got %d pages, want about 40", len(pages))
			}
			renderPNG(t, pdf, tt.name)
		})
	}
}

// convertPDF runs LibreOffice headless with a throw-away profile.
func convertPDF(t *testing.T, soffice, dir, docx string) string {
	t.Helper()
	home := t.TempDir()
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Minute)
	defer cancel()
	profile := (&url.URL{Scheme: "file", Path: filepath.Join(home, "lo-profile")}).String()
	cmd := exec.CommandContext(ctx, soffice, "-env:UserInstallation="+profile,
		"--headless", "--norestore", "--convert-to", "pdf", "--outdir", dir, docx)
	cmd.Env = append(os.Environ(), "HOME="+home)
	out, err := cmd.CombinedOutput()
	if err != nil {
		t.Fatalf("soffice: %v\n%s", err, out)
	}
	pdf := strings.TrimSuffix(docx, ".docx") + ".pdf"
	st, err := os.Stat(pdf)
	if err != nil {
		t.Fatalf("no PDF: %v\n%s", err, out)
	}
	if st.Size() == 0 {
		t.Fatal("empty PDF")
	}
	return pdf
}

// pdfText returns the text of the PDF, pages separated by form feeds, or
// "" when pdftotext is not installed.
func pdfText(t *testing.T, pdf string) string {
	t.Helper()
	bin, err := exec.LookPath("pdftotext")
	if err != nil {
		if os.Getenv("GIAOBAN_TEST_REQUIRE_ALL") != "" {
			t.Fatal("pdftotext not installed and GIAOBAN_TEST_REQUIRE_ALL is set")
		}
		t.Log("pdftotext not installed: PDF text not checked")
		return ""
	}
	out, err := exec.Command(bin, "-layout", "-enc", "UTF-8", pdf, "-").Output()
	if err != nil {
		t.Fatalf("pdftotext: %v", err)
	}
	return string(out)
}

var pngName = regexp.MustCompile(`^page-\d+\.png$`)

// renderPNG renders the first pages at 60 dpi, checks the images exist,
// and copies them with the PDF to GIAOBAN_DOCX_PREVIEW when set.
func renderPNG(t *testing.T, pdf, name string) {
	t.Helper()
	bin, err := exec.LookPath("pdftoppm")
	if err != nil {
		t.Log("pdftoppm not installed: no preview")
		return
	}
	dir := t.TempDir()
	if out, err := exec.Command(bin, "-png", "-r", "60", "-f", "1", "-l", "3", pdf, filepath.Join(dir, "page")).CombinedOutput(); err != nil {
		t.Fatalf("pdftoppm: %v\n%s", err, out)
	}
	entries, err := os.ReadDir(dir)
	if err != nil {
		t.Fatal(err)
	}
	var pngs []string
	for _, e := range entries {
		if pngName.MatchString(e.Name()) {
			pngs = append(pngs, e.Name())
		}
	}
	if len(pngs) == 0 {
		t.Fatal("pdftoppm wrote no PNG")
	}
	keep := os.Getenv("GIAOBAN_DOCX_PREVIEW")
	if keep == "" {
		return
	}
	if err := os.MkdirAll(keep, 0o755); err != nil {
		t.Fatal(err)
	}
	copyFile := func(src, dst string) {
		b, err := os.ReadFile(src)
		if err != nil {
			t.Fatal(err)
		}
		if err := os.WriteFile(dst, b, 0o644); err != nil {
			t.Fatal(err)
		}
	}
	for _, p := range pngs {
		copyFile(filepath.Join(dir, p), filepath.Join(keep, name+"-"+p))
	}
	copyFile(pdf, filepath.Join(keep, name+".pdf"))
	copyFile(strings.TrimSuffix(pdf, ".pdf")+".docx", filepath.Join(keep, name+".docx"))
	t.Logf("preview in %s", keep)
}

package main

import (
	"context"
	"errors"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"giaoban/internal/apptest"
	"giaoban/internal/news"
	"giaoban/internal/period"
	"giaoban/internal/search"
)

func writeFile(t *testing.T, name, body string) string {
	t.Helper()
	p := filepath.Join(t.TempDir(), name)
	if err := os.WriteFile(p, []byte(body), 0o600); err != nil {
		t.Fatal(err)
	}
	return p
}

// articleCount is the number of published articles in the database at path.
func articleCount(t *testing.T, path string) int {
	t.Helper()
	db := openStore(t, path)
	if err := db.Migrate(context.Background()); err != nil {
		t.Fatal(err)
	}
	_, n, err := db.ListArticles(context.Background(), news.Filter{Status: news.StatusPublished, Limit: 1})
	if err != nil {
		t.Fatal(err)
	}
	return n
}

func TestCLIImportNews(t *testing.T) {
	path := sqlitePath(t)
	good := writeFile(t, "good.jsonl", `{"id": "tin-1", "title": "Hội nghị giao ban quý I/2019", "body": "Sáng 28/3, Ban Dân vận Tỉnh uỷ tổ chức hội nghị.", "published_at": "2019-03-28", "source": "https://cu.example/tin/1"}
{"id": "tin-2", "title": "Đại hội MTTQ", "body": "Nội dung", "published_at": "2019-04-02T08:00:00+07:00", "source": "https://cu.example/tin/2"}
`)
	bad := writeFile(t, "bad.jsonl", `{"id": "tin-3", "title": "Đúng", "body": "Nội dung", "published_at": "2019-03-28"}
{"id": "tin-4", "title": "Sai ngày", "body": "Nội dung", "published_at": "ngày 28/3"}
{"id": "tin-5", "title": "Thiếu nội dung", "published_at": "2019-03-28"}
{"id": "tin-6", "title": "JSON hỏng"
`)
	// A malformed file: every bad line is named and nothing is imported.
	_, _, err := runCLI(t, "", "import", "news", "--db", path, bad)
	if err == nil {
		t.Fatal("bad file imported")
	}
	for _, want := range []string{"Tệp có 3 dòng lỗi nên chưa nhập bài nào", "Dòng 2: ngày đăng", "Dòng 3: thiếu nội dung (body).", "Dòng 4: không phải JSON hợp lệ"} {
		if !strings.Contains(err.Error(), want) {
			t.Errorf("error %q does not contain %q", err, want)
		}
	}
	if strings.Index(err.Error(), "Dòng 2") > strings.Index(err.Error(), "Dòng 4") {
		t.Errorf("problems out of line order: %s", err)
	}
	if n := articleCount(t, path); n != 0 {
		t.Errorf("%d articles after a failed import, want 0", n)
	}

	stdout, stderr, err := runCLI(t, "", "import", "news", "--db", path, good)
	if err != nil {
		t.Fatalf("import: %v (%s)", err, stderr)
	}
	if !strings.HasPrefix(stdout, "Đã nhập 2 bài viết trong ") || !strings.Contains(stdout, " giây.") {
		t.Errorf("stdout %q", stdout)
	}
	stdout, _, err = runCLI(t, "", "import", "news", "--db", path, good)
	if err != nil || !strings.Contains(stdout, "Đã nhập 0 bài viết (bỏ qua 2 bài đã có)") {
		t.Errorf("second run: %q %v", stdout, err)
	}
	db := openStore(t, path)
	a, err := db.FindArticleByLegacyID(context.Background(), "tin-1")
	if err != nil || a.Slug != "hoi-nghi-giao-ban-quy-i-2019" || !strings.Contains(a.Summary, "Tỉnh ủy") {
		t.Errorf("tin-1: %+v %v", a, err)
	}

	if _, _, err := runCLI(t, "", "import", "news", "--db", path); !errors.Is(err, errUsage) {
		t.Errorf("no file: %v", err)
	}
	if _, _, err := runCLI(t, "", "import", "news", "--db", path, filepath.Join(t.TempDir(), "khong-co.jsonl")); err == nil {
		t.Errorf("missing file imported")
	}
}

// TestCLIImportNewsCorpus imports the 1,100 real articles of
// ../shared/data/corpus-vi (read at run time, never copied).
func TestCLIImportNewsCorpus(t *testing.T) {
	corpus := apptest.SharedData(t, "corpus-vi/corpus.jsonl")
	path := sqlitePath(t)
	start := time.Now()
	stdout, stderr, err := runCLI(t, "", "import", "news", "--db", path, corpus)
	if err != nil {
		t.Fatalf("import corpus: %v (%s)", err, stderr)
	}
	t.Logf("%s (%v)", strings.TrimSpace(stdout), time.Since(start))
	if !strings.HasPrefix(stdout, "Đã nhập 1.100 bài viết") && !strings.HasPrefix(stdout, "Đã nhập 1100 bài viết") {
		t.Errorf("stdout %q", stdout)
	}
	if n := articleCount(t, path); n != 1100 {
		t.Errorf("%d articles, want 1100", n)
	}
	db := openStore(t, path)
	ctx := context.Background()
	a, err := db.FindArticleByLegacyID(ctx, "unc-business-001")
	if err != nil || !strings.HasPrefix(a.Title, "Vinamilk") || a.SourceURL == "" || a.PublishedAt.Year() != 2020 {
		t.Errorf("unc-business-001: %+v %v", a, err)
	}
	// Decomposed (NFD) documents are stored composed.
	g, err := db.FindArticleByLegacyID(ctx, "gov-1654-NQ-UBTVQH15")
	if err != nil || g.PublishedAt.In(period.Vietnam).Year() != 2025 {
		t.Errorf("gov-1654: %v", err)
	}
	if ix := searchIndex(db); ix != nil {
		res, err := ix.Search(ctx, search.Query{Text: "Vinamilk", PublicOnly: true, Limit: 10})
		if err != nil || res.Total == 0 {
			t.Errorf("search after import: %+v %v", res, err)
		}
	}
}

package news

import (
	"strings"
	"testing"
	"time"

	"giaoban/internal/apperr"
)

func TestParseImport(t *testing.T) {
	in := strings.Join([]string{
		`{"id": "a-1", "title": "Hội nghị giao ban công tác dân vận quý I/2019", "body": "Sáng 28/3, Ban Dân vận Tỉnh uỷ tổ chức hội nghị.\n- Dòng bắt đầu bằng gạch\n**không đậm**", "published_at": "2019-03-28T15:00:00+07:00", "source": "https://cu.example/tin/1"}`,
		``,
		`{"id": 42, "title": "Tin số", "body": "Nội dung", "date": "20201001", "category": "Hoạt động", "tags": ["Dân vận", "dân vận"], "extra": true}`,
		`{"id": "gov-1", "title": "Nghị quyết", "body": "Văn bản", "published_at": "2025"}`,
	}, "\n")
	as, err := ParseImport(strings.NewReader(in))
	if err != nil {
		t.Fatal(err)
	}
	if len(as) != 3 {
		t.Fatalf("got %d articles, want 3", len(as))
	}
	a := as[0]
	if a.LegacyID != "a-1" || a.Status != StatusPublished || a.Slug != "hoi-nghi-giao-ban-cong-tac-dan-van-quy-i-2019" || a.SourceURL != "https://cu.example/tin/1" {
		t.Errorf("article 1: %+v", a)
	}
	if !a.PublishedAt.Equal(time.Date(2019, 3, 28, 8, 0, 0, 0, time.UTC)) {
		t.Errorf("published_at %v", a.PublishedAt)
	}
	if !strings.Contains(a.Summary, "Tỉnh ủy") {
		t.Errorf("summary not normalised: %q", a.Summary)
	}
	if strings.Contains(a.BodyHTML, "<strong>") || strings.Contains(a.BodyHTML, "<ul>") || strings.Count(a.BodyHTML, "<p>") != 3 {
		t.Errorf("plain text read as Markdown: %s", a.BodyHTML)
	}
	b := as[1]
	if b.LegacyID != "42" || len(b.Categories) != 1 || b.Categories[0].Slug != "hoat-dong" || len(b.Tags) != 1 {
		t.Errorf("article 2: %+v", b)
	}
	if !b.PublishedAt.Equal(time.Date(2020, 9, 30, 17, 0, 0, 0, time.UTC)) {
		t.Errorf("date 20201001 read as %v", b.PublishedAt)
	}
}

func TestParseImportRejects(t *testing.T) {
	in := strings.Join([]string{
		`{"id": "ok-1", "title": "Đúng", "body": "Nội dung", "published_at": "2019-03-28"}`,
		`{"id": "ok-2", "title": "Thiếu ngoặc", "body": "x", "published_at": "2019-03-28"`,
		`{"id": "ok-3", "title": "  ", "body": "Nội dung", "published_at": "2019-03-28"}`,
		`{"id": "ok-4", "title": "Không nội dung", "published_at": "2019-03-28"}`,
		`{"id": "ok-5", "title": "Ngày sai", "body": "x", "published_at": "28/13/2019"}`,
		`{"id": "ok-1", "title": "Trùng mã", "body": "x", "published_at": "2019-03-28"}`,
		`{"title": "Không mã", "body": "x", "published_at": "2019-03-28"}`,
		`{"id": "ok-8", "title": "Không ngày", "body": "x"}`,
		`{"id": "ok-9", "title": 5, "body": "x", "published_at": "2019-03-28"}`,
	}, "\n")
	as, err := ParseImport(strings.NewReader(in))
	if err == nil || as != nil {
		t.Fatalf("got %d articles, err %v; want nothing and an error", len(as), err)
	}
	if apperr.Code(err) != apperr.EINVALID {
		t.Fatalf("code %s", apperr.Code(err))
	}
	f := apperr.FieldsOf(err)
	want := map[string]string{
		"line 2": "Dòng 2: không phải JSON hợp lệ",
		"line 3": "Dòng 3: thiếu tiêu đề (title).",
		"line 4": "Dòng 4: thiếu nội dung (body).",
		"line 5": `Dòng 5: ngày đăng (published_at) "28/13/2019" không hợp lệ`,
		"line 6": `Dòng 6: mã bài "ok-1" trùng với dòng 1.`,
		"line 7": "Dòng 7: thiếu mã bài (id).",
		"line 8": "Dòng 8: thiếu ngày đăng (published_at).",
		"line 9": `Dòng 9: không phải JSON hợp lệ (trường "title" phải là chuỗi).`,
	}
	if len(f) != len(want) {
		t.Errorf("got %d problems, want %d: %v", len(f), len(want), f)
	}
	for k, w := range want {
		if !strings.HasPrefix(f[k], w) {
			t.Errorf("%s: got %q, want %q…", k, f[k], w)
		}
	}
	if msg := apperr.Message(err); msg != "Tệp có 8 dòng lỗi nên chưa nhập bài nào:" {
		t.Errorf("message %q", msg)
	}
	if _, err := ParseImport(strings.NewReader("\n\n")); apperr.Code(err) != apperr.EINVALID {
		t.Errorf("empty file: %v", err)
	}
}

func TestParseImportTime(t *testing.T) {
	ok := map[string]time.Time{
		"2019-03-28T09:00:00+07:00": time.Date(2019, 3, 28, 2, 0, 0, 0, time.UTC),
		"2019-03-28T02:00:00Z":      time.Date(2019, 3, 28, 2, 0, 0, 0, time.UTC),
		"2019-03-28":                time.Date(2019, 3, 27, 17, 0, 0, 0, time.UTC),
		"2019-03-28 09:00":          time.Date(2019, 3, 28, 2, 0, 0, 0, time.UTC),
		"28/03/2019":                time.Date(2019, 3, 27, 17, 0, 0, 0, time.UTC),
		"20190328":                  time.Date(2019, 3, 27, 17, 0, 0, 0, time.UTC),
	}
	for in, want := range ok {
		if got, good := ParseImportTime(in); !good || !got.Equal(want) {
			t.Errorf("ParseImportTime(%q) = %v %v, want %v", in, got, good, want)
		}
	}
	for _, in := range []string{"", "hôm qua", "2019-02-30", "32/01/2019", "0001-01-01", "2019-03-28T25:00"} {
		if _, good := ParseImportTime(in); good {
			t.Errorf("ParseImportTime(%q) accepted", in)
		}
	}
}

package news

import (
	"bufio"
	"bytes"
	"encoding/json"
	"errors"
	"fmt"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

// Limits of an import file.
const (
	maxImportLine  = 16 << 20 // bytes of one JSON line
	maxImportTitle = 1000     // archive titles are sometimes a whole first sentence
	maxLegacyID    = 200
	maxErrorsShown = 50
)

// importLine is one line of an import file. Unknown fields are ignored;
// "date" is the corpus's name for published_at.
type importLine struct {
	ID          json.RawMessage `json:"id"`
	Title       *string         `json:"title"`
	Body        *string         `json:"body"`
	PublishedAt string          `json:"published_at"`
	Date        string          `json:"date"`
	Source      string          `json:"source"`
	Summary     string          `json:"summary"`
	Author      string          `json:"author"`
	Category    string          `json:"category"`
	Categories  []string        `json:"categories"`
	Tags        []string        `json:"tags"`
}

// ParseImport reads an archive in JSON Lines (one article a line: id,
// title, body, published_at, source) and returns the articles to publish,
// with their legacy IDs, bodies turned into Markdown and rendered, and
// summaries cut from the first paragraph. Every line is checked before
// anything is returned: if any line is wrong, the EINVALID error lists
// each wrong line by number ("Dòng 3: thiếu tiêu đề (title).") and no
// article is returned. Blank lines are skipped.
func ParseImport(r io.Reader) ([]Article, error) {
	sc := bufio.NewScanner(r)
	sc.Buffer(make([]byte, 0, 1<<20), maxImportLine)
	var out []Article
	problems := map[string]string{}
	var order []string
	fail := func(n int, format string, args ...any) {
		key := "line " + strconv.Itoa(n)
		if _, dup := problems[key]; dup {
			return
		}
		problems[key] = fmt.Sprintf("Dòng %d: ", n) + fmt.Sprintf(format, args...)
		order = append(order, key)
	}
	seen := map[string]int{}
	n := 0
	for sc.Scan() {
		n++
		raw := bytes.TrimSpace(sc.Bytes())
		if len(raw) == 0 {
			continue
		}
		if !utf8.Valid(raw) {
			fail(n, "không phải văn bản UTF-8.")
			continue
		}
		var l importLine
		if err := json.Unmarshal(raw, &l); err != nil {
			fail(n, "không phải JSON hợp lệ (%s).", jsonProblem(err))
			continue
		}
		a, msg := l.article()
		if msg != "" {
			fail(n, "%s", msg)
			continue
		}
		if first, dup := seen[a.LegacyID]; dup {
			fail(n, "mã bài %q trùng với dòng %d.", a.LegacyID, first)
			continue
		}
		seen[a.LegacyID] = n
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		if err == bufio.ErrTooLong {
			fail(n+1, "dòng dài quá 16 MB.")
		} else {
			return nil, fmt.Errorf("read import file: %w", err)
		}
	}
	if len(problems) > 0 {
		msg := fmt.Sprintf("Tệp có %d dòng lỗi nên chưa nhập bài nào:", len(problems))
		if len(order) > maxErrorsShown {
			for _, k := range order[maxErrorsShown:] {
				delete(problems, k)
			}
			problems["line 999999999"] = fmt.Sprintf("… và %d dòng lỗi khác.", len(order)-maxErrorsShown)
		}
		return nil, apperr.Invalid(msg, problems)
	}
	if len(out) == 0 {
		return nil, apperr.Errorf(apperr.EINVALID, "Tệp không có bài nào.")
	}
	return out, nil
}

func jsonProblem(err error) string {
	var se *json.SyntaxError
	var te *json.UnmarshalTypeError
	switch {
	case errors.As(err, &se):
		return fmt.Sprintf("lỗi cú pháp ở ký tự %d", se.Offset)
	case errors.As(err, &te):
		return fmt.Sprintf("trường %q phải là %s", te.Field, jsonKind(te.Type.Kind().String()))
	}
	return "lỗi cú pháp"
}

func jsonKind(k string) string {
	switch k {
	case "string":
		return "chuỗi"
	case "slice":
		return "danh sách"
	}
	return k
}

// article checks one line and builds its article; msg says what is wrong.
func (l importLine) article() (a Article, msg string) {
	id := strings.TrimSpace(string(l.ID))
	if strings.HasPrefix(id, `"`) {
		if err := json.Unmarshal(l.ID, &id); err != nil {
			return a, "mã bài (id) không hợp lệ."
		}
		id = strings.TrimSpace(id)
	} else if id != "" && id != "null" {
		if _, err := strconv.ParseInt(id, 10, 64); err != nil {
			return a, "mã bài (id) phải là chuỗi hoặc số nguyên."
		}
	}
	if id == "" || id == "null" {
		return a, "thiếu mã bài (id)."
	}
	if len(id) > maxLegacyID || strings.ContainsAny(id, "/?#\\ \t\n") {
		return a, fmt.Sprintf("mã bài %q không hợp lệ (không quá 200 ký tự, không có dấu cách, /, ?, #).", id)
	}
	title := ""
	if l.Title != nil {
		title = vntext.Normalize(*l.Title)
	}
	if title == "" {
		return a, "thiếu tiêu đề (title)."
	}
	if utf8.RuneCountInString(title) > maxImportTitle {
		return a, "tiêu đề dài quá 1.000 ký tự."
	}
	if BaseSlug(title) == "" {
		return a, "tiêu đề phải có chữ hoặc số."
	}
	body := ""
	if l.Body != nil {
		body = strings.TrimSpace(vntext.NormalizeText(*l.Body))
	}
	if body == "" {
		return a, "thiếu nội dung (body)."
	}
	dateText, field := l.PublishedAt, "published_at"
	if strings.TrimSpace(dateText) == "" {
		dateText, field = l.Date, "date"
	}
	if strings.TrimSpace(dateText) == "" {
		return a, "thiếu ngày đăng (published_at)."
	}
	at, ok := ParseImportTime(dateText)
	if !ok {
		return a, fmt.Sprintf("ngày đăng (%s) %q không hợp lệ; cần dạng 2019-03-28 hoặc 2019-03-28T09:00:00+07:00.", field, dateText)
	}
	md := MarkdownFromText(body)
	if len(md) > MaxBody*4 {
		return a, "nội dung dài quá 800.000 byte."
	}
	cats := l.Categories
	if l.Category != "" {
		cats = append([]string{l.Category}, cats...)
	}
	in := Input{Categories: cats, Tags: l.Tags}
	in.Normalize()
	summary := vntext.Normalize(l.Summary)
	if summary == "" {
		first, _, _ := strings.Cut(body, "\n")
		summary = Excerpt(first, 300)
	}
	a = Article{
		Slug: BaseSlug(title), Title: title, Summary: Excerpt(summary, MaxSummary),
		Body: md, BodyHTML: RenderHTML(md), Byline: vntext.Normalize(l.Author),
		Categories: Categories(in.Categories), Tags: in.Tags,
		Status: StatusPublished, PublishedAt: at, LegacyID: id, SourceURL: strings.TrimSpace(l.Source),
	}
	return a, ""
}

// ParseImportTime reads a publication time: RFC 3339, or a date (and time)
// in Vietnam's time zone written 2019-03-28, 2019-03-28 09:00[:00],
// 2019-03-28T09:00[:00], 28/03/2019, 20190328 or a bare year 2019.
func ParseImportTime(s string) (time.Time, bool) {
	s = strings.TrimSpace(s)
	if t, err := time.Parse(time.RFC3339, s); err == nil {
		return t.UTC(), true
	}
	for _, layout := range []string{"2006-01-02", "2006-01-02 15:04:05", "2006-01-02T15:04:05", "2006-01-02 15:04",
		"2006-01-02T15:04", "02/01/2006", "20060102", "2006"} {
		if t, err := time.ParseInLocation(layout, s, period.Vietnam); err == nil && t.Year() >= 1900 && t.Year() < 3000 {
			return t.UTC(), true
		}
	}
	return time.Time{}, false
}

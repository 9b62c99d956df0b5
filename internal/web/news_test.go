package web_test

import (
	"bytes"
	"encoding/xml"
	"mime/multipart"
	"net/http"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"

	"giaoban/internal/apptest"
	"giaoban/internal/news"
)

func inputOf(a *news.Article) news.Input {
	return news.Input{Title: a.Title, Summary: a.Summary, Body: a.Body, Byline: a.Byline,
		Categories: news.CategoryNames(a.Categories), Tags: a.Tags, Featured: a.Featured}
}

func newsMeta(alt string) news.ImageMeta { return news.ImageMeta{Caption: alt, Alt: alt} }

// postMultipart posts a multipart form (with the client's CSRF token) and
// an optional file in the field "file".
func postMultipart(c *apptest.Client, path string, fields map[string]string, file []byte) (*http.Response, string) {
	var b bytes.Buffer
	w := multipart.NewWriter(&b)
	w.WriteField("csrf", c.CSRF)
	for k, v := range fields {
		w.WriteField(k, v)
	}
	if file != nil {
		fw, _ := w.CreateFormFile("file", "anh.jpg")
		fw.Write(file)
	}
	w.Close()
	req, _ := http.NewRequest("POST", c.Base+path, &b)
	req.Header.Set("Content-Type", w.FormDataContentType())
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

var articleIDRe = regexp.MustCompile(`^/bien-tap/tin/(\d+)$`)

// TestNewsEditorFlow drives the editor's pages: draft, edit, photos,
// review, publish, schedule, revisions, the year's theme.
func TestNewsEditorFlow(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	cv := srv.NewClient(t)
	cv.Login("chuyenvien", "demo")
	ed := srv.NewClient(t)
	ed.Login("bientap", "demo")
	anon := srv.NewClient(t)

	if res, body := cv.Get("/bien-tap/tin/moi"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Viết bài mới") {
		t.Fatalf("new form: %d", res.StatusCode)
	}
	// A missing title re-shows the form with the error and what was typed.
	res, body := cv.PostFormBody("/bien-tap/tin", url.Values{"title": {" "}, "body": {"Nội dung đã gõ"}})
	if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Vui lòng nhập tiêu đề.") || !strings.Contains(body, "Nội dung đã gõ") {
		t.Fatalf("empty title: %d", res.StatusCode)
	}
	form := url.Values{"title": {"Hội nghị giao ban công tác dân vận quý I/2019"}, "summary": {"Sáng 28/3, Ban Dân vận Tỉnh uỷ tổ chức hội nghị."},
		"body": {"Hội nghị đánh giá kết quả quý I.\n\n## Nhiệm vụ quý II\n\n1. Tổ chức Đại hội MTTQ các cấp"}, "byline": {"Minh Anh"},
		"categories": {"Hoạt động, Giao ban"}, "tags": {"giao ban, quý I"}, "featured": {"1"}}
	res = cv.PostForm("/bien-tap/tin", form)
	m := articleIDRe.FindStringSubmatch(res.Header.Get("Location"))
	if res.StatusCode != http.StatusSeeOther || m == nil {
		t.Fatalf("create: %d %q", res.StatusCode, res.Header.Get("Location"))
	}
	base := m[0]
	res, body = ed.Get(base)
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "Trạng thái: Bản nháp") || !strings.Contains(body, `value="Hoạt động, Giao ban"`) ||
		!strings.Contains(body, "Tỉnh ủy") || !strings.Contains(body, "/tin/hoi-nghi-giao-ban-cong-tac-dan-van-quy-i-2019") {
		t.Fatalf("edit page: %d\n%s", res.StatusCode, body)
	}
	// Save at version 1; a second save at version 1 is a conflict.
	form.Del("csrf") // PostForm added the other client's token
	form.Set("version", "1")
	form.Set("body", form.Get("body")+"\n2. Đại hội đại biểu các dân tộc thiểu số tỉnh")
	if res := ed.PostForm(base, form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("save: %d", res.StatusCode)
	}
	form.Del("csrf")
	cv.Get(base)
	if res, body := cv.PostFormBody(base, form); res.StatusCode != http.StatusConflict || !strings.Contains(body, "bientap") {
		t.Errorf("stale save: %d", res.StatusCode)
	}
	// Photos: one with a file, one slot; alt text is required.
	ed.Get(base)
	if res, body := postMultipart(ed, base+"/anh", map[string]string{"caption": "Toàn cảnh hội nghị"}, jpegPhoto(t, 800, 600)); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Vui lòng nhập mô tả ảnh") {
		t.Errorf("photo without alt: %d", res.StatusCode)
	}
	if res, body := postMultipart(ed, base+"/anh", map[string]string{"caption": "Ảnh", "alt": "Không phải ảnh"}, []byte("GIF89a...")); res.StatusCode != http.StatusUnprocessableEntity ||
		!strings.Contains(body, "Chỉ nhận ảnh JPEG hoặc PNG.") {
		t.Errorf("not a photo: %d", res.StatusCode)
	}
	if res, _ := postMultipart(ed, base+"/anh", map[string]string{"caption": "Toàn cảnh hội nghị", "alt": "Toàn cảnh hội trường"}, jpegPhoto(t, 800, 600)); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add photo: %d", res.StatusCode)
	}
	if res, _ := postMultipart(ed, base+"/anh", map[string]string{"caption": "Đồng chí Trưởng ban phát biểu", "alt": "Trưởng ban phát biểu"}, nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("add slot: %d", res.StatusCode)
	}
	_, body = ed.Get(base)
	if !strings.Contains(body, "Ô ảnh chưa có ảnh") || strings.Count(body, `<div class="image-row">`) != 2 {
		t.Errorf("photos on the form:\n%s", body)
	}
	// Review, return, review, publish.
	for _, step := range []struct{ path, version, want string }{
		{"/gui-duyet", "2", "Chờ duyệt"}, {"/tra-lai", "3", "Bản nháp"}, {"/gui-duyet", "4", "Chờ duyệt"}, {"/dang", "5", "Đã đăng"},
	} {
		res := ed.PostForm(base+step.path, url.Values{"version": {step.version}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("%s: %d", step.path, res.StatusCode)
		}
		if _, body := ed.Get(base); !strings.Contains(body, "Trạng thái: "+step.want) {
			t.Fatalf("after %s: not %s", step.path, step.want)
		}
	}
	res, body = anon.Get("/tin/hoi-nghi-giao-ban-cong-tac-dan-van-quy-i-2019")
	if res.StatusCode != http.StatusOK || !strings.Contains(body, "<h2>Nhiệm vụ quý II</h2>") || !strings.Contains(body, "<figcaption>Toàn cảnh hội nghị</figcaption>") ||
		strings.Contains(body, "Trưởng ban phát biểu") {
		t.Errorf("published page: %d\n%s", res.StatusCode, body)
	}
	if _, body := anon.Get("/"); !strings.Contains(body, "Tin nổi bật") || !strings.Contains(body, "Hội nghị giao ban công tác dân vận quý I/2019") {
		t.Errorf("home page lacks the article")
	}
	// Found by searching without diacritics and by the expansion of MTTQ.
	for _, q := range []string{"tinh+uy", "Mat+tran+To+quoc", "hoi+nghi+giao+ban"} {
		if _, body := anon.Get("/tim-kiem?q=" + q); !strings.Contains(body, "/tin/hoi-nghi-giao-ban-cong-tac-dan-van-quy-i-2019") {
			t.Errorf("search %s does not find the article", q)
		}
	}
	// Revisions: one per save; restoring the first brings its body back,
	// and the article stays published.
	_, body = ed.Get(base + "/phien-ban")
	if strings.Count(body, "/phien-ban?v=") != 6 {
		t.Errorf("revisions page:\n%s", body)
	}
	if _, body := ed.Get(base + "/phien-ban?v=1"); !strings.Contains(body, "Khôi phục phiên bản này") || strings.Contains(body, "dân tộc thiểu số") {
		t.Errorf("revision 1 page")
	}
	if res := ed.PostForm(base+"/phien-ban/1/khoi-phuc", url.Values{"version": {"6"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("restore: %d", res.StatusCode)
	}
	if _, body := anon.Get("/tin/hoi-nghi-giao-ban-cong-tac-dan-van-quy-i-2019"); strings.Contains(body, "dân tộc thiểu số") {
		t.Errorf("restored text not on the portal")
	}
	// Unpublish: gone from the portal and from its search.
	if res := ed.PostForm(base+"/go", url.Values{"version": {"7"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("unpublish: %d", res.StatusCode)
	}
	if res, _ := anon.Get("/tin/hoi-nghi-giao-ban-cong-tac-dan-van-quy-i-2019"); res.StatusCode != http.StatusNotFound {
		t.Errorf("unpublished article: %d", res.StatusCode)
	}
	if _, body := anon.Get("/tim-kiem?q=tinh+uy"); strings.Contains(body, "/tin/hoi-nghi-giao-ban-cong-tac-dan-van-quy-i-2019") {
		t.Errorf("unpublished article still found")
	}
	// Scheduling: hidden until the time, listed under "Đã lên lịch".
	res = ed.PostForm(base+"/dang", url.Values{"version": {"8"}, "luc": {"2026-11-26T08:00"}})
	if res.StatusCode != http.StatusSeeOther {
		t.Fatalf("schedule: %d", res.StatusCode)
	}
	if _, body := ed.Get(base); !strings.Contains(body, "Trạng thái: Đã lên lịch đăng") || !strings.Contains(body, "08:00 26/11/2026") || !strings.Contains(body, `value="2026-11-26T08:00"`) {
		t.Errorf("scheduled form")
	}
	if res, _ := anon.Get("/tin/hoi-nghi-giao-ban-cong-tac-dan-van-quy-i-2019"); res.StatusCode != http.StatusNotFound {
		t.Errorf("scheduled article visible early: %d", res.StatusCode)
	}
	if _, body := anon.Get("/tim-kiem?q=tinh+uy"); strings.Contains(body, "/tin/hoi-nghi-giao-ban-cong-tac-dan-van-quy-i-2019") {
		t.Errorf("scheduled article found early")
	}
	if _, body := ed.Get("/bien-tap/tin?trang-thai=scheduled"); !strings.Contains(body, "Hội nghị giao ban công tác dân vận quý I/2019") {
		t.Errorf("scheduled list")
	}
	if res, body := ed.Get(base + "/xem-truoc"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Bản xem trước") ||
		res.Header.Get("Cache-Control") != "no-store" || !strings.Contains(body, `content="noindex, nofollow"`) {
		t.Errorf("preview: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
	if res, body := ed.PostFormBody(base+"/dang", url.Values{"version": {"9"}, "luc": {"mai"}}); res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "28/03/2019 15:00") {
		t.Errorf("bad schedule: %d", res.StatusCode)
	}
	// The year's theme.
	ed.Get("/bien-tap/tin")
	if res := ed.PostForm("/bien-tap/chu-de-nam", url.Values{"year": {"2026"}, "theme": {"Năm Dân vận chính quyền"}}); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("theme: %d", res.StatusCode)
	}
	if _, body := anon.Get("/"); !strings.Contains(body, "Chủ đề năm 2026: <strong>Năm Dân vận chính quyền</strong>") {
		t.Errorf("theme not on the portal")
	}
}

// activeHTML lists what in an HTML page could run script or load from
// elsewhere: inline scripts, event handler and style attributes, script
// URLs, frames and plugins, images not served by the portal.
func activeHTML(body string) []string {
	var out []string
	z := html.NewTokenizer(strings.NewReader(body))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return out
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			attr := map[string]string{}
			for _, a := range tok.Attr {
				attr[a.Key] = a.Val
				v := strings.ToLower(strings.TrimSpace(a.Val))
				if strings.HasPrefix(a.Key, "on") || a.Key == "style" || a.Key == "srcdoc" || a.Key == "formaction" {
					out = append(out, "<"+tok.Data+" "+a.Key+">")
				}
				if (a.Key == "href" || a.Key == "src" || a.Key == "action") && (strings.HasPrefix(v, "javascript:") || strings.HasPrefix(v, "data:") || strings.HasPrefix(v, "vbscript:")) {
					out = append(out, "<"+tok.Data+" "+a.Key+"="+a.Val+">")
				}
			}
			switch tok.Data {
			case "script":
				if !strings.HasPrefix(attr["src"], "/static/") {
					out = append(out, "inline <script>")
				}
			case "img":
				if !strings.HasPrefix(attr["src"], "/anh/") {
					out = append(out, "<img src="+attr["src"]+">")
				}
			case "iframe", "object", "embed", "svg", "math", "base", "frame", "style":
				out = append(out, "<"+tok.Data+">")
			}
		}
	}
}

// TestNewsXSS puts script into every text an editor types — title,
// summary, body, byline, categories, tags, photo caption and alt text —
// and checks that every page showing them, public or internal, and every
// feed keeps it inert.
func TestNewsXSS(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	svc := newsService(srv)
	ctx := t.Context()
	in := news.Input{
		Title:   `<script>alert("tiêu đề")</script> Tin thử XSS`,
		Summary: `"><img src=x onerror=alert(1)> tóm tắt`,
		Body: strings.Join([]string{
			`<script>alert(1)</script>`, `<img src=x onerror=alert(1)>`, `[bấm](javascript:alert(1))`, `[b](JAVASCRIPT:alert(1))`,
			`[c](data:text/html,<script>alert(1)</script>)`, `<a href="javascript:alert(1)">x</a>`, `<iframe src="https://evil.example"></iframe>`,
			`**<svg onload=alert(1)>**`, "`<script>`", `> <style>*{display:none}</style>`, `[d](https://ok.example/" onmouseover="alert(1))`,
		}, "\n\n"),
		Byline:     `<svg onload=alert(1)>Tác giả`,
		Categories: []string{`<b onmouseover=alert(1)>Chuyên mục</b>`},
		Tags:       []string{`javascript:alert(1)`, `"><script>alert(1)</script>`},
		Slots:      []news.Slot{{Caption: `<iframe src=javascript:alert(1)></iframe>`, Alt: `" onerror="alert(1)`}},
	}
	a, err := svc.Create(ctx, newsAdmin, in)
	if err != nil {
		t.Fatal(err)
	}
	if _, err := svc.UpdateImage(ctx, newsAdmin, a.Images[0].ID, news.ImageMeta{Caption: in.Slots[0].Caption, Alt: in.Slots[0].Alt}, jpegPhoto(t, 400, 300)); err != nil {
		t.Fatal(err)
	}
	if a, err = svc.Publish(ctx, newsAdmin, a.ID, a.Version, time.Time{}); err != nil {
		t.Fatal(err)
	}
	// Stored HTML is already clean.
	if bad := activeHTML(a.BodyHTML); len(bad) > 0 {
		t.Errorf("stored body: %v\n%s", bad, a.BodyHTML)
	}
	anon := srv.NewClient(t)
	ed := srv.NewClient(t)
	ed.Login("bientap", "demo")
	edit := "/bien-tap/tin/" + itoa(a.ID)
	pages := []struct {
		c   *apptest.Client
		url string
	}{
		{anon, "/"}, {anon, "/tin/" + a.Slug}, {anon, "/chuyen-muc/" + a.Categories[0].Slug}, {anon, "/tim-kiem?q=tin+thu+xss"},
		{anon, "/tim-kiem?q=" + url.QueryEscape(`<script>alert(1)</script>`)},
		{ed, "/bien-tap/tin"}, {ed, edit}, {ed, edit + "/xem-truoc"}, {ed, edit + "/phien-ban"}, {ed, edit + "/phien-ban?v=1"},
	}
	for _, p := range pages {
		res, body := p.c.Get(p.url)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: %d", p.url, res.StatusCode)
			continue
		}
		if bad := activeHTML(body); len(bad) > 0 {
			t.Errorf("%s: active markup %v", p.url, bad)
		}
	}
	// The words are still there, as text.
	if _, body := anon.Get("/tin/" + a.Slug); !strings.Contains(body, `&lt;script&gt;alert(&#34;tiêu đề&#34;)&lt;/script&gt; Tin thử XSS`) {
		t.Errorf("title not shown as text")
	}
	if _, body := anon.Get("/tim-kiem?q=tin+thu+xss"); !strings.Contains(body, "/tin/"+a.Slug) {
		t.Errorf("the article is not found")
	}
	for _, feed := range []string{"/rss.xml", "/atom.xml", "/sitemap.xml"} {
		_, body := anon.Get(feed)
		if err := xml.Unmarshal([]byte(body), new(struct{})); err != nil {
			t.Errorf("%s: not well-formed: %v", feed, err)
		}
		if strings.Contains(body, "<script") || strings.Contains(body, "<img") {
			t.Errorf("%s: markup not escaped", feed)
		}
	}
}

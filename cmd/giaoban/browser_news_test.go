package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserNews is issue 6's flow, through the pages only: chuyenvien
// drafts the news article from the demo's 28/3/2019 conference in one
// click; bientap edits it, sends it for review and publishes it; an
// anonymous visitor finds it on the portal by searching "tinh uy" and "Mat
// tran To quoc" (no diacritics), opens it, and reads the seed's figures.
// The article is known by the words the editor added to its title, so
// that another article about the same conference cannot pass for it.
func TestBrowserNews(t *testing.T) {
	ctx := newBrowser(t, 120*time.Second)
	m := startMain(t, sqlitePath(t), true)
	base := m.URL()
	b := newSession(t, ctx, base)
	const (
		confTitle = "Hội nghị giao ban công tác dân vận quý I, triển khai nhiệm vụ quý II năm 2019"
		chair     = "Hoàng Văn Nghiệm"
		edited    = " (bản biên tập)"
		added     = "Hội nghị đã thống nhất các nhiệm vụ trọng tâm công tác dân vận quý II năm 2019."
	)

	// 1. The commission finds the conference of Quý I/2019 and drafts the
	// article about it.
	b.login("chuyenvien")
	do(t, ctx, "open Hội nghị giao ban",
		chromedp.Navigate(base+"/hoi-nghi"),
		chromedp.WaitVisible(chromedp.ID("loc-ky")),
	)
	ky := get(t, ctx, "period option", chromedp.Evaluate[string](
		`(Array.from(document.querySelectorAll('#loc-ky option')).find(o => o.textContent.trim() === 'Quý I/2019') || {value: ''}).value`))
	if ky == "" {
		opts := get(t, ctx, "period options", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('#loc-ky option')).map(o => o.textContent.trim())`))
		t.Fatalf("conference filter: got periods %q, want Quý I/2019 among them", opts)
	}
	do(t, ctx, "filter by Quý I/2019",
		chromedp.SetValue(chromedp.ID("loc-ky"), ky),
		chromedp.Evaluate[chromedp.Void](`document.getElementById('danh-sach-hoi-nghi')?.remove()`),
		chromedp.Click(chromedp.CSS(`form[action="/hoi-nghi"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.ID("danh-sach-hoi-nghi")),
	)
	confPath := get(t, ctx, "conference link", chromedp.Evaluate[string](`(() => {
		const a = Array.from(document.querySelectorAll('#danh-sach-hoi-nghi tbody a')).find(a => a.textContent.trim() === `+jsString(confTitle)+`);
		return a ? a.getAttribute('href') : '';
	})()`))
	if !regexp.MustCompile(`^/hoi-nghi/\d+$`).MatchString(confPath) {
		list := b.text("conference list", chromedp.CSS("#danh-sach-hoi-nghi"))
		t.Fatalf("conferences of Quý I/2019: got %q, want a link to %q", list, confTitle)
	}
	do(t, ctx, "open the conference",
		chromedp.Click(chromedp.CSS(`#danh-sach-hoi-nghi tbody a[href="`+confPath+`"]`)),
		chromedp.WaitVisible(chromedp.ID("soan-tin")),
	)
	if facts := b.text("facts", chromedp.CSS("#thong-tin-hoi-nghi")); !strings.Contains(facts, "28/03/2019") || !strings.Contains(facts, chair) {
		t.Errorf("conference facts: got %q, want 28/03/2019 and %s", facts, chair)
	}
	do(t, ctx, "draft the article",
		clearFlash,
		chromedp.Click(chromedp.CSS(`#soan-tin button[type="submit"]`)),
		nextMessage,
	)
	b.noError("draft")
	editPath := location(t, ctx, base)
	if !regexp.MustCompile(`^/bien-tap/tin/\d+$`).MatchString(editPath) {
		t.Fatalf("after drafting: at %s, want the editor /bien-tap/tin/{id}", editPath)
	}
	if got := b.flash("draft message"); !strings.HasPrefix(got, "Đã soạn bản thảo tin bài") {
		t.Errorf("draft message: got %q, want a new draft written from the conference", got)
	}
	if got := b.text("article status", chromedp.CSS("#trang-thai")); got != "Trạng thái: Bản nháp" {
		t.Errorf("drafted article: got %q, want Trạng thái: Bản nháp", got)
	}
	title := get(t, ctx, "drafted title", chromedp.Value(chromedp.ID("title")))
	body := get(t, ctx, "drafted body", chromedp.Value(chromedp.ID("body")))
	t.Logf("drafted %s: %q", editPath, title)
	if strings.TrimSpace(title) == "" {
		t.Error("the drafted article has no title")
	}
	for _, w := range []string{chair, "trên 62 nghìn lượt quà tặng"} {
		if !strings.Contains(body, w) {
			t.Errorf("drafted body: want %q in it; got:\n%s", w, body)
		}
	}
	b.logout()

	// 2. The editor opens the draft from the list of drafts, retitles it,
	// adds a sentence, saves, sends it for review and publishes it.
	b.login("bientap")
	do(t, ctx, "open the drafts",
		chromedp.Navigate(base+"/bien-tap/tin?trang-thai=draft"),
		chromedp.WaitVisible(chromedp.CSS(`table.grid`)),
	)
	if got := b.text("draft row", chromedp.CSS(`table.grid a[href="`+editPath+`"]`)); got != title {
		t.Errorf("drafts list: the link to %s reads %q, want the drafted title %q", editPath, got, title)
	}
	do(t, ctx, "open the draft",
		chromedp.Click(chromedp.CSS(`table.grid a[href="`+editPath+`"]`)),
		chromedp.WaitVisible(chromedp.ID("body")),
	)
	newTitle := title + edited
	do(t, ctx, "edit the article",
		chromedp.Clear(chromedp.ID("title")),
		chromedp.SendKeys(chromedp.ID("title"), newTitle),
		// The caret to the end of the body, then a new paragraph typed.
		chromedp.Evaluate[chromedp.Void](`(() => { const b = document.getElementById('body'); b.focus(); b.setSelectionRange(b.value.length, b.value.length); })()`),
		chromedp.KeyEvent("\n\n"+added),
		clearFlash,
		chromedp.Click(chromedp.CSS(`form[action="`+editPath+`"] button[type="submit"]`)),
		nextMessage,
	)
	b.noError("save")
	if got := b.flash("save message"); got != "Đã lưu bài viết." {
		t.Errorf("save message: got %q", got)
	}
	if got := get(t, ctx, "saved title", chromedp.Value(chromedp.ID("title"))); got != newTitle {
		t.Errorf("saved title: got %q, want %q", got, newTitle)
	}
	if got := get(t, ctx, "saved body", chromedp.Value(chromedp.ID("body"))); !strings.HasSuffix(strings.TrimSpace(got), added) {
		t.Errorf("saved body: want it to end with the sentence added; got:\n%s", got)
	}
	do(t, ctx, "send for review",
		clearFlash,
		chromedp.Click(chromedp.CSS(`form[action="`+editPath+`/gui-duyet"] button[type="submit"]`)),
		nextMessage,
	)
	b.noError("send for review")
	if got := b.text("article status", chromedp.CSS("#trang-thai")); got != "Trạng thái: Chờ duyệt" {
		t.Errorf("after sending for review: got %q, want Trạng thái: Chờ duyệt", got)
	}
	do(t, ctx, "publish now",
		clearFlash,
		chromedp.Click(chromedp.CSS(`form[action="`+editPath+`/dang"]:not(.schedule) button[type="submit"]`)),
		nextMessage,
	)
	b.noError("publish")
	if got := b.flash("publish message"); got != "Đã đăng bài lên cổng thông tin." {
		t.Errorf("publish message: got %q", got)
	}
	if got := b.text("article status", chromedp.CSS("#trang-thai")); got != "Trạng thái: Đã đăng" {
		t.Fatalf("after publishing: got %q, want Trạng thái: Đã đăng", got)
	}
	b.logout()

	// 3. A visitor who never logged in: a browser context of its own, so no
	// cookie of the staff's is sent.
	vctx, vcancel := chromedp.NewContext(ctx, chromedp.WithNewBrowserContext())
	t.Cleanup(vcancel)
	do(t, vctx, "open the portal",
		chromedp.Navigate(base+"/"),
		chromedp.WaitVisible(chromedp.ID("q-dau-trang")),
	)
	if n := get(t, vctx, "logout forms", chromedp.Evaluate[int](`document.querySelectorAll('form[action="/dang-xuat"]').length`)); n != 0 {
		t.Fatal("the visitor's browser is logged in")
	}
	// findHit looks for the article among the hits of the search shown,
	// following the result pages as a reader would, and returns its link.
	findHit := func(query string) string {
		t.Helper()
		for page := 1; ; page++ {
			href := get(t, vctx, "hits", chromedp.Evaluate[string](`(() => {
				const a = Array.from(document.querySelectorAll('ol.hits h2 a')).find(a => a.textContent.trim() === `+jsString(newTitle)+`);
				return a ? a.getAttribute('href') : '';
			})()`))
			if href != "" {
				t.Logf("%q: the article is a hit on result page %d", query, page)
				return href
			}
			more := get(t, vctx, "next page", chromedp.Evaluate[int](`document.querySelectorAll('nav.pager a[rel="next"]').length`))
			if more == 0 || page == 10 {
				status := strings.TrimSpace(get(t, vctx, "search status", chromedp.Text(chromedp.CSS(`main p[role="status"]`))))
				hits := get(t, vctx, "hit titles", chromedp.Evaluate[[]string](`Array.from(document.querySelectorAll('ol.hits h2 a')).map(a => a.textContent.trim())`))
				t.Fatalf("search %q: %s; hits %q on page %d, want %q among them", query, status, hits, page, newTitle)
			}
			do(t, vctx, "next result page",
				chromedp.Evaluate[chromedp.Void](`document.querySelector('main p[role="status"]').remove()`),
				chromedp.Click(chromedp.CSS(`nav.pager a[rel="next"]`)),
				chromedp.WaitVisible(chromedp.CSS(`main p[role="status"]`)),
			)
		}
	}
	do(t, vctx, "search tinh uy from the masthead",
		chromedp.SendKeys(chromedp.ID("q-dau-trang"), "tinh uy"),
		chromedp.Click(chromedp.CSS(`form.search button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main p[role="status"]`)),
	)
	if got := location(t, vctx, base); got != "/tim-kiem?q=tinh+uy" {
		t.Errorf("search page: at %s, want /tim-kiem?q=tinh+uy", got)
	}
	href := findHit("tinh uy")
	do(t, vctx, "search Mat tran To quoc from the search page",
		chromedp.Navigate(base+"/tim-kiem?q=tinh+uy"),
		chromedp.WaitVisible(chromedp.ID("q-trang")),
		chromedp.Clear(chromedp.ID("q-trang")),
		chromedp.SendKeys(chromedp.ID("q-trang"), "Mat tran To quoc"),
		chromedp.Evaluate[chromedp.Void](`document.querySelector('main p[role="status"]').remove()`),
		chromedp.Click(chromedp.CSS(`form.search-page button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`main p[role="status"]`)),
	)
	if got := findHit("Mat tran To quoc"); got != href {
		t.Errorf("the two searches link the article differently: %s and %s", href, got)
	}
	if !regexp.MustCompile(`^/tin/[a-z0-9-]+$`).MatchString(href) {
		t.Errorf("article link: got %s, want /tin/{slug}", href)
	}
	do(t, vctx, "open the article",
		chromedp.Click(chromedp.CSS(`ol.hits h2 a[href="`+href+`"]`)),
		chromedp.WaitVisible(chromedp.CSS(`article.article h1`)),
	)
	if got := location(t, vctx, base); got != href {
		t.Errorf("article page: at %s, want %s", got, href)
	}
	if h1 := strings.TrimSpace(get(t, vctx, "article heading", chromedp.Text(chromedp.CSS(`article.article h1`)))); h1 != newTitle {
		t.Errorf("article heading: got %q, want %q", h1, newTitle)
	}
	if n := get(t, vctx, "preview banners", chromedp.Evaluate[int](`document.querySelectorAll('.preview-banner').length`)); n != 0 {
		t.Error("the visitor sees the article as a preview, want it published")
	}
	page := get(t, vctx, "article text", chromedp.Text(chromedp.CSS(`article.article`)))
	for _, w := range []string{"12 đoàn", "8 đoàn", "trên 62 nghìn lượt", "trên 26 tỷ đồng", chair, added} {
		if !strings.Contains(page, w) {
			t.Errorf("article page: want %q in it; got:\n%s", w, page)
		}
	}
}

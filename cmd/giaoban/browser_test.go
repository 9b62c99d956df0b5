package main

import (
	"context"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"

	"giaoban/internal/apptest"
)

// newBrowser starts a headless Chromium from GIAOBAN_TEST_BROWSER with a
// fresh temporary profile and nothing that reaches the network, and returns a tab
// context that ends with the test (or after timeout).
func newBrowser(t *testing.T, timeout time.Duration) context.Context {
	t.Helper()
	execPath := apptest.RequireEnv(t, apptest.BrowserEnv)
	// The option list is built from nothing: chromedp's defaults add
	// flags of their own, and only these are wanted.
	opts := []chromedp.ExecAllocatorOption{
		chromedp.ExecPath(execPath),
		chromedp.Flag("headless", true),
		chromedp.Flag("no-sandbox", true),
		chromedp.Flag("disable-gpu", true),
		chromedp.Flag("disable-background-networking", true),
		chromedp.Flag("disable-component-update", true),
		chromedp.Flag("no-first-run", true),
		chromedp.Flag("disable-sync", true),
		// No UserDataDir: chromedp then makes a fresh temporary profile
		// directory and removes it when the browser has exited.
	}
	ctx, cancel := context.WithTimeout(context.Background(), timeout)
	t.Cleanup(cancel)
	actx, acancel := chromedp.NewExecAllocator(ctx, opts...)
	t.Cleanup(acancel)
	bctx, bcancel := chromedp.NewContext(actx, chromedp.WithLogf(t.Logf))
	t.Cleanup(bcancel)
	// Start the browser now, so that a missing binary fails here.
	if err := chromedp.Do(bctx); err != nil {
		t.Fatalf("start %s: %v", execPath, err)
	}
	return bctx
}

// do runs actions and fails the test on error.
func do(t *testing.T, ctx context.Context, what string, actions ...chromedp.Action[chromedp.Void]) {
	t.Helper()
	if err := chromedp.Do(ctx, actions...); err != nil {
		t.Fatalf("%s: %v", what, err)
	}
}

// get runs one action with a value and fails the test on error.
func get[T any](t *testing.T, ctx context.Context, what string, action chromedp.Action[T]) T {
	t.Helper()
	v, err := chromedp.Run(ctx, action)
	if err != nil {
		t.Fatalf("%s: %v", what, err)
	}
	return v
}

// location is the current page's path and query.
func location(t *testing.T, ctx context.Context, base string) string {
	t.Helper()
	return strings.TrimPrefix(get(t, ctx, "location", chromedp.Location()), base)
}

// historyRow is one row of a unit's history table as the browser shows it.
type historyRow struct {
	Date  string     `json:"date"`
	Text  string     `json:"text"`
	Event bool       `json:"event"`
	Links []linkInfo `json:"links"`
}

type linkInfo struct {
	Href string `json:"href"`
	Text string `json:"text"`
}

const readHistory = `Array.from(document.querySelectorAll('#lich-su-don-vi tbody tr')).map(tr => ({
	date: tr.cells[0].innerText.trim(),
	text: tr.cells[1].innerText.trim(),
	event: tr.classList.contains('event'),
	links: Array.from(tr.querySelectorAll('a')).map(a => ({href: a.getAttribute('href'), text: a.textContent.trim()})),
}))`

func TestBrowserUnitTree(t *testing.T) {
	ctx := newBrowser(t, 50*time.Second)
	m := startMain(t, sqlitePath(t), true)
	base := m.URL()

	// Log in through the form.
	do(t, ctx, "open the login page",
		chromedp.Navigate(base+"/dang-nhap"),
		chromedp.WaitVisible(chromedp.ID("username")),
		chromedp.SendKeys(chromedp.ID("username"), "chuyenvien"),
		chromedp.SendKeys(chromedp.ID("password"), "demo"),
	)
	do(t, ctx, "submit the login form",
		chromedp.Click(chromedp.CSS(`form[action="/dang-nhap"] button[type="submit"]`)),
		chromedp.WaitVisible(chromedp.CSS(`a.card[href="/don-vi"]`)),
	)
	if got := location(t, ctx, base); got != "/lam-viec" {
		t.Fatalf("after login: got %s, want /lam-viec", got)
	}
	if h1 := get(t, ctx, "workspace heading", chromedp.Text(chromedp.CSS("h1"))); !strings.Contains(h1, "Nguyễn Thu Hà") {
		t.Errorf("workspace heading: got %q, want the user's name %q", h1, "Nguyễn Thu Hà")
	}

	// The tree as it stood at the 2019 conference, then today.
	tests := []struct {
		name        string
		path        string
		want, avoid []string
	}{
		{
			name:  "28/03/2019",
			path:  "/don-vi?ngay=2019-03-28",
			want:  []string{"Ban Dân vận Tỉnh ủy", "Huyện Cao Lộc", "Ủy ban MTTQ Việt Nam tỉnh", "Thị trấn Cao Lộc"},
			avoid: []string{"Ban Tuyên giáo và Dân vận Tỉnh ủy", "Phường Kỳ Lừa"},
		},
		{
			name:  "today",
			path:  "/don-vi",
			want:  []string{"Ban Tuyên giáo và Dân vận Tỉnh ủy", "Ủy ban MTTQ Việt Nam tỉnh", "Phường Kỳ Lừa", "Phường Đông Kinh"},
			avoid: []string{"Huyện Cao Lộc", "Ban Dân vận Tỉnh ủy", "Thị trấn Cao Lộc"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			do(t, ctx, "open "+tt.path, chromedp.Navigate(base+tt.path), chromedp.WaitVisible(chromedp.ID("cay-don-vi")))
			tree := get(t, ctx, "tree text", chromedp.Text(chromedp.ID("cay-don-vi")))
			for _, w := range tt.want {
				if !strings.Contains(tree, w) {
					t.Errorf("tree %s: got no %q, want it", tt.name, w)
				}
			}
			for _, w := range tt.avoid {
				if strings.Contains(tree, w) {
					t.Errorf("tree %s: got %q, want it absent", tt.name, w)
				}
			}
			codes := get(t, ctx, "row codes", chromedp.Evaluate[[]string](
				`Array.from(document.querySelectorAll('#cay-don-vi tbody tr')).map(tr => tr.dataset.code)`))
			// The merged commission inherits the scopes of both its
			// predecessors in 2019; overlapping scopes list a unit once.
			seen := map[string]bool{}
			for _, c := range codes {
				if seen[c] {
					t.Errorf("tree %s: got unit %s twice, want each unit once", tt.name, c)
				}
				seen[c] = true
			}
		})
	}

	// Keyboard users: the first Tab reaches the skip link.
	do(t, ctx, "open today's tree", chromedp.Navigate(base+"/don-vi"), chromedp.WaitVisible(chromedp.ID("cay-don-vi")))
	if got := get(t, ctx, "focused element", chromedp.Evaluate[string](`document.activeElement.tagName`)); got != "BODY" {
		t.Errorf("focus on load: got %s, want BODY", got)
	}
	do(t, ctx, "press Tab", chromedp.KeyEvent("\t"))
	if got := get(t, ctx, "focused element", chromedp.Evaluate[string](`document.activeElement.textContent.trim()`)); got != "Bỏ qua đến nội dung chính" {
		t.Errorf("focus after one Tab: got %q, want %q", got, "Bỏ qua đến nội dung chính")
	}
	do(t, ctx, "press Enter on the skip link", chromedp.KeyEvent("\r"))
	if got := get(t, ctx, "focused element", chromedp.Evaluate[string](`document.activeElement.id`)); got != "noi-dung" {
		t.Errorf("focus after Enter on the skip link: got #%s, want #noi-dung (the main content)", got)
	}

	// From today's tree to the commission's page.
	do(t, ctx, "click the commission",
		chromedp.Click(chromedp.CSS(`#cay-don-vi a[href^="/don-vi/20-BTGDV?"]`)),
		chromedp.WaitVisible(chromedp.ID("lich-su-don-vi")),
	)
	if got := location(t, ctx, base); !strings.HasPrefix(got, "/don-vi/20-BTGDV") {
		t.Fatalf("after the click: got %s, want /don-vi/20-BTGDV", got)
	}
	if h1 := get(t, ctx, "heading", chromedp.Text(chromedp.CSS("h1"))); h1 != "Ban Tuyên giáo và Dân vận Tỉnh ủy" {
		t.Errorf("commission page heading: got %q, want %q", h1, "Ban Tuyên giáo và Dân vận Tỉnh ủy")
	}
	rows := get(t, ctx, "history rows", chromedp.Evaluate[[]historyRow](readHistory))
	var merge *historyRow
	for i, r := range rows {
		if r.Event && strings.Contains(r.Text, "Hợp nhất") {
			merge = &rows[i]
		}
	}
	if merge == nil {
		t.Fatalf("history: got %+v, want a merge row", rows)
	}
	if merge.Date != "01/03/2025" {
		t.Errorf("merge date: got %q, want %q", merge.Date, "01/03/2025")
	}
	var parentRow bool
	for _, r := range rows {
		if strings.HasPrefix(r.Text, "Trực thuộc") {
			parentRow = true
			if len(r.Links) != 1 || r.Links[0].Text != "Tỉnh Lạng Sơn" || !strings.HasPrefix(r.Links[0].Href, "/don-vi/20?") {
				t.Errorf("parent row: got %+v, want one link to Tỉnh Lạng Sơn (/don-vi/20) by name", r)
			}
		}
	}
	if !parentRow {
		t.Errorf("history: got %+v, want a 'Trực thuộc' row", rows)
	}
	links := map[string]string{}
	for _, l := range merge.Links {
		links[l.Text] = l.Href
	}
	for name, href := range map[string]string{"Ban Dân vận Tỉnh ủy": "/don-vi/20-BDV", "Ban Tuyên giáo Tỉnh ủy": "/don-vi/20-BTG"} {
		if got := links[name]; !strings.HasPrefix(got, href) {
			t.Errorf("merge link to %s: got %q, want %s", name, got, href)
		}
	}

	// The old commission's page says what it is now.
	do(t, ctx, "follow the link to Ban Dân vận",
		chromedp.Click(chromedp.CSS(`#lich-su-don-vi tr.event a[href^="/don-vi/20-BDV"]`)),
		chromedp.WaitVisible(chromedp.ID("lich-su-don-vi")),
	)
	if got := location(t, ctx, base); !strings.HasPrefix(got, "/don-vi/20-BDV") {
		t.Fatalf("after the click: got %s, want /don-vi/20-BDV", got)
	}
	if h1 := get(t, ctx, "heading", chromedp.Text(chromedp.CSS("h1"))); h1 != "Ban Dân vận Tỉnh ủy" {
		t.Errorf("old commission heading: got %q, want %q", h1, "Ban Dân vận Tỉnh ủy")
	}
	now := get(t, ctx, "successor notice", chromedp.Evaluate[[]linkInfo](
		`Array.from(document.querySelectorAll('p.notice')).filter(p => p.textContent.includes('Hiện nay')).flatMap(p =>
			Array.from(p.querySelectorAll('a')).map(a => ({href: a.getAttribute('href'), text: a.textContent.trim()})))`))
	if len(now) != 1 || now[0].Text != "Ban Tuyên giáo và Dân vận Tỉnh ủy" || !strings.HasPrefix(now[0].Href, "/don-vi/20-BTGDV") {
		t.Errorf("'Hiện nay' notice links: got %+v, want one to Ban Tuyên giáo và Dân vận Tỉnh ủy", now)
	}

	// A phone: the tree must not scroll sideways.
	shots := t.TempDir()
	do(t, ctx, "phone viewport", chromedp.EmulateViewport(375, 740))
	for _, path := range []string{"/don-vi?ngay=2019-03-28", "/don-vi", "/don-vi/20-BTGDV"} {
		do(t, ctx, "open "+path+" on a phone", chromedp.Navigate(base+path), chromedp.WaitVisible(chromedp.CSS("main h1")))
		type widths struct {
			Scroll int `json:"scroll"`
			Inner  int `json:"inner"`
		}
		w := get(t, ctx, "widths", chromedp.Evaluate[widths](`({scroll: document.documentElement.scrollWidth, inner: window.innerWidth})`))
		if w.Inner != 375 {
			t.Errorf("%s: got window.innerWidth %d, want 375", path, w.Inner)
		}
		if w.Scroll > w.Inner+1 {
			t.Errorf("%s at 375 px: got scrollWidth %d, want at most %d (no sideways scrolling)", path, w.Scroll, w.Inner+1)
		}
		png := get(t, ctx, "screenshot", chromedp.FullScreenshot(100))
		name := filepath.Join(shots, strings.NewReplacer("/", "_", "?", "_", "=", "_").Replace(path)+".png")
		if err := os.WriteFile(name, png, 0o644); err != nil {
			t.Fatal(err)
		}
		t.Logf("screenshot: %s (%d bytes)", name, len(png))
	}
}

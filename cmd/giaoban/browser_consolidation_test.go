package main

import (
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserConsolidation is issue 4's flow: chuyenvien opens Q1/2019, sees
// the seed's totals, drills into Cao Lộc, and downloads the XLSX and DOCX.
func TestBrowserConsolidation(t *testing.T) {
	ctx := newBrowser(t, 60*time.Second)
	m := startMain(t, sqlitePath(t), true)
	base := m.URL()
	newSession(t, ctx, base).login("chuyenvien")
	// From the reports page: pick Q1/2019, then the consolidation.
	do(t, ctx, "pick the quarter",
		chromedp.Navigate(base+"/bao-cao"),
		chromedp.WaitVisible(chromedp.ID("ky-BCQ-DV")),
		chromedp.SetValue(chromedp.ID("ky-BCQ-DV"), "2019Q1"),
		chromedp.Click(chromedp.CSS(`form[action="/tien-do/BCQ-DV"] button`)),
		chromedp.WaitVisible(chromedp.ID("xem-tong-hop")),
		chromedp.Click(chromedp.ID("xem-tong-hop")),
		chromedp.WaitVisible(chromedp.ID("bang-tong-hop")),
	)
	totals := map[string]string{}
	for _, code := range []string{"DOAN_THAM_TET", "DOAN_KIEM_TRA", "QUA_TANG", "KINH_PHI"} {
		totals[code] = strings.TrimSpace(get(t, ctx, code, chromedp.Text(chromedp.CSS(`#bang-tong-hop tr[data-code="`+code+`"] td.total`))))
	}
	want := map[string]string{"DOAN_THAM_TET": "12", "DOAN_KIEM_TRA": "8", "QUA_TANG": "62.350", "KINH_PHI": "26.180.000.000"}
	for k, v := range want {
		if totals[k] != v {
			t.Errorf("%s: got %q, want %q", k, totals[k], v)
		}
	}
	// Drill into Cao Lộc: a district with no children of its own files a
	// report, so the link opens its report.
	do(t, ctx, "drill into Cao Lộc",
		chromedp.Click(chromedp.CSS(`#theo-don-vi tr[data-unit="183"] a`)),
		chromedp.WaitVisible(chromedp.ID("trang-thai")),
	)
	if h := get(t, ctx, "unit", chromedp.Text(chromedp.CSS("dl.facts dd"))); !strings.Contains(h, "Huyện Cao Lộc") {
		t.Errorf("drill-down page: got %q, want Huyện Cao Lộc's report", h)
	}
	if v := get(t, ctx, "gifts", chromedp.Text(chromedp.CSS(`[id="v.QUA_TANG"]`))); v != "4.380" {
		t.Errorf("Cao Lộc's gifts: got %q, want 4.380", v)
	}
	// The downloads answer with the right types (fetched from the page, as
	// the browser would).
	do(t, ctx, "back to the consolidation", chromedp.Navigate(base+"/tong-hop/BCQ-DV/2019Q1/20"), chromedp.WaitVisible(chromedp.ID("bang-tong-hop")))
	types := get(t, ctx, "downloads", chromedp.Evaluate[[]string](`Promise.all(
		[document.querySelector('a[href$="/xlsx"]').href, document.getElementById('tai-word').href].map(
			u => fetch(u).then(r => r.status + " " + r.headers.get('content-type'))))`, chromedp.EvalAwaitPromise))
	if len(types) != 2 || !strings.HasPrefix(types[0], "200 application/vnd.openxmlformats-officedocument.spreadsheetml") ||
		!strings.HasPrefix(types[1], "200 application/vnd.openxmlformats-officedocument.wordprocessingml") {
		t.Errorf("downloads: got %v", types)
	}
}

package web_test

import (
	"context"
	"encoding/json"
	"net/url"
	"strconv"
	"strings"
	"testing"
	"time"

	"giaoban/internal/apptest"
	"giaoban/internal/search"
	"giaoban/internal/sqlstore"
)

type apiSearchResult struct {
	Total int `json:"total"`
	Hits  []struct {
		Kind     string `json:"kind"`
		ID       string `json:"id"`
		Title    string `json:"title"`
		URL      string `json:"url"`
		Snippet  string `json:"snippet"`
		LegacyID string `json:"legacy_id"`
	} `json:"hits"`
}

// searchAll pages through GET /api/v1/search and returns every hit.
func searchAll(t *testing.T, srv *apptest.Server, tok, q, kind string) apiSearchResult {
	t.Helper()
	var all apiSearchResult
	for page := 1; page <= 100; page++ {
		v := url.Values{"q": {q}, "trang": {strconv.Itoa(page)}}
		if kind != "" {
			v.Set("kind", kind)
		}
		status, body := srv.API(t, tok, "GET", "/api/v1/search?"+v.Encode(), "")
		if status != 200 {
			t.Fatalf("search %q page %d: %d %s", q, page, status, body)
		}
		var res apiSearchResult
		if err := json.Unmarshal([]byte(body), &res); err != nil {
			t.Fatalf("search %q: %v\n%s", q, err, body)
		}
		all.Total = res.Total
		all.Hits = append(all.Hits, res.Hits...)
		if len(res.Hits) < 20 {
			break
		}
	}
	return all
}

// newsDocs are articles as the portal indexes them: one published with an
// old portal's ID, one draft.
var newsDocs = []search.Doc{
	{Kind: search.KindNews, ID: "hoi-nghi-giao-ban-quy-i-2019", Title: "Hội nghị giao ban công tác dân vận quý I/2019",
		Body: "Ngày 28/3/2019, Ban Dân vận Tỉnh uỷ tổ chức hội nghị giao ban công tác dân vận quý I. Dự hội nghị có đại diện Ủy ban Mặt trận Tổ quốc tỉnh.",
		URL:  "/tin/hoi-nghi-giao-ban-quy-i-2019", Public: true, LegacyID: "4711", Date: time.Date(2019, 3, 29, 8, 0, 0, 0, time.UTC)},
	{Kind: search.KindNews, ID: "ban-nhap", Title: "Bản nháp chưa duyệt về Tỉnh ủy",
		Body: "Nội dung nháp nhắc đến MTTQ và dân vận chính quyền.", URL: "/tin/ban-nhap"},
}

// TestSearchScope: a user never sees a hit from outside their scope. Every
// report hit is checked against the report API as the same user, and the
// reporters of two units do not see each other's reports.
func TestSearchScope(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := apptest.NewServer(t, db)
		if err := db.IndexDocs(context.Background(), newsDocs); err != nil {
			t.Fatal(err)
		}
		units := map[string]map[string]bool{}
		for _, role := range []string{"mttq", "caoloc", "chuyenvien", "lanhdao", "bientap"} {
			tok := srv.APIToken(t, role, "demo")
			res := searchAll(t, srv, tok, "dan van chinh quyen", "report")
			if len(res.Hits) != res.Total {
				t.Errorf("%s: total %d, %d hits", role, res.Total, len(res.Hits))
			}
			units[role] = map[string]bool{}
			for i, h := range res.Hits {
				if h.Kind != "report" || !strings.HasPrefix(h.URL, "/bao-cao/") {
					t.Fatalf("%s: hit %+v", role, h)
				}
				parts := strings.Split(h.ID, "/")
				units[role][parts[2]] = true
				// Readable by the same user (checking each hit of the
				// reporters, a sample of the others').
				if role == "mttq" || role == "caoloc" || i%7 == 0 {
					if status, body := srv.API(t, tok, "GET", "/api/v1/reports/"+h.ID, ""); status != 200 {
						t.Errorf("%s sees %s in search but gets %d from the report: %.200s", role, h.ID, status, body)
					}
				}
			}
			// Drafts of news: the editor and the commission, not reporters.
			drafts := searchAll(t, srv, tok, "ban nhap chua duyet", "news")
			if want := role == "bientap" || role == "chuyenvien"; (drafts.Total == 1) != want {
				t.Errorf("%s: draft news visible = %v", role, drafts.Total == 1)
			}
		}
		if len(units["mttq"]) != 1 || !units["mttq"]["20-MTTQ"] {
			t.Errorf("mttq sees reports of %v", units["mttq"])
		}
		if !units["caoloc"]["183"] || units["caoloc"]["20-MTTQ"] {
			t.Errorf("caoloc sees reports of %v", units["caoloc"])
		}
		for _, role := range []string{"chuyenvien", "lanhdao"} {
			if !units[role]["183"] || !units[role]["20-MTTQ"] || len(units[role]) < 10 {
				t.Errorf("%s sees reports of %d units: %v", role, len(units[role]), units[role])
			}
		}
		if len(units["bientap"]) != 0 {
			t.Errorf("the editor sees reports of %v", units["bientap"])
		}
		// Anonymous: published news only (ours and the demo's article).
		anon := searchAll(t, srv, "", "dan van", "")
		found := false
		for _, h := range anon.Hits {
			if h.Kind != "news" || h.ID == newsDocs[1].ID {
				t.Errorf("anonymous sees %s %s", h.Kind, h.ID)
			}
			found = found || h.ID == newsDocs[0].ID
		}
		if !found {
			t.Errorf("anonymous: %+v", anon)
		}
		if r := searchAll(t, srv, "", "dan van", "report"); r.Total != 0 {
			t.Errorf("anonymous sees %d reports", r.Total)
		}
	})
}

// TestSearchAPI: the shape DESIGN.md gives, and the text rules end to end.
func TestSearchAPI(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	if err := srv.DB.IndexDocs(context.Background(), newsDocs); err != nil {
		t.Fatal(err)
	}
	for _, q := range []string{"tinh uy", "Tỉnh ủy", "Mat tran To quoc", "MTTQ", `"hoi nghi giao ban"`, "dân vận"} {
		status, body := srv.API(t, "", "GET", "/api/v1/search?q="+url.QueryEscape(q), "")
		if status != 200 {
			t.Fatalf("%q: %d %s", q, status, body)
		}
		var raw map[string]any
		if err := json.Unmarshal([]byte(body), &raw); err != nil {
			t.Fatal(err)
		}
		if _, ok := raw["total"]; !ok {
			t.Errorf("%q: no total: %s", q, body)
		}
		var res apiSearchResult
		json.Unmarshal([]byte(body), &res)
		at := -1
		for i, h := range res.Hits {
			if h.ID == newsDocs[0].ID {
				at = i
			}
			if h.ID == newsDocs[1].ID {
				t.Errorf("%q: anonymous caller finds the draft", q)
			}
		}
		if at < 0 || res.Total != len(res.Hits) {
			t.Fatalf("%q: %s", q, body)
		}
		h := res.Hits[at]
		if h.Kind != "news" || h.LegacyID != "4711" || h.URL != "/tin/hoi-nghi-giao-ban-quy-i-2019" || !strings.Contains(h.Snippet, "<mark>") {
			t.Errorf("%q: hit %+v", q, h)
		}
		hit := raw["hits"].([]any)[at].(map[string]any)
		for _, k := range []string{"kind", "id", "title", "url", "snippet", "legacy_id"} {
			if _, ok := hit[k]; !ok {
				t.Errorf("hit has no %q: %s", k, body)
			}
		}
	}
	// The draft's words find nothing anonymously; an empty query finds nothing.
	for _, q := range []string{"ban nhap chua duyet", ""} {
		_, body := srv.API(t, "", "GET", "/api/v1/search?q="+url.QueryEscape(q), "")
		if strings.TrimSpace(body) != `{"total":0,"hits":[]}` {
			t.Errorf("%q: %s", q, body)
		}
	}
}

// TestSearchPage: the internal page in Vietnamese, with tabs, marks and
// pages, and filters.
func TestSearchPage(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	if err := srv.DB.IndexDocs(context.Background(), newsDocs); err != nil {
		t.Fatal(err)
	}
	c := srv.NewClient(t)
	c.Login("chuyenvien", "demo")
	res, body := c.Get("/tim-kiem-noi-bo?q=" + url.QueryEscape("Tỉnh uỷ"))
	if res.StatusCode != 200 {
		t.Fatalf("%d %s", res.StatusCode, body)
	}
	for _, want := range []string{"Tìm thấy", "<mark>", "Tất cả", "Báo cáo", "Tin bài", "Trang sau", `name="don_vi"`} {
		if !strings.Contains(body, want) {
			t.Errorf("page has no %q", want)
		}
	}
	// Kind tab and a period filter.
	res, body = c.Get("/tim-kiem-noi-bo?q=tinh+uy&kind=report&ky=2019Q1&don_vi=183")
	if res.StatusCode != 200 || !strings.Contains(body, "/bao-cao/BCQ-DV/2019Q1/183") || strings.Contains(body, "/bao-cao/BCQ-DV/2019Q1/20-MTTQ") {
		t.Errorf("filters: %d\n%.2000s", res.StatusCode, body)
	}
	// Nothing found.
	_, body = c.Get("/tim-kiem-noi-bo?q=khongcotu")
	if !strings.Contains(body, "Không tìm thấy kết quả nào") {
		t.Errorf("no result message missing")
	}
	// Bad date.
	res, body = c.Get("/tim-kiem-noi-bo?q=x&den=99/99/2019")
	if res.StatusCode != 422 || !strings.Contains(body, "Ngày không hợp lệ") {
		t.Errorf("bad date: %d", res.StatusCode)
	}
}

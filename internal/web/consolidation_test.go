package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"github.com/xuri/excelize/v2"

	"giaoban/internal/apptest"
	"giaoban/internal/document"
	"giaoban/internal/export/docx"
)

type consolidation struct {
	Totals   map[string]float64 `json:"totals"`
	Previous map[string]float64 `json:"previous"`
	LastYear map[string]float64 `json:"last_year"`
	Children []struct {
		Unit   string             `json:"unit"`
		Values map[string]float64 `json:"values"`
	} `json:"children"`
	Completeness struct {
		Expected, Submitted, OnTime, Late int
		Missing                           []string
	} `json:"completeness"`
}

func getConsolidation(t *testing.T, srv *apptest.Server, tok, path string) consolidation {
	t.Helper()
	code, body := srv.API(t, tok, "GET", path, "")
	if code != http.StatusOK {
		t.Fatalf("GET %s: %d %s", path, code, body)
	}
	var c consolidation
	var raw map[string]json.RawMessage
	json.Unmarshal([]byte(body), &raw)
	// Totals hold numbers and texts; keep the numbers.
	for _, f := range []struct {
		key string
		dst *map[string]float64
	}{{"totals", &c.Totals}, {"previous", &c.Previous}, {"last_year", &c.LastYear}} {
		var m map[string]any
		json.Unmarshal(raw[f.key], &m)
		*f.dst = map[string]float64{}
		for k, v := range m {
			if x, ok := v.(float64); ok {
				(*f.dst)[k] = x
			}
		}
	}
	json.Unmarshal(raw["completeness"], &c.Completeness)
	json.Unmarshal(raw["children"], &c.Children)
	return c
}

// TestSeedTotals: the demo's Q1/2019 over the province gives the seed
// article's figures, and a report accepted a moment ago is in the next
// answer.
func TestSeedTotals(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *apptestDB) {
		srv := apptest.NewServer(t, db)
		tok := srv.APIToken(t, "chuyenvien", "demo")
		c := getConsolidation(t, srv, tok, "/api/v1/consolidation/BCQ-DV/2019Q1/20")
		want := map[string]float64{"DOAN_THAM_TET": 12, "DOAN_KIEM_TRA": 8, "QUA_TANG": 62350, "KINH_PHI": 26_180_000_000}
		for k, v := range want {
			if c.Totals[k] != v {
				t.Errorf("%s: got %v, want %v", k, c.Totals[k], v)
			}
		}
		if c.Previous["QUA_TANG"] == 0 || c.LastYear["QUA_TANG"] == 0 {
			t.Errorf("comparison columns empty: previous %v, last year %v", c.Previous["QUA_TANG"], c.LastYear["QUA_TANG"])
		}
		if c.Completeness.Expected != 22 || c.Completeness.Submitted != 20 || c.Completeness.Late != 1 {
			t.Errorf("completeness: got %+v", c.Completeness)
		}
		var caoLoc float64
		for _, ch := range c.Children {
			if ch.Unit == "183" {
				caoLoc = ch.Values["QUA_TANG"]
			}
		}
		if caoLoc != 4380 {
			t.Errorf("Cao Lộc's gifts: got %v, want 4380", caoLoc)
		}

		// The commission files the missing Hội Cựu chiến binh report and
		// accepts it: the next consolidation counts it.
		const rep = "/api/v1/reports/BCQ-DV/2019Q1/20-HCCB"
		if code, body := srv.API(t, tok, "PUT", rep, `{"version":0,"values":{"QUA_TANG":650,"KINH_PHI":130000000,"KH_QCDC":true}}`); code != 200 {
			t.Fatalf("save: %d %s", code, body)
		}
		if code, body := srv.API(t, tok, "POST", rep+"/submit", ""); code != 200 {
			t.Fatalf("submit: %d %s", code, body)
		}
		if c := getConsolidation(t, srv, tok, "/api/v1/consolidation/BCQ-DV/2019Q1/20?include=submitted"); c.Totals["QUA_TANG"] != 63000 {
			t.Errorf("with submitted: got %v, want 63000", c.Totals["QUA_TANG"])
		}
		if c := getConsolidation(t, srv, tok, "/api/v1/consolidation/BCQ-DV/2019Q1/20"); c.Totals["QUA_TANG"] != 62350 {
			t.Errorf("accepted only, before accept: got %v, want 62350", c.Totals["QUA_TANG"])
		}
		if code, body := srv.API(t, tok, "POST", rep+"/accept", ""); code != 200 {
			t.Fatalf("accept: %d %s", code, body)
		}
		c = getConsolidation(t, srv, tok, "/api/v1/consolidation/BCQ-DV/2019Q1/20")
		if c.Totals["QUA_TANG"] != 63000 || c.Totals["KINH_PHI"] != 26_310_000_000 || c.Completeness.Submitted != 21 {
			t.Errorf("after accept: gifts %v, money %v, submitted %d; want 63000, 26310000000, 21", c.Totals["QUA_TANG"], c.Totals["KINH_PHI"], c.Completeness.Submitted)
		}
		// A reporter consolidates only its own subtree.
		if code, _ := srv.API(t, srv.APIToken(t, "mttq", "demo"), "GET", "/api/v1/consolidation/BCQ-DV/2019Q1/20", ""); code != http.StatusForbidden {
			t.Errorf("reporter on the province: got %d, want 403", code)
		}
	})
}

func TestConsolidationDownloads(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	tok := srv.APIToken(t, "chuyenvien", "demo")
	c := srv.NewClient(t)
	c.Login("chuyenvien", "demo")
	res, body := c.Get("/tong-hop/BCQ-DV/2019Q1/20/csv")
	if res.StatusCode != 200 || !strings.HasPrefix(body, "\ufeffĐơn vị,") {
		t.Fatalf("csv: %d %.80q", res.StatusCode, body)
	}
	lines := strings.Split(strings.TrimSpace(body), "\n")
	total := lines[len(lines)-1]
	for _, want := range []string{"Tổng cộng", ",12,8,62350,26180000000,"} {
		if !strings.Contains(total, want) {
			t.Errorf("csv total row %q lacks %q", total, want)
		}
	}
	if !strings.Contains(body, "Huyện Cao Lộc,0,0,4380,2060000000") {
		t.Errorf("csv lacks Cao Lộc's row")
	}
	req, _ := http.NewRequest("GET", srv.URL+"/api/v1/consolidation/BCQ-DV/2019Q1/20/xlsx", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	resp, err := http.DefaultClient.Do(req)
	if err != nil || resp.StatusCode != 200 {
		t.Fatalf("xlsx: %v %v", err, resp)
	}
	defer resp.Body.Close()
	f, err := excelize.OpenReader(resp.Body)
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := f.GetRows("Tổng hợp")
	last := rows[len(rows)-1]
	if last[0] != "Tổng cộng" {
		t.Fatalf("xlsx last row: %v", last)
	}
	formula, _ := f.GetCellFormula("Tổng hợp", "D"+itoa(int64(len(rows))))
	if !strings.HasPrefix(formula, "SUM(D") {
		t.Errorf("xlsx total of gifts: formula %q, want SUM(...)", formula)
	}
	if v, _ := f.CalcCellValue("Tổng hợp", "D"+itoa(int64(len(rows))), excelize.Options{RawCellValue: true}); v != "62350" {
		t.Errorf("xlsx total of gifts: got %q, want 62350", v)
	}
}

// TestConsolidatedDOCX: the draft Word report of the seed's quarter in the
// Party layout, with the seed's figures and no number reserved yet.
func TestConsolidatedDOCX(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	c := srv.NewClient(t)
	c.Login("chuyenvien", "demo")
	res, body := c.Get("/tong-hop/BCQ-DV/2019Q1/20/docx?ngay=2019-03-28")
	if res.StatusCode != 200 {
		t.Fatalf("docx: %d", res.StatusCode)
	}
	text, err := docx.Text([]byte(body))
	if err != nil {
		t.Fatal(err)
	}
	for _, want := range []string{"TỈNH ỦY LẠNG SƠN", "BAN DÂN VẬN", "-BC/BDVTU", "ĐẢNG CỘNG SẢN VIỆT NAM",
		"Lạng Sơn, ngày 28 tháng 3 năm 2019", "BÁO CÁO", "Kết quả công tác dân vận quý I năm 2019", "I. KẾT QUẢ ĐẠT ĐƯỢC", "62.350", "26.180.000.000",
		"Huyện Cao Lộc:", "Nơi nhận", "PHÓ TRƯỞNG BAN"} {
		if !strings.Contains(text, want) {
			t.Errorf("docx text lacks %q", want)
		}
	}
	// Drafting reserves no number (the demo's issued invitation and
	// conclusion notice hold the only ones).
	if ns, err := srv.DB.ListNumbers(t.Context(), "", 10); err != nil || len(reportNumbers(ns)) != 0 {
		t.Errorf("a draft reserved numbers: %v %v", ns, err)
	}
}

// TestAcrossRestructuring: Q1/2026 (communes, merged commission) against
// Q1/2025 (districts) — as it was lists districts in 2025 and communes in
// 2026; as it is now puts last year's district figures under today's
// province, so the comparison column keeps every figure.
func TestAcrossRestructuring(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	tok := srv.APIToken(t, "chuyenvien", "demo")
	was25 := getConsolidation(t, srv, tok, "/api/v1/consolidation/BCQ-DV/2025Q1/20")
	now26 := getConsolidation(t, srv, tok, "/api/v1/consolidation/BCQ-DV/2026Q1/20?view=as_now")
	if was25.Completeness.Expected != 22 || now26.Completeness.Expected != 76 {
		t.Errorf("filers: 2025Q1 %d (want 22: districts and bodies), 2026Q1 %d (want 76: 65 communes and 11 bodies)",
			was25.Completeness.Expected, now26.Completeness.Expected)
	}
	if now26.LastYear["QUA_TANG"] != was25.Totals["QUA_TANG"] || was25.Totals["QUA_TANG"] == 0 {
		t.Errorf("as now, last year's gifts %v; want all of 2025Q1's %v", now26.LastYear["QUA_TANG"], was25.Totals["QUA_TANG"])
	}
	districts := 0
	for _, c := range was25.Children {
		if len(c.Unit) == 3 {
			districts++
		}
	}
	if districts != 11 {
		t.Errorf("2025Q1 as it was: %d districts, want 11", districts)
	}
}

// TestIssueReserveNumbers: issuing reserves consecutive numbers of the
// commission's series for the Party committee's term.
func TestIssueReserveNumbers(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	c := srv.NewClient(t)
	c.Login("chuyenvien", "demo")
	c.Get("/tong-hop/BCQ-DV/2019Q1/20")
	for _, want := range []string{"Số 01-BC/BDVTU", "Số 02-BC/BDVTU"} {
		res, body := c.PostFormBody("/tong-hop/BCQ-DV/2019Q1/20/phat-hanh", url.Values{"ngay": {"2019-03-28"}})
		if res.StatusCode != 200 {
			t.Fatalf("issue: %d", res.StatusCode)
		}
		text, err := docx.Text([]byte(body))
		if err != nil || !strings.Contains(text, want) {
			t.Errorf("issued document lacks %q", want)
		}
	}
	ns, err := srv.DB.ListNumbers(t.Context(), "BDVTU", 10)
	if rs := reportNumbers(ns); err != nil || len(rs) != 2 || rs[0].Series.Key != "2015-2020" {
		t.Errorf("numbers: got %+v %v", ns, err)
	}
	// After the 2025 merge the merged commission numbers its own series.
	res, body := c.PostFormBody("/tong-hop/BCQ-DV/2026Q1/20/phat-hanh", url.Values{"ngay": {"2026-03-20"}})
	if text, _ := docx.Text([]byte(body)); res.StatusCode != 200 || !strings.Contains(text, "Số 01-BC/BTGDVTU") || !strings.Contains(text, "BAN TUYÊN GIÁO VÀ DÂN VẬN") {
		t.Errorf("2026 report: %d, lacks Số 01-BC/BTGDVTU", res.StatusCode)
	}
}

func TestConsolidationPage(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	c := srv.NewClient(t)
	c.Login("lanhdao", "demo")
	res, page := c.Get("/tong-hop/BCQ-DV/2019Q1/20?chi_tieu=QUA_TANG")
	if res.StatusCode != 200 {
		t.Fatalf("page: %d", res.StatusCode)
	}
	for _, want := range []string{"62.350", "26.180.000.000", `id="xu-huong"`, "Huyện Cao Lộc", "Khối MTTQ và đoàn thể",
		"/tong-hop/BCQ-DV/2019Q1/20/thuyet-minh"} {
		if !strings.Contains(page, want) {
			t.Errorf("page lacks %q", want)
		}
	}
	// The units' narratives are compiled on the drafter's page, each
	// section with its copy action and every unit's text under its name.
	res, narr := c.Get("/tong-hop/BCQ-DV/2019Q1/20/thuyet-minh")
	if res.StatusCode != 200 {
		t.Fatalf("narrative page: %d", res.StatusCode)
	}
	for _, want := range []string{"Tổng hợp phần thuyết minh", "I. Kết quả đạt được", "data-copy", "Huyện Cao Lộc"} {
		if !strings.Contains(narr, want) {
			t.Errorf("narrative page lacks %q", want)
		}
	}
	// A leader reads but does not issue.
	if strings.Contains(page, `id="phat-hanh"`) {
		t.Error("the leader is offered to issue the report")
	}
}

// TestQuartersRollUp: the yearly and six-month views of quarterly data.
func TestQuartersRollUp(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	tok := srv.APIToken(t, "chuyenvien", "demo")
	q1 := getConsolidation(t, srv, tok, "/api/v1/consolidation/BCQ-DV/2018Q1/20")
	q4 := getConsolidation(t, srv, tok, "/api/v1/consolidation/BCQ-DV/2018Q4/20")
	year := getConsolidation(t, srv, tok, "/api/v1/consolidation/BCQ-DV/2018/20")
	if year.Totals["QUA_TANG"] != q1.Totals["QUA_TANG"]+q4.Totals["QUA_TANG"] || year.Totals["QUA_TANG"] == 0 {
		t.Errorf("2018 gifts: got %v, want %v + %v", year.Totals["QUA_TANG"], q1.Totals["QUA_TANG"], q4.Totals["QUA_TANG"])
	}
	// A percentage averages rather than adds up.
	if r := year.Totals["TY_LE_GQ"]; r <= 0 || r > 100 {
		t.Errorf("2018 resolution rate: got %v, want an average within 0–100", r)
	}
	s1 := getConsolidation(t, srv, tok, "/api/v1/consolidation/BCQ-DV/2019S1/20")
	if s1.Totals["KINH_PHI"] != 26_180_000_000 {
		t.Errorf("2019S1 money: got %v, want Q1/2019's 26180000000 (Q2 not filed)", s1.Totals["KINH_PHI"])
	}
	if s1.LastYear["QUA_TANG"] == 0 {
		t.Error("2019S1 has no comparison with 2018S1")
	}
}

// reportNumbers keeps the numbers of reports (BC), leaving out the demo's
// invitation (GM) and conclusion notice (TB).
func reportNumbers(ns []document.Number) []document.Number {
	var out []document.Number
	for _, n := range ns {
		if n.Series.DocType == "BC" {
			out = append(out, n)
		}
	}
	return out
}

package web_test

import (
	"encoding/json"
	"net/http"
	"net/url"
	"strings"
	"testing"

	"giaoban/internal/apptest"
	"giaoban/internal/audit"
)

func TestLoginThrottling(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	// Five wrong passwords for one account: the sixth attempt is refused
	// with 429, even with the right password.
	for i := 0; i < 5; i++ {
		if got, _ := srv.API(t, "", "POST", "/api/v1/login", `{"username":"mttq","password":"sai"}`); got != http.StatusUnauthorized {
			t.Fatalf("attempt %d: got %d, want 401", i+1, got)
		}
	}
	got, body := srv.API(t, "", "POST", "/api/v1/login", `{"username":"mttq","password":"demo"}`)
	if got != http.StatusTooManyRequests || !strings.Contains(body, `"code":"throttled"`) {
		t.Fatalf("after 5 failures: got %d %s, want 429 throttled", got, body)
	}
	// The web form says so in Vietnamese.
	c := srv.NewClient(t)
	res, page := c.PostFormBody("/dang-nhap", url.Values{"username": {"mttq"}, "password": {"demo"}})
	if res.StatusCode != http.StatusTooManyRequests || !strings.Contains(page, "Đăng nhập sai quá nhiều lần") {
		t.Errorf("web login after 5 failures: got %d, want 429 with the Vietnamese message", res.StatusCode)
	}
	// Another account from the same address still logs in (per-address
	// limit is higher).
	if tok := srv.APIToken(t, "caoloc", "demo"); tok == "" {
		t.Error("caoloc could not log in")
	}
	// Per address: 20 failures across many accounts block the address.
	for i := 0; i < 20; i++ {
		srv.API(t, "", "POST", "/api/v1/login", `{"username":"khong-co-`+string(rune('a'+i))+`","password":"x"}`)
	}
	if got, _ := srv.API(t, "", "POST", "/api/v1/login", `{"username":"lanhdao","password":"demo"}`); got != http.StatusTooManyRequests {
		t.Errorf("after 20 failures from one address: got %d, want 429", got)
	}
}

func TestCSRF(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	c := srv.NewClient(t)
	c.Login("admin", "demo")
	form := url.Values{"username": {"nguoimoi"}, "full_name": {"Người Mới"}, "unit": {"20-MTTQ"}, "roles": {"reporter"}, "password": {"mat-khau-dai-du"}}

	// A cross-site POST (as a browser sends it from another origin) is refused.
	req, _ := http.NewRequest("POST", srv.URL+"/quan-tri/tai-khoan", strings.NewReader(withCSRF(form, c.CSRF).Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "cross-site")
	req.Header.Set("Origin", "https://ke-gian.example")
	if res, _ := c.Do(req); res.StatusCode != http.StatusForbidden {
		t.Errorf("cross-site POST: got %d, want 403", res.StatusCode)
	}
	// A same-origin POST without the session's token is refused too.
	req, _ = http.NewRequest("POST", srv.URL+"/quan-tri/tai-khoan", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	if res, body := c.Do(req); res.StatusCode != http.StatusForbidden || !strings.Contains(body, "tải lại trang") {
		t.Errorf("POST without token: got %d, want 403", res.StatusCode)
	}
	// Neither created the account.
	if _, err := srv.DB.FindUserByUsername(t.Context(), "nguoimoi"); err == nil {
		t.Fatal("a refused POST created the account")
	}
	// With the token it works, and the audit log has the change.
	if res := c.PostForm("/quan-tri/tai-khoan", form); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("POST with token: got %d, want 303", res.StatusCode)
	}
	entries, _, err := srv.DB.ListAudit(t.Context(), audit.Filter{Entity: "user", EntityID: "nguoimoi"})
	if err != nil || len(entries) != 1 || entries[0].Actor != "admin" || entries[0].Action != "user.create" || !strings.Contains(entries[0].After, "20-MTTQ") {
		t.Errorf("audit: got %+v %v, want one user.create by admin", entries, err)
	}
}

func withCSRF(v url.Values, tok string) url.Values {
	out := url.Values{}
	for k, vv := range v {
		out[k] = vv
	}
	out.Set("csrf", tok)
	return out
}

func TestAuditBeforeAfterAndConflict(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *apptestDB) {
		srv := apptest.NewServer(t, db)
		admin := srv.NewClient(t)
		admin.Login("admin", "demo")
		id := userID(t, srv, "caoloc")
		path := "/quan-tri/tai-khoan/" + itoa(id)
		admin.Get(path)
		// Two admins open the same account (version 1); the first save
		// wins, the second gets 409 and nothing of it is written.
		first := url.Values{"version": {"1"}, "full_name": {"Vi Văn Thành"}, "unit": {"183"}, "roles": {"reporter", "leader"}}
		if res := admin.PostForm(path, first); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("first save: got %d, want 303", res.StatusCode)
		}
		second := url.Values{"version": {"1"}, "full_name": {"Tên Khác"}, "unit": {"183"}, "roles": {"reporter"}}
		res, body := admin.PostFormBody(path, second)
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "người khác sửa") {
			t.Errorf("stale save: got %d, want 409 with the Vietnamese message", res.StatusCode)
		}
		u, err := srv.DB.FindUserByUsername(t.Context(), "caoloc")
		if err != nil || u.FullName != "Vi Văn Thành" || len(u.Roles) != 2 || u.Version != 2 {
			t.Errorf("after the conflict: got %+v, want the first save", u)
		}
		entries, _, err := srv.DB.ListAudit(t.Context(), audit.Filter{Entity: "user", EntityID: "caoloc", Action: "user.update"})
		if err != nil || len(entries) != 1 {
			t.Fatalf("audit entries: got %d %v, want 1", len(entries), err)
		}
		var before, after map[string]any
		json.Unmarshal([]byte(entries[0].Before), &before)
		json.Unmarshal([]byte(entries[0].After), &after)
		if before["roles"] != "reporter" || after["roles"] != "reporter,leader" || strings.Contains(entries[0].After, "argon2") {
			t.Errorf("audit before/after: got %v → %v", before, after)
		}
		// The admin page lists and filters it.
		_, page := admin.Get("/quan-tri/nhat-ky?entity=user&entity_id=caoloc")
		if !strings.Contains(page, "Sửa tài khoản caoloc") {
			t.Error("audit page does not show the change")
		}
	})
}

func TestReporterScope(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	tok := srv.APIToken(t, "mttq", "demo")
	got, body := srv.API(t, tok, "GET", "/api/v1/units?at=2019-03-28", "")
	if got != http.StatusOK {
		t.Fatalf("units: got %d", got)
	}
	var units []struct{ Code string }
	json.Unmarshal([]byte(body), &units)
	if len(units) != 1 || units[0].Code != "20-MTTQ" {
		t.Errorf("a reporter's tree: got %v, want only 20-MTTQ", units)
	}
	tok = srv.APIToken(t, "chuyenvien", "demo")
	_, body = srv.API(t, tok, "GET", "/api/v1/units?at=2019-03-28", "")
	units = nil
	json.Unmarshal([]byte(body), &units)
	codes := map[string]bool{}
	for _, u := range units {
		codes[u.Code] = true
	}
	// The merged commission of 2025 sees the 2019 province through its
	// predecessor, Ban Dân vận Tỉnh ủy.
	for _, want := range []string{"20", "20-BDV", "183", "20-MTTQ"} {
		if !codes[want] {
			t.Errorf("commission's 2019 tree lacks %s", want)
		}
	}
	if len(codes) != len(units) {
		t.Errorf("the commission's tree lists %d units but only %d distinct codes", len(units), len(codes))
	}
	if codes["20-BTGDV"] {
		t.Error("the 2019 tree shows a body formed in 2025")
	}
}

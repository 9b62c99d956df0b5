package main

import (
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"strings"
	"testing"

	"giaoban/internal/apptest"
	"giaoban/internal/demo"
)

// TestTwoServersSharePostgres runs two servers on one PostgreSQL schema, as
// behind a load balancer: sessions, tokens and changes made through one are
// seen by the other.
func TestTwoServersSharePostgres(t *testing.T) {
	dsn := apptest.PostgresDSN(t)
	a := startMain(t, dsn, true)
	b := startMain(t, dsn, false)
	if a.URL() == b.URL() {
		t.Fatalf("both servers on %s", a.URL())
	}

	// B loaded nothing of its own: there is exactly one demo, and B's
	// login page offers no demo accounts.
	anon := newWebClient(t, b.URL())
	res, body := anon.get("/dang-nhap")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("B /dang-nhap: got %d, want %d", res.StatusCode, http.StatusOK)
	}
	if strings.Contains(body, "Tài khoản trình diễn") {
		t.Errorf("B /dang-nhap: got the demo accounts, want none (B is not in demo mode)")
	}

	// A web session opened on A works on B.
	ca := newWebClient(t, a.URL())
	ca.login("admin", demo.Password)
	cookie := ca.sessionCookie()
	cb := newWebClient(t, b.URL())
	bu, _ := url.Parse(b.URL())
	cb.hc.Jar.SetCookies(bu, []*http.Cookie{{Name: cookie.Name, Value: cookie.Value, Path: "/"}})
	res, body = cb.get("/lam-viec")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("B /lam-viec with A's session: got %d, want %d", res.StatusCode, http.StatusOK)
	}
	if !strings.Contains(body, "Quản trị hệ thống") {
		t.Errorf("B /lam-viec with A's session: got no %q, want the admin's name", "Quản trị hệ thống")
	}

	// An API token from A works on B.
	token := apiLogin(t, a.URL(), "chuyenvien", demo.Password)
	var me struct {
		Username string `json:"username"`
		Roles    []string
		Unit     struct{ Code, Name string }
	}
	if st := apiGet(t, b.URL(), token, "/api/v1/me", &me); st != http.StatusOK {
		t.Fatalf("B /api/v1/me with A's token: got %d, want %d", st, http.StatusOK)
	}
	if me.Username != "chuyenvien" || me.Unit.Code != demo.MergedCommission {
		t.Errorf("B /api/v1/me: got %q of %q, want %q of %q", me.Username, me.Unit.Code, "chuyenvien", demo.MergedCommission)
	}
	if st := apiGet(t, b.URL(), "not-a-token", "/api/v1/me", nil); st != http.StatusUnauthorized {
		t.Errorf("B /api/v1/me with a bad token: got %d, want %d", st, http.StatusUnauthorized)
	}

	// A user created through A's form is seen on B and can log in there.
	if res, _ := ca.get("/quan-tri/tai-khoan/moi"); res.StatusCode != http.StatusOK || ca.csrf == "" {
		t.Fatalf("A new-user form: got %d with csrf %q, want 200 with a token", res.StatusCode, ca.csrf)
	}
	const newPassword = "mat-khau-phong-vien"
	res, body = ca.post("/quan-tri/tai-khoan", url.Values{
		"csrf":      {ca.csrf},
		"username":  {"phongvien"},
		"full_name": {"Trần Thị Bình"},
		"unit":      {demo.Front},
		"roles":     {"reporter"},
		"password":  {newPassword},
	})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/quan-tri/tai-khoan" {
		t.Fatalf("A create user: got %d to %q, want 303 to /quan-tri/tai-khoan\n%s", res.StatusCode, res.Header.Get("Location"), body)
	}
	res, body = cb.get("/quan-tri/tai-khoan")
	if res.StatusCode != http.StatusOK {
		t.Fatalf("B user list: got %d, want %d", res.StatusCode, http.StatusOK)
	}
	for _, want := range []string{"phongvien", "Trần Thị Bình", "Ủy ban MTTQ Việt Nam tỉnh"} {
		if !strings.Contains(body, want) {
			t.Errorf("B user list: got no %q, want the user created on A", want)
		}
	}
	newOnB := newWebClient(t, b.URL())
	newOnB.login("phongvien", newPassword)
	if res, body := newOnB.get("/lam-viec"); res.StatusCode != http.StatusOK || !strings.Contains(body, "Trần Thị Bình") {
		t.Errorf("B /lam-viec as the new user: got %d (name shown %v), want 200 with the name", res.StatusCode, strings.Contains(body, "Trần Thị Bình"))
	}

	// The CSRF token of the session is the session's, wherever the page
	// came from: a form token read on B is accepted by A.
	cb.csrf = ""
	cb.get("/quan-tri/tai-khoan/moi")
	if cb.csrf == "" {
		t.Fatal("B new-user form: no csrf token")
	}
	res, body = ca.post("/quan-tri/tai-khoan", url.Values{
		"csrf": {cb.csrf}, "username": {"phongvien2"}, "full_name": {"Hà Văn Cường"},
		"unit": {demo.Front}, "roles": {"reporter"}, "password": {newPassword},
	})
	if res.StatusCode != http.StatusSeeOther {
		t.Errorf("A create user with B's form token: got %d, want %d\n%s", res.StatusCode, http.StatusSeeOther, body)
	}

	res, _ = ca.post("/quan-tri/tai-khoan", url.Values{
		"csrf": {"not-the-token"}, "username": {"phongvien3"}, "full_name": {"Nông Văn Dũng"},
		"unit": {demo.Front}, "roles": {"reporter"}, "password": {newPassword},
	})
	if res.StatusCode != http.StatusForbidden {
		t.Errorf("A create user with a wrong form token: got %d, want %d", res.StatusCode, http.StatusForbidden)
	}
	if _, body := cb.get("/quan-tri/tai-khoan"); !strings.Contains(body, "phongvien2") || strings.Contains(body, "phongvien3") {
		t.Errorf("B user list: got phongvien2 %v, phongvien3 %v; want true, false",
			strings.Contains(body, "phongvien2"), strings.Contains(body, "phongvien3"))
	}

	// Logging out on B ends the session on A too.
	res, _ = cb.post("/dang-xuat", url.Values{"csrf": {cb.csrf}})
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/dang-nhap") {
		t.Fatalf("B logout: got %d to %q, want 303 to /dang-nhap", res.StatusCode, res.Header.Get("Location"))
	}
	res, _ = ca.get("/lam-viec")
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/dang-nhap") {
		t.Errorf("A /lam-viec after logout on B: got %d to %q, want 303 to /dang-nhap", res.StatusCode, res.Header.Get("Location"))
	}
	jar, _ := cookiejar.New(nil)
	au, _ := url.Parse(a.URL())
	jar.SetCookies(au, []*http.Cookie{{Name: cookie.Name, Value: cookie.Value, Path: "/"}})
	replay := newWebClient(t, a.URL())
	replay.hc.Jar = jar
	if res, _ := replay.get("/quan-tri/tai-khoan"); res.StatusCode == http.StatusOK {
		t.Errorf("A /quan-tri/tai-khoan with the logged-out cookie: got %d, want a redirect to log in", res.StatusCode)
	}
}

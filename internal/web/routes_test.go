package web_test

import (
	"net/http"
	"net/url"
	"regexp"
	"strconv"
	"strings"
	"testing"

	"giaoban/internal/apptest"
	"giaoban/internal/export/pdf"
)

// The roles walked by the authorisation table: an anonymous caller and one
// demo account per role (two reporters of different units).
var roles = []string{"anon", "admin", "chuyenvien", "lanhdao", "bientap", "mttq", "caoloc"}

// probe is one concrete request for a route, and the status each role gets.
type probe struct {
	method, url string
	form        url.Values // web form (sent with the CSRF token); "{role}" is replaced by the role
	json        string     // API body (sent with the bearer token)
	fresh       bool       // ends the session: use a fresh login
	want        map[string]int
}

// all gives every role the same status, with exceptions.
func all(status int, except ...any) map[string]int {
	m := map[string]int{}
	for _, r := range roles {
		m[r] = status
	}
	for i := 0; i+1 < len(except); i += 2 {
		m[except[i].(string)] = except[i+1].(int)
	}
	return m
}

const (
	ok        = http.StatusOK
	see       = http.StatusSeeOther
	noContent = http.StatusNoContent
	unauth    = http.StatusUnauthorized
	forbidden = http.StatusForbidden
	invalid   = http.StatusUnprocessableEntity
	conflict  = http.StatusConflict
)

// adminOnly: admins get status, anonymous callers anon, everyone else 403.
func adminOnly(status, anon int) map[string]int {
	return all(forbidden, "admin", status, "anon", anon)
}

// pdfStatus is 200 where LibreOffice is installed (CI), 503 elsewhere.
func pdfStatus() int {
	if pdf.Available() {
		return ok
	}
	return http.StatusServiceUnavailable
}

// readMTTQ: who may read the MTTQ's reports (its reporter, the commission,
// the leader, the admin).
func readMTTQ(status, anon int) map[string]int {
	return all(status, "anon", anon, "bientap", forbidden, "caoloc", forbidden)
}

// writeMTTQ: who may change the MTTQ's reports (its reporter, the
// commission for units in its scope, the admin).
func writeMTTQ(status, anon int) map[string]int {
	return all(status, "anon", anon, "bientap", forbidden, "caoloc", forbidden, "lanhdao", forbidden)
}

// review: who may accept, return or remind (the commission, the admin).
func review(status, anon int) map[string]int {
	return all(forbidden, "anon", anon, "admin", status, "chuyenvien", status)
}

// province: who may read the province's progress (commission, leader, admin).
func province(status, anon int) map[string]int {
	return all(forbidden, "anon", anon, "admin", status, "chuyenvien", status, "lanhdao", status)
}

// routeProbes are the authorisation lines of areas kept in their own test
// files (routes_conferences_test.go, ...), each appended in an init.
var routeProbes []func(t *testing.T, srv *apptest.Server) map[string][]probe

// TestRoutesByRole walks every registered route with every role. A route
// added without a line here fails the test.
func TestRoutesByRole(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	css, _ := srv.Web.StaticURL("app.css")
	chuyenvienID := strconv.FormatInt(userID(t, srv, "chuyenvien"), 10)
	table := map[string][]probe{
		"GET /healthz":                 {{method: "GET", url: "/healthz", want: all(ok)}},
		"GET /metrics":                 {{method: "GET", url: "/metrics", want: all(ok)}},
		"GET /static/{hash}/{name...}": {{method: "GET", url: css, want: all(ok)}},
		"GET /{$}":                     {{method: "GET", url: "/", want: all(ok)}},
		"GET /dang-nhap":               {{method: "GET", url: "/dang-nhap", want: all(see, "anon", ok)}},
		"POST /dang-nhap":              {{method: "POST", url: "/dang-nhap", form: url.Values{"username": {"sai-{role}"}, "password": {"sai-mat-khau"}}, want: all(unauth)}},
		"POST /dang-xuat":              {{method: "POST", url: "/dang-xuat", fresh: true, want: all(see)}},
		"GET /lam-viec":                {{method: "GET", url: "/lam-viec", want: all(ok, "anon", see)}},
		"GET /tai-khoan":               {{method: "GET", url: "/tai-khoan", want: all(ok, "anon", see)}},
		"POST /tai-khoan/mat-khau": {{method: "POST", url: "/tai-khoan/mat-khau",
			form: url.Values{"current": {"khong-dung"}, "new": {"matkhau-moi-123"}, "confirm": {"matkhau-moi-123"}}, want: all(invalid, "anon", unauth)}},
		"GET /don-vi": {{method: "GET", url: "/don-vi?ngay=2019-03-28", want: all(ok, "anon", see)}},
		"GET /don-vi/{code}": {
			{method: "GET", url: "/don-vi/20-MTTQ?ngay=2019-03-28", want: all(ok, "anon", see, "caoloc", forbidden)},
			{method: "GET", url: "/don-vi/183?ngay=2019-03-28", want: all(ok, "anon", see, "mttq", forbidden)},
			{method: "GET", url: "/don-vi/20-BTGDV", want: all(ok, "anon", see, "mttq", forbidden, "caoloc", forbidden)},
		},
		"GET /quan-tri/tai-khoan":      {{method: "GET", url: "/quan-tri/tai-khoan", want: adminOnly(ok, see)}},
		"GET /quan-tri/tai-khoan/moi":  {{method: "GET", url: "/quan-tri/tai-khoan/moi", want: adminOnly(ok, see)}},
		"POST /quan-tri/tai-khoan":     {{method: "POST", url: "/quan-tri/tai-khoan", form: url.Values{"username": {"X"}}, want: adminOnly(invalid, unauth)}},
		"GET /quan-tri/tai-khoan/{id}": {{method: "GET", url: "/quan-tri/tai-khoan/" + chuyenvienID, want: adminOnly(ok, see)}},
		"POST /quan-tri/tai-khoan/{id}": {{method: "POST", url: "/quan-tri/tai-khoan/" + chuyenvienID,
			form: url.Values{"version": {"0"}, "roles": {"commission"}, "unit": {"20-BTGDV"}}, want: adminOnly(conflict, unauth)}},
		"POST /quan-tri/tai-khoan/{id}/mat-khau": {{method: "POST", url: "/quan-tri/tai-khoan/" + chuyenvienID + "/mat-khau",
			form: url.Values{"password": {"ngan"}}, want: adminOnly(invalid, unauth)}},
		"GET /quan-tri/nhat-ky": {{method: "GET", url: "/quan-tri/nhat-ky", want: adminOnly(ok, see)}},

		"POST /api/v1/login":  {{method: "POST", url: "/api/v1/login", json: `{"username":"sai-{role}","password":"sai"}`, want: all(unauth)}},
		"POST /api/v1/logout": {{method: "POST", url: "/api/v1/logout", fresh: true, want: all(noContent, "anon", unauth)}},
		"GET /api/v1/me":      {{method: "GET", url: "/api/v1/me", want: all(ok, "anon", unauth)}},
		"GET /api/v1/units":   {{method: "GET", url: "/api/v1/units?at=2019-03-28", want: all(ok, "anon", unauth)}},
		"GET /api/v1/units/{code}": {
			{method: "GET", url: "/api/v1/units/20-MTTQ?at=2019-03-28", want: all(ok, "anon", unauth, "caoloc", forbidden)},
			{method: "GET", url: "/api/v1/units/183?at=2019-03-28", want: all(ok, "anon", unauth, "mttq", forbidden)},
		},
		"GET /api/v1/units/{code}/history": {
			{method: "GET", url: "/api/v1/units/183/history", want: all(ok, "anon", unauth, "mttq", forbidden)},
		},
		"GET /api/v1/audit": {{method: "GET", url: "/api/v1/audit", want: adminOnly(ok, unauth)}},

		// Reports: the demo's Q1/2019 report of the MTTQ is accepted; Q2/2019 is not started.
		"GET /bao-cao": {{method: "GET", url: "/bao-cao", want: all(ok, "anon", see)}},
		"GET /bao-cao/{template}/{period}/{unit}": {{method: "GET", url: "/bao-cao/BCQ-DV/2019Q1/20-MTTQ", want: readMTTQ(ok, see)}},
		"POST /bao-cao/{template}/{period}/{unit}": {{method: "POST", url: "/bao-cao/BCQ-DV/2019Q2/20-MTTQ",
			form: url.Values{"version": {"0"}, "v.QUA_TANG": {"khong-phai-so"}}, want: writeMTTQ(invalid, unauth)}},
		"POST /bao-cao/{template}/{period}/{unit}/gui":       {{method: "POST", url: "/bao-cao/BCQ-DV/2019Q1/20-MTTQ/gui", want: writeMTTQ(conflict, unauth)}},
		"POST /bao-cao/{template}/{period}/{unit}/tiep-nhan": {{method: "POST", url: "/bao-cao/BCQ-DV/2019Q1/20-MTTQ/tiep-nhan", want: review(conflict, unauth)}},
		"POST /bao-cao/{template}/{period}/{unit}/tra-lai": {{method: "POST", url: "/bao-cao/BCQ-DV/2019Q1/20-MTTQ/tra-lai",
			form: url.Values{"reason": {""}}, want: review(invalid, unauth)}},
		"GET /bao-cao/{template}/{period}/{unit}/phien-ban":     {{method: "GET", url: "/bao-cao/BCQ-DV/2019Q1/20-MTTQ/phien-ban", want: readMTTQ(ok, see)}},
		"POST /bao-cao/{template}/{period}/{unit}/tep":          {{method: "POST", url: "/bao-cao/BCQ-DV/2019Q1/20-MTTQ/tep", want: writeMTTQ(see, unauth)}},
		"GET /bao-cao/{template}/{period}/{unit}/tep/{id}":      {{method: "GET", url: "/bao-cao/BCQ-DV/2019Q1/20-MTTQ/tep/999", want: all(http.StatusNotFound, "anon", see, "bientap", forbidden, "caoloc", forbidden)}},
		"POST /bao-cao/{template}/{period}/{unit}/tep/{id}/xoa": {{method: "POST", url: "/bao-cao/BCQ-DV/2019Q1/20-MTTQ/tep/999/xoa", want: writeMTTQ(conflict, unauth)}},
		"GET /bao-cao/{template}/{period}/{unit}/xlsx":          {{method: "GET", url: "/bao-cao/BCQ-DV/2019Q1/20-MTTQ/xlsx", want: readMTTQ(ok, see)}},
		"POST /bao-cao/{template}/{period}/{unit}/xlsx":         {{method: "POST", url: "/bao-cao/BCQ-DV/2019Q2/20-MTTQ/xlsx", want: writeMTTQ(invalid, unauth)}},
		"GET /tien-do/{template}/{period}/{unit}/xlsx":          {{method: "GET", url: "/tien-do/BCQ-DV/2019Q1/20/xlsx", want: review(ok, see)}},
		"POST /tien-do/{template}/{period}/{unit}/nhap-excel":   {{method: "POST", url: "/tien-do/BCQ-DV/2019Q1/20/nhap-excel", want: review(see, unauth)}},
		"GET /api/v1/reports/{template}/{period}/{unit}/xlsx":   {{method: "GET", url: "/api/v1/reports/BCQ-DV/2019Q1/20-MTTQ/xlsx", want: readMTTQ(ok, unauth)}},
		"PUT /api/v1/reports/{template}/{period}/{unit}/xlsx":   {{method: "PUT", url: "/api/v1/reports/BCQ-DV/2019Q2/20-MTTQ/xlsx", json: "khong phai excel", want: writeMTTQ(http.StatusBadRequest, unauth)}},
		"GET /tien-do/{template}":                               {{method: "GET", url: "/tien-do/BCQ-DV?ky=2019Q1", want: all(see, "anon", see)}},
		"GET /tien-do/{template}/{period}/{unit}":               {{method: "GET", url: "/tien-do/BCQ-DV/2019Q1/20", want: province(ok, see)}},
		"POST /tien-do/{template}/{period}/{unit}/nhac":         {{method: "POST", url: "/tien-do/BCQ-DV/2019Q1/20/nhac", want: review(see, unauth)}},
		"GET /tong-hop/{template}/{period}/{unit}": {{method: "GET", url: "/tong-hop/BCQ-DV/2019Q1/20", want: province(ok, see)},
			{method: "GET", url: "/tong-hop/BCQ-DV/2019Q1/20?view=as_now&include=submitted", want: province(ok, see)}},
		"GET /tong-hop/{template}/{period}/{unit}/thuyet-minh":      {{method: "GET", url: "/tong-hop/BCQ-DV/2019Q1/20/thuyet-minh", want: province(ok, see)}},
		"GET /tong-hop/{template}/{period}/{unit}/xlsx":             {{method: "GET", url: "/tong-hop/BCQ-DV/2019Q1/20/xlsx", want: province(ok, see)}},
		"GET /tong-hop/{template}/{period}/{unit}/csv":              {{method: "GET", url: "/tong-hop/BCQ-DV/2019Q1/20/csv", want: province(ok, see)}},
		"GET /api/v1/consolidation/{template}/{period}/{unit}/xlsx": {{method: "GET", url: "/api/v1/consolidation/BCQ-DV/2019Q1/20/xlsx", want: province(ok, unauth)}},
		"GET /tong-hop/{template}/{period}/{unit}/docx":             {{method: "GET", url: "/tong-hop/BCQ-DV/2019Q1/20/docx?ngay=2019-03-28", want: province(ok, see)}},
		"GET /api/v1/consolidation/{template}/{period}/{unit}/docx": {{method: "GET", url: "/api/v1/consolidation/BCQ-DV/2019Q1/20/docx", want: province(ok, unauth)}},
		"POST /tong-hop/{template}/{period}/{unit}/phat-hanh":       {{method: "POST", url: "/tong-hop/BCQ-DV/2019Q1/20/phat-hanh", form: url.Values{"ngay": {"2019-03-28"}}, want: review(ok, unauth)}},
		"GET /tong-hop/{template}/{period}/{unit}/pdf":              {{method: "GET", url: "/tong-hop/BCQ-DV/2019Q1/20/pdf", want: province(pdfStatus(), see)}},
		"GET /api/v1/consolidation/{template}/{period}/{unit}/pdf":  {{method: "GET", url: "/api/v1/consolidation/BCQ-DV/2019Q1/20/pdf", want: province(pdfStatus(), unauth)}},
		"GET /thong-bao": {{method: "GET", url: "/thong-bao", want: all(ok, "anon", see)}},

		"GET /quan-tri/mau-bao-cao":         {{method: "GET", url: "/quan-tri/mau-bao-cao", want: review(ok, see)}},
		"GET /quan-tri/mau-bao-cao/moi":     {{method: "GET", url: "/quan-tri/mau-bao-cao/moi", want: review(ok, see)}},
		"POST /quan-tri/mau-bao-cao":        {{method: "POST", url: "/quan-tri/mau-bao-cao", form: url.Values{"code": {"?"}, "owner": {"20"}}, want: review(invalid, unauth)}},
		"GET /quan-tri/mau-bao-cao/{code}":  {{method: "GET", url: "/quan-tri/mau-bao-cao/BCQ-DV", want: review(ok, see)}},
		"POST /quan-tri/mau-bao-cao/{code}": {{method: "POST", url: "/quan-tri/mau-bao-cao/BCQ-DV", form: url.Values{"version": {"0"}, "name": {"X"}, "owner": {"20"}, "kind": {"periodic"}, "period_type": {"quarter"}, "calendar": {"decree09"}, "deadline_kind": {"working_days_after"}, "deadline_days": {"3"}, "indicators": {"QUA_TANG"}}, want: review(invalid, unauth)}}, // rules name indicators left out
		"GET /quan-tri/chi-tieu/moi":        {{method: "GET", url: "/quan-tri/chi-tieu/moi", want: review(ok, see)}},
		"POST /quan-tri/chi-tieu":           {{method: "POST", url: "/quan-tri/chi-tieu", form: url.Values{"code": {"QUA_TANG"}, "name": {"Trùng"}, "type": {"integer"}, "aggregation": {"sum"}}, want: review(conflict, unauth)}},
		"GET /quan-tri/chi-tieu/{code}":     {{method: "GET", url: "/quan-tri/chi-tieu/QUA_TANG", want: review(ok, see)}},
		"POST /quan-tri/chi-tieu/{code}":    {{method: "POST", url: "/quan-tri/chi-tieu/QUA_TANG", form: url.Values{"version": {"1"}, "name": {"Quà"}, "type": {"text"}, "aggregation": {"none"}}, want: review(conflict, unauth)}},

		"GET /api/v1/templates":                                  {{method: "GET", url: "/api/v1/templates", want: all(ok, "anon", unauth)}},
		"GET /api/v1/periods":                                    {{method: "GET", url: "/api/v1/periods?template=BCQ-DV", want: all(ok, "anon", unauth)}},
		"GET /api/v1/reports/{template}/{period}/{unit}":         {{method: "GET", url: "/api/v1/reports/BCQ-DV/2019Q1/20-MTTQ", want: readMTTQ(ok, unauth)}},
		"PUT /api/v1/reports/{template}/{period}/{unit}":         {{method: "PUT", url: "/api/v1/reports/BCQ-DV/2019Q2/20-MTTQ", json: `{"version":0,"values":{"QUA_TANG":"abc"}}`, want: writeMTTQ(invalid, unauth)}},
		"POST /api/v1/reports/{template}/{period}/{unit}/submit": {{method: "POST", url: "/api/v1/reports/BCQ-DV/2019Q1/20-MTTQ/submit", want: writeMTTQ(conflict, unauth)}},
		"POST /api/v1/reports/{template}/{period}/{unit}/accept": {{method: "POST", url: "/api/v1/reports/BCQ-DV/2019Q1/20-MTTQ/accept", want: review(conflict, unauth)}},
		"POST /api/v1/reports/{template}/{period}/{unit}/return": {{method: "POST", url: "/api/v1/reports/BCQ-DV/2019Q1/20-MTTQ/return", json: `{"reason":""}`, want: review(invalid, unauth)}},
		"GET /api/v1/consolidation/{template}/{period}/{unit}": {{method: "GET", url: "/api/v1/consolidation/BCQ-DV/2019Q1/20", want: province(ok, unauth)},
			{method: "GET", url: "/api/v1/consolidation/BCQ-DV/2019Q1/183", want: all(ok, "anon", unauth, "bientap", forbidden, "mttq", forbidden)}},
		"GET /api/v1/completeness/{template}/{period}/{unit}": {{method: "GET", url: "/api/v1/completeness/BCQ-DV/2019Q1/20", want: province(ok, unauth)}},
	}

	// Areas with their own test file add their lines (routeProbes).
	for _, f := range routeProbes {
		for k, v := range f(t, srv) {
			if _, dup := table[k]; dup {
				t.Fatalf("route %s has two lines in the authorisation table", k)
			}
			table[k] = v
		}
	}
	for _, r := range srv.Web.Routes() {
		key := r.Method + " " + r.Pattern
		if _, ok := table[key]; !ok {
			t.Errorf("route %s has no line in the authorisation table", key)
		}
	}

	clients := map[string]*apptest.Client{}
	tokens := map[string]string{}
	for _, role := range roles {
		c := srv.NewClient(t)
		if role != "anon" {
			c.Login(role, "demo")
			tokens[role] = srv.APIToken(t, role, "demo")
		}
		clients[role] = c
	}
	for key, probes := range table {
		for _, p := range probes {
			for _, role := range roles {
				want, ok := p.want[role]
				if !ok {
					t.Fatalf("%s %s: no expectation for %s", p.method, p.url, role)
				}
				t.Run(key+"/"+p.url+"/"+role, func(t *testing.T) {
					var got int
					var body string
					if strings.HasPrefix(p.url, "/api/") {
						tok := tokens[role]
						if p.fresh && role != "anon" {
							tok = srv.APIToken(t, role, "demo")
						}
						got, body = srv.API(t, tok, p.method, p.url, strings.ReplaceAll(p.json, "{role}", role))
					} else {
						c := clients[role]
						if p.fresh && role != "anon" {
							c = srv.NewClient(t)
							c.Login(role, "demo")
						}
						var res *http.Response
						if p.method == "GET" {
							res, body = c.Get(p.url)
						} else {
							form := url.Values{}
							for k, v := range p.form {
								form[k] = []string{strings.ReplaceAll(v[0], "{role}", role)}
							}
							res, body = c.PostFormBody(p.url, form)
						}
						got = res.StatusCode
					}
					if got != want {
						t.Errorf("%s %s as %s: got %d, want %d\n%.300s", p.method, p.url, role, got, want, body)
					}
				})
			}
		}
	}
}

var idRe = regexp.MustCompile(`/quan-tri/tai-khoan/(\d+)">`)

func userID(t *testing.T, srv *apptest.Server, username string) int64 {
	t.Helper()
	c := srv.NewClient(t)
	c.Login("admin", "demo")
	_, body := c.Get("/quan-tri/tai-khoan?q=" + username)
	m := idRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no user %s in the list", username)
	}
	id, _ := strconv.ParseInt(m[1], 10, 64)
	return id
}

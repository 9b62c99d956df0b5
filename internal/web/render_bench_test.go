package web_test

import (
	"context"
	"errors"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"giaoban/internal/apptest"
	"giaoban/internal/auth"
	"giaoban/internal/demo"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/rollup"
	"giaoban/internal/sqlstore"
	"giaoban/internal/web"
)

// The province page of 2025Q4 reads the quarter, the previous one and the
// same quarter last year, and its trend chart the totals of the last eight
// quarters: every quarter of demo.SynthQuarters, so all are loaded (about
// 20 s of set-up; three quarters would understate the trend's cost).

const (
	renderUser     = "bench-admin"
	renderPassword = "mat-khau-dai-du-cho-bench"
	renderProvince = "S01"
)

// renderFixture is a web.Server over the synthetic country, a logged-in
// admin's session cookie, and a rollup.Service of its own over the same
// store for the consolidation-only baselines.
type renderFixture struct {
	dir     string
	db      *sqlstore.DB
	ws      *web.Server
	cookie  *http.Cookie
	rollup  *rollup.Service
	reports *report.Service
	setup   time.Duration
}

// filedCommune returns the key of an accepted 2025Q4 report of a commune
// of the render province.
func (f *renderFixture) filedCommune(b *testing.B, a *auth.Actor) report.Key {
	req := rollup.Request{Key: report.Key{Template: demo.SynthTemplate, Period: "2025Q4", Unit: renderProvince}}
	out, err := f.rollup.Consolidate(context.Background(), a, req)
	if err != nil {
		b.Fatal(err)
	}
	for i := len(out.Children) - 1; i >= 0; i-- {
		if c := out.Children[i].Unit.Code; out.Current.Row(c) >= 0 {
			return report.Key{Template: demo.SynthTemplate, Period: "2025Q4", Unit: c}
		}
	}
	b.Fatal("no filed child unit")
	return report.Key{}
}

// newRenderFixture builds the fixture once per benchmark run (a parent
// benchmark's body runs once; its sub-benchmarks share it) and deletes
// the database afterwards.
func newRenderFixture(b *testing.B) *renderFixture {
	f := &renderFixture{}
	b.Cleanup(func() {
		if f.db != nil {
			f.db.Close()
		}
		if f.dir != "" {
			os.RemoveAll(f.dir)
		}
	})
	start := time.Now()
	if err := f.build(context.Background()); err != nil {
		b.Fatal(err)
	}
	f.setup = time.Since(start)
	return f
}

func (f *renderFixture) build(ctx context.Context) error {
	dir, err := os.MkdirTemp("", "giaoban-render-")
	if err != nil {
		return err
	}
	f.dir = dir
	db, err := sqlstore.Open(ctx, filepath.Join(dir, "country.db"))
	if err != nil {
		return err
	}
	f.db = db
	now := func() time.Time { return apptest.Clock }
	db.Now = now
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	s, err := demo.Synthetic(demo.ScaleCountry, 1)
	if err != nil {
		return err
	}
	if err := db.ImportUnits(ctx, s.Units); err != nil {
		return err
	}
	for i := range s.Indicators {
		if err := db.CreateIndicator(ctx, &s.Indicators[i]); err != nil {
			return err
		}
	}
	if err := db.CreateTemplate(ctx, s.Template); err != nil {
		return err
	}
	for batch := range s.Reports(5000) {
		if err := db.BulkInsertReports(ctx, batch); err != nil {
			return err
		}
	}

	hash, err := auth.HashPassword(renderPassword)
	if err != nil {
		return err
	}
	if err := db.CreateUser(ctx, &auth.User{Username: renderUser, FullName: "Quản trị đo tải", Roles: []auth.Role{auth.RoleAdmin},
		PasswordHash: hash, CreatedAt: apptest.Clock, UpdatedAt: apptest.Clock}); err != nil {
		return err
	}
	f.ws, err = web.New(web.Config{DB: db, Now: now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}

	// Log in through the form, as a browser does.
	form := url.Values{"username": {renderUser}, "password": {renderPassword}}
	req := httptest.NewRequest("POST", "http://127.0.0.1/dang-nhap", strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	rec := httptest.NewRecorder()
	f.ws.ServeHTTP(rec, req)
	if rec.Code != http.StatusSeeOther {
		return fmt.Errorf("login: status %d: %.300s", rec.Code, rec.Body.String())
	}
	for _, c := range rec.Result().Cookies() {
		if c.Name == "giaoban_session" && c.Value != "" {
			f.cookie = c
		}
	}
	if f.cookie == nil {
		return errors.New("login: no session cookie")
	}

	orgs := &org.Service{Store: db}
	authz := &auth.Authorizer{Units: orgs}
	rs := &report.Service{Store: db, Units: db, Authz: authz, Now: now}
	f.rollup = &rollup.Service{Store: db, Reports: rs, Units: renderUnits{db, orgs}, Authz: authz, Now: now}
	f.reports = rs
	return nil
}

type renderUnits struct {
	db  *sqlstore.DB
	org *org.Service
}

func (u renderUnits) SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error) {
	return u.db.SubtreeAt(ctx, code, at)
}
func (u renderUnits) AncestorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	return u.db.AncestorsAt(ctx, code, at)
}
func (u renderUnits) SuccessorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	return u.org.SuccessorsAt(ctx, code, at)
}

// get serves one GET through the whole server (middleware, session
// lookup, authorisation, consolidation, rendering) into a recorder.
func (f *renderFixture) get(b *testing.B, path string) *httptest.ResponseRecorder {
	req := httptest.NewRequest("GET", "http://127.0.0.1"+path, nil)
	req.AddCookie(f.cookie)
	rec := httptest.NewRecorder()
	f.ws.ServeHTTP(rec, req)
	if rec.Code != http.StatusOK {
		b.Fatalf("GET %s: status %d: %.300s", path, rec.Code, rec.Body.String())
	}
	return rec
}

// BenchmarkProvincePageRender: the consolidated province page — every
// child unit of S01 (the commission, 15 provincial bodies, 97 communes:
// 113 rows) × every numeric indicator (98), by sector, the totals with
// both comparisons, the chart, the trend of the charted indicator over
// eight quarters — served through the whole server over the synthetic
// country. Target: < 15 ms. "page" is any page between two writes (the
// consolidation and its formatted body come from the caches keyed on the
// report snapshots); "page-first-after-write" is the first page after a
// write, everything computed afresh. In the same run, the baselines: the
// same consolidation answered as JSON by the API (no HTML), a logged-in
// request that does nothing, and the consolidations alone (rollup.Service,
// no HTTP, no encoding: the page's, and the trend's eight totals), so that
// the page's own cost is visible. (The units' narratives are on a page of
// their own, /thuyet-minh.)
//
//	go test -run '^$' -bench ProvincePageRender -benchtime 200x ./internal/web/
func BenchmarkProvincePageRender(b *testing.B) {
	f := newRenderFixture(b)
	page := "/tong-hop/" + demo.SynthTemplate + "/2025Q4/" + renderProvince
	api := "/api/v1/consolidation/" + demo.SynthTemplate + "/2025Q4/" + renderProvince

	// Warm once: the first request loads the quarters into memory (once
	// per server) and places the province.
	start := time.Now()
	rec := f.get(b, page)
	cold := time.Since(start)
	body := rec.Body.String()
	rows := strings.Count(body, `<tr data-unit="`)
	if rows != 113 {
		b.Fatalf("province page: %d child rows, want 113", rows)
	}
	f.get(b, api)

	b.Run("page", func(b *testing.B) {
		b.ReportAllocs()
		for b.Loop() {
			f.get(b, page)
		}
		// After the loop: b.Loop's first call deletes reported metrics.
		b.ReportMetric(f.setup.Seconds(), "setup-s")
		b.ReportMetric(cold.Seconds()*1000, "cold-ms")
		b.ReportMetric(float64(len(body))/1024, "KB/page")
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/render")
	})
	b.Run("page-first-after-accept", func(b *testing.B) {
		// What the first reader after a write pays. Untimed: a commune's
		// accepted report is returned, resubmitted and accepted again
		// (three writes, each a new snapshot of 2025Q4). Timed: the next
		// page, whose consolidation, placement and body are computed
		// afresh (the matrix itself is patched by the writes, as in
		// production).
		admin := &auth.Actor{Username: renderUser, Roles: []auth.Role{auth.RoleAdmin}}
		k := f.filedCommune(b, admin)
		ctx := context.Background()
		b.ReportAllocs()
		for b.Loop() {
			b.StopTimer()
			if _, err := f.reports.Return(ctx, admin, k, "Đo tải: trả lại để gửi lại"); err != nil {
				b.Fatal(err)
			}
			if _, err := f.reports.Submit(ctx, admin, k); err != nil {
				b.Fatal(err)
			}
			if _, err := f.reports.Accept(ctx, admin, k); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
			f.get(b, page)
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/render")
	})
	b.Run("page-everything-forgotten", func(b *testing.B) {
		// The worst case: every consolidation and body of the page (the
		// trend's eight periods and both comparisons too) dropped.
		b.ReportAllocs()
		for b.Loop() {
			web.ForgetConsolidations(f.ws)
			f.get(b, page)
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/render")
	})
	b.Run("baseline-api-json", func(b *testing.B) {
		b.ReportAllocs()
		var n int
		for b.Loop() {
			n = f.get(b, api).Body.Len()
		}
		b.ReportMetric(float64(n)/1024, "KB/answer")
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/answer")
	})
	b.Run("baseline-session-only", func(b *testing.B) {
		// The fixed cost of any logged-in request: middleware, session
		// lookup, a small JSON answer.
		b.ReportAllocs()
		for b.Loop() {
			f.get(b, "/api/v1/me")
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/request")
	})
	admin := &auth.Actor{Username: renderUser, Roles: []auth.Role{auth.RoleAdmin}}
	for _, narrative := range []bool{false, true} {
		name := "baseline-consolidate"
		if narrative {
			name += "-with-texts"
		}
		b.Run(name, func(b *testing.B) {
			req := rollup.Request{Key: report.Key{Template: demo.SynthTemplate, Period: "2025Q4", Unit: renderProvince}, Narrative: narrative}
			ctx := context.Background()
			if _, err := f.rollup.Consolidate(ctx, admin, req); err != nil { // warm the placement
				b.Fatal(err)
			}
			b.ReportAllocs()
			for b.Loop() {
				out, err := f.rollup.Consolidate(sqlstore.WithRequestCache(context.Background()), admin, req)
				if err != nil {
					b.Fatal(err)
				}
				if len(out.Children) != 113 {
					b.Fatalf("children: %d", len(out.Children))
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/consolidation")
		})
	}
	b.Run("baseline-consolidate-trend-8-totals", func(b *testing.B) {
		ctx := sqlstore.WithRequestCache(context.Background())
		trend := func() {
			for _, id := range demo.SynthQuarters {
				req := rollup.Request{Key: report.Key{Template: demo.SynthTemplate, Period: id, Unit: renderProvince}, TotalsOnly: true}
				if _, err := f.rollup.Consolidate(ctx, admin, req); err != nil {
					b.Fatal(err)
				}
			}
		}
		trend() // warm the placements
		b.ReportAllocs()
		for b.Loop() {
			trend()
		}
		b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/8-consolidations")
	})
}

package sqlstore_test

import (
	"context"
	"os"
	"path/filepath"
	"strconv"
	"sync"
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
)

// synthCountry is a database holding the synthetic country (20,367 units,
// 8 quarters × 100 indicators), shared by the consolidation benchmarks.
type synthCountry struct {
	once  sync.Once
	db    *sqlstore.DB
	synth *demo.Synth
	err   error
}

var synthDBs sync.Map

func loadSynth(b *testing.B, backend string) (*sqlstore.DB, *demo.Synth) {
	v, _ := synthDBs.LoadOrStore(backend, &synthCountry{})
	c := v.(*synthCountry)
	c.once.Do(func() {
		ctx := context.Background()
		var dsn string
		if backend == "postgres" {
			dsn = apptest.PostgresDSN(b)
		} else {
			dir, err := os.MkdirTemp("", "giaoban-cons-")
			if err != nil {
				c.err = err
				return
			}
			dsn = filepath.Join(dir, "country.db")
		}
		db, err := sqlstore.Open(ctx, dsn)
		if err == nil {
			err = db.Migrate(ctx)
		}
		var s *demo.Synth
		if err == nil {
			s, err = demo.Synthetic(demo.ScaleCountry, 1)
		}
		if err == nil {
			err = db.ImportUnits(ctx, s.Units)
		}
		for i := 0; err == nil && i < len(s.Indicators); i++ {
			ind := s.Indicators[i]
			err = db.CreateIndicator(ctx, &ind)
		}
		if err == nil {
			err = db.CreateTemplate(ctx, s.Template)
		}
		if err == nil {
			for batch := range s.Reports(5000) {
				if err = db.BulkInsertReports(ctx, batch); err != nil {
					break
				}
			}
		}
		c.db, c.synth, c.err = db, s, err
	})
	if c.err != nil {
		b.Fatal(c.err)
	}
	return c.db, c.synth
}

func rollupService(db *sqlstore.DB) (*rollup.Service, *report.Service) {
	now := func() time.Time { return time.Date(2026, 1, 10, 9, 0, 0, 0, time.UTC) }
	authz := &auth.Authorizer{Units: &org.Service{Store: db}}
	rs := &report.Service{Store: db, Units: db, Authz: authz, Now: now}
	return &rollup.Service{Store: db, Reports: rs, Units: units{db}, Authz: authz, Now: now}, rs
}

type units struct{ db *sqlstore.DB }

func (u units) SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error) {
	return u.db.SubtreeAt(ctx, code, at)
}
func (u units) AncestorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	return u.db.AncestorsAt(ctx, code, at)
}
func (u units) SubtreeViewAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error) {
	return u.db.SubtreeViewAt(ctx, code, at)
}
func (u units) SuccessorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	return (&org.Service{Store: u.db}).SuccessorsAt(ctx, code, at)
}

// BenchmarkConsolidateCountry: one quarter of the synthetic country (20,367
// units × 100 indicators = 2 million values) with the previous quarter and
// the same quarter last year, totals, breakdown by province and by sector,
// completeness, read right after a report was accepted. Target: < 50 ms;
// one province < 5 ms. The same run prints
// the floor (a plain Go loop summing the same values in memory) and the
// naive SQL GROUP BY over one value per row.
func BenchmarkConsolidateCountry(b *testing.B) {
	ctx := sqlstore.WithRequestCache(context.Background())
	for _, backend := range []string{"sqlite", "postgres"} {
		if backend == "postgres" && os.Getenv(apptest.PostgresEnv) == "" {
			continue
		}
		db, s := loadSynth(b, backend)
		svc, rs := rollupService(db)
		admin := &auth.Actor{Username: "bench", Roles: []auth.Role{auth.RoleAdmin}}
		req := func(unit string) rollup.Request {
			return rollup.Request{Key: report.Key{Template: demo.SynthTemplate, Period: "2025Q4", Unit: unit}}
		}
		// Warm the matrices (a server does this once per period).
		start := time.Now()
		if _, err := svc.Consolidate(context.Background(), admin, req(demo.SynthRoot)); err != nil {
			b.Fatal(err)
		}
		cold := time.Since(start)
		svcRS := rs
		// Each timed consolidation follows a write: untimed, one commune's
		// accepted 2025Q4 report is returned, resubmitted and accepted
		// again, so the matrix has a new snapshot and the consolidation,
		// its placement and the catch-up of the matrix are all paid for
		// by the timed read — the live case the target is about.
		write := func(b *testing.B, i int) {
			b.StopTimer()
			u := s.Filers[(i*7919)%len(s.Filers)]
			k := report.Key{Template: demo.SynthTemplate, Period: "2025Q4", Unit: u.Code}
			if _, err := svcRS.Return(ctx, admin, k, "Đo tải "+strconv.Itoa(i)); err != nil {
				b.Fatal(err)
			}
			if _, err := svcRS.Submit(ctx, admin, k); err != nil {
				b.Fatal(err)
			}
			if _, err := svcRS.Accept(ctx, admin, k); err != nil {
				b.Fatal(err)
			}
			b.StartTimer()
		}
		for _, sc := range []struct {
			name, unit string
			children   int
		}{{"country", demo.SynthRoot, 34}, {"province", "S01", 113}} {
			b.Run(backend+"/"+sc.name+"-after-accept", func(b *testing.B) {
				b.ReportMetric(cold.Seconds()*1000, "cold-ms")
				for i := 0; i < b.N; i++ {
					write(b, i)
					out, err := svc.Consolidate(sqlstore.WithRequestCache(ctx), admin, req(sc.unit))
					if err != nil {
						b.Fatal(err)
					}
					if len(out.Children) != sc.children {
						b.Fatalf("children: %d", len(out.Children))
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/consolidation")
			})
			b.Run(backend+"/"+sc.name+"-between-writes", func(b *testing.B) {
				// The same read again with nothing written: the result of
				// this matrix snapshot is served from the cache.
				for i := 0; i < b.N; i++ {
					if _, err := svc.Consolidate(sqlstore.WithRequestCache(ctx), admin, req(sc.unit)); err != nil {
						b.Fatal(err)
					}
				}
				b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/consolidation")
			})
		}
		// The floor: the same 2 million values summed by a plain loop.
		m, err := db.Matrix(ctx, s.Template, catalogue(s), "2025Q4")
		if err != nil {
			b.Fatal(err)
		}
		b.Run(backend+"/floor-go-loop", func(b *testing.B) {
			var sink int64
			for i := 0; i < b.N; i++ {
				for c := range m.Int {
					for _, chunk := range m.Int[c] {
						for _, x := range chunk {
							sink += x
						}
					}
				}
			}
			_ = sink
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/sum")
		})
		b.Run(backend+"/naive-sql-group-by", func(b *testing.B) {
			if err := db.BenchValueTable(ctx, m); err != nil {
				b.Fatal(err)
			}
			for i := 0; i < b.N; i++ {
				if err := db.BenchGroupBy(ctx); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(b.Elapsed().Microseconds())/1000/float64(b.N), "ms/group-by")
		})
	}
}

func catalogue(s *demo.Synth) map[string]report.Indicator {
	m := map[string]report.Indicator{}
	for _, i := range s.Indicators {
		m[i.Code] = i
	}
	return m
}

// BenchmarkAcceptCountry: accepting one report at country scale (the
// matrices of its period are warm), then reading the consolidation shows it.
func BenchmarkAcceptCountry(b *testing.B) {
	ctx := context.Background()
	db, s := loadSynth(b, "sqlite")
	svc, rs := rollupService(db)
	admin := &auth.Actor{Username: "bench", Roles: []auth.Role{auth.RoleAdmin}}
	if _, err := svc.Consolidate(ctx, admin, rollup.Request{Key: report.Key{Template: demo.SynthTemplate, Period: "2025Q4", Unit: demo.SynthRoot}}); err != nil {
		b.Fatal(err)
	}
	var acc time.Duration
	for i := 0; i < b.N; i++ {
		u := s.Filers[i%len(s.Filers)]
		k := report.Key{Template: demo.SynthTemplate, Period: "2025Q4", Unit: u.Code}
		if _, err := rs.Return(ctx, admin, k, "Kiểm tra lại "+strconv.Itoa(i)); err != nil {
			b.Fatal(err)
		}
		if _, err := rs.Submit(ctx, admin, k); err != nil {
			b.Fatal(err)
		}
		t0 := time.Now()
		if _, err := rs.Accept(ctx, admin, k); err != nil {
			b.Fatal(err)
		}
		acc += time.Since(t0)
	}
	b.ReportMetric(float64(acc.Microseconds())/1000/float64(b.N), "ms/accept")
}

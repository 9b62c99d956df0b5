package sqlstore_test

import (
	"context"
	"fmt"
	"os"
	"path/filepath"
	"sync"
	"testing"
	"time"

	"giaoban/internal/apptest"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
)

// BenchmarkImportCountry measures `giaoban import units` on the whole
// country (both lists and the mapping, ~25,000 rows) into a fresh SQLite
// database: parse + validate + one-transaction insert. Target: < 10 s.
// The same run prints its baseline: one transaction inserting as many bare
// rows as the import writes, the floor for this database on this machine.
func BenchmarkImportCountry(b *testing.B) {
	dir := apptest.SharedData(b, "admin-units")
	ctx := context.Background()
	imp, _, err := org.ParseAdminUnits(os.DirFS(dir))
	if err != nil {
		b.Fatal(err)
	}
	rows := len(imp.Records) + len(imp.Names) + len(imp.Parents) + len(imp.Events)
	for _, e := range imp.Events {
		rows += len(e.Links)
	}
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			var parse, store time.Duration
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := newBenchDB(b, backend)
				b.StartTimer()
				t0 := time.Now()
				imp, _, err := org.ParseAdminUnits(os.DirFS(dir))
				if err != nil {
					b.Fatal(err)
				}
				t1 := time.Now()
				if err := db.ImportUnits(ctx, imp); err != nil {
					b.Fatal(err)
				}
				parse += t1.Sub(t0)
				store += time.Since(t1)
			}
			b.ReportMetric(parse.Seconds()/float64(b.N), "parse-s")
			b.ReportMetric(store.Seconds()/float64(b.N), "store-s")
			b.ReportMetric((parse+store).Seconds()/float64(b.N), "total-s")
			b.ReportMetric(float64(rows), "rows")
		})
		b.Run(backend+"/baseline-raw-insert", func(b *testing.B) {
			for i := 0; i < b.N; i++ {
				b.StopTimer()
				db := newBenchDB(b, backend)
				b.StartTimer()
				if err := db.RawInsertBaseline(ctx, rows); err != nil {
					b.Fatal(err)
				}
			}
			b.ReportMetric(float64(rows), "rows")
		})
	}
}

func newBenchDB(b *testing.B, backend string) *sqlstore.DB {
	if backend == "postgres" {
		return apptest.NewPostgresDB(b)
	}
	return apptest.NewDB(b)
}

var (
	countryOnce sync.Map // backend → *countryDB
)

type countryDB struct {
	once sync.Once
	db   *sqlstore.DB
	err  error
}

// country returns a database with the whole country imported, shared by
// the query benchmarks of one backend.
func country(b *testing.B, backend string) *sqlstore.DB {
	v, _ := countryOnce.LoadOrStore(backend, &countryDB{})
	c := v.(*countryDB)
	c.once.Do(func() {
		dir := apptest.SharedData(b, "admin-units")
		var dsn string
		if backend == "postgres" {
			dsn = apptest.PostgresDSN(b)
		} else {
			tmp, err := os.MkdirTemp("", "giaoban-bench-")
			if err != nil {
				c.err = err
				return
			}
			dsn = filepath.Join(tmp, "country.db")
		}
		ctx := context.Background()
		db, err := sqlstore.Open(ctx, dsn)
		if err == nil {
			err = db.Migrate(ctx)
		}
		var imp *org.Import
		if err == nil {
			imp, _, err = org.ParseAdminUnits(os.DirFS(dir))
		}
		if err == nil {
			err = db.ImportUnits(ctx, imp)
		}
		c.db, c.err = db, err
	})
	if c.err != nil {
		b.Fatal(c.err)
	}
	return c.db
}

// BenchmarkSubtreeAsOf measures the tree queries that every page and every
// authorisation check stand on: a province's subtree and the whole country's
// tree on a date before and after the 2025 reorganisation. Baseline in the
// same run: a full scan reading every parent link, the floor of any
// whole-country answer.
func BenchmarkSubtreeAsOf(b *testing.B) {
	ctx := context.Background()
	for _, backend := range []string{"sqlite", "postgres"} {
		if backend == "postgres" && os.Getenv(apptest.PostgresEnv) == "" {
			continue
		}
		country(b, backend) // import outside any timed sub-benchmark
		for _, at := range []string{"2019-03-28", "2026-01-01"} {
			d := period.MustParse(at)
			b.Run(fmt.Sprintf("%s/province-01/%s", backend, at), func(b *testing.B) {
				db := country(b, backend)
				n := 0
				for i := 0; i < b.N; i++ {
					us, err := db.SubtreeAt(ctx, "01", d)
					if err != nil {
						b.Fatal(err)
					}
					n = len(us)
				}
				b.ReportMetric(float64(n), "units")
			})
			b.Run(fmt.Sprintf("%s/country/%s", backend, at), func(b *testing.B) {
				db := country(b, backend)
				n := 0
				for i := 0; i < b.N; i++ {
					us, err := db.ListUnits(ctx, org.Filter{At: d})
					if err != nil {
						b.Fatal(err)
					}
					n = len(org.Tree(us))
				}
				b.ReportMetric(float64(n), "units")
			})
			b.Run(fmt.Sprintf("%s/ancestors-of-commune/%s", backend, at), func(b *testing.B) {
				db := country(b, backend)
				for i := 0; i < b.N; i++ {
					if _, err := db.AncestorsAt(ctx, "00004", d); err != nil {
						b.Fatal(err)
					}
				}
			})
		}
		b.Run(backend+"/baseline-scan-all-parent-links", func(b *testing.B) {
			db := country(b, backend)
			for i := 0; i < b.N; i++ {
				if _, err := db.ScanParentLinks(ctx); err != nil {
					b.Fatal(err)
				}
			}
		})
	}
}

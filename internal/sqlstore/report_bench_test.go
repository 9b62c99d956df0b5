package sqlstore_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"io"
	"log/slog"
	"net/http"
	"net/http/httptest"
	"net/url"
	"path/filepath"
	"strings"
	"sync"
	"sync/atomic"
	"testing"
	"time"

	"giaoban/internal/apptest"
	"giaoban/internal/audit"
	"giaoban/internal/auth"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/sqlstore"
	"giaoban/internal/web"
)

// Shape of BenchmarkReportSave: the issue's "20,000 units each saving a
// 100-value report".
const (
	benchUnits      = 20_000
	benchIndicators = 100
	benchRoot       = "99"
	benchTemplate   = "BENCH-Q"
	benchPeriod     = "2019Q1"
	benchClients    = 8 // concurrent API clients in the parallel sub-benchmarks
)

// BenchmarkReportSave measures report saves through report.Service.Save —
// the code path of PUT /api/v1/reports/{template}/{period}/{unit} after
// JSON decoding: template, period and unit resolution, the filer check,
// authorisation, type and range validation of 100 values, the version
// check, and one transaction writing the report with its audit entry — on
// a synthetic province of 20,000 filing units and a 100-indicator
// quarterly template, with the store's default synchronous=FULL on SQLite.
//
// Sub-benchmarks, per database:
//
//   - admin: an admin actor. Authorisation short-circuits for admins
//     (auth.Authorizer.Can returns at once), so this is the save path
//     without the scope check.
//   - commission: a commission actor whose unit is the province root, so
//     each save also resolves the actor's scope and walks the unit's
//     ancestors: the full path a commission (or, with a cheaper own-unit
//     rule, a reporter) takes.
//   - commission-update: the same, each save replacing an existing version
//     (the autosave case: the store reads the state it replaces for the
//     audit entry). The first saves are made before the timer starts.
//   - admin-8-clients, commission-8-clients: 8 goroutines saving at once,
//     as concurrent API clients do.
//   - api-commission, api-commission-8-clients: the whole API request,
//     PUT /api/v1/reports/... with a bearer token and a JSON body of 100
//     values, through web.Server on an httptest server in this process
//     (client and server share the CPUs).
//   - raw-ceiling: the same run's ceiling, db.RawInsertBaseline(ctx, 100):
//     one transaction inserting 100 bare rows (it also creates and drops
//     its scratch table each time, so two more commits per iteration).
//   - raw-ceiling-insert-only: one transaction inserting 100 bare rows,
//     with no DDL, through a second connection pool with the same pragmas.
//
// Every timed save is a first save (version 0 → 1) of the next unit for
// period 2019Q1, until all 20,000 units have saved; from then on saves
// replace versions (the benchmark tracks each unit's version). Each
// sub-benchmark has its own database, set up outside the timer. Metrics:
// saves/s (or tx/s for the ceilings) over the timed loop.
//
//	go test -run '^$' -bench ReportSave -benchtime 3000x ./internal/sqlstore/
func BenchmarkReportSave(b *testing.B) {
	b.Run("sqlite", func(b *testing.B) { benchReportSave(b, "sqlite") })
	b.Run("postgres", func(b *testing.B) {
		apptest.RequireEnv(b, apptest.PostgresEnv)
		benchReportSave(b, "postgres")
	})
}

// saveFixture is one database with the synthetic province, indicators and
// template, and the benchmark's bookkeeping.
type saveFixture struct {
	db       *sqlstore.DB
	api      *httptest.Server // started on first use
	token    string
	svc      *report.Service
	units    []string
	codes    []string
	versions []atomic.Int64 // current version of each unit's report
	next     atomic.Int64   // next unit index to save (mod benchUnits)
}

func benchReportSave(group *testing.B, backend string) {
	// Fixtures live for the whole group: a sub-benchmark's function runs
	// more than once (b.N = 1, then the real N), and its own cleanups run
	// in between.
	var mu sync.Mutex
	fixtures := map[string]*saveFixture{}
	fixture := func(b *testing.B) *saveFixture {
		mu.Lock()
		defer mu.Unlock()
		if f := fixtures[b.Name()]; f != nil {
			return f
		}
		f, err := newSaveFixture(group, backend)
		if err != nil {
			b.Fatal(err)
		}
		fixtures[b.Name()] = f
		return f
	}
	admin := &auth.Actor{Username: "bench", Roles: []auth.Role{auth.RoleAdmin}}
	commission := &auth.Actor{Username: "bench-ban", UnitCode: benchRoot, Roles: []auth.Role{auth.RoleCommission}}

	group.Run("admin", func(b *testing.B) { benchSaves(b, fixture(b), admin, 1, false) })
	group.Run("commission", func(b *testing.B) { benchSaves(b, fixture(b), commission, 1, false) })
	group.Run("commission-update", func(b *testing.B) { benchSaves(b, fixture(b), commission, 1, true) })
	group.Run(fmt.Sprintf("admin-%d-clients", benchClients), func(b *testing.B) { benchSaves(b, fixture(b), admin, benchClients, false) })
	group.Run(fmt.Sprintf("commission-%d-clients", benchClients), func(b *testing.B) {
		benchSaves(b, fixture(b), commission, benchClients, false)
	})
	group.Run("api-commission", func(b *testing.B) { benchAPISaves(b, group, fixture(b), 1) })
	group.Run(fmt.Sprintf("api-commission-%d-clients", benchClients), func(b *testing.B) {
		benchAPISaves(b, group, fixture(b), benchClients)
	})
	group.Run("raw-ceiling", func(b *testing.B) {
		db := newBenchStore(group, backend)
		ctx := context.Background()
		b.ResetTimer()
		start := time.Now()
		for i := 0; i < b.N; i++ {
			if err := db.RawInsertBaseline(ctx, benchIndicators); err != nil {
				b.Fatal(err)
			}
		}
		b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "tx/s")
	})
	group.Run("raw-ceiling-insert-only", func(b *testing.B) {
		benchRawInsertOnly(b, newBenchStore(group, backend))
	})
}

// newBenchStore opens a migrated store whose life is group's.
func newBenchStore(group *testing.B, backend string) *sqlstore.DB {
	var dsn string
	if backend == "postgres" {
		dsn = apptest.PostgresDSN(group)
	} else {
		dsn = filepath.Join(group.TempDir(), "bench.db")
	}
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		group.Fatal(err)
	}
	group.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		group.Fatal(err)
	}
	return db
}

func newSaveFixture(group *testing.B, backend string) (*saveFixture, error) {
	ctx := context.Background()
	db := newBenchStore(group, backend)
	f := &saveFixture{db: db, versions: make([]atomic.Int64, benchUnits)}

	// One province and 20,000 mass organisations under it.
	from := period.MustParse("2000-01-01")
	imp := &org.Import{
		Records: []org.Record{{Code: benchRoot, Kind: org.KindProvince, Place: "Thử nghiệm", ValidFrom: from, ValidTo: period.Forever}},
		Names:   []org.NameVersion{{Code: benchRoot, Name: "Thử nghiệm", FullName: "Tỉnh Thử nghiệm", ValidFrom: from, ValidTo: period.Forever}},
	}
	for i := 0; i < benchUnits; i++ {
		code := fmt.Sprintf("%s-U%05d", benchRoot, i)
		f.units = append(f.units, code)
		imp.Records = append(imp.Records, org.Record{Code: code, Kind: org.KindMassOrg, Sector: org.SectorFront, Place: "Thử nghiệm", ValidFrom: from, ValidTo: period.Forever})
		imp.Names = append(imp.Names, org.NameVersion{Code: code, Name: fmt.Sprintf("Đoàn thể số %d", i), FullName: fmt.Sprintf("Hội Đoàn thể số %d", i), ValidFrom: from, ValidTo: period.Forever})
		imp.Parents = append(imp.Parents, org.ParentLink{Code: code, Parent: benchRoot, ValidFrom: from, ValidTo: period.Forever})
	}
	if err := imp.Validate(); err != nil {
		return nil, err
	}
	if err := db.ImportUnits(ctx, imp); err != nil {
		return nil, err
	}

	// 100 integer and money indicators.
	cat := map[string]report.Indicator{}
	for i := 0; i < benchIndicators; i++ {
		ind := report.Indicator{Code: fmt.Sprintf("CT%03d", i), Name: fmt.Sprintf("Chỉ tiêu số %d", i), Unit: "lượt",
			Type: report.TypeInteger, Aggregation: report.AggSum, Section: fmt.Sprintf("Phần %d", i/10)}
		if i%4 == 3 {
			ind.Type, ind.Unit = report.TypeMoney, "đồng"
		}
		if err := ind.Validate(); err != nil {
			return nil, err
		}
		if err := db.CreateIndicator(ctx, &ind); err != nil {
			return nil, err
		}
		cat[ind.Code] = ind
		f.codes = append(f.codes, ind.Code)
	}

	// A quarterly template on the Decree 09 calendar that every unit files.
	t := &report.Template{
		Code: benchTemplate, Name: "Báo cáo thử nghiệm quý", Kind: report.KindPeriodic,
		PeriodType: period.Quarter, Calendar: period.Decree09, Owner: benchRoot,
		Outline: report.DefaultOutline, Indicators: f.codes,
		Filers:   []report.Filers{{Kinds: []org.Kind{org.KindMassOrg}}},
		Deadline: period.DeadlineRule{Kind: period.RuleWorkingDaysAfter, Days: 3},
		Rules: []report.Rule{
			{Type: report.RuleRequires, A: "CT003", B: "CT002"},
			{Type: report.RuleLTE, A: "CT001", B: "CT000"},
			{Type: report.RuleRequired, A: "CT000"},
		},
	}
	if err := t.Validate(cat); err != nil {
		return nil, err
	}
	if err := db.CreateTemplate(ctx, t); err != nil {
		return nil, err
	}
	f.svc = &report.Service{Store: db, Units: db, Authz: &auth.Authorizer{Units: &org.Service{Store: db}}, Now: time.Now}
	return f, nil
}

// draft returns save number i's draft of the unit at idx: 100 values, as
// the API would have decoded them.
func (f *saveFixture) draft(idx int, i int64) *report.Draft {
	vals := make(map[string]report.Value, len(f.codes))
	for j, c := range f.codes {
		n := int64(idx%1000 + j + int(i%7))
		if j%4 == 3 {
			n *= 1_000_000
		}
		vals[c] = report.Value{Int: n, Set: true}
	}
	return &report.Draft{Version: int(f.versions[idx].Load()), Values: vals}
}

// save saves the next unit's report.
func (f *saveFixture) save(ctx context.Context, a *auth.Actor, i int64) error {
	idx := int(f.next.Add(1)-1) % benchUnits
	k := report.Key{Template: benchTemplate, Period: benchPeriod, Unit: f.units[idx]}
	r, err := f.svc.Save(ctx, a, k, f.draft(idx, i))
	if err != nil {
		return fmt.Errorf("save %s: %w", k, err)
	}
	f.versions[idx].Store(int64(r.Version))
	return nil
}

func benchSaves(b *testing.B, f *saveFixture, a *auth.Actor, clients int, update bool) {
	ctx := audit.WithWho(context.Background(), audit.Who{Actor: a.Username, IP: "127.0.0.1", RequestID: "bench"})
	if update {
		// Make sure the next b.N units have a saved report, untimed.
		start := f.next.Load()
		for i := int64(0); i < int64(min(b.N, benchUnits)); i++ {
			idx := int(start+i) % benchUnits
			if f.versions[idx].Load() > 0 {
				continue
			}
			k := report.Key{Template: benchTemplate, Period: benchPeriod, Unit: f.units[idx]}
			r, err := f.svc.Save(ctx, a, k, f.draft(idx, 3))
			if err != nil {
				b.Fatal(err)
			}
			f.versions[idx].Store(int64(r.Version))
		}
	}
	b.ResetTimer()
	start := time.Now()
	if clients <= 1 {
		for i := 0; i < b.N; i++ {
			if err := f.save(ctx, a, int64(i)); err != nil {
				b.Fatal(err)
			}
		}
	} else {
		// A unit is saved by one client at a time: clients take the next
		// index, and 20,000 units apart is far more than 8 in flight.
		var done atomic.Int64
		var wg sync.WaitGroup
		errs := make(chan error, clients)
		for c := 0; c < clients; c++ {
			wg.Add(1)
			go func() {
				defer wg.Done()
				for {
					i := done.Add(1) - 1
					if i >= int64(b.N) {
						return
					}
					if err := f.save(ctx, a, i); err != nil {
						errs <- err
						return
					}
				}
			}()
		}
		wg.Wait()
		close(errs)
		if err := <-errs; err != nil {
			b.Fatal(err)
		}
	}
	elapsed := time.Since(start)
	b.StopTimer()
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "saves/s")
}

// benchRawInsertOnly is RawInsertBaseline without its DDL: per iteration,
// one transaction inserting 100 bare rows into a table created once,
// through a second pool with the store's pragmas (synchronous=FULL, WAL).
func benchRawInsertOnly(b *testing.B, db *sqlstore.DB) {
	ctx := context.Background()
	var raw *sql.DB
	var err error
	if sqlstore.IsPostgres(db.DSN) {
		raw, err = sql.Open("pgx", db.DSN)
	} else {
		raw, err = sql.Open("sqlite", "file:"+url.PathEscape(db.DSN)+
			"?_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)&_txlock=immediate")
	}
	if err != nil {
		b.Fatal(err)
	}
	defer raw.Close()
	raw.SetMaxOpenConns(1)
	if _, err := raw.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench_raw_only (a TEXT, b TEXT, c TEXT)`); err != nil {
		b.Fatal(err)
	}
	ins := `INSERT INTO bench_raw_only (a, b, c) VALUES (?, ?, ?)`
	if sqlstore.IsPostgres(db.DSN) {
		ins = `INSERT INTO bench_raw_only (a, b, c) VALUES ($1, $2, $3)`
	}
	b.ResetTimer()
	start := time.Now()
	for i := 0; i < b.N; i++ {
		tx, err := raw.BeginTx(ctx, nil)
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.PrepareContext(ctx, ins)
		if err != nil {
			b.Fatal(err)
		}
		for j := 0; j < benchIndicators; j++ {
			if _, err := st.ExecContext(ctx, fmt.Sprint(j), "2025-07-01", "9999-12-31"); err != nil {
				b.Fatal(err)
			}
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	b.ReportMetric(float64(b.N)/time.Since(start).Seconds(), "tx/s")
}

// startAPI starts web.Server over the fixture with a commission account
// whose unit is the root, and logs it in through the API.
func (f *saveFixture) startAPI(group *testing.B) error {
	if f.api != nil {
		return nil
	}
	ctx := context.Background()
	hash, err := auth.HashPassword("bench-password")
	if err != nil {
		return err
	}
	now := time.Now()
	if err := f.db.CreateUser(ctx, &auth.User{Username: "bench-ban", FullName: "Chuyên viên thử nghiệm", UnitCode: benchRoot,
		Roles: []auth.Role{auth.RoleCommission}, PasswordHash: hash, CreatedAt: now, UpdatedAt: now}); err != nil {
		return err
	}
	ws, err := web.New(web.Config{DB: f.db, Now: time.Now, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		return err
	}
	f.api = httptest.NewServer(ws)
	group.Cleanup(f.api.Close)
	res, err := http.Post(f.api.URL+"/api/v1/login", "application/json", strings.NewReader(`{"username":"bench-ban","password":"bench-password"}`))
	if err != nil {
		return err
	}
	defer res.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || out.Token == "" {
		return fmt.Errorf("api login: status %d, %v", res.StatusCode, err)
	}
	f.token = out.Token
	return nil
}

// apiSave sends save number i of the next unit as an API client would.
func (f *saveFixture) apiSave(hc *http.Client, i int64) error {
	idx := int(f.next.Add(1)-1) % benchUnits
	var body strings.Builder
	fmt.Fprintf(&body, `{"version":%d,"values":{`, f.versions[idx].Load())
	for j, c := range f.codes {
		n := int64(idx%1000 + j + int(i%7))
		if j%4 == 3 {
			n *= 1_000_000
		}
		if j > 0 {
			body.WriteByte(',')
		}
		fmt.Fprintf(&body, `%q:%d`, c, n)
	}
	body.WriteString(`}}`)
	req, err := http.NewRequest(http.MethodPut, f.api.URL+"/api/v1/reports/"+benchTemplate+"/"+benchPeriod+"/"+f.units[idx], strings.NewReader(body.String()))
	if err != nil {
		return err
	}
	req.Header.Set("Authorization", "Bearer "+f.token)
	req.Header.Set("Content-Type", "application/json")
	res, err := hc.Do(req)
	if err != nil {
		return err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		return err
	}
	if res.StatusCode != http.StatusOK {
		return fmt.Errorf("PUT %s: %d %s", f.units[idx], res.StatusCode, b)
	}
	var out struct {
		Version int `json:"version"`
	}
	if err := json.Unmarshal(b, &out); err != nil {
		return err
	}
	f.versions[idx].Store(int64(out.Version))
	return nil
}

func benchAPISaves(b *testing.B, group *testing.B, f *saveFixture, clients int) {
	if err := f.startAPI(group); err != nil {
		b.Fatal(err)
	}
	hc := &http.Client{Transport: &http.Transport{MaxIdleConnsPerHost: clients * 2}}
	defer hc.CloseIdleConnections()
	b.ResetTimer()
	start := time.Now()
	var done atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan error, clients)
	for c := 0; c < clients; c++ {
		wg.Add(1)
		go func() {
			defer wg.Done()
			for {
				i := done.Add(1) - 1
				if i >= int64(b.N) {
					return
				}
				if err := f.apiSave(hc, i); err != nil {
					errs <- err
					return
				}
			}
		}()
	}
	wg.Wait()
	elapsed := time.Since(start)
	b.StopTimer()
	close(errs)
	if err := <-errs; err != nil {
		b.Fatal(err)
	}
	b.ReportMetric(float64(b.N)/elapsed.Seconds(), "saves/s")
}

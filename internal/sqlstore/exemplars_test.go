package sqlstore_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/apptest"
	"giaoban/internal/audit"
	"giaoban/internal/demo"
	"giaoban/internal/exemplar"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
)

// exemplarCtx carries the author of the test's changes.
var exemplarCtx = audit.WithWho(context.Background(), audit.Who{Actor: "chuyenvien"})

func newExemplar(unit, name string, year int, field exemplar.Field, kind exemplar.Kind, on string) *exemplar.Model {
	now := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	return &exemplar.Model{UnitCode: unit, Name: name, Kind: kind, Holder: exemplar.Collective, Field: field, Level: exemplar.LevelProvince,
		Year: year, Phase: exemplar.PhaseOf(year), Content: "Nội dung", Status: exemplar.StatusRegistered,
		RegisteredOn: period.MustParse(on), CreatedAt: now, UpdatedAt: now, UpdatedBy: "chuyenvien"}
}

func createExemplar(t *testing.T, db *sqlstore.DB, m *exemplar.Model) {
	t.Helper()
	ev := &exemplar.Event{Status: exemplar.StatusRegistered, On: m.RegisteredOn, CreatedAt: m.CreatedAt, CreatedBy: m.UpdatedBy}
	if err := db.CreateExemplar(exemplarCtx, m, ev); err != nil {
		t.Fatalf("create %s: %v", m.Name, err)
	}
}

func advance(t *testing.T, db *sqlstore.DB, m *exemplar.Model, to exemplar.Status, on string) {
	t.Helper()
	base := m.Version
	m.Status = to
	ev := &exemplar.Event{Status: to, On: period.MustParse(on), Detail: "bước " + string(to), CreatedAt: m.UpdatedAt, CreatedBy: "mttq"}
	if err := db.AdvanceExemplar(exemplarCtx, m, base, ev); err != nil {
		t.Fatalf("advance %s to %s: %v", m.Name, to, err)
	}
}

func TestExemplarStore(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := exemplarCtx
		// The demo's units only: its own models would change the counts.
		imp, err := demo.Units()
		if err != nil {
			t.Fatal(err)
		}
		if err := db.ImportUnits(ctx, imp); err != nil {
			t.Fatal(err)
		}
		a := newExemplar(demo.Front, "Dân vận khéo trong xây dựng nông thôn mới", 2019, exemplar.FieldEconomy, exemplar.KindModel, "2019-02-20")
		b := newExemplar(demo.Front, "Gương sáng bản làng", 2019, exemplar.FieldCultureSociety, exemplar.KindExemplar, "2019-05-02")
		c := newExemplar(demo.CaoLoc, "Tự quản đường biên", 2019, exemplar.FieldDefenceSecurity, exemplar.KindModel, "2019-03-10")
		d := newExemplar(demo.Farmers, "Chi hội nông dân nghề nghiệp", 2026, exemplar.FieldEconomy, exemplar.KindModel, "2026-01-15")
		for _, m := range []*exemplar.Model{a, b, c, d} {
			createExemplar(t, db, m)
		}
		if a.ID == 0 || a.Version != 1 {
			t.Fatalf("created: id %d version %d", a.ID, a.Version)
		}

		// The same name (another tone placement, another case) for the
		// same unit and year is refused; another year is not.
		dup := newExemplar(demo.Front, "DÂN VẬN KHÉO trong xây dựng nông thôn mới", 2019, exemplar.FieldEconomy, exemplar.KindModel, "2019-03-01")
		err = db.CreateExemplar(ctx, dup, &exemplar.Event{Status: exemplar.StatusRegistered, On: dup.RegisteredOn})
		if !apperr.Is(err, apperr.ECONFLICT) || dup.ID != 0 {
			t.Errorf("duplicate: got %v, id %d; want ECONFLICT", err, dup.ID)
		}
		createExemplar(t, db, newExemplar(demo.Front, "Dân vận khéo trong xây dựng nông thôn mới", 2020, exemplar.FieldEconomy, exemplar.KindModel, "2020-02-01"))

		// Steps: version checked, event and audit written.
		advance(t, db, a, exemplar.StatusLaunched, "2019-03-01")
		stale := *a
		stale.Status = exemplar.StatusActive
		if err := db.AdvanceExemplar(ctx, &stale, 1, &exemplar.Event{Status: exemplar.StatusActive, On: period.MustParse("2019-04-01")}); !apperr.Is(err, apperr.ECONFLICT) {
			t.Errorf("stale: got %v, want ECONFLICT", err)
		}
		advance(t, db, a, exemplar.StatusActive, "2019-04-01")
		advance(t, db, a, exemplar.StatusReviewed, "2019-11-30")
		a.CommendLevel, a.Award, a.DecisionNumber = string(exemplar.LevelProvince), "Bằng khen", "Số: 15/QĐ-UBND"
		advance(t, db, a, exemplar.StatusCommended, "2019-12-20")
		a.ReplicatedTo = []string{demo.CaoLoc, "178"}
		advance(t, db, a, exemplar.StatusReplicated, "2020-02-10")
		advance(t, db, c, exemplar.StatusLaunched, "2019-04-01")

		got, err := db.FindExemplar(ctx, a.ID)
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 6 || got.Status != exemplar.StatusReplicated || got.Award != "Bằng khen" || !slices.Equal(got.ReplicatedTo, []string{demo.CaoLoc, "178"}) ||
			len(got.Events) != 6 || got.Events[4].On != period.MustParse("2019-12-20") || got.Events[4].Detail != "bước commended" || got.Kind != exemplar.KindModel {
			t.Errorf("found %+v", got)
		}
		if _, err := db.FindExemplar(ctx, 9999); !apperr.Is(err, apperr.ENOTFOUND) {
			t.Errorf("missing: got %v, want ENOTFOUND", err)
		}
		entries, _, err := db.ListAudit(ctx, audit.Filter{Entity: "exemplar", EntityID: strconv.FormatInt(a.ID, 10)})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 6 || entries[0].Action != "exemplar.replicated" || entries[0].Before == "" || entries[0].After == "" || entries[0].Actor != "chuyenvien" {
			t.Errorf("audit: %d entries, newest %+v", len(entries), entries[0])
		}

		// Listing and counting.
		list := func(f exemplar.Filter) []string {
			ms, err := db.ListExemplars(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var names []string
			for _, m := range ms {
				names = append(names, m.UnitCode+":"+strconv.Itoa(m.Year))
			}
			return names
		}
		if got := list(exemplar.Filter{Year: 2019}); len(got) != 3 {
			t.Errorf("2019: %v", got)
		}
		if got := list(exemplar.Filter{Units: []string{demo.Front}}); !slices.Equal(got, []string{"20-MTTQ:2020", "20-MTTQ:2019", "20-MTTQ:2019"}) {
			t.Errorf("MTTQ: %v", got)
		}
		if got := list(exemplar.Filter{Units: []string{}}); len(got) != 0 {
			t.Errorf("no units: %v", got)
		}
		if got := list(exemplar.Filter{Kind: exemplar.KindExemplar}); !slices.Equal(got, []string{"20-MTTQ:2019"}) {
			t.Errorf("exemplars: %v", got)
		}
		if got := list(exemplar.Filter{Year: 2019, RegisteredBy: period.MustParse("2019-03-14")}); len(got) != 2 {
			t.Errorf("registered by 14/03/2019: %v", got)
		}
		if got := list(exemplar.Filter{Status: exemplar.StatusLaunched, Field: exemplar.FieldDefenceSecurity}); !slices.Equal(got, []string{"183:2019"}) {
			t.Errorf("launched, defence: %v", got)
		}
		// A scope too wide for an IN list is filtered after the query.
		wide := []string{demo.CaoLoc}
		for i := 0; i < 2500; i++ {
			wide = append(wide, "X"+strconv.Itoa(i))
		}
		if got := list(exemplar.Filter{Units: wide}); !slices.Equal(got, []string{"183:2019"}) {
			t.Errorf("wide scope: %v", got)
		}
		counts, err := db.CountExemplars(ctx, exemplar.Filter{Year: 2019})
		if err != nil {
			t.Fatal(err)
		}
		total := 0
		for _, c := range counts {
			total += c.N
		}
		if len(counts) != 3 || total != 3 {
			t.Errorf("counts: %+v", counts)
		}
		n, err := db.CountReached(ctx, []string{demo.Front, demo.CaoLoc}, exemplar.StatusLaunched, period.MustParse("2018-12-15"), period.MustParse("2019-03-14"))
		if err != nil || n != 1 {
			t.Errorf("launched in Q1/2019: %d, %v; want 1", n, err)
		}
		n, err = db.CountReached(ctx, []string{demo.Front, demo.CaoLoc}, exemplar.StatusLaunched, period.MustParse("2018-12-15"), period.MustParse("2019-12-14"))
		if err != nil || n != 2 {
			t.Errorf("launched in 2019: %d, %v; want 2", n, err)
		}
		if n, _ := db.CountReached(ctx, []string{demo.Farmers}, exemplar.StatusLaunched, period.MustParse("2018-12-15"), period.MustParse("2019-12-14")); n != 0 {
			t.Errorf("farmers launched: %d", n)
		}
		years, err := db.ExemplarYears(ctx)
		if err != nil || !slices.Equal(years, []int{2026, 2020, 2019}) {
			t.Errorf("years: %v, %v", years, err)
		}
	})
}

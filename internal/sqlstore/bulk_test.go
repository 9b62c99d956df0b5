package sqlstore_test

import (
	"context"
	"reflect"
	"testing"

	"giaoban/internal/apperr"
	"giaoban/internal/apptest"
	"giaoban/internal/audit"
	"giaoban/internal/demo"
	"giaoban/internal/report"
	"giaoban/internal/sqlstore"
)

// loadSynthCatalogue writes the synthetic province's units, indicators and
// template.
func loadSynthCatalogue(t *testing.T, db *sqlstore.DB, s *demo.Synth) {
	t.Helper()
	ctx := context.Background()
	if err := db.ImportUnits(ctx, s.Units); err != nil {
		t.Fatal(err)
	}
	for i := range s.Indicators {
		ind := s.Indicators[i]
		if err := db.CreateIndicator(ctx, &ind); err != nil {
			t.Fatal(err)
		}
	}
	tpl := *s.Template
	if err := db.CreateTemplate(ctx, &tpl); err != nil {
		t.Fatal(err)
	}
}

func sameStoredReport(t *testing.T, got *report.Report, want report.Report) {
	t.Helper()
	if got.Key != want.Key || got.Status != want.Status || got.Version != want.Version || got.UnitName != want.UnitName ||
		got.OnTime != want.OnTime || got.UpdatedBy != want.UpdatedBy {
		t.Errorf("%s: got %s v%d %q on time %v by %s, want %s v%d %q on time %v by %s", want.Key,
			got.Status, got.Version, got.UnitName, got.OnTime, got.UpdatedBy, want.Status, want.Version, want.UnitName, want.OnTime, want.UpdatedBy)
	}
	if !got.SubmittedAt.Equal(want.SubmittedAt) || !got.AcceptedAt.Equal(want.AcceptedAt) || !got.UpdatedAt.Equal(want.UpdatedAt) {
		t.Errorf("%s: times got %v %v %v, want %v %v %v", want.Key, got.SubmittedAt, got.AcceptedAt, got.UpdatedAt,
			want.SubmittedAt, want.AcceptedAt, want.UpdatedAt)
	}
	if !reflect.DeepEqual(got.Values, want.Values) {
		for code, v := range want.Values {
			if got.Values[code] != v {
				t.Errorf("%s %s: got %+v, want %+v", want.Key, code, got.Values[code], v)
			}
		}
		t.FailNow()
	}
	if !reflect.DeepEqual(got.Narrative, want.Narrative) {
		t.Errorf("%s: narrative got %v, want %v", want.Key, got.Narrative, want.Narrative)
	}
}

func TestBulkInsertReports(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		s, err := demo.Synthetic(demo.ScaleProvince, 11)
		if err != nil {
			t.Fatal(err)
		}
		loadSynthCatalogue(t, db, s)
		// 1,000 reports: the whole first quarter and part of the second.
		var reports []report.Report
		for b := range s.Reports(1000) {
			reports = append(reports, b...)
			if len(reports) >= 1000 {
				break
			}
		}
		reports = reports[:1000]
		// Large money: the stored form must not pass through float64.
		reports[7].Values["SI004"] = report.Value{Int: 9_007_199_254_740_993, Set: true} // 2^53 + 1
		if err := db.BulkInsertReports(ctx, reports); err != nil {
			t.Fatal(err)
		}
		q1, q2 := s.Periods[0].ID, s.Periods[1].ID
		for _, i := range []int{0, 7, 597, 598, 999} {
			got, err := db.FindReport(ctx, reports[i].Key)
			if err != nil {
				t.Fatalf("FindReport %s: %v", reports[i].Key, err)
			}
			sameStoredReport(t, got, reports[i])
		}
		list, err := db.ListReports(ctx, report.ReportFilter{Template: demo.SynthTemplate, Period: q1})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != len(s.Filers) {
			t.Fatalf("ListReports %s: got %d, want %d", q1, len(list), len(s.Filers))
		}
		byKey := map[report.Key]report.Report{}
		for _, r := range reports {
			byKey[r.Key] = r
		}
		for i := range list {
			if i%50 == 0 {
				sameStoredReport(t, &list[i], byKey[list[i].Key])
			}
		}
		list, err = db.ListReports(ctx, report.ReportFilter{Template: demo.SynthTemplate, Period: q2, Statuses: []report.Status{report.StatusAccepted}})
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 1000-len(s.Filers) {
			t.Fatalf("ListReports %s accepted: got %d, want %d", q2, len(list), 1000-len(s.Filers))
		}

		entries, n, err := db.ListAudit(ctx, audit.Filter{Action: "report.bulk_insert"})
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 || len(entries) != 1 || entries[0].Entity != "report" {
			t.Fatalf("audit: got %d entries %+v, want one report.bulk_insert", n, entries)
		}

		// A batch holding a report already stored is refused whole.
		again := []report.Report{s.Report(1, 500), reports[0]}
		if err := db.BulkInsertReports(ctx, again); !apperr.Is(err, apperr.ECONFLICT) {
			t.Fatalf("duplicate: got %v, want ECONFLICT", err)
		}
		if _, err := db.FindReport(ctx, again[0].Key); !apperr.Is(err, apperr.ENOTFOUND) {
			t.Errorf("duplicate batch: %s was stored (%v)", again[0].Key, err)
		}
		if err := db.BulkInsertReports(ctx, nil); err != nil {
			t.Errorf("empty batch: %v", err)
		}
	})
}

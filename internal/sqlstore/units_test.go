package sqlstore_test

import (
	"context"
	"slices"
	"testing"

	"giaoban/internal/apperr"
	"giaoban/internal/apptest"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
)

var (
	d       = period.MustParse
	epoch   = d("1900-01-01")
	cutover = d("2025-07-01")
	lastOld = d("2025-06-30")
	forever = period.Forever
)

// smallImport: province P kept; district D dissolved; communes C1 (kept,
// renamed) and C2 (merged into C1); commission B merged into B2 on 2025-03-01.
func smallImport() *org.Import {
	rec := func(code string, k org.Kind, from, to period.Date) org.Record {
		return org.Record{Code: code, Kind: k, ValidFrom: from, ValidTo: to, Place: "Lạng Sơn"}
	}
	name := func(code, n string, from, to period.Date) org.NameVersion {
		return org.NameVersion{Code: code, Name: n, FullName: n, ValidFrom: from, ValidTo: to}
	}
	par := func(code, p string, from, to period.Date) org.ParentLink {
		return org.ParentLink{Code: code, Parent: p, ValidFrom: from, ValidTo: to}
	}
	return &org.Import{
		Records: []org.Record{
			rec("20", org.KindProvince, epoch, forever),
			rec("183", org.KindDistrict, epoch, lastOld),
			rec("06000", org.KindCommune, epoch, forever),
			rec("06001", org.KindCommune, epoch, lastOld),
			rec("B", org.KindCommission, epoch, d("2025-02-28")),
			rec("B2", org.KindCommission, d("2025-03-01"), forever),
		},
		Names: []org.NameVersion{
			name("20", "Tỉnh Lạng Sơn", epoch, forever),
			name("183", "Huyện Cao Lộc", epoch, lastOld),
			name("06000", "Thị trấn Cao Lộc", epoch, lastOld),
			name("06000", "Xã Cao Lộc", cutover, forever),
			name("06001", "Xã Hợp Thành", epoch, lastOld),
			name("B", "Ban Dân vận Tỉnh ủy", epoch, d("2025-02-28")),
			name("B2", "Ban Tuyên giáo và Dân vận Tỉnh ủy", d("2025-03-01"), forever),
		},
		Parents: []org.ParentLink{
			par("183", "20", epoch, lastOld),
			par("06000", "183", epoch, lastOld),
			par("06000", "20", cutover, forever),
			par("06001", "183", epoch, lastOld),
			par("B", "20", epoch, d("2025-02-28")),
			par("B2", "20", d("2025-03-01"), forever),
		},
		Events: []org.Event{
			{Kind: org.EventDissolve, Date: cutover, Links: []org.Link{{From: "183"}}},
			{Kind: org.EventMerge, Date: cutover, Links: []org.Link{{From: "06000", To: "06000"}, {From: "06001", To: "06000"}}},
			{Kind: org.EventMerge, Date: d("2025-03-01"), Links: []org.Link{{From: "B", To: "B2"}}},
		},
	}
}

func codes(us []org.Unit) []string {
	var out []string
	for _, u := range us {
		out = append(out, u.Code)
	}
	return out
}

func TestUnitsAsOf(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if err := db.ImportUnits(ctx, smallImport()); err != nil {
			t.Fatal(err)
		}
		tests := []struct {
			name string
			at   period.Date
			want []string
		}{
			{"2019", d("2019-03-28"), []string{"20", "183", "B", "06000", "06001"}},
			{"after the commission merge", d("2025-04-01"), []string{"20", "183", "B2", "06000", "06001"}},
			{"after the district level went", d("2026-01-01"), []string{"20", "06000", "B2"}},
		}
		for _, tc := range tests {
			t.Run(tc.name, func(t *testing.T) {
				got, err := db.SubtreeAt(ctx, "20", tc.at)
				if err != nil {
					t.Fatal(err)
				}
				if !slices.Equal(codes(got), tc.want) {
					t.Errorf("got %v, want %v", codes(got), tc.want)
				}
			})
		}
		u, err := db.FindUnit(ctx, "06000", d("2019-01-01"))
		if err != nil || u.Name != "Thị trấn Cao Lộc" || u.ParentCode != "183" {
			t.Errorf("got %+v %v, want Thị trấn Cao Lộc under 183", u, err)
		}
		u, err = db.FindUnit(ctx, "06000", d("2025-07-01"))
		if err != nil || u.Name != "Xã Cao Lộc" || u.ParentCode != "20" {
			t.Errorf("got %+v %v, want Xã Cao Lộc under 20", u, err)
		}
		if _, err := db.FindUnit(ctx, "183", d("2025-07-01")); !apperr.Is(err, apperr.ENOTFOUND) {
			t.Errorf("district after 2025: got %v, want ENOTFOUND", err)
		}
		anc, err := db.AncestorsAt(ctx, "06001", d("2019-01-01"))
		if err != nil || !slices.Equal(anc, []string{"183", "20"}) {
			t.Errorf("ancestors: got %v %v, want [183 20]", anc, err)
		}
		svc := &org.Service{Store: db}
		succ, err := svc.SuccessorsAt(ctx, "06001", d("2026-01-01"))
		if err != nil || !slices.Equal(succ, []string{"06000"}) {
			t.Errorf("successors: got %v %v, want [06000]", succ, err)
		}
		pred, err := svc.PredecessorsAt(ctx, "B2", d("2019-03-28"))
		if err != nil || !slices.Equal(pred, []string{"B"}) {
			t.Errorf("predecessors: got %v %v, want [B]", pred, err)
		}
		roots, err := svc.ScopeRootsAt(ctx, "B2", d("2019-03-28"))
		if err != nil || !slices.Equal(roots, []string{"20"}) {
			t.Errorf("scope of the merged commission in 2019: got %v %v, want [20]", roots, err)
		}
		h, err := db.UnitHistory(ctx, "06000")
		if err != nil || len(h.Names) != 2 || len(h.Parents) != 2 || len(h.Events) != 1 || h.Events[0].Kind != org.EventMerge {
			t.Errorf("history: got %+v %v", h, err)
		}
		// A second import of any existing code changes nothing.
		again := smallImport()
		again.Records = append(again.Records, org.Record{Code: "NEW", Kind: org.KindOther, ValidFrom: epoch, ValidTo: forever})
		if err := db.ImportUnits(ctx, again); !apperr.Is(err, apperr.ECONFLICT) {
			t.Fatalf("re-import: got %v, want ECONFLICT", err)
		}
		if _, err := db.FindUnit(ctx, "NEW", d("2020-01-01")); !apperr.Is(err, apperr.ENOTFOUND) {
			t.Errorf("failed import left unit NEW behind: %v", err)
		}
	})
}

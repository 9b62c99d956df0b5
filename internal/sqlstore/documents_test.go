package sqlstore_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/apptest"
	"giaoban/internal/audit"
	"giaoban/internal/document"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
)

func mustSeries(t *testing.T, style document.Style, issuer, docType, date string) document.Series {
	t.Helper()
	s, err := document.SeriesFor(style, issuer, docType, period.MustParse(date), nil)
	if err != nil {
		t.Fatal(err)
	}
	return s
}

func reserve(t *testing.T, db *sqlstore.DB, s document.Series, ref string) (int, string) {
	t.Helper()
	seq, text, err := db.ReserveNumber(context.Background(), s, "Báo cáo kết quả công tác dân vận", ref, time.Now())
	if err != nil {
		t.Fatalf("ReserveNumber(%v): %v", s, err)
	}
	return seq, text
}

func TestReserveNumberConsecutive(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		bc := mustSeries(t, document.Party, "BDVTU", "BC", "2019-03-28")
		tb := mustSeries(t, document.Party, "BDVTU", "TB", "2019-03-28")
		for i := 1; i <= 12; i++ {
			seq, text := reserve(t, db, bc, fmt.Sprintf("report:%d", i))
			if want := document.Format(bc, i); seq != i || text != want {
				t.Fatalf("reservation %d: got %d %q, want %d %q", i, seq, text, i, want)
			}
			if i == 5 && text != "Số 05-BC/BDVTU" {
				t.Errorf("5th number %q", text)
			}
		}
		// Another document type has its own series.
		if seq, text := reserve(t, db, tb, "conclusion:1"); seq != 1 || text != "Số 01-TB/BDVTU" {
			t.Errorf("first TB: %d %q", seq, text)
		}
		// So does another issuer.
		hu := mustSeries(t, document.Party, "HU", "BC", "2019-03-28")
		if seq, _ := reserve(t, db, hu, ""); seq != 1 {
			t.Errorf("first BC/HU: %d", seq)
		}
		// A new year in the same term continues the Party series.
		if seq, text := reserve(t, db, mustSeries(t, document.Party, "BDVTU", "BC", "2020-01-02"), ""); seq != 13 || text != "Số 13-BC/BDVTU" {
			t.Errorf("next year, same term: %d %q", seq, text)
		}
		// A new term restarts it at 1.
		next := mustSeries(t, document.Party, "BDVTU", "BC", "2020-10-15")
		if seq, text := reserve(t, db, next, ""); seq != 1 || text != "Số 01-BC/BDVTU" {
			t.Errorf("new term: %d %q", seq, text)
		}
		if seq, _ := reserve(t, db, next, ""); seq != 2 {
			t.Errorf("new term, second: %d", seq)
		}
		// The old term's series is untouched and goes on if a late number is
		// issued in it.
		if seq, _ := reserve(t, db, bc, ""); seq != 14 {
			t.Errorf("old term continues: %d", seq)
		}

		list, err := db.ListNumbers(context.Background(), "BDVTU", 0)
		if err != nil {
			t.Fatal(err)
		}
		if len(list) != 12+1+1+2+1 {
			t.Errorf("ListNumbers(BDVTU) gave %d numbers", len(list))
		}
		first := list[0]
		if first.Seq != 14 || first.Text != "Số 14-BC/BDVTU" || first.Series != bc || first.Subject != "Báo cáo kết quả công tác dân vận" || first.IssuedAt.IsZero() {
			t.Errorf("newest number: %+v", first)
		}
		if last := list[len(list)-1]; last.Seq != 1 || last.Ref != "report:1" {
			t.Errorf("oldest number: %+v", last)
		}
		if list, _ := db.ListNumbers(context.Background(), "BDVTU", 3); len(list) != 3 {
			t.Errorf("limit 3 gave %d", len(list))
		}
		if list, _ := db.ListNumbers(context.Background(), "", 0); len(list) != 18 {
			t.Errorf("all issuers gave %d", len(list))
		}
	})
}

func TestReserveNumberStateYear(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		y20 := mustSeries(t, document.State, "UBND", "BC", "2020-03-05")
		for i := 1; i <= 3; i++ {
			if seq, _ := reserve(t, db, y20, ""); seq != i {
				t.Fatalf("2020 #%d: got %d", i, seq)
			}
		}
		y21 := mustSeries(t, document.State, "UBND", "BC", "2021-01-01")
		if seq, text := reserve(t, db, y21, ""); seq != 1 || text != "Số: 01/BC-UBND" {
			t.Errorf("new year: %d %q", seq, text)
		}
		if seq, text := reserve(t, db, y20, ""); seq != 4 || text != "Số: 04/BC-UBND" {
			t.Errorf("2020 after 2021 started: %d %q", seq, text)
		}
		cv := mustSeries(t, document.State, "UBND-VP", "CV", "2021-01-01")
		if seq, text := reserve(t, db, cv, ""); seq != 1 || text != "Số: 01/UBND-VP" {
			t.Errorf("công văn: %d %q", seq, text)
		}
	})
}

func TestReserveNumberAudit(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := audit.WithWho(context.Background(), audit.Who{Actor: "vanthu", IP: "10.0.0.1", RequestID: "r1"})
		s := mustSeries(t, document.Party, "BDVTU", "TB", "2019-04-02")
		seq, text, err := db.ReserveNumber(ctx, s, "Kết luận giao ban quý I/2019", "conclusion:12", time.Date(2019, 4, 2, 9, 0, 0, 0, period.Vietnam))
		if err != nil || seq != 1 || text != "Số 01-TB/BDVTU" {
			t.Fatalf("got %d %q %v", seq, text, err)
		}
		entries, n, err := db.ListAudit(context.Background(), audit.Filter{Action: "document.number", Entity: "document", EntityID: text})
		if err != nil {
			t.Fatal(err)
		}
		if n != 1 || len(entries) != 1 {
			t.Fatalf("audit entries: %d", n)
		}
		e := entries[0]
		if e.Actor != "vanthu" || e.IP != "10.0.0.1" || e.Before != "" {
			t.Errorf("audit entry %+v", e)
		}
		for _, want := range []string{`"series_key":"2015-2020"`, `"ref":"conclusion:12"`, `"seq":1`, `"issued_at":"2019-04-02T02:00:00.000000Z"`} {
			if !strings.Contains(e.After, want) {
				t.Errorf("audit after %s lacks %s", e.After, want)
			}
		}
		if !strings.Contains(e.Summary, "Số 01-TB/BDVTU") || !strings.Contains(e.Summary, "Kết luận giao ban") {
			t.Errorf("audit summary %q", e.Summary)
		}
		list, _ := db.ListNumbers(context.Background(), "BDVTU", 10)
		if len(list) != 1 || list[0].IssuedBy != "vanthu" || !list[0].IssuedAt.Equal(time.Date(2019, 4, 2, 2, 0, 0, 0, time.UTC)) {
			t.Errorf("stored number %+v", list)
		}
	})
}

func TestReserveNumberInvalid(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		for _, s := range []document.Series{
			{Style: "x", Issuer: "BDVTU", DocType: "BC", Key: "2015-2020"},
			{Style: document.Party, Issuer: "", DocType: "BC", Key: "2015-2020"},
			{Style: document.Party, Issuer: "BDVTU", DocType: "ZZ", Key: "2015-2020"},
			{Style: document.Party, Issuer: "BDVTU", DocType: "BC", Key: ""},
		} {
			if _, _, err := db.ReserveNumber(context.Background(), s, "", "", time.Now()); !apperr.Is(err, apperr.EINVALID) {
				t.Errorf("ReserveNumber(%+v) err = %v, want EINVALID", s, err)
			}
		}
		if list, _ := db.ListNumbers(context.Background(), "", 0); len(list) != 0 {
			t.Errorf("invalid reservations wrote %d numbers", len(list))
		}
	})
}

// TestReserveNumberConcurrent reserves 20 numbers at once from two handles
// on the same database, as two app servers would: the numbers are 1..20,
// each once.
func TestReserveNumberConcurrent(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		other, err := sqlstore.Open(ctx, db.DSN)
		if err != nil {
			t.Fatal(err)
		}
		defer other.Close()
		servers := []*sqlstore.DB{db, other}
		s := mustSeries(t, document.Party, "BDVTU", "BC", "2019-03-28")
		noise := mustSeries(t, document.Party, "BDVTU", "GM", "2019-03-28")
		const n = 20
		var wg sync.WaitGroup
		seqs := make([]int, n)
		texts := make([]string, n)
		errs := make([]error, n)
		start := make(chan struct{})
		for i := range n {
			wg.Add(2)
			go func() {
				defer wg.Done()
				<-start
				seqs[i], texts[i], errs[i] = servers[i%2].ReserveNumber(ctx, s, fmt.Sprintf("doc %d", i), fmt.Sprintf("report:%d", i), time.Now())
			}()
			go func() { // another series at the same time
				defer wg.Done()
				<-start
				if _, _, err := servers[(i+1)%2].ReserveNumber(ctx, noise, "", "", time.Now()); err != nil {
					t.Errorf("noise: %v", err)
				}
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("reservation %d: %v", i, err)
			}
		}
		sorted := slices.Clone(seqs)
		slices.Sort(sorted)
		for i, seq := range sorted {
			if seq != i+1 {
				t.Fatalf("numbers %v: want 1..%d with no gap or repeat", sorted, n)
			}
		}
		for i := range n {
			if texts[i] != document.Format(s, seqs[i]) {
				t.Errorf("text %q for seq %d", texts[i], seqs[i])
			}
		}
		list, err := db.ListNumbers(ctx, "BDVTU", 100)
		if err != nil {
			t.Fatal(err)
		}
		var gm []int
		for _, num := range list {
			if num.Series.DocType == "GM" {
				gm = append(gm, num.Seq)
			}
		}
		slices.Sort(gm)
		if len(list) != 2*n || len(gm) != n || gm[0] != 1 || gm[n-1] != n {
			t.Errorf("stored %d numbers, GM %v", len(list), gm)
		}
		_, total, err := db.ListAudit(ctx, audit.Filter{Action: "document.number"})
		if err != nil || total != 2*n {
			t.Errorf("audit entries %d, %v; want %d", total, err, 2*n)
		}
	})
}

package rollup_test

import (
	"fmt"
	"math"
	"testing"

	"giaoban/internal/org"
	"giaoban/internal/report"
	"giaoban/internal/rollup"
)

var cat = map[string]report.Indicator{
	"GIFTS": {Code: "GIFTS", Type: report.TypeInteger, Aggregation: report.AggSum},
	"MONEY": {Code: "MONEY", Type: report.TypeMoney, Aggregation: report.AggSum},
	"RATE":  {Code: "RATE", Type: report.TypePercent, Aggregation: report.AggAverage},
	"PEAK":  {Code: "PEAK", Type: report.TypeInteger, Aggregation: report.AggMax},
	"NOTE":  {Code: "NOTE", Type: report.TypeText, Aggregation: report.AggNone},
}
var codes = []string{"GIFTS", "MONEY", "RATE", "PEAK", "NOTE"}
var tmpl = &report.Template{Code: "T", Indicators: codes}

func rep(unit string, st report.Status, gifts, money int64, rate float64, peak int64, note string) *report.Report {
	v := map[string]report.Value{
		"GIFTS": {Int: gifts, Set: true}, "MONEY": {Int: money, Set: true},
		"RATE": {Float: rate, Set: true}, "PEAK": {Int: peak, Set: true},
	}
	if note != "" {
		v["NOTE"] = report.Value{Text: note, Set: true}
	}
	return &report.Report{Key: report.Key{Template: "T", Period: "P", Unit: unit}, UnitName: unit, Status: st, OnTime: true, Values: v,
		Narrative: map[string]string{"ket_qua": "Kết quả của " + unit}}
}

func matrix(rs ...*report.Report) *rollup.Matrix {
	m := rollup.NewMatrix(tmpl, cat, "P")
	for _, r := range rs {
		m.Put(r)
	}
	return m
}

// 2019: province P with districts D1 (communes C1, C2) and D2 (C3), and a
// body B in sector front. 2026: districts gone, C1 and C2 merged into C1,
// C3 split into C3 and C4.
var before = []org.Unit{
	{Code: "P"}, {Code: "B", ParentCode: "P", Sector: org.SectorFront},
	{Code: "D1", ParentCode: "P"}, {Code: "C1", ParentCode: "D1"}, {Code: "C2", ParentCode: "D1"},
	{Code: "D2", ParentCode: "P"}, {Code: "C3", ParentCode: "D2"},
}
var after = []org.Unit{
	{Code: "P"}, {Code: "B", ParentCode: "P", Sector: org.SectorFront},
	{Code: "C1", ParentCode: "P"}, {Code: "C3", ParentCode: "P"}, {Code: "C4", ParentCode: "P"},
}

func identity(units []org.Unit) func(string) string {
	in := map[string]bool{}
	for _, u := range units {
		in[u.Code] = true
	}
	return func(c string) string {
		if in[c] {
			return c
		}
		return ""
	}
}

func TestConsolidate(t *testing.T) {
	m := matrix(
		rep("C1", report.StatusAccepted, 100, 1_000_000_000, 80, 7, "Mô hình dân vận khéo"),
		rep("C2", report.StatusAccepted, 50, 2_000_000_000, 90, 9, ""),
		rep("C3", report.StatusSubmitted, 10, 500_000_000, 70, 20, "Chưa tiếp nhận"),
		rep("B", report.StatusAccepted, 5, 26_000_000_000, 100, 3, "Mặt trận"),
		rep("D2", report.StatusReturned, 999, 999, 1, 999, "trả lại"),
	)
	filers := []string{"B", "C1", "C2", "C3", "D2"}
	tests := []struct {
		name          string
		withSubmitted bool
		gifts, money  int64
		rate          float64
		peak          int64
		notes         int
	}{
		{"accepted only", false, 155, 29_000_000_000, 90, 9, 2},
		{"with submitted", true, 165, 29_500_000_000, 85, 20, 3},
	}
	for _, tc := range tests {
		t.Run(tc.name, func(t *testing.T) {
			res := rollup.Consolidate(rollup.Input{Catalogue: cat, Codes: codes, Scope: "P", Units: before, Filers: filers, Texts: true,
				WithSubmitted: tc.withSubmitted, Current: rollup.Slice{Matrix: m, Place: identity(before)}})
			if got := res.Totals["GIFTS"].Value.Int; got != tc.gifts {
				t.Errorf("sum: got %d, want %d", got, tc.gifts)
			}
			if got := res.Totals["MONEY"].Value.Int; got != tc.money {
				t.Errorf("money: got %d, want %d", got, tc.money)
			}
			if got := res.Totals["RATE"].Value.Float; math.Abs(got-tc.rate) > 1e-9 {
				t.Errorf("average: got %v, want %v", got, tc.rate)
			}
			if got := res.Totals["PEAK"].Value.Int; got != tc.peak {
				t.Errorf("max: got %d, want %d", got, tc.peak)
			}
			if got := len(res.Texts["NOTE"]); got != tc.notes {
				t.Errorf("texts gathered: got %d, want %d", got, tc.notes)
			}
			if res.Totals["NOTE"].Value.Set {
				t.Error("a text indicator was summed")
			}
			c := res.Completeness
			if c.Expected != 5 || c.Submitted != 4 || c.Accepted != 3 || len(c.Missing) != 1 || c.Missing[0] != "D2" {
				t.Errorf("completeness: got %+v", c)
			}
		})
	}
	// Breakdown by child and by sector (accepted only).
	res := rollup.Consolidate(rollup.Input{Catalogue: cat, Codes: codes, Scope: "P", Units: before, Narrative: true,
		Current: rollup.Slice{Matrix: m, Place: identity(before)}})
	byChild := map[string]int64{}
	for _, ch := range res.Children {
		byChild[ch.Unit.Code] = ch.Values["GIFTS"].Value.Int
	}
	if byChild["D1"] != 150 || byChild["D2"] != 0 || byChild["B"] != 5 || len(res.Children) != 3 {
		t.Errorf("children: got %v", byChild)
	}
	if len(res.Sectors) != 1 || res.Sectors[0].Sector != org.SectorFront || res.Sectors[0].Values["MONEY"].Value.Int != 26_000_000_000 {
		t.Errorf("sectors: got %+v", res.Sectors)
	}
	if len(res.Narrative["ket_qua"]) != 3 {
		t.Errorf("narrative gathered: got %d texts, want 3", len(res.Narrative["ket_qua"]))
	}
}

func TestAsWasAsNowAndComparisons(t *testing.T) {
	old := matrix(
		rep("C1", report.StatusAccepted, 100, 0, 0, 0, ""),
		rep("C2", report.StatusAccepted, 50, 0, 0, 0, ""),
		rep("C3", report.StatusAccepted, 30, 0, 0, 0, ""),
	)
	cur := matrix(
		rep("C1", report.StatusAccepted, 200, 0, 0, 0, ""),
		rep("C3", report.StatusAccepted, 20, 0, 0, 0, ""),
		rep("C4", report.StatusAccepted, 10, 0, 0, 0, ""),
	)
	// As it is now: C2 merged into C1; C3 split, its old figures stay with
	// the successor that kept its code.
	successor := map[string]string{"C1": "C1", "C2": "C1", "C3": "C3", "C4": "C4"}
	asNow := func(c string) string { return successor[c] }
	res := rollup.Consolidate(rollup.Input{Catalogue: cat, Codes: []string{"GIFTS"}, Scope: "P", Units: after,
		Current: rollup.Slice{Matrix: cur, Place: identity(after)}, Previous: &rollup.Slice{Matrix: old, Place: asNow}})
	if got := res.Previous["GIFTS"].Value.Int; got != 180 {
		t.Errorf("previous as now: got %d, want 180", got)
	}
	ch := res.VsPrevious["GIFTS"]
	if !ch.OK || ch.Abs != 50 || math.Abs(ch.Pct-27.777777) > 1e-3 {
		t.Errorf("change: got %+v, want +50 (+27.8%%)", ch)
	}
	// Line by line as now: C1 had 150 before (C1+C2) and 200 now.
	oldByUnit := rollup.Consolidate(rollup.Input{Catalogue: cat, Codes: []string{"GIFTS"}, Scope: "P", Units: after,
		Current: rollup.Slice{Matrix: old, Place: asNow}})
	lines := map[string]int64{}
	for _, c := range oldByUnit.Children {
		lines[c.Unit.Code] = c.Values["GIFTS"].Value.Int
	}
	if lines["C1"] != 150 || lines["C3"] != 30 || lines["C4"] != 0 {
		t.Errorf("as now, line by line: got %v", lines)
	}
	// As it was: the old quarter in its own hierarchy, districts and all.
	asWas := rollup.Consolidate(rollup.Input{Catalogue: cat, Codes: []string{"GIFTS"}, Scope: "P", Units: before,
		Current: rollup.Slice{Matrix: old, Place: identity(before)}})
	was := map[string]int64{}
	for _, c := range asWas.Children {
		was[c.Unit.Code] = c.Values["GIFTS"].Value.Int
	}
	if was["D1"] != 150 || was["D2"] != 30 {
		t.Errorf("as was: got %v", was)
	}
}

func TestMatrixPutReplaces(t *testing.T) {
	m := matrix(rep("C1", report.StatusSubmitted, 1, 0, 0, 0, "a"))
	snap := m.Clone()
	m.Put(rep("C1", report.StatusAccepted, 2, 0, 0, 0, ""))
	if m.Len() != 1 || m.Value(0, m.Col("GIFTS")).Int != 2 || m.Value(0, m.Col("NOTE")).Set || m.At(0).Status != report.StatusAccepted {
		t.Errorf("after put: got %+v", m.Value(0, 0))
	}
	if snap.Value(0, snap.Col("GIFTS")).Int != 1 || snap.Value(0, snap.Col("NOTE")).Text != "a" {
		t.Error("a clone changed with its original")
	}
}

// TestMatrixCopyOnWrite: snapshots share chunks and copy only what a Put
// writes into, across chunk boundaries, in both directions, with rows
// added to a partly filled chunk and text columns.
func TestMatrixCopyOnWrite(t *testing.T) {
	n := 2*rollup.ChunkLen + 10 // two full chunks and part of a third
	m := rollup.NewMatrix(tmpl, cat, "P")
	for i := range n {
		m.Put(rep(fmt.Sprintf("U%04d", i), report.StatusAccepted, int64(i), 0, 0, 0, fmt.Sprint("note ", i)))
	}
	snap := m.Clone()
	next := snap.Clone()
	gifts := m.Col("GIFTS")
	// Change a row in the first chunk and one in the last, add rows to the
	// partly filled chunk and past it, and drop a text.
	next.Put(rep("U0003", report.StatusAccepted, 1000, 0, 0, 0, ""))
	next.Put(rep(fmt.Sprintf("U%04d", n-1), report.StatusAccepted, 2000, 0, 0, 0, "changed"))
	for i := n; i < n+rollup.ChunkLen; i++ {
		next.Put(rep(fmt.Sprintf("U%04d", i), report.StatusSubmitted, 7, 0, 0, 0, ""))
	}
	// And the original, written after being cloned, diverges on its own.
	m.Put(rep("U0004", report.StatusReturned, 4000, 0, 0, 0, "m only"))

	for _, tc := range []struct {
		name string
		m    *rollup.Matrix
		len  int
		want map[string]int64
		note map[string]string
	}{
		{"snapshot", snap, n, map[string]int64{"U0003": 3, "U0004": 4, fmt.Sprintf("U%04d", n-1): int64(n - 1)},
			map[string]string{"U0003": "note 3", fmt.Sprintf("U%04d", n-1): fmt.Sprint("note ", n-1)}},
		{"next", next, n + rollup.ChunkLen, map[string]int64{"U0003": 1000, "U0004": 4, fmt.Sprintf("U%04d", n-1): 2000, fmt.Sprintf("U%04d", n+5): 7},
			map[string]string{"U0003": "", fmt.Sprintf("U%04d", n-1): "changed"}},
		{"original", m, n, map[string]int64{"U0003": 3, "U0004": 4000},
			map[string]string{"U0004": "m only", "U0003": "note 3"}},
	} {
		if tc.m.Len() != tc.len {
			t.Errorf("%s: %d rows, want %d", tc.name, tc.m.Len(), tc.len)
		}
		for u, want := range tc.want {
			r := tc.m.Row(u)
			if r < 0 || tc.m.Value(r, gifts).Int != want {
				t.Errorf("%s: %s gifts = %v (row %d), want %d", tc.name, u, tc.m.Value(max(r, 0), gifts), r, want)
			}
		}
		for u, want := range tc.note {
			if got := tc.m.Value(tc.m.Row(u), tc.m.Col("NOTE")).Text; got != want {
				t.Errorf("%s: %s note = %q, want %q", tc.name, u, got, want)
			}
		}
	}
	if snap.Row(fmt.Sprintf("U%04d", n+5)) >= 0 {
		t.Error("a row added to the clone appeared in its parent")
	}
}

// TestRepatchMatchesPlace: a placement patched with the rows written since
// its snapshot equals placing the new snapshot from scratch — rows that
// changed status, rows added, rows no longer counted.
func TestRepatchMatchesPlace(t *testing.T) {
	units := []org.Unit{{Code: "P"}, {Code: "B", ParentCode: "P", Sector: org.SectorFront}}
	for d := range 3 {
		units = append(units, org.Unit{Code: fmt.Sprint("D", d), ParentCode: "P"})
	}
	var filers []string
	for i := range 700 {
		c := fmt.Sprintf("C%03d", i)
		units = append(units, org.Unit{Code: c, ParentCode: fmt.Sprint("D", i%3)})
		filers = append(filers, c)
	}
	in := &rollup.Input{Catalogue: cat, Codes: codes, Scope: "P", Units: units, Filers: filers}
	m := rollup.NewMatrix(tmpl, cat, "P")
	for i := range 600 {
		st := report.StatusAccepted
		if i%5 == 0 {
			st = report.StatusSubmitted
		}
		m.Put(rep(fmt.Sprintf("C%03d", i), st, int64(i), 0, 0, 0, ""))
	}
	m.Put(rep("B", report.StatusAccepted, 1, 0, 0, 0, ""))
	sl := rollup.Slice{Matrix: m, Place: identity(units)}
	prev := in.Place(sl, true)

	next := m.Clone()
	next.Put(rep("C010", report.StatusSubmitted, 10, 0, 0, 0, ""))  // accepted → submitted: no longer counted
	next.Put(rep("C005", report.StatusAccepted, 5, 0, 0, 0, ""))    // submitted → accepted: counted now
	next.Put(rep("C650", report.StatusAccepted, 650, 0, 0, 0, ""))  // a new row
	next.Put(rep("C651", report.StatusSubmitted, 651, 0, 0, 0, "")) // a new row not counted
	next.Put(rep("C300", report.StatusAccepted, 9999, 0, 0, 0, "")) // a value changed
	parent, changed, ok := next.Parent()
	if !ok || parent != m || len(changed) != 5 {
		t.Fatalf("parent: %v %v %v", parent == m, changed, ok)
	}
	nsl := rollup.Slice{Matrix: next, Place: identity(units)}
	got, want := in.Repatch(nsl, prev, changed, true), in.Place(nsl, true)
	describe := func(pl *rollup.Placement) []string {
		var out []string
		for i, r := range pl.Rows {
			ch, sec := "", org.Sector("")
			if pl.Child[i] >= 0 {
				ch = pl.ChildCodes[pl.Child[i]]
			}
			if pl.Sector[i] >= 0 {
				sec = pl.SectorCodes[pl.Sector[i]]
			}
			out = append(out, fmt.Sprint(r, pl.Units[i], ch, sec))
		}
		return out
	}
	g, w := describe(got), describe(want)
	if fmt.Sprint(g) != fmt.Sprint(w) {
		t.Errorf("repatched placement differs: %d rows, want %d", len(g), len(w))
	}
	// And the consolidations agree.
	in.Current = rollup.Slice{Matrix: next, Place: nsl.Place, Placement: got}
	a := rollup.Consolidate(*in)
	in.Current.Placement = nil
	b := rollup.Consolidate(*in)
	if a.Totals["GIFTS"] != b.Totals["GIFTS"] || a.Totals["GIFTS"].Value.Int == 0 {
		t.Errorf("totals: repatched %v, placed %v", a.Totals["GIFTS"], b.Totals["GIFTS"])
	}
}

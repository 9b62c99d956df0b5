package rollup

import (
	"math"
	"slices"
	"sync"

	"giaoban/internal/org"
	"giaoban/internal/report"
)

// View says how reports filed under an older structure are placed.
type View string

const (
	// AsWas places each report in the hierarchy on its period's date.
	AsWas View = "as_was"
	// AsNow maps each report's unit to its successor today, so periods
	// before and after a restructuring compare line by line.
	AsNow View = "as_now"
)

// Slice is one period's reports and how to place them in the scope.
type Slice struct {
	Matrix *Matrix
	// Place maps a report's unit to the unit of Units it counts under
	// ("" when it is outside the scope). For AsWas it is the identity on
	// the units in scope on the period's date; for AsNow it follows the
	// restructuring to today's successors.
	Place func(reportUnit string) string
	// Placement, when set, is Place already applied to Matrix (cached by
	// the service); nil: computed here.
	Placement *Placement
}

// Input is everything one consolidation needs.
type Input struct {
	Catalogue map[string]report.Indicator
	Codes     []string   // indicators, in template order
	Scope     string     // the unit consolidated
	Units     []org.Unit // Scope and its subtree in display order, with ParentCode
	Filers    []string   // codes of the units that must file, under Scope
	// WithSubmitted counts submitted reports too, not only accepted ones.
	WithSubmitted bool
	// Narrative gathers every unit's narrative per outline section (for
	// the drafter's page; costly and useless over thousands of units).
	Narrative bool
	// Texts gathers the text indicators' values (bounded like Narrative:
	// a country's texts are tens of thousands of lines).
	Texts bool
	// TotalsOnly computes the totals and nothing else (no breakdowns, no
	// texts): one point of a trend.
	TotalsOnly bool
	// Groups, when set, is GroupsOf(Units, Scope) computed earlier (the
	// service keeps it per hierarchy state).
	Groups   *Groups
	Current  Slice
	Previous *Slice // nil: no comparison
	LastYear *Slice
}

// Agg is one indicator's consolidated value.
type Agg struct {
	Value report.Value
	Count int // reports that gave a value
}

// TextItem is one unit's text, gathered rather than summed.
type TextItem struct {
	Unit, UnitName, Text string
}

// Change compares a value with an earlier one.
type Change struct {
	Abs    float64
	Pct    float64 // percent change; NaN when the earlier value is 0
	HasPct bool
	OK     bool // both values present
}

// ChildRow is one child unit of the scope with its subtree's totals.
type ChildRow struct {
	Unit   org.Unit
	Values map[string]Agg
}

// SectorRow is one sector's totals.
type SectorRow struct {
	Sector org.Sector
	Values map[string]Agg
}

// Completeness counts the filers.
type Completeness struct {
	Expected, Submitted, Accepted, OnTime, Late int
	Missing                                     []string
}

// Result is a consolidation.
type Result struct {
	Totals       map[string]Agg
	Previous     map[string]Agg
	LastYear     map[string]Agg
	VsPrevious   map[string]Change
	VsLastYear   map[string]Change
	Children     []ChildRow
	Sectors      []SectorRow
	Texts        map[string][]TextItem // text indicators
	Narrative    map[string][]TextItem // section key → every unit's text
	Completeness Completeness
}

// Placement is where each counted report of a slice goes: computed once
// per matrix snapshot and view (see Service), it leaves a consolidation
// nothing but loops over slices.
type Placement struct {
	Rows        []int32  // matrix rows counted
	Units       []string // the unit each counts under
	Child       []int32  // index into ChildCodes, -1: none
	ChildCodes  []string
	Sector      []int32 // index into SectorCodes, -1: none
	SectorCodes []org.Sector
}

// place computes a slice's placement.
func place(in *Input, s Slice, childOf map[string]string, sectorOf map[string]org.Sector) *Placement {
	pl := &Placement{}
	m := s.Matrix
	if m == nil {
		return pl
	}
	childIdx := map[string]int32{}
	sectorIdx := map[org.Sector]int32{}
	for r := range m.Len() {
		at := placeOf(in, s, r)
		if at == "" {
			continue
		}
		ci, si := placeGroups(pl, at, childOf, sectorOf, childIdx, sectorIdx)
		pl.Rows, pl.Units = append(pl.Rows, int32(r)), append(pl.Units, at)
		pl.Child, pl.Sector = append(pl.Child, ci), append(pl.Sector, si)
	}
	return pl
}

// repatch returns the placement of s derived from prev, the placement of
// the snapshot s was cloned from, given the rows written since: rows
// unchanged keep their place; each changed row is placed again and put in
// row order. A report accepted into a country's matrix so costs one copy
// of the placement's slices, not 20,000 placings.
func repatch(in *Input, s Slice, prev *Placement, changed []int, childOf map[string]string, sectorOf map[string]org.Sector) *Placement {
	rows := slices.Clone(changed)
	slices.Sort(rows)
	rows = slices.Compact(rows)
	pl := &Placement{Rows: slices.Clone(prev.Rows), Units: slices.Clone(prev.Units), Child: slices.Clone(prev.Child),
		Sector: slices.Clone(prev.Sector), ChildCodes: slices.Clone(prev.ChildCodes), SectorCodes: slices.Clone(prev.SectorCodes)}
	childIdx := make(map[string]int32, len(pl.ChildCodes))
	for i, c := range pl.ChildCodes {
		childIdx[c] = int32(i)
	}
	sectorIdx := make(map[org.Sector]int32, len(pl.SectorCodes))
	for i, c := range pl.SectorCodes {
		sectorIdx[c] = int32(i)
	}
	for _, r := range rows {
		i, found := slices.BinarySearch(pl.Rows, int32(r))
		if found { // drop the old placing
			pl.Rows = slices.Delete(pl.Rows, i, i+1)
			pl.Units = slices.Delete(pl.Units, i, i+1)
			pl.Child = slices.Delete(pl.Child, i, i+1)
			pl.Sector = slices.Delete(pl.Sector, i, i+1)
		}
		at := placeOf(in, s, r)
		if at == "" {
			continue
		}
		ci, si := placeGroups(pl, at, childOf, sectorOf, childIdx, sectorIdx)
		pl.Rows = slices.Insert(pl.Rows, i, int32(r))
		pl.Units = slices.Insert(pl.Units, i, at)
		pl.Child = slices.Insert(pl.Child, i, ci)
		pl.Sector = slices.Insert(pl.Sector, i, si)
	}
	return pl
}

// placeOf returns the unit row r of s counts under, or "" when it does
// not count (its status, or a unit outside the view).
func placeOf(in *Input, s Slice, r int) string {
	meta := s.Matrix.At(r)
	if !counted(meta.Status, in.WithSubmitted) {
		return ""
	}
	return s.Place(meta.Unit)
}

// placeGroups returns the child and sector indexes of a report counted
// under unit at, adding the child or sector to pl when new.
func placeGroups(pl *Placement, at string, childOf map[string]string, sectorOf map[string]org.Sector, childIdx map[string]int32, sectorIdx map[org.Sector]int32) (ci, si int32) {
	ci, si = -1, -1
	if ch := childOf[at]; ch != "" {
		k, ok := childIdx[ch]
		if !ok {
			k = int32(len(pl.ChildCodes))
			childIdx[ch] = k
			pl.ChildCodes = append(pl.ChildCodes, ch)
		}
		ci = k
	}
	if sec := sectorOf[at]; sec != "" {
		k, ok := sectorIdx[sec]
		if !ok {
			k = int32(len(pl.SectorCodes))
			sectorIdx[sec] = k
			pl.SectorCodes = append(pl.SectorCodes, sec)
		}
		si = k
	}
	return ci, si
}

// counted reports whether a report in status s is counted.
func counted(s report.Status, withSubmitted bool) bool {
	return s == report.StatusAccepted || (withSubmitted && s == report.StatusSubmitted)
}

// accumulator sums one group's values column by column.
type accumulator struct {
	sumI  []int64
	sumF  []float64
	max   []float64
	maxI  []int64
	count []int
}

func newAcc(n int) *accumulator {
	a := &accumulator{sumI: make([]int64, n), sumF: make([]float64, n), max: make([]float64, n), maxI: make([]int64, n), count: make([]int, n)}
	for i := range a.max {
		a.max[i] = math.Inf(-1)
		a.maxI[i] = math.MinInt64
	}
	return a
}

// aggregate consolidates one slice: overall totals, per child, per sector.
// Groups are numbered: group 0 is the total, then the children, then the
// sectors; each counted row knows its (up to three) groups, and every
// column is summed in one pass over contiguous slices.
func aggregate(in *Input, s Slice, childOf map[string]string, sectorOf map[string]org.Sector, wantGroups bool) (total *accumulator, children map[string]*accumulator, sectors map[org.Sector]*accumulator, texts map[string][]TextItem, narrative map[string][]TextItem) {
	m := s.Matrix
	n := len(in.Codes)
	total = newAcc(n)
	if wantGroups {
		children, sectors = map[string]*accumulator{}, map[org.Sector]*accumulator{}
		texts, narrative = map[string][]TextItem{}, map[string][]TextItem{}
	}
	if m == nil {
		return
	}
	cols := make([]int, n)
	types := make([]report.ValueType, n)
	for i, c := range in.Codes {
		cols[i], types[i] = m.Col(c), in.Catalogue[c].Type
	}
	pl := s.Placement
	if pl == nil {
		pl = place(in, s, childOf, sectorOf)
	}
	// Accumulators per child and per sector, numbered as groups.
	groups := []*accumulator{}
	childGroup := make([]int32, len(pl.ChildCodes))
	sectorGroup := make([]int32, len(pl.SectorCodes))
	if wantGroups {
		for k, code := range pl.ChildCodes {
			a := newAcc(n)
			children[code] = a
			childGroup[k] = int32(len(groups))
			groups = append(groups, a)
		}
		for k, sec := range pl.SectorCodes {
			a := newAcc(n)
			sectors[sec] = a
			sectorGroup[k] = int32(len(groups))
			groups = append(groups, a)
		}
	}
	rows, units := pl.Rows, pl.Units
	gChild, gSector := make([]int32, len(rows)), make([]int32, len(rows))
	for j := range rows {
		gChild[j], gSector[j] = -1, -1
		if wantGroups {
			if k := pl.Child[j]; k >= 0 {
				gChild[j] = childGroup[k]
			}
			if k := pl.Sector[j]; k >= 0 {
				gSector[j] = sectorGroup[k]
			}
		}
	}
	if wantGroups && in.Narrative {
		for j, r := range rows {
			meta := m.At(int(r))
			for key, text := range meta.Narrative {
				narrative[key] = append(narrative[key], TextItem{Unit: units[j], UnitName: meta.UnitName, Text: text})
			}
		}
	}
	// Group slots for the column loops: slot 0 is a sink for rows with
	// no group, so the inner loops need no branch for it.
	nG := len(groups) + 1
	slotC := make([]int32, len(rows))
	slotS := make([]int32, len(rows))
	for j := range rows {
		slotC[j], slotS[j] = gChild[j]+1, gSector[j]+1
	}
	grouped := wantGroups && len(groups) > 0
	sumI, cntG, maxI := make([]int64, nG), make([]int, nG), make([]int64, nG)
	for i := 0; i < n; i++ {
		c := cols[i]
		if c < 0 {
			continue
		}
		set := m.Set[c]
		switch types[i] {
		case report.TypeText:
			if !wantGroups || !in.Texts {
				continue
			}
			for j, r := range rows {
				if set[r>>ChunkBits][r&ChunkMask] {
					texts[in.Codes[i]] = append(texts[in.Codes[i]], TextItem{Unit: units[j], UnitName: m.At(int(r)).UnitName, Text: m.Text[c][r>>ChunkBits][r&ChunkMask]})
					total.count[i]++
				}
			}
		case report.TypeDecimal, report.TypePercent:
			vals := m.Float[c]
			for j, r := range rows {
				if !set[r>>ChunkBits][r&ChunkMask] {
					continue
				}
				x := vals[r>>ChunkBits][r&ChunkMask]
				addF(total, i, x)
				if g := gChild[j]; g >= 0 {
					addF(groups[g], i, x)
				}
				if g := gSector[j]; g >= 0 {
					addF(groups[g], i, x)
				}
			}
		default:
			vals := m.Int[c]
			var sum int64
			cnt := 0
			mx := total.maxI[i]
			if !grouped {
				for _, r := range rows {
					if set[r>>ChunkBits][r&ChunkMask] {
						x := vals[r>>ChunkBits][r&ChunkMask]
						sum += x
						cnt++
						if x > mx {
							mx = x
						}
					}
				}
			} else {
				clear(sumI)
				clear(cntG)
				for g := range maxI {
					maxI[g] = math.MinInt64
				}
				if in.Catalogue[in.Codes[i]].Aggregation != report.AggMax {
					// Sums and averages need no maxima: the common case,
					// kept to three adds a value.
					for j, r := range rows {
						if !set[r>>ChunkBits][r&ChunkMask] {
							continue
						}
						x := vals[r>>ChunkBits][r&ChunkMask]
						sum += x
						cnt++
						gc, gs := slotC[j], slotS[j]
						sumI[gc] += x
						cntG[gc]++
						sumI[gs] += x
						cntG[gs]++
					}
				} else {
					for j, r := range rows {
						if !set[r>>ChunkBits][r&ChunkMask] {
							continue
						}
						x := vals[r>>ChunkBits][r&ChunkMask]
						sum += x
						cnt++
						if x > mx {
							mx = x
						}
						gc, gs := slotC[j], slotS[j]
						sumI[gc] += x
						cntG[gc]++
						if x > maxI[gc] {
							maxI[gc] = x
						}
						sumI[gs] += x
						cntG[gs]++
						if x > maxI[gs] {
							maxI[gs] = x
						}
					}
				}
				for g := 1; g < nG; g++ {
					if cntG[g] == 0 {
						continue
					}
					a := groups[g-1]
					a.sumI[i] += sumI[g]
					a.count[i] += cntG[g]
					if maxI[g] > a.maxI[i] {
						a.maxI[i] = maxI[g]
					}
				}
			}
			total.sumI[i] += sum
			total.count[i] += cnt
			total.maxI[i] = mx
		}
	}
	return
}

func addI(a *accumulator, i int, x int64) {
	a.sumI[i] += x
	a.count[i]++
	if x > a.maxI[i] {
		a.maxI[i] = x
	}
}

func addF(a *accumulator, i int, x float64) {
	a.sumF[i] += x
	a.count[i]++
	if x > a.max[i] {
		a.max[i] = x
	}
}

// finish turns an accumulator into values by each indicator's aggregation.
func finish(in *Input, a *accumulator) map[string]Agg {
	out := make(map[string]Agg, len(in.Codes))
	for i, code := range in.Codes {
		ind := in.Catalogue[code]
		n := a.count[i]
		if n == 0 {
			out[code] = Agg{}
			continue
		}
		var v report.Value
		switch ind.Type {
		case report.TypeText:
			out[code] = Agg{Count: n}
			continue
		case report.TypeDecimal, report.TypePercent:
			switch ind.Aggregation {
			case report.AggAverage:
				v = report.Value{Float: a.sumF[i] / float64(n), Set: true}
			case report.AggMax:
				v = report.Value{Float: a.max[i], Set: true}
			case report.AggNone:
				out[code] = Agg{Count: n}
				continue
			default:
				v = report.Value{Float: a.sumF[i], Set: true}
			}
		default:
			switch ind.Aggregation {
			case report.AggAverage:
				// An average of whole numbers is a decimal.
				v = report.Value{Float: float64(a.sumI[i]) / float64(n), Set: true}
			case report.AggMax:
				v = report.Value{Int: a.maxI[i], Set: true}
			case report.AggNone:
				out[code] = Agg{Count: n}
				continue
			default:
				v = report.Value{Int: a.sumI[i], Set: true}
			}
		}
		out[code] = Agg{Value: v, Count: n}
	}
	return out
}

// number is an aggregate as a float64 for comparisons: averages and
// decimals live in Float, sums and maxima of whole numbers in Int.
func number(ind report.Indicator, a Agg) (float64, bool) {
	if !a.Value.Set {
		return 0, false
	}
	if ind.Type == report.TypeDecimal || ind.Type == report.TypePercent || ind.Aggregation == report.AggAverage {
		return a.Value.Float, true
	}
	return float64(a.Value.Int), true
}

func compare(cat map[string]report.Indicator, cur, old map[string]Agg) map[string]Change {
	out := make(map[string]Change, len(cur))
	for code, a := range cur {
		x, ok1 := number(cat[code], a)
		y, ok2 := number(cat[code], old[code])
		if !ok1 || !ok2 {
			continue
		}
		c := Change{Abs: x - y, OK: true}
		if y != 0 {
			c.Pct, c.HasPct = 100*(x-y)/math.Abs(y), true
		}
		out[code] = c
	}
	return out
}

// Groups says under which child of the scope, and in which sector, each
// unit of the scope's subtree counts.
type Groups struct {
	ChildOf  map[string]string
	SectorOf map[string]org.Sector
}

// GroupsOf computes the groups of units (the scope and its subtree).
func GroupsOf(units []org.Unit, scope string) *Groups {
	childOf := make(map[string]string, len(units))
	sectorOf := make(map[string]org.Sector, len(units))
	parent := make(map[string]string, len(units))
	for _, u := range units {
		parent[u.Code] = u.ParentCode
		if u.Sector != "" {
			sectorOf[u.Code] = u.Sector
		}
	}
	for _, u := range units {
		if u.Code == scope {
			continue
		}
		c := u.Code
		for parent[c] != scope && parent[c] != "" {
			c = parent[c]
		}
		if parent[c] == scope {
			childOf[u.Code] = c
		}
	}
	return &Groups{ChildOf: childOf, SectorOf: sectorOf}
}

// groupMaps returns each unit's top-level child under the scope, and its
// sector.
func (in *Input) groupMaps() (map[string]string, map[string]org.Sector) {
	g := in.Groups
	if g == nil {
		g = GroupsOf(in.Units, in.Scope)
	}
	return g.ChildOf, g.SectorOf
}

// Place computes where the reports of s count: with grouped, also under
// which child of the scope and which sector.
func (in *Input) Place(s Slice, grouped bool) *Placement {
	if !grouped {
		return place(in, s, nil, nil)
	}
	childOf, sectorOf := in.groupMaps()
	return place(in, s, childOf, sectorOf)
}

// Repatch is Place for a snapshot cloned from the one prev was computed
// for (same scope, view, date and grouping), given the rows written since.
func (in *Input) Repatch(s Slice, prev *Placement, changed []int, grouped bool) *Placement {
	if !grouped {
		return repatch(in, s, prev, changed, nil, nil)
	}
	childOf, sectorOf := in.groupMaps()
	return repatch(in, s, prev, changed, childOf, sectorOf)
}

// Consolidate computes the consolidation of in.
func Consolidate(in Input) *Result {
	var childOf map[string]string
	var sectorOf map[string]org.Sector
	if in.Current.Placement == nil {
		childOf, sectorOf = in.groupMaps()
	}
	res := &Result{}
	// The comparison periods need only totals: they are summed on the
	// other core while this one does the current period with its groups.
	var prevAcc, lastAcc *accumulator
	var wg sync.WaitGroup
	for _, c := range []struct {
		s   *Slice
		dst **accumulator
	}{{in.Previous, &prevAcc}, {in.LastYear, &lastAcc}} {
		if c.s == nil {
			continue
		}
		wg.Add(1)
		go func(sl Slice, dst **accumulator) {
			defer wg.Done()
			*dst, _, _, _, _ = aggregate(&in, sl, nil, nil, false)
		}(*c.s, c.dst)
	}
	total, children, sectors, texts, narrative := aggregate(&in, in.Current, childOf, sectorOf, !in.TotalsOnly)
	wg.Wait()
	res.Totals, res.Texts, res.Narrative = finish(&in, total), texts, narrative
	for _, u := range in.Units {
		if u.ParentCode == in.Scope && u.Code != in.Scope {
			row := ChildRow{Unit: u, Values: map[string]Agg{}}
			if a := children[u.Code]; a != nil {
				row.Values = finish(&in, a)
			}
			res.Children = append(res.Children, row)
		}
	}
	for _, sec := range org.Sectors {
		if a := sectors[sec]; a != nil {
			res.Sectors = append(res.Sectors, SectorRow{Sector: sec, Values: finish(&in, a)})
		}
	}
	if prevAcc != nil {
		res.Previous = finish(&in, prevAcc)
		res.VsPrevious = compare(in.Catalogue, res.Totals, res.Previous)
	}
	if lastAcc != nil {
		res.LastYear = finish(&in, lastAcc)
		res.VsLastYear = compare(in.Catalogue, res.Totals, res.LastYear)
	}
	// Completeness over the expected filers.
	m := in.Current.Matrix
	res.Completeness.Expected = len(in.Filers)
	for _, f := range in.Filers {
		r := -1
		if m != nil {
			r = m.Row(f)
		}
		if r < 0 || (m.At(r).Status != report.StatusSubmitted && m.At(r).Status != report.StatusAccepted) {
			res.Completeness.Missing = append(res.Completeness.Missing, f)
			continue
		}
		res.Completeness.Submitted++
		if m.At(r).Status == report.StatusAccepted {
			res.Completeness.Accepted++
		}
		if m.At(r).OnTime {
			res.Completeness.OnTime++
		} else {
			res.Completeness.Late++
		}
	}
	return res
}

package rollup

import (
	"context"
	"slices"
	"sync"
	"time"

	"giaoban/internal/auth"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
)

// Store gives the columnar reports of a period. Implemented by sqlstore.
type Store interface {
	Matrix(ctx context.Context, t *report.Template, cat map[string]report.Indicator, periodID string) (*Matrix, error)
	FindTemplate(ctx context.Context, code string) (*report.Template, error)
	// StructureVersion changes whenever the hierarchy or the templates
	// change; the caches of placements and results key on it.
	StructureVersion(ctx context.Context) (string, error)
}

// Units is what consolidation needs of the hierarchy.
type Units interface {
	SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error)
	AncestorsAt(ctx context.Context, code string, at period.Date) ([]string, error)
	SuccessorsAt(ctx context.Context, code string, at period.Date) ([]string, error)
}

// Service consolidates a template's period over a unit's subtree, for
// those allowed to read it.
type Service struct {
	Store   Store
	Reports *report.Service
	Units   Units
	Authz   *auth.Authorizer
	Now     func() time.Time

	mu         sync.Mutex
	placements map[placementKey]*Placement
	combined   map[combinedKey]*Matrix
	totals     map[totalsKey]*Result
	results    map[resultKey]*Result
	groups     map[groupsKey]*Groups
}

// groupsKey names the grouping of a scope's subtree in one hierarchy state.
type groupsKey struct {
	structure string
	scope     string
	at        period.Date
}

// placementKey names a placement: a matrix snapshot (immutable: a changed
// period is a new pointer) placed for one scope, view, date and basis.
type placementKey struct {
	m             *Matrix
	structure     string
	scope         string
	view          View
	at            period.Date
	withSubmitted bool
	grouped       bool
}

// maxPlacements bounds the cache; a country placement is ~400 KB.
const maxPlacements = 64

// maxResults bounds the cache of full results (a province's is ~1 MB with
// its narratives).
const maxResults = 32

// Request names one consolidation.
type Request struct {
	report.Key         // Unit is the scope
	View          View // AsWas (default) or AsNow
	WithSubmitted bool
	// Narrative gathers the units' narratives per section (the page asks
	// for it; the API does not).
	Narrative bool
	// TotalsOnly skips the comparison periods (a trend over 8 periods
	// needs only each period's totals).
	TotalsOnly bool
}

// Forget drops the computed placements and results (not the matrices), as
// a write does for the periods it touches. Benchmarks use it to measure
// the first answer after a write.
func (s *Service) Forget() {
	s.mu.Lock()
	s.placements, s.totals, s.results, s.groups = nil, nil, nil, nil
	s.mu.Unlock()
}

// Output is a consolidation with what it was computed from. The Result and
// Units are shared with the service's caches and other requests: read
// them, never modify them.
type Output struct {
	*Result
	Template  *report.Template
	Catalogue map[string]report.Indicator
	Period    period.Period
	Scope     org.Unit
	Units     []org.Unit
	View      View
	Request   Request
	Current   *Matrix // the period's reports (read-only)
}

// maxNarrativeUnits bounds the narrative compilation: a drafter reads a
// province's units, not a country's.
const maxNarrativeUnits = 1000

// Consolidate computes the consolidation of r. EFORBIDDEN outside the
// actor's scope (a reporter consolidates only its own subtree), ENOTFOUND
// for an unknown template, period or unit.
func (s *Service) Consolidate(ctx context.Context, a *auth.Actor, r Request) (*Output, error) {
	t, err := s.Store.FindTemplate(ctx, r.Template)
	if err != nil {
		return nil, err
	}
	p, err := t.Period(r.Period)
	var span []period.Period // quarters rolled up into a longer period
	if err != nil {
		// Quarterly data shown over six or nine months or a year.
		lp, perr := period.ParseID(r.Period, t.Calendar)
		if perr != nil || t.PeriodType != period.Quarter || len(lp.Quarters()) == 0 {
			return nil, err
		}
		p, span = lp, lp.Quarters()
	}
	if r.View != AsNow {
		r.View = AsWas
	}
	viewDate := p.End
	if r.View == AsNow {
		viewDate = period.Today(s.Now())
	}
	if err := s.Authz.Can(ctx, a, auth.ActReportRead, r.Unit, viewDate); err != nil {
		return nil, err
	}
	// Breadth-first order is enough for the rules; only the scope's
	// children are put in display order, after consolidating.
	structure, err := s.Store.StructureVersion(ctx)
	if err != nil {
		return nil, err
	}
	units, err := subtreeView(ctx, s.Units, r.Unit, viewDate)
	if err != nil {
		return nil, err
	}
	cat, err := s.Reports.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	fp := p
	if len(span) > 0 {
		fp = span[len(span)-1] // who must file: as of the span's last quarter
	}
	filers, err := s.Reports.FilerCodes(ctx, t, fp, r.Unit)
	if err != nil {
		return nil, err
	}
	in := Input{Catalogue: cat, Codes: t.Indicators, Scope: r.Unit, Units: units, Filers: filers, WithSubmitted: r.WithSubmitted,
		Narrative: r.Narrative && len(filers) <= maxNarrativeUnits, TotalsOnly: r.TotalsOnly,
		Texts: len(filers) <= maxNarrativeUnits}
	// The grouping of the subtree under the scope's children and sectors
	// depends on the hierarchy alone: a country's is ~40,000 map entries,
	// built once per hierarchy state rather than at every new snapshot.
	gk := groupsKey{structure, r.Unit, viewDate}
	s.mu.Lock()
	in.Groups = s.groups[gk]
	s.mu.Unlock()
	if in.Groups == nil {
		in.Groups = GroupsOf(units, r.Unit)
		s.mu.Lock()
		if s.groups == nil || len(s.groups) >= maxPlacements {
			s.groups = map[groupsKey]*Groups{}
		}
		s.groups[gk] = in.Groups
		s.mu.Unlock()
	}
	// slice returns a period's matrix placed in the view; the placement
	// comes from the cache when this matrix snapshot was placed before,
	// and only a miss builds the placer (a subtree walk).
	slice := func(pp period.Period, grouped bool) (*Slice, error) {
		m, err := s.matrix(ctx, t, cat, pp, r.WithSubmitted)
		if err != nil {
			return nil, err
		}
		at := pp.End
		if r.View == AsNow {
			at = viewDate
		}
		k := placementKey{m, structure, r.Unit, r.View, at, r.WithSubmitted, grouped}
		s.mu.Lock()
		pl := s.placements[k]
		s.mu.Unlock()
		sl := &Slice{Matrix: m, Placement: pl}
		if pl == nil {
			if sl.Place, err = s.placer(ctx, r, units, pp, viewDate); err != nil {
				return nil, err
			}
			// A snapshot cloned from one already placed in this view
			// patches that placement with the rows written since.
			var prev *Placement
			parent, changed, ok := m.Parent()
			if ok {
				pk := k
				pk.m = parent
				s.mu.Lock()
				prev = s.placements[pk]
				s.mu.Unlock()
			}
			if prev != nil {
				sl.Placement = in.Repatch(*sl, prev, changed, grouped)
			} else {
				sl.Placement = in.Place(*sl, grouped)
			}
			s.mu.Lock()
			if s.placements == nil || len(s.placements) >= maxPlacements {
				s.placements = map[placementKey]*Placement{}
			}
			s.placements[k] = sl.Placement
			s.mu.Unlock()
		}
		return sl, nil
	}
	cur, err := slice(p, !r.TotalsOnly)
	if err != nil {
		return nil, err
	}
	in.Current = *cur
	if t.Kind == report.KindPeriodic && !r.TotalsOnly {
		if prev := p.Previous(); !prev.IsZero() {
			if in.Previous, err = slice(prev, false); err != nil {
				return nil, err
			}
		}
		if last := p.SameLastYear(); !last.IsZero() {
			if in.LastYear, err = slice(last, false); err != nil {
				return nil, err
			}
		}
	}
	var res *Result
	if r.TotalsOnly {
		// A trend asks for the same totals page after page: keep them per
		// matrix snapshot (a new snapshot after any write is a new key).
		k := totalsKey{in.Current.Matrix, structure, r.Unit, r.View, viewDate, r.WithSubmitted}
		s.mu.Lock()
		res = s.totals[k]
		s.mu.Unlock()
		if res == nil {
			res = Consolidate(in)
			s.mu.Lock()
			if s.totals == nil || len(s.totals) >= 4*maxPlacements {
				s.totals = map[totalsKey]*Result{}
			}
			s.totals[k] = res
			s.mu.Unlock()
		}
	} else {
		// The page is asked for again and again between two writes: keep
		// the result per snapshot triple (a write makes a new snapshot,
		// so the next answer is computed afresh).
		k := resultKey{cur: in.Current.Matrix, structure: structure, scope: r.Unit, view: r.View, at: viewDate,
			withSubmitted: r.WithSubmitted, narrative: in.Narrative}
		if in.Previous != nil {
			k.prev = in.Previous.Matrix
		}
		if in.LastYear != nil {
			k.last = in.LastYear.Matrix
		}
		s.mu.Lock()
		res = s.results[k]
		s.mu.Unlock()
		if res == nil {
			res = Consolidate(in)
			sortChildren(res.Children)
			s.mu.Lock()
			if s.results == nil || len(s.results) >= maxResults {
				s.results = map[resultKey]*Result{}
			}
			s.results[k] = res
			s.mu.Unlock()
		}
	}
	out := &Output{Result: res, Template: t, Catalogue: cat, Period: p, Units: units, View: r.View, Request: r, Current: in.Current.Matrix}
	if len(units) > 0 {
		out.Scope = units[0]
	}
	return out, nil
}

// placer says where a report of period pp counts. As it was: under the
// scope's subtree on pp's own date (identity). As it is now: a report unit
// no longer in force counts under its successor today — the one that kept
// its code, or the first — if that is in today's subtree; a unit dissolved
// without a successor (a district in 2025) counts under its nearest
// ancestor of then that is in today's subtree (the province), so no figure
// of the past disappears from today's view.
func (s *Service) placer(ctx context.Context, r Request, now []org.Unit, pp period.Period, today period.Date) (func(string) string, error) {
	if r.View == AsWas {
		sub, err := subtreeView(ctx, s.Units, r.Unit, pp.End)
		if err != nil {
			// The scope did not exist then: nothing of that period counts.
			return func(string) string { return "" }, nil
		}
		in := make(map[string]bool, len(sub))
		for _, u := range sub {
			in[u.Code] = true
		}
		return func(c string) string {
			if in[c] {
				return c
			}
			return ""
		}, nil
	}
	in := make(map[string]bool, len(now))
	for _, u := range now {
		in[u.Code] = true
	}
	memo := map[string]string{}
	return func(c string) string {
		if in[c] {
			return c
		}
		if v, ok := memo[c]; ok {
			return v
		}
		succ, err := s.Units.SuccessorsAt(ctx, c, today)
		v := ""
		if err == nil && len(succ) > 0 {
			v = succ[0]
			if slices.Contains(succ, c) {
				v = c
			}
			if !in[v] {
				v = ""
			}
		} else if err == nil {
			if anc, err := s.Units.AncestorsAt(ctx, c, pp.End); err == nil {
				for _, a := range anc {
					if in[a] {
						v = a
						break
					}
				}
			}
		}
		memo[c] = v
		return v
	}, nil
}

// matrix returns a period's matrix; a multi-quarter period of a quarterly
// template combines its quarters (cached by the identity of the quarters'
// snapshots, so a change in any quarter makes a new one).
func (s *Service) matrix(ctx context.Context, t *report.Template, cat map[string]report.Indicator, p period.Period, withSubmitted bool) (*Matrix, error) {
	if p.Type == t.PeriodType || t.PeriodType != period.Quarter {
		return s.Store.Matrix(ctx, t, cat, p.ID)
	}
	qs := p.Quarters()
	if len(qs) == 0 {
		return s.Store.Matrix(ctx, t, cat, p.ID)
	}
	var ms []*Matrix
	for _, q := range qs {
		m, err := s.Store.Matrix(ctx, t, cat, q.ID)
		if err != nil {
			return nil, err
		}
		ms = append(ms, m)
	}
	k := combinedKey{p.ID, withSubmitted, [4]*Matrix{}}
	copy(k.parts[:], ms)
	s.mu.Lock()
	m := s.combined[k]
	s.mu.Unlock()
	if m != nil {
		return m, nil
	}
	m = Combine(ms, cat, withSubmitted, p.ID)
	s.mu.Lock()
	if s.combined == nil || len(s.combined) >= maxPlacements {
		s.combined = map[combinedKey]*Matrix{}
	}
	s.combined[k] = m
	s.mu.Unlock()
	return m, nil
}

type totalsKey struct {
	m             *Matrix
	structure     string
	scope         string
	view          View
	at            period.Date
	withSubmitted bool
}

// resultKey names a full consolidation (with its comparisons and groups):
// the three matrix snapshots it was computed from and the structure.
type resultKey struct {
	cur, prev, last *Matrix
	structure       string
	scope           string
	view            View
	at              period.Date
	withSubmitted   bool
	narrative       bool
}

type combinedKey struct {
	period        string
	withSubmitted bool
	parts         [4]*Matrix
}

// sortChildren puts the scope's children in display order (see org.Tree).
func sortChildren(cs []ChildRow) {
	us := make([]org.Unit, len(cs))
	byCode := make(map[string]ChildRow, len(cs))
	for i, c := range cs {
		us[i] = c.Unit
		byCode[c.Unit.Code] = c
	}
	org.SortSiblings(us)
	for i, u := range us {
		cs[i] = byCode[u.Code]
	}
}

// subtreeViewer is a hierarchy that can lend a subtree without copying it
// (sqlstore's snapshot cache). The slice must not be modified.
type subtreeViewer interface {
	SubtreeViewAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error)
}

// subtreeView reads a subtree for reading only: shared when the hierarchy
// can lend it, copied otherwise.
func subtreeView(ctx context.Context, u Units, code string, at period.Date) ([]org.Unit, error) {
	if v, ok := u.(subtreeViewer); ok {
		return v.SubtreeViewAt(ctx, code, at)
	}
	return u.SubtreeAt(ctx, code, at)
}

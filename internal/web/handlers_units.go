package web

import (
	"context"
	"net/http"
	"slices"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/org"
	"giaoban/internal/period"
)

// dateParam reads a date query parameter (YYYY-MM-DD or DD/MM/YYYY), or today.
func (s *Server) dateParam(r *http.Request, name string) (period.Date, error) {
	v := r.URL.Query().Get(name)
	if v == "" {
		return s.today(), nil
	}
	d, err := period.Parse(v)
	if err != nil {
		return period.Date{}, apperr.Invalid("Ngày không hợp lệ.", map[string]string{name: err.Error()})
	}
	return d, nil
}

// maxTreeRows bounds the rows of one tree page; deeper levels of a larger
// tree are reached through each unit's own page.
const maxTreeRows = 3000

// visibleTree returns the units the actor may see on at, under root (or
// under the actor's scope roots when root is ""), in display order (see
// org.Tree), and whether it was cut to the top two levels because it had
// more than limit rows (limit 0: no limit).
func (s *Server) visibleTree(ctx context.Context, a *auth.Actor, root string, at period.Date, limit int) ([]org.Unit, bool, error) {
	var units []org.Unit
	if root != "" {
		if err := s.authz.Can(ctx, a, auth.ActUnitRead, root, at); err != nil {
			return nil, false, err
		}
		sub, err := s.db.SubtreeAt(ctx, root, at)
		if err != nil {
			return nil, false, err
		}
		units = sub
	} else {
		roots, all, err := s.authz.ScopeRoots(ctx, a, at)
		if err != nil {
			return nil, false, err
		}
		if all {
			// One query for the whole country: cheaper than a recursive
			// walk from each province.
			if units, err = s.db.ListUnits(ctx, org.Filter{At: at}); err != nil {
				return nil, false, err
			}
		}
		for _, rc := range roots {
			sub, err := s.db.SubtreeAt(ctx, rc, at)
			if apperr.Is(err, apperr.ENOTFOUND) {
				continue
			} else if err != nil {
				return nil, false, err
			}
			units = append(units, sub...)
		}
	}
	// Scope roots may overlap (a merged body inherits the scopes of all
	// its predecessors): keep each unit once.
	seen := make(map[string]bool, len(units))
	uniq := units[:0]
	for _, u := range units {
		if !seen[u.Code] {
			seen[u.Code] = true
			uniq = append(uniq, u)
		}
	}
	tree := org.Tree(uniq)
	if limit > 0 && len(tree) > limit {
		top := tree[:0:0]
		for _, u := range tree {
			if u.Level <= 1 {
				top = append(top, u)
			}
		}
		return top, true, nil
	}
	return tree, false, nil
}

type unitsPage struct {
	page
	At        period.Date
	Root      string
	Units     []org.Unit
	Truncated bool
	Count     int
}

func (s *Server) handleUnits(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	at, err := s.dateParam(r, "ngay")
	if err != nil {
		return err
	}
	root := r.URL.Query().Get("goc")
	units, truncated, err := s.visibleTree(r.Context(), a, root, at, maxTreeRows)
	if err != nil {
		return err
	}
	p := unitsPage{page: s.basePage(r, "Cơ cấu đơn vị"), At: at, Root: root, Units: units, Truncated: truncated, Count: len(units)}
	return s.render(w, r, http.StatusOK, "units", p)
}

// historyRow is one line of a unit's history as shown on its page.
type historyRow struct {
	Date    period.Date
	Kind    string
	Text    string
	Related []unitLink
}

type unitLink struct {
	Code, Name string
}

type unitPage struct {
	page
	ParentNames  map[string]string // code → name on the date each link starts
	At           period.Date
	Unit         *org.Unit
	InForce      bool
	Parent       *org.Unit
	Children     []org.Unit
	History      *org.History
	Events       []historyRow
	Successors   []unitLink
	Predecessors []unitLink
	Today        period.Date
}

func (s *Server) unitName(ctx context.Context, code string, at period.Date) string {
	if u, err := s.db.FindUnit(ctx, code, at); err == nil {
		return u.Label()
	}
	if h, err := s.db.UnitHistory(ctx, code); err == nil && len(h.Names) > 0 {
		// The name it last had, or the first one it will have.
		best := h.Names[len(h.Names)-1]
		for _, n := range h.Names {
			if !n.ValidFrom.After(at) {
				best = n
			}
		}
		return best.FullName
	}
	return code
}

func (s *Server) handleUnit(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	at, err := s.dateParam(r, "ngay")
	if err != nil {
		return err
	}
	ctx := r.Context()
	h, err := s.db.UnitHistory(ctx, code)
	if err != nil {
		return err
	}
	// A unit not in force on the date is shown as it was on its last day
	// (or its first, for a date before it existed).
	shown := at
	if at.After(h.Record.ValidTo) {
		shown = h.Record.ValidTo
	} else if at.Before(h.Record.ValidFrom) {
		shown = h.Record.ValidFrom
	}
	if _, err := s.require(r, auth.ActUnitRead, code, shown); err != nil {
		return err
	}
	u, err := s.db.FindUnit(ctx, code, shown)
	if err != nil {
		return err
	}
	p := unitPage{page: s.basePage(r, u.Label()), At: at, Unit: u, InForce: shown.Equal(at), History: h, Today: s.today()}
	if u.ParentCode != "" {
		if pu, err := s.db.FindUnit(ctx, u.ParentCode, shown); err == nil {
			p.Parent = pu
		}
	}
	parent := code
	if p.Children, err = s.db.ListUnits(ctx, org.Filter{At: shown, Parent: &parent}); err != nil {
		return err
	}
	org.SortSiblings(p.Children)
	p.ParentNames = map[string]string{}
	for _, pl := range h.Parents {
		p.ParentNames[pl.Parent+"@"+pl.ValidFrom.String()] = s.unitName(ctx, pl.Parent, pl.ValidFrom)
	}
	for _, e := range h.Events {
		row := historyRow{Date: e.Date, Kind: e.Kind.Label()}
		var from, to []string
		for _, l := range e.Links {
			if !slices.Contains(from, l.From) {
				from = append(from, l.From)
			}
			if l.To != "" && !slices.Contains(to, l.To) {
				to = append(to, l.To)
			}
		}
		before := e.Date.AddDays(-1)
		switch {
		case e.Kind == org.EventDissolve:
			row.Text = "Giải thể, chấm dứt hoạt động"
		case slices.Contains(to, code) && len(from) > 1:
			row.Text = "Hợp nhất từ các đơn vị:"
			for _, c := range from {
				if c != code {
					row.Related = append(row.Related, unitLink{c, s.unitName(ctx, c, before)})
				}
			}
		case slices.Contains(to, code):
			row.Text = "Trước đó là:"
			for _, c := range from {
				row.Related = append(row.Related, unitLink{c, s.unitName(ctx, c, before)})
			}
		default:
			row.Text = "Chuyển thành:"
			for _, c := range to {
				row.Related = append(row.Related, unitLink{c, s.unitName(ctx, c, e.Date)})
			}
		}
		p.Events = append(p.Events, row)
	}
	today := s.today()
	if h.Record.ValidTo.Before(today) {
		succ, err := s.org.SuccessorsAt(ctx, code, today)
		if err != nil {
			return err
		}
		for _, c := range succ {
			if c != code {
				p.Successors = append(p.Successors, unitLink{c, s.unitName(ctx, c, today)})
			}
		}
	}
	if h.Record.ValidFrom.After(at) {
		pred, err := s.org.PredecessorsAt(ctx, code, at)
		if err != nil {
			return err
		}
		for _, c := range pred {
			p.Predecessors = append(p.Predecessors, unitLink{c, s.unitName(ctx, c, at)})
		}
	}
	return s.render(w, r, http.StatusOK, "unit", p)
}

// --- API ---

type apiUnit struct {
	Code      string `json:"code"`
	Name      string `json:"name"`
	ShortName string `json:"short_name"`
	Kind      string `json:"kind"`
	Sector    string `json:"sector"`
	Parent    string `json:"parent"`
	Place     string `json:"place,omitempty"`
	Level     int    `json:"level"`
}

func toAPIUnit(u org.Unit) apiUnit {
	return apiUnit{Code: u.Code, Name: u.Label(), ShortName: u.Name, Kind: string(u.Kind), Sector: string(u.Sector),
		Parent: u.ParentCode, Place: u.Place, Level: u.Level}
}

// apiUnits returns the tree on ?at= (today by default) as far as the caller
// may see it: everything for an admin, the caller's scope subtree otherwise.
func (s *Server) apiUnits(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	at, err := s.dateParam(r, "at")
	if err != nil {
		return err
	}
	units, _, err := s.visibleTree(r.Context(), a, r.URL.Query().Get("root"), at, 0)
	if err != nil {
		return err
	}
	out := make([]apiUnit, 0, len(units))
	for _, u := range units {
		out = append(out, toAPIUnit(u))
	}
	return writeJSON(w, http.StatusOK, out)
}

func (s *Server) apiUnit(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	at, err := s.dateParam(r, "at")
	if err != nil {
		return err
	}
	if _, err := s.require(r, auth.ActUnitRead, code, at); err != nil {
		return err
	}
	u, err := s.db.FindUnit(r.Context(), code, at)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toAPIUnit(*u))
}

func (s *Server) apiUnitHistory(w http.ResponseWriter, r *http.Request) error {
	code := r.PathValue("code")
	h, err := s.db.UnitHistory(r.Context(), code)
	if err != nil {
		return err
	}
	last := h.Record.ValidTo
	if last.After(s.today()) {
		last = s.today()
	}
	if _, err := s.require(r, auth.ActUnitRead, code, last); err != nil {
		return err
	}
	type name struct {
		Name      string      `json:"name"`
		FullName  string      `json:"full_name"`
		ValidFrom period.Date `json:"valid_from"`
		ValidTo   period.Date `json:"valid_to"`
	}
	type parent struct {
		Parent    string      `json:"parent"`
		ValidFrom period.Date `json:"valid_from"`
		ValidTo   period.Date `json:"valid_to"`
	}
	type link struct {
		From string `json:"from"`
		To   string `json:"to"`
	}
	type event struct {
		Kind  string      `json:"kind"`
		Date  period.Date `json:"date"`
		Links []link      `json:"links"`
	}
	out := struct {
		Code      string      `json:"code"`
		Kind      string      `json:"kind"`
		ValidFrom period.Date `json:"valid_from"`
		ValidTo   period.Date `json:"valid_to"`
		Names     []name      `json:"names"`
		Parents   []parent    `json:"parents"`
		Events    []event     `json:"events"`
	}{Code: h.Record.Code, Kind: string(h.Record.Kind), ValidFrom: h.Record.ValidFrom, ValidTo: h.Record.ValidTo,
		Names: []name{}, Parents: []parent{}, Events: []event{}}
	for _, n := range h.Names {
		out.Names = append(out.Names, name{n.Name, n.FullName, n.ValidFrom, n.ValidTo})
	}
	for _, p := range h.Parents {
		out.Parents = append(out.Parents, parent{p.Parent, p.ValidFrom, p.ValidTo})
	}
	for _, e := range h.Events {
		ev := event{Kind: string(e.Kind), Date: e.Date}
		for _, l := range e.Links {
			ev.Links = append(ev.Links, link{l.From, l.To})
		}
		out.Events = append(out.Events, ev)
	}
	return writeJSON(w, http.StatusOK, out)
}

package exemplar

import (
	"cmp"
	"context"
	"fmt"
	"slices"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

// Units is what the rules need of the hierarchy. Implemented by sqlstore.
type Units interface {
	FindUnit(ctx context.Context, code string, at period.Date) (*org.Unit, error)
	SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error)
	ListUnits(ctx context.Context, f org.Filter) ([]org.Unit, error)
}

// Service holds the rules of the register: who registers and reads which
// unit's models, validation, and the lifecycle.
//
// A model is judged as of its registration day: the unit must exist then,
// and the rights are those of that day (a 2019 model of Huyện Cao Lộc,
// dissolved in 2025, is still the province commission's to manage through
// its predecessor).
type Service struct {
	Store Store
	Units Units
	Authz *auth.Authorizer
	Now   func() time.Time
}

func (s *Service) today() period.Date { return period.Today(s.Now()) }

// Register validates m and stores it as registered. The actor must have
// ActExemplarWrite on m's unit as of the registration day (a reporter its
// own unit, commission staff units in their scope). Returns EFORBIDDEN
// before any validation when the unit is named and out of reach, EINVALID
// with per-field messages, ECONFLICT for a duplicate name.
func (s *Service) Register(ctx context.Context, a *auth.Actor, m *Model) error {
	today := s.today()
	m.Clean()
	if m.UnitCode != "" {
		at := m.RegisteredOn
		if at.IsZero() || at.After(today) {
			at = today
		}
		if err := s.Authz.Can(ctx, a, auth.ActExemplarWrite, m.UnitCode, at); err != nil {
			return err
		}
	} else if a == nil {
		return apperr.Errorf(apperr.EUNAUTHORIZED, "Vui lòng đăng nhập.")
	}
	f := m.Check(today)
	if f == nil {
		f = map[string]string{}
	}
	if _, ok := f["unit"]; !ok && !m.RegisteredOn.IsZero() {
		if _, err := s.Units.FindUnit(ctx, m.UnitCode, m.RegisteredOn); apperr.Is(err, apperr.ENOTFOUND) {
			f["unit"] = fmt.Sprintf("Đơn vị %s không tồn tại vào ngày %s.", m.UnitCode, m.RegisteredOn.VN())
		} else if err != nil {
			return err
		}
	}
	if len(f) > 0 {
		return apperr.Invalid("Đăng ký chưa hợp lệ; chưa lưu.", f)
	}
	now := s.Now().UTC()
	m.ID, m.Status, m.Version = 0, StatusRegistered, 0
	m.ReviewResult, m.CommendLevel, m.Award, m.DecisionNumber, m.ReplicatedTo = "", "", "", "", nil
	m.CreatedAt, m.UpdatedAt, m.UpdatedBy = now, now, a.Username
	ev := &Event{Status: StatusRegistered, On: m.RegisteredOn, Detail: fmt.Sprintf("Đăng ký %s năm %d, giai đoạn %s.",
		lowerKind(m.Kind), m.Year, PhaseLabel(m.Phase)), CreatedAt: now, CreatedBy: a.Username}
	return s.Store.CreateExemplar(ctx, m, ev)
}

func lowerKind(k Kind) string {
	if k == KindExemplar {
		return "điển hình"
	}
	return "mô hình"
}

// Get returns a model with its history if the actor may read its unit
// (ActExemplarRead as of the registration day). ENOTFOUND, EFORBIDDEN.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Model, error) {
	if a == nil {
		return nil, apperr.Errorf(apperr.EUNAUTHORIZED, "Vui lòng đăng nhập.")
	}
	m, err := s.Store.FindExemplar(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.Authz.Can(ctx, a, auth.ActExemplarRead, m.UnitCode, m.RegisteredOn); err != nil {
		return nil, err
	}
	return m, nil
}

// CanWrite returns nil when the actor may move m through its lifecycle.
func (s *Service) CanWrite(ctx context.Context, a *auth.Actor, m *Model) error {
	return s.Authz.Can(ctx, a, auth.ActExemplarWrite, m.UnitCode, m.RegisteredOn)
}

// Advance moves model id one step forward. Returns EFORBIDDEN without
// ActExemplarWrite on its unit, ECONFLICT when st.Version is stale or the
// step is out of order (backwards, skipping a step, or past a weak
// review), EINVALID with per-field messages when the step's fields are
// wrong. A replication's units must lie in the registering unit's
// hierarchy on the step's day: below its parent (its sister units and
// theirs, or its own subunits), never the unit itself.
func (s *Service) Advance(ctx context.Context, a *auth.Actor, id int64, st *Step) (*Model, error) {
	m, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if err := s.CanWrite(ctx, a, m); err != nil {
		return nil, err
	}
	if st.Version != m.Version {
		return nil, apperr.Errorf(apperr.ECONFLICT, "Mô hình vừa được %s cập nhật (phiên bản %d). Vui lòng tải lại trang và thực hiện lại.", m.UpdatedBy, m.Version)
	}
	if msg := m.OrderError(st.To); msg != "" {
		return nil, apperr.Errorf(apperr.ECONFLICT, "%s", msg)
	}
	st.Clean()
	today := s.today()
	f := m.CheckStep(st, today)
	var names []string
	if f == nil && st.To == StatusReplicated {
		names, err = s.replicationTargets(ctx, m, st)
		if apperr.Is(err, apperr.EINVALID) {
			f = apperr.FieldsOf(err)
		} else if err != nil {
			return nil, err
		}
	}
	if f != nil {
		return nil, apperr.Invalid("Chưa thực hiện được bước “"+st.To.StepLabel()+"”; xem các ô tô đỏ.", f)
	}
	base := m.Version
	ev := m.Apply(st, names)
	now := s.Now().UTC()
	ev.CreatedAt, ev.CreatedBy = now, a.Username
	m.UpdatedAt, m.UpdatedBy = now, a.Username
	if err := s.Store.AdvanceExemplar(ctx, m, base, ev); err != nil {
		return nil, err
	}
	m.Events = append(m.Events, *ev)
	return m, nil
}

// replicationTargets checks a replication's units and returns their names.
func (s *Service) replicationTargets(ctx context.Context, m *Model, st *Step) ([]string, error) {
	home, err := s.Units.FindUnit(ctx, m.UnitCode, st.On)
	if apperr.Is(err, apperr.ENOTFOUND) {
		return nil, apperr.Invalid("", map[string]string{"units": fmt.Sprintf("Đơn vị đăng ký không còn tồn tại vào ngày %s.", st.On.VN())})
	} else if err != nil {
		return nil, err
	}
	root := home.ParentCode
	if root == "" {
		root = home.Code
	}
	sub, err := s.Units.SubtreeAt(ctx, root, st.On)
	if err != nil {
		return nil, err
	}
	byCode := make(map[string]org.Unit, len(sub))
	for _, u := range sub {
		byCode[u.Code] = u
	}
	var names, bad []string
	for _, c := range st.Units {
		u, ok := byCode[c]
		if !ok || c == root {
			bad = append(bad, c)
			continue
		}
		names = append(names, u.Label())
	}
	if len(bad) > 0 {
		return nil, apperr.Invalid("", map[string]string{"units": fmt.Sprintf("Đơn vị %s không thuộc phạm vi nhân rộng của %s vào ngày %s.",
			strings.Join(bad, ", "), home.Label(), st.On.VN())})
	}
	return names, nil
}

// ReplicationUnits lists the units of the model's replication scope on day
// at (see Advance), in tree order; the model's own unit is among them, to
// place its subunits, but may not be chosen.
func (s *Service) ReplicationUnits(ctx context.Context, m *Model, at period.Date) ([]org.Unit, error) {
	home, err := s.Units.FindUnit(ctx, m.UnitCode, at)
	if apperr.Is(err, apperr.ENOTFOUND) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	root := home.ParentCode
	if root == "" {
		root = home.Code
	}
	sub, err := s.Units.SubtreeAt(ctx, root, at)
	if err != nil {
		return nil, err
	}
	var out []org.Unit
	for _, u := range org.Tree(sub) {
		if u.Code != root {
			out = append(out, u)
		}
	}
	return out, nil
}

// WritableUnits lists the units the actor may register models for on day
// at, in tree order: a reporter's own unit, the subtree of a commission's
// scope, every unit for an admin.
func (s *Service) WritableUnits(ctx context.Context, a *auth.Actor, at period.Date) ([]org.Unit, error) {
	roots, all, err := s.Authz.ScopeRoots(ctx, a, at)
	if err != nil {
		return nil, err
	}
	if all {
		rs, err := s.hierarchyRoots(ctx, at)
		if err != nil {
			return nil, err
		}
		roots = rs
	}
	var units []org.Unit
	seen := map[string]bool{}
	for _, r := range roots {
		sub, err := s.Units.SubtreeAt(ctx, r, at)
		if apperr.Is(err, apperr.ENOTFOUND) {
			continue
		} else if err != nil {
			return nil, err
		}
		for _, u := range sub {
			if seen[u.Code] {
				continue
			}
			seen[u.Code] = true
			if s.Authz.Can(ctx, a, auth.ActExemplarWrite, u.Code, at) == nil {
				units = append(units, u)
			}
		}
	}
	return org.Tree(units), nil
}

func (s *Service) hierarchyRoots(ctx context.Context, at period.Date) ([]string, error) {
	none := ""
	us, err := s.Units.ListUnits(ctx, org.Filter{At: at, Parent: &none})
	if err != nil {
		return nil, err
	}
	out := make([]string, len(us))
	for i, u := range us {
		out[i] = u.Code
	}
	return out, nil
}

// DefaultLevel suggests the level of a unit's models from its kind.
func DefaultLevel(k org.Kind) Level {
	switch k {
	case org.KindProvince:
		return LevelProvince
	case org.KindDistrict:
		return LevelDistrict
	case org.KindCommune:
		return LevelCommune
	}
	return LevelAgency
}

// Query selects models for a listing or for counts. Unit "" is the actor's
// whole scope; Year 0 is every year.
type Query struct {
	Unit   string
	Year   int
	Field  Field
	Level  Level
	Status Status
	Kind   Kind
}

// Validate checks the codes of a query; EINVALID with per-field messages.
func (q *Query) Validate() error {
	f := map[string]string{}
	if q.Field != "" && !slices.Contains(Fields, q.Field) {
		f["field"] = "Lĩnh vực không hợp lệ (economy, culture_society, defence_security, political_system)."
	}
	if q.Level != "" && !slices.Contains(Levels, q.Level) {
		f["level"] = "Cấp không hợp lệ (province, district, commune, agency)."
	}
	if q.Status != "" && q.Status.Order() < 0 {
		f["status"] = "Trạng thái không hợp lệ."
	}
	if q.Kind != "" && !slices.Contains(Kinds, q.Kind) {
		f["kind"] = "Loại không hợp lệ (model, exemplar)."
	}
	if q.Year != 0 && (q.Year < 2000 || q.Year > 2100) {
		f["year"] = "Năm không hợp lệ."
	}
	if len(f) > 0 {
		return apperr.Invalid("Điều kiện lọc không hợp lệ.", f)
	}
	return nil
}

// Group is a unit a listing is broken down by: the scope unit itself or
// one of its direct subunits.
type Group struct {
	Code  string
	Label string
}

// Scope is the set of units a query covers.
type Scope struct {
	Unit   string            // the unit asked for; "" for the actor's whole scope
	Groups []Group           // the breakdown: scope roots first, then their direct subunits in display order
	Names  map[string]string // unit code → name (the latest seen)
	units  map[string]bool
	// of maps, per year, each unit to its group as the hierarchy stood in
	// that year: a commune is counted under its district in 2019 and
	// under the province after the 2025 reform.
	of map[int]map[string]string
}

// Units returns the codes the scope covers, sorted.
func (sc *Scope) Units() []string {
	out := make([]string, 0, len(sc.units))
	for c := range sc.units {
		out = append(out, c)
	}
	slices.Sort(out)
	return out
}

// GroupOf returns the group a model of unit for year is counted under
// ("" when the unit is outside the scope).
func (sc *Scope) GroupOf(unit string, year int) string {
	if g, ok := sc.of[year][unit]; ok {
		return g
	}
	for _, m := range sc.of {
		if g, ok := m[unit]; ok {
			return g
		}
	}
	return ""
}

// ResolveScope works out which units a query covers and checks the
// actor may read them. For each year asked (every year that has models
// when years is empty; today when there are none) rights and the
// hierarchy are taken on the year's first and last day (today at the
// latest), so the models of units dissolved or formed during a year (the
// 2025 reform) are found. EUNAUTHORIZED; EFORBIDDEN when the actor may
// read none of it.
func (s *Service) ResolveScope(ctx context.Context, a *auth.Actor, unit string, years []int) (*Scope, error) {
	if a == nil {
		return nil, apperr.Errorf(apperr.EUNAUTHORIZED, "Vui lòng đăng nhập.")
	}
	today := s.today()
	type yearDates struct {
		year  int
		dates []period.Date
	}
	var plan []yearDates
	for _, y := range years {
		yd := yearDates{year: y}
		for _, d := range []period.Date{period.New(y, time.January, 1), period.New(y, time.December, 31)} {
			if d.After(today) {
				d = today
			}
			if !slices.ContainsFunc(yd.dates, d.Equal) {
				yd.dates = append(yd.dates, d)
			}
		}
		plan = append(plan, yd)
	}
	if len(plan) == 0 {
		plan = []yearDates{{year: today.Year(), dates: []period.Date{today}}}
	}
	// Newest year first, so that names are the latest ones.
	slices.SortFunc(plan, func(x, y yearDates) int { return y.year - x.year })
	sc := &Scope{Unit: unit, Names: map[string]string{}, units: map[string]bool{}, of: map[int]map[string]string{}}
	var rootGroups, groups []org.Unit
	seenGroup := map[string]bool{}
	var denied error
	covered := false
	for _, yd := range plan {
		of := sc.of[yd.year]
		if of == nil {
			of = map[string]string{}
			sc.of[yd.year] = of
		}
		for _, d := range yd.dates {
			roots, err := s.readableRoots(ctx, a, unit, d)
			if err != nil {
				if c := apperr.Code(err); c != apperr.EFORBIDDEN {
					return nil, err
				}
				denied = err
				continue
			}
			for _, r := range roots {
				sub, err := s.Units.SubtreeAt(ctx, r, d)
				covered = true // allowed, even if the unit did not exist that day
				if apperr.Is(err, apperr.ENOTFOUND) {
					continue
				} else if err != nil {
					return nil, err
				}
				for _, u := range sub { // parents before children
					if _, ok := sc.Names[u.Code]; !ok {
						sc.Names[u.Code] = u.Label()
					}
					sc.units[u.Code] = true
					if _, ok := of[u.Code]; ok {
						continue
					}
					g := u.Code
					if u.Code != r && u.ParentCode != r {
						g = of[u.ParentCode]
					}
					of[u.Code] = g
					if g == u.Code && !seenGroup[g] {
						seenGroup[g] = true
						if u.Code == r {
							rootGroups = append(rootGroups, u)
						} else {
							groups = append(groups, u)
						}
					}
				}
			}
		}
	}
	if !covered {
		if denied == nil {
			denied = apperr.Errorf(apperr.EFORBIDDEN, "Bạn không có quyền xem mô hình, điển hình của đơn vị này.")
		}
		return nil, denied
	}
	org.SortSiblings(rootGroups)
	org.SortSiblings(groups)
	for _, u := range append(rootGroups, groups...) {
		sc.Groups = append(sc.Groups, Group{Code: u.Code, Label: sc.Names[u.Code]})
	}
	return sc, nil
}

// readableRoots returns the roots of what the actor may read on day d:
// unit itself when asked for, else the actor's scope roots (the
// hierarchy's roots for an admin). EFORBIDDEN when none.
func (s *Service) readableRoots(ctx context.Context, a *auth.Actor, unit string, d period.Date) ([]string, error) {
	if unit != "" {
		if err := s.Authz.Can(ctx, a, auth.ActExemplarRead, unit, d); err != nil {
			return nil, err
		}
		return []string{unit}, nil
	}
	rs, all, err := s.Authz.ScopeRoots(ctx, a, d)
	if err != nil {
		return nil, err
	}
	if all {
		return s.hierarchyRoots(ctx, d)
	}
	var roots []string
	var denied error
	for _, r := range rs {
		if err := s.Authz.Can(ctx, a, auth.ActExemplarRead, r, d); err != nil {
			denied = err
			continue
		}
		roots = append(roots, r)
	}
	if len(roots) == 0 {
		if denied == nil {
			denied = apperr.Errorf(apperr.EFORBIDDEN, "Bạn không có quyền xem mô hình, điển hình.")
		}
		return nil, denied
	}
	return roots, nil
}

// queryScope checks q and resolves the scope it covers within a's
// reach: the scope, the years that have models (newest first, for the
// filter) and the store filter of q over the scope.
func (s *Service) queryScope(ctx context.Context, a *auth.Actor, q Query) (*Scope, []int, Filter, error) {
	if err := q.Validate(); err != nil {
		return nil, nil, Filter{}, err
	}
	years, err := s.Store.ExemplarYears(ctx)
	if err != nil {
		return nil, nil, Filter{}, err
	}
	ys := years
	if q.Year != 0 {
		ys = []int{q.Year}
	}
	sc, err := s.ResolveScope(ctx, a, q.Unit, ys)
	if err != nil {
		return nil, nil, Filter{}, err
	}
	return sc, years, Filter{Units: sc.Units(), Year: q.Year, Field: q.Field, Level: q.Level, Status: q.Status, Kind: q.Kind}, nil
}

// Listing is the answer to a list query.
type Listing struct {
	Scope  *Scope
	Models []Model
	Years  []int // the years that have models, newest first, for the filter
}

// List returns the models the query selects within the actor's reach.
func (s *Service) List(ctx context.Context, a *auth.Actor, q Query) (*Listing, error) {
	sc, years, f, err := s.queryScope(ctx, a, q)
	if err != nil {
		return nil, err
	}
	ms, err := s.Store.ListExemplars(ctx, f)
	if err != nil {
		return nil, err
	}
	// Newest year first, then by unit and name in Vietnamese order.
	slices.SortStableFunc(ms, func(x, y Model) int {
		if x.Year != y.Year {
			return y.Year - x.Year
		}
		if c := vntext.Compare(sc.Names[x.UnitCode], sc.Names[y.UnitCode]); c != 0 {
			return c
		}
		return vntext.Compare(x.Name, y.Name)
	})
	return &Listing{Scope: sc, Models: ms, Years: years}, nil
}

// Bucket is one line of a breakdown: models, exemplars and their total,
// and the total per field (in Fields order).
type Bucket struct {
	Key       string
	Label     string
	Models    int
	Exemplars int
	Total     int
	ByField   []int
}

func (b *Bucket) add(c Count) {
	if b.ByField == nil {
		b.ByField = make([]int, len(Fields))
	}
	if c.Kind == KindExemplar {
		b.Exemplars += c.N
	} else {
		b.Models += c.N
	}
	b.Total += c.N
	if i := slices.Index(Fields, c.Field); i >= 0 {
		b.ByField[i] += c.N
	}
}

// Stats are the counts of a query by field, level, status, year and unit.
type Stats struct {
	Scope    *Scope
	Years    []int
	Total    Bucket
	ByField  []Bucket
	ByLevel  []Bucket
	ByStatus []Bucket
	ByYear   []Bucket
	ByUnit   []Bucket // by Scope.Groups
}

// Stats counts the models the query selects within the actor's reach.
func (s *Service) Stats(ctx context.Context, a *auth.Actor, q Query) (*Stats, error) {
	sc, years, f, err := s.queryScope(ctx, a, q)
	if err != nil {
		return nil, err
	}
	counts, err := s.Store.CountExemplars(ctx, f)
	if err != nil {
		return nil, err
	}
	st := &Stats{Scope: sc, Years: years, Total: Bucket{Label: "Tổng cộng", ByField: make([]int, len(Fields))}}
	byField := make([]Bucket, len(Fields))
	for i, f := range Fields {
		byField[i] = Bucket{Key: string(f), Label: f.Label()}
	}
	byLevel := make([]Bucket, len(Levels))
	for i, l := range Levels {
		byLevel[i] = Bucket{Key: string(l), Label: l.Label()}
	}
	byStatus := make([]Bucket, len(Statuses))
	for i, x := range Statuses {
		byStatus[i] = Bucket{Key: string(x), Label: x.Label()}
	}
	byUnit := make([]Bucket, len(sc.Groups))
	unitIdx := map[string]int{}
	for i, g := range sc.Groups {
		byUnit[i] = Bucket{Key: g.Code, Label: g.Label}
		unitIdx[g.Code] = i
	}
	yearIdx := map[int]int{}
	for _, c := range counts {
		st.Total.add(c)
		if i := slices.Index(Fields, c.Field); i >= 0 {
			byField[i].add(c)
		}
		if i := slices.Index(Levels, c.Level); i >= 0 {
			byLevel[i].add(c)
		}
		if i := c.Status.Order(); i >= 0 {
			byStatus[i].add(c)
		}
		if i, ok := unitIdx[sc.GroupOf(c.Unit, c.Year)]; ok {
			byUnit[i].add(c)
		}
		i, ok := yearIdx[c.Year]
		if !ok {
			i = len(st.ByYear)
			yearIdx[c.Year] = i
			st.ByYear = append(st.ByYear, Bucket{Key: fmt.Sprint(c.Year), Label: fmt.Sprint(c.Year)})
		}
		st.ByYear[i].add(c)
	}
	slices.SortFunc(st.ByYear, func(x, y Bucket) int { return cmp.Compare(x.Key, y.Key) })
	st.ByField, st.ByLevel, st.ByStatus, st.ByUnit = byField, byLevel, byStatus, byUnit
	return st, nil
}

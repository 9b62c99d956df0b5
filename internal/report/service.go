package report

import (
	"context"
	"slices"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

// Units is what the report rules need of the hierarchy.
type Units interface {
	FindUnit(ctx context.Context, code string, at period.Date) (*org.Unit, error)
	SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error)
	AncestorsAt(ctx context.Context, code string, at period.Date) ([]string, error)
}

// Service holds the reporting rules: who files what, validation, workflow.
type Service struct {
	Store Store
	Units Units
	Authz *auth.Authorizer
	Now   func() time.Time
	// Derived, when set, fills the indicators whose figures the system
	// already keeps (see Derived): Get shows them, Save and Submit store
	// them whatever was typed.
	Derived Derived
}

// Catalogue returns the indicators by code.
func (s *Service) Catalogue(ctx context.Context) (map[string]Indicator, error) {
	inds, err := s.Store.ListIndicators(ctx)
	if err != nil {
		return nil, err
	}
	m := make(map[string]Indicator, len(inds))
	for _, i := range inds {
		m[i.Code] = i
	}
	return m, nil
}

// Context is a report with everything needed to show or check it.
type Context struct {
	Template  *Template
	Period    period.Period
	Unit      *org.Unit
	Catalogue map[string]Indicator
	Report    *Report
	Deadline  period.Date
	// Derived holds the figures Get filled from other records (see
	// Derived), by indicator code, so a form can show them read-only.
	Derived map[string]DerivedValue
}

// Resolve finds the template, period and unit of k and checks that the unit
// must file it. ENOTFOUND when any is unknown or the unit does not file
// that template for that period.
func (s *Service) Resolve(ctx context.Context, k Key) (*Context, error) {
	t, err := s.Store.FindTemplate(ctx, k.Template)
	if err != nil {
		return nil, err
	}
	p, err := t.Period(k.Period)
	if err != nil {
		return nil, err
	}
	at := p.End
	u, err := s.Units.FindUnit(ctx, k.Unit, at)
	if err != nil {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Đơn vị %s không tồn tại trong kỳ %s.", k.Unit, p.Label())
	}
	inOwner := k.Unit == t.Owner
	if !inOwner {
		anc, err := s.Units.AncestorsAt(ctx, k.Unit, at)
		if err != nil {
			return nil, err
		}
		inOwner = slices.Contains(anc, t.Owner)
	}
	if !inOwner || !t.MustFile(*u, at) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "%s không thuộc diện gửi báo cáo \"%s\" kỳ %s.", u.Label(), t.Name, p.Label())
	}
	cat, err := s.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	return &Context{Template: t, Period: p, Unit: u, Catalogue: cat, Deadline: t.Deadline.Deadline(p)}, nil
}

// Filers returns the units under scope that must file t for p, as of the
// end of p's window, in tree order.
func (s *Service) Filers(ctx context.Context, t *Template, p period.Period, scope string) ([]org.Unit, error) {
	sub, err := subtreeView(ctx, s.Units, scope, p.End)
	if apperr.Is(err, apperr.ENOTFOUND) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	owner, err := subtreeView(ctx, s.Units, t.Owner, p.End)
	if apperr.Is(err, apperr.ENOTFOUND) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	inOwner := make(map[string]bool, len(owner))
	for _, u := range owner {
		inOwner[u.Code] = true
	}
	var out []org.Unit
	for _, u := range org.Tree(sub) {
		if inOwner[u.Code] && t.MustFile(u, p.End) {
			out = append(out, u)
		}
	}
	return out, nil
}

// current returns the stored report of k, or the empty draft (version 0)
// of a report not started yet, under the unit's name in c.
func (s *Service) current(ctx context.Context, k Key, c *Context) (*Report, error) {
	r, err := s.Store.FindReport(ctx, k)
	if apperr.Is(err, apperr.ENOTFOUND) {
		r = NewReport(k)
		r.UnitName = c.Unit.Label()
		return r, nil
	}
	return r, err
}

// FilerCodes returns the codes of the units under scope that must file t
// for p, in no particular order: the fast path for consolidation, which
// only counts them.
func (s *Service) FilerCodes(ctx context.Context, t *Template, p period.Period, scope string) ([]string, error) {
	anc, err := s.Units.AncestorsAt(ctx, scope, p.End)
	if err != nil {
		return nil, err
	}
	if scope != t.Owner && !slices.Contains(anc, t.Owner) {
		// The owner lies below the scope (or elsewhere): the general path.
		us, err := s.Filers(ctx, t, p, scope)
		if err != nil {
			return nil, err
		}
		out := make([]string, len(us))
		for i, u := range us {
			out[i] = u.Code
		}
		return out, nil
	}
	sub, err := subtreeView(ctx, s.Units, scope, p.End)
	if apperr.Is(err, apperr.ENOTFOUND) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	var out []string
	for _, u := range sub {
		if t.MustFile(u, p.End) {
			out = append(out, u.Code)
		}
	}
	return out, nil
}

// Get returns the report for k as the actor may see it: the stored report,
// or an empty draft (version 0) when the unit has not started it.
func (s *Service) Get(ctx context.Context, a *auth.Actor, k Key) (*Context, error) {
	c, err := s.Resolve(ctx, k)
	if err != nil {
		return nil, err
	}
	if err := s.Authz.Can(ctx, a, auth.ActReportRead, k.Unit, c.Period.End); err != nil {
		return nil, err
	}
	r, err := s.current(ctx, k, c)
	if err != nil {
		return nil, err
	}
	if r, err = s.withDerived(ctx, c, r); err != nil {
		return nil, err
	}
	r.Deadline = endOfDay(c.Deadline)
	c.Report = r
	return c, nil
}

func endOfDay(d period.Date) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, period.Vietnam)
}

// Save stores a draft. Returns EFORBIDDEN outside the actor's rights,
// ECONFLICT when the report is locked or d.Version is stale (with the
// current report), EINVALID with per-field messages when a value breaks
// its type or range. Nothing is written on any error.
func (s *Service) Save(ctx context.Context, a *auth.Actor, k Key, d *Draft) (*Report, error) {
	saved, err := s.saveMany(ctx, a, map[Key]*Draft{k: d}, "report.save", false)
	if err != nil {
		return nil, err
	}
	return saved[0], nil
}

func cleanValues(m map[string]Value) map[string]Value {
	out := make(map[string]Value, len(m))
	for k, v := range m {
		if v.Set {
			out[k] = v
		}
	}
	return out
}

func cleanText(m map[string]string) map[string]string {
	out := make(map[string]string, len(m))
	for k, v := range m {
		if v = strings.TrimSpace(vntext.NormalizeText(v)); v != "" {
			out[k] = v
		}
	}
	return out
}

// transition moves a report from one of the from statuses to the next one,
// keeping a version row. check may refuse it.
func (s *Service) transition(ctx context.Context, a *auth.Actor, k Key, action auth.Action, from []Status,
	apply func(c *Context, r *Report) error, auditAction *string, note string) (*Report, error) {
	c, err := s.Resolve(ctx, k)
	if err != nil {
		return nil, err
	}
	if err := s.Authz.Can(ctx, a, action, k.Unit, c.Period.End); err != nil {
		return nil, err
	}
	cur, err := s.current(ctx, k, c)
	if err != nil {
		return nil, err
	}
	if !containsStatus(from, cur.Status) {
		return nil, apperr.Errorf(apperr.ECONFLICT, "Không thể thực hiện khi báo cáo đang ở trạng thái \"%s\".", cur.Status.Label())
	}
	r := *cur
	c.Report = &r
	now := s.Now().UTC()
	r.UpdatedAt, r.UpdatedBy = now, a.Username
	if err := apply(c, &r); err != nil {
		return nil, err
	}
	v := &Version{Key: k, Version: cur.Version + 1, Status: r.Status, Values: r.Values, Comments: r.Comments, Narrative: r.Narrative, At: now, By: a.Username, Note: note}
	if err := s.Store.SaveReports(ctx, []Save{{Report: &r, Base: cur.Version, Before: cur, Action: *auditAction, Keep: v}}); err != nil {
		return nil, err
	}
	return &r, nil
}

func containsStatus(ss []Status, s Status) bool {
	for _, x := range ss {
		if x == s {
			return true
		}
	}
	return false
}

// Submit sends the report to the commission. EINVALID with per-field
// messages when a required value or a cross rule fails; ECONFLICT unless it
// is a draft or returned. Records on time or late against the deadline.
func (s *Service) Submit(ctx context.Context, a *auth.Actor, k Key) (*Report, error) {
	return s.transition(ctx, a, k, auth.ActReportWrite, []Status{StatusDraft, StatusReturned}, func(c *Context, r *Report) error {
		if r.Version == 0 {
			return apperr.Errorf(apperr.EINVALID, "Báo cáo chưa có nội dung; hãy lưu trước khi gửi.")
		}
		dv, err := s.derived(ctx, c, k)
		if err != nil {
			return err
		}
		if len(dv) > 0 {
			r.Values, r.Comments = cloneOrNew(r.Values), cloneOrNew(r.Comments)
			fillDerived(dv, r.Values, r.Comments)
		}
		if f := CheckSubmit(c.Template, c.Catalogue, r); f != nil {
			return apperr.Invalid("Báo cáo chưa đủ điều kiện để gửi.", f)
		}
		r.Status = StatusSubmitted
		r.SubmittedAt = s.Now().UTC()
		r.OnTime = period.OnTime(r.SubmittedAt, c.Deadline)
		r.ReturnReason = ""
		return nil
	}, ptr("report.submit"), "")
}

// Accept locks a submitted report. Commission only, within its scope.
func (s *Service) Accept(ctx context.Context, a *auth.Actor, k Key) (*Report, error) {
	return s.transition(ctx, a, k, auth.ActReportReview, []Status{StatusSubmitted}, func(c *Context, r *Report) error {
		r.Status = StatusAccepted
		r.AcceptedAt = s.Now().UTC()
		return nil
	}, ptr("report.accept"), "")
}

// Return sends a submitted report back to the unit with a reason; an
// accepted one too (reopening, an audited commission act). EINVALID
// without a reason.
func (s *Service) Return(ctx context.Context, a *auth.Actor, k Key, reason string) (*Report, error) {
	reason = strings.TrimSpace(vntext.NormalizeText(reason))
	var action = "report.return"
	return s.transition(ctx, a, k, auth.ActReportReview, []Status{StatusSubmitted, StatusAccepted}, func(c *Context, r *Report) error {
		if reason == "" {
			return apperr.Invalid("Cần nêu lý do trả lại.", map[string]string{"reason": "Cần nêu lý do trả lại báo cáo."})
		}
		if len([]rune(reason)) > 2000 {
			return apperr.Invalid("Lý do quá dài.", map[string]string{"reason": "Lý do tối đa 2.000 ký tự."})
		}
		if r.Status == StatusAccepted {
			action = "report.reopen"
		}
		r.Status = StatusReturned
		r.ReturnReason = reason
		r.AcceptedAt = time.Time{}
		return nil
	}, &action, reason)
}

// CanWrite returns nil when the actor may change k's report (EFORBIDDEN
// otherwise), so handlers refuse before parsing any input.
func (s *Service) CanWrite(ctx context.Context, a *auth.Actor, c *Context) error {
	return s.Authz.Can(ctx, a, auth.ActReportWrite, c.Report.Unit, c.Period.End)
}

// Versions lists the kept versions of a report the actor may read.
func (s *Service) Versions(ctx context.Context, a *auth.Actor, k Key) (*Context, []Version, error) {
	c, err := s.Get(ctx, a, k)
	if err != nil {
		return nil, nil, err
	}
	vs, err := s.Store.ListVersions(ctx, k)
	return c, vs, err
}

// Completeness counts a template's filers under scope for a period.
type Completeness struct {
	Expected  int
	Submitted int // submitted or accepted
	Accepted  int
	OnTime    int
	Late      int
	Missing   []org.Unit
	Returned  []org.Unit
	Rows      []CompletenessRow
}

// CompletenessRow is one filer's state.
type CompletenessRow struct {
	Unit   org.Unit
	Report *Report // nil: not started
}

// Completeness returns who has filed t for p under scope.
func (s *Service) Completeness(ctx context.Context, a *auth.Actor, k Key) (*Completeness, *Context, error) {
	t, err := s.Store.FindTemplate(ctx, k.Template)
	if err != nil {
		return nil, nil, err
	}
	p, err := t.Period(k.Period)
	if err != nil {
		return nil, nil, err
	}
	if err := s.Authz.Can(ctx, a, auth.ActReportRead, k.Unit, p.End); err != nil {
		return nil, nil, err
	}
	filers, err := s.Filers(ctx, t, p, k.Unit)
	if err != nil {
		return nil, nil, err
	}
	reports, err := s.Store.ListReports(ctx, ReportFilter{Template: t.Code, Period: p.ID})
	if err != nil {
		return nil, nil, err
	}
	byUnit := make(map[string]*Report, len(reports))
	for i := range reports {
		byUnit[reports[i].Unit] = &reports[i]
	}
	c := &Completeness{Expected: len(filers)}
	for _, u := range filers {
		r := byUnit[u.Code]
		c.Rows = append(c.Rows, CompletenessRow{Unit: u, Report: r})
		switch {
		case r == nil || r.Status == StatusDraft:
			c.Missing = append(c.Missing, u)
		case r.Status == StatusReturned:
			c.Returned = append(c.Returned, u)
			c.Missing = append(c.Missing, u)
		default:
			c.Submitted++
			if r.Status == StatusAccepted {
				c.Accepted++
			}
			if r.OnTime {
				c.OnTime++
			} else {
				c.Late++
			}
		}
	}
	return c, &Context{Template: t, Period: p}, nil
}

// Due is one report a unit must file, for "Báo cáo của tôi".
type Due struct {
	Template *Template
	Period   period.Period
	Deadline period.Date
	Report   *Report // nil: not started
	Overdue  bool
}

// DueFor lists the reports unit must file: for each template, the periods
// whose window started within the last year, plus every period the unit
// has a report for (its history), newest first. Periods the actor may not
// read are left out.
func (s *Service) DueFor(ctx context.Context, a *auth.Actor, unit string, today period.Date) ([]Due, error) {
	ts, err := s.Store.ListTemplates(ctx)
	if err != nil {
		return nil, err
	}
	reports, err := s.Store.ListReports(ctx, ReportFilter{Unit: unit})
	if err != nil {
		return nil, err
	}
	byKey := map[Key]*Report{}
	for i := range reports {
		byKey[reports[i].Key] = &reports[i]
	}
	var out []Due
	for i := range ts {
		t := &ts[i]
		if t.Retired {
			continue
		}
		var periods []period.Period
		if t.Kind == KindPeriodic {
			periods = period.Range(t.PeriodType, today.AddDays(-366), today, t.Calendar)
		} else {
			periods = t.Custom
		}
		listed := map[string]bool{}
		for _, p := range periods {
			listed[p.ID] = true
		}
		var filed []period.Period
		for k := range byKey {
			if k.Template != t.Code {
				continue
			}
			p, err := t.Period(k.Period)
			if err != nil {
				continue
			}
			filed = append(filed, p)
			if !listed[k.Period] {
				periods = append(periods, p)
				listed[p.ID] = true
			}
		}
		// The period after each filed one is due too when it was not
		// filed: a unit that stopped filing sees where it stopped.
		if t.Kind == KindPeriodic {
			for _, p := range filed {
				if n := p.Next(); !n.IsZero() && !listed[n.ID] {
					periods = append(periods, n)
					listed[n.ID] = true
				}
			}
		}
		for _, p := range periods {
			if p.Start.After(today) {
				continue
			}
			u, err := s.Units.FindUnit(ctx, unit, p.End)
			if err != nil || !t.MustFile(*u, p.End) {
				continue
			}
			if s.Authz.Can(ctx, a, auth.ActReportRead, unit, p.End) != nil {
				continue
			}
			k := Key{Template: t.Code, Period: p.ID, Unit: unit}
			r := byKey[k]
			d := Due{Template: t, Period: p, Deadline: t.Deadline.Deadline(p), Report: r}
			d.Overdue = (r == nil || r.Status.Editable()) && d.Deadline.Before(today)
			out = append(out, d)
		}
	}
	slices.SortStableFunc(out, func(x, y Due) int { return y.Period.End.Compare(x.Period.End) })
	return out, nil
}

// Outliers flags values far from the unit's history of the same template.
func (s *Service) Outliers(ctx context.Context, c *Context) (map[string]string, error) {
	var ids []string
	p := c.Period
	for i := 0; i < 8; i++ {
		p = p.Previous()
		ids = append(ids, p.ID)
	}
	hist, err := s.Store.History(ctx, c.Report.Key, ids)
	if err != nil {
		return nil, err
	}
	out := map[string]string{}
	for _, code := range c.Template.Indicators {
		ind := c.Catalogue[code]
		v, ok := c.Report.Values[code]
		if !ok || !ind.Type.Numeric() {
			continue
		}
		var h []float64
		for _, r := range hist {
			if x, ok := r.Values[code]; ok && x.Set {
				h = append(h, x.Number(ind.Type))
			}
		}
		if flag, med := Outlier(h, v.Number(ind.Type)); flag {
			out[code] = OutlierMessage(ind.Type, med)
		}
	}
	return out, nil
}

func ptr(s string) *string { return &s }

// SaveIndicator validates and creates (version 0) or updates an indicator.
// The catalogue is shared: any commission may add to it. An indicator with
// data keeps its type and aggregation (the store refuses the change).
func (s *Service) SaveIndicator(ctx context.Context, a *auth.Actor, ind *Indicator) error {
	if err := s.Authz.Can(ctx, a, auth.ActTemplateManage, a.UnitCode, period.Today(s.Now())); err != nil && !a.Has(auth.RoleAdmin) {
		return err
	}
	if err := ind.Validate(); err != nil {
		return err
	}
	if ind.Version == 0 {
		return s.Store.CreateIndicator(ctx, ind)
	}
	return s.Store.UpdateIndicator(ctx, ind)
}

// SaveTemplate validates and creates (version 0) or updates a template.
// The actor must manage the template's owner unit.
func (s *Service) SaveTemplate(ctx context.Context, a *auth.Actor, t *Template) error {
	if err := s.Authz.Can(ctx, a, auth.ActTemplateManage, t.Owner, period.Today(s.Now())); err != nil {
		return err
	}
	cat, err := s.Catalogue(ctx)
	if err != nil {
		return err
	}
	if err := t.Validate(cat); err != nil {
		return err
	}
	if t.Version == 0 {
		return s.Store.CreateTemplate(ctx, t)
	}
	return s.Store.UpdateTemplate(ctx, t)
}

// SaveMany saves drafts of several reports in one transaction: each is
// checked like Save (rights, lock, version, values), and if any fails
// nothing is written. Errors carry per-field messages keyed
// "KEY|values.CODE" (KEY is Key.String()).
func (s *Service) SaveMany(ctx context.Context, a *auth.Actor, drafts map[Key]*Draft, action string) ([]*Report, error) {
	return s.saveMany(ctx, a, drafts, action, true)
}

// saveMany is Save and SaveMany; prefix keys the field errors by report.
func (s *Service) saveMany(ctx context.Context, a *auth.Actor, drafts map[Key]*Draft, action string, prefix bool) ([]*Report, error) {
	fields := map[string]string{}
	var saves []Save
	var out []*Report
	keys := make([]Key, 0, len(drafts))
	for k := range drafts {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, func(x, y Key) int { return strings.Compare(x.String(), y.String()) })
	for _, k := range keys {
		d := drafts[k]
		c, err := s.Resolve(ctx, k)
		if err != nil {
			return nil, err
		}
		if err := s.Authz.Can(ctx, a, auth.ActReportWrite, k.Unit, c.Period.End); err != nil {
			return nil, err
		}
		cur, err := s.current(ctx, k, c)
		if err != nil {
			return nil, err
		}
		if cur.Version != d.Version {
			return nil, ConflictError(cur)
		}
		if !cur.Status.Editable() {
			return nil, LockedError(cur)
		}
		f := readRaw(c, d)
		if f == nil {
			dv, err := s.derived(ctx, c, k)
			if err != nil {
				return nil, err
			}
			if len(dv) > 0 {
				d.Values, d.Comments = cloneOrNew(d.Values), cloneOrNew(d.Comments)
				fillDerived(dv, d.Values, d.Comments)
			}
			f = CheckDraft(c.Template, c.Catalogue, d)
		}
		if f != nil {
			for fk, msg := range f {
				if prefix {
					fk = k.String() + "|" + fk
				}
				fields[fk] = msg
			}
			continue
		}
		r := *cur
		r.Values, r.Comments, r.Narrative = cleanValues(d.Values), cleanText(d.Comments), cleanText(d.Narrative)
		r.UpdatedAt, r.UpdatedBy = s.Now().UTC(), a.Username
		saves = append(saves, Save{Report: &r, Base: cur.Version, Before: cur, Action: action})
		out = append(out, &r)
	}
	if len(fields) > 0 {
		return nil, apperr.Invalid("Báo cáo có giá trị chưa hợp lệ; chưa lưu gì.", fields)
	}
	if err := s.Store.SaveReports(ctx, saves); err != nil {
		return nil, err
	}
	return out, nil
}

// readRaw moves d.Raw into d.Values, parsing each by its indicator's type;
// it returns per-field messages keyed "values.CODE".
func readRaw(c *Context, d *Draft) map[string]string {
	if len(d.Raw) == 0 {
		return nil
	}
	if d.Values == nil {
		d.Values = map[string]Value{}
	}
	f := map[string]string{}
	for code, raw := range d.Raw {
		ind, ok := c.Catalogue[code]
		if !ok {
			f["values."+code] = "Không có chỉ tiêu mã " + code + "."
			continue
		}
		v, err := FromJSON(ind.Type, raw)
		if err != nil {
			f["values."+code] = ind.Name + ": " + err.Error()
			continue
		}
		d.Values[code] = v
	}
	d.Raw = nil
	if len(f) == 0 {
		return nil
	}
	return f
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

package web

import (
	"context"
	"fmt"
	"html/template"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/rollup"
	"giaoban/internal/task"
	"giaoban/internal/vntext"
)

// taskUnitBuckets is one lead unit's tasks counted by bucket.
type taskUnitBuckets struct {
	Code, Name string
	Counts     []int // in task.Buckets order
	Total      int
	URL        string
}

// taskYearRate is one unit's completion in one year (of assignment).
type taskYearRate struct {
	Total, Done, OnTime int
}

// Label is "2/3 (67%)", or "—" without tasks.
func (y taskYearRate) Label() string {
	if y.Total == 0 {
		return "—"
	}
	return fmt.Sprintf("%d/%d (%s%%)", y.Done, y.Total, vntext.FormatDecimal(100*float64(y.Done)/float64(y.Total), 0))
}

// OnTimeLabel is the share done on time, "" without tasks.
func (y taskYearRate) OnTimeLabel() string {
	if y.Total == 0 {
		return ""
	}
	return "đúng hạn " + vntext.FormatDecimal(100*float64(y.OnTime)/float64(y.Total), 0) + "%"
}

type taskUnitRates struct {
	Name  string
	Years []taskYearRate
}

type taskSummaryPage struct {
	page
	Buckets  []task.Bucket
	ByUnit   []taskUnitBuckets
	Totals   []int
	Total    int
	Chart    template.HTML
	Overdue  []taskRow
	DueSoon  []taskRow
	Years    []int
	Year     int
	Rates    []taskUnitRates
	RateYrs  []int
	Today    period.Date
	CanNew   bool
	YearLink string
}

// visibleTaskList lists the tasks the actor may see, refusing those who may
// read no unit's tasks (editors); a unit dissolved since still sees the
// tasks it was given.
func (s *Server) visibleTaskList(ctx context.Context, a *auth.Actor) ([]task.Task, error) {
	ts, err := s.tasks.List(ctx, a, task.Filter{})
	if err != nil {
		return nil, err
	}
	if err := s.authz.Can(ctx, a, auth.ActTaskRead, a.UnitCode, s.today()); err != nil && len(ts) == 0 {
		return nil, err
	}
	return ts, nil
}

// handleTaskSummary is the commission's dashboard: tasks by lead unit and
// bucket (table and chart), the overdue list (red), those due within 7
// days (amber), and the completion rate per unit per year. ?nam= keeps the
// tasks assigned in one year.
func (s *Server) handleTaskSummary(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	all, err := s.visibleTaskList(ctx, a)
	if err != nil {
		return err
	}
	p := taskSummaryPage{page: s.basePage(r, "Tổng hợp thực hiện nhiệm vụ"), Buckets: task.Buckets, Today: s.today(), Totals: make([]int, len(task.Buckets))}
	if v := r.URL.Query().Get("nam"); v != "" {
		if p.Year, err = strconv.Atoi(v); err != nil || p.Year < 2000 || p.Year > 2100 {
			return apperr.Invalid("Năm không hợp lệ.", map[string]string{"nam": "Năm là số từ 2000 đến 2100."})
		}
	}
	names := s.taskNames(ctx)
	rows := s.taskRows(ctx, a, all, names, false)
	years := map[int]bool{}
	var inYear []taskRow
	for _, row := range rows {
		years[row.AssignedOn.Year()] = true
		if p.Year == 0 || row.AssignedOn.Year() == p.Year {
			inYear = append(inYear, row)
		}
	}
	for y := range years {
		p.Years = append(p.Years, y)
	}
	slices.Sort(p.Years)
	idx := map[task.Bucket]int{}
	for i, b := range task.Buckets {
		idx[b] = i
	}
	byUnit := map[string]*taskUnitBuckets{}
	rates := map[string]map[int]*taskYearRate{}
	for _, row := range inYear {
		u := byUnit[row.LeadUnit]
		if u == nil {
			u = &taskUnitBuckets{Code: row.LeadUnit, Name: row.LeadName, Counts: make([]int, len(task.Buckets)), URL: "/nhiem-vu?dv=" + urlQueryEscape(row.LeadUnit)}
			byUnit[row.LeadUnit] = u
		}
		u.Counts[idx[row.Bucket]]++
		u.Total++
		p.Totals[idx[row.Bucket]]++
		p.Total++
		switch {
		case row.Bucket == task.BucketOverdue:
			p.Overdue = append(p.Overdue, row)
		case row.DueSoon:
			p.DueSoon = append(p.DueSoon, row)
		}
		if rates[row.LeadUnit] == nil {
			rates[row.LeadUnit] = map[int]*taskYearRate{}
		}
		y := rates[row.LeadUnit][row.AssignedOn.Year()]
		if y == nil {
			y = &taskYearRate{}
			rates[row.LeadUnit][row.AssignedOn.Year()] = y
		}
		y.Total++
		switch row.Bucket {
		case task.BucketDoneOnTime:
			y.Done++
			y.OnTime++
		case task.BucketDoneLate:
			y.Done++
		}
	}
	for _, u := range byUnit {
		p.ByUnit = append(p.ByUnit, *u)
	}
	slices.SortFunc(p.ByUnit, func(x, y taskUnitBuckets) int { return vntext.Compare(x.Name, y.Name) })
	p.RateYrs = p.Years
	if p.Year != 0 {
		p.RateYrs = []int{p.Year}
	}
	for _, u := range p.ByUnit {
		ur := taskUnitRates{Name: u.Name}
		for _, y := range p.RateYrs {
			if v := rates[u.Code][y]; v != nil {
				ur.Years = append(ur.Years, *v)
			} else {
				ur.Years = append(ur.Years, taskYearRate{})
			}
		}
		p.Rates = append(p.Rates, ur)
	}
	p.Chart = taskBucketChart("Nhiệm vụ theo đơn vị chủ trì và tình trạng", p.ByUnit)
	p.CanNew = s.tasks.CanAssign(ctx, a) == nil
	return s.render(w, r, http.StatusOK, "task_summary", p)
}

// taskBucketColours are the fills of the four buckets in charts (SVG
// presentation attributes: no inline style, which the CSP forbids).
var taskBucketColours = map[task.Bucket]string{
	task.BucketDoneOnTime: "#1e7b34",
	task.BucketDoneLate:   "#a15c00",
	task.BucketOpen:       "#0b57d0",
	task.BucketOverdue:    "#b3121b",
}

// taskBucketChart draws one horizontal stacked bar per unit, its segments
// the four buckets, as inline SVG drawn on the server.
func taskBucketChart(title string, units []taskUnitBuckets) template.HTML {
	if len(units) == 0 {
		return ""
	}
	const w, left, right, top, row, barH = 720, 230, 40, 44, 26, 16
	h := top + row*len(units) + 12
	maxTotal := 1
	for _, u := range units {
		maxTotal = max(maxTotal, u.Total)
	}
	plot := float64(w - left - right)
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart task-chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, esc(title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(title))
	// Legend.
	x := 10.0
	for _, bk := range task.Buckets {
		fmt.Fprintf(&b, `<rect x="%.1f" y="8" width="12" height="12" fill="%s"/>`, x, taskBucketColours[bk])
		fmt.Fprintf(&b, `<text x="%.1f" y="18" class="label">%s</text>`, x+16, esc(bk.Label()))
		x += 16 + float64(len([]rune(bk.Label())))*6.6 + 18
	}
	for i, u := range units {
		y := top + row*i
		name := []rune(u.Name)
		label := u.Name
		if len(name) > 34 {
			label = string(name[:33]) + "…"
		}
		fmt.Fprintf(&b, `<text x="%d" y="%d" class="label" text-anchor="end">%s</text>`, left-6, y+barH-3, esc(label))
		x := float64(left)
		for j, bk := range task.Buckets {
			n := u.Counts[j]
			if n == 0 {
				continue
			}
			bw := plot * float64(n) / float64(maxTotal)
			fmt.Fprintf(&b, `<rect x="%.1f" y="%d" width="%.1f" height="%d" fill="%s"><title>%s — %s: %d</title></rect>`,
				x, y, bw, barH, taskBucketColours[bk], esc(u.Name), esc(bk.Label()), n)
			if bw >= 14 {
				fmt.Fprintf(&b, `<text x="%.1f" y="%d" text-anchor="middle" class="in-bar">%d</text>`, x+bw/2, y+barH-4, n)
			}
			x += bw
		}
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="note">%d</text>`, x+4, y+barH-3, u.Total)
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

// leaderFigure is one indicator of the leader's page against last year.
type leaderFigure struct {
	Name, Measure, Value, LastYear, Change string
	Up, Down                               bool
}

type leaderPage struct {
	page
	Template     *report.Template
	Period       period.Period
	Periods      []leaderPeriodLink
	Scope        string
	ScopeName    string
	Completeness *report.Completeness
	CompNote     string
	Figures      []leaderFigure
	FigNote      string
	LastLabel    string
	Buckets      []taskBucketCount
	TaskTotal    int
	Overdue      []taskRow
	ProgressURL  string
	ConsURL      string
}

type leaderPeriodLink struct {
	Label, URL string
	Current    bool
}

// leaderTemplate is the template the leader's page shows: ?mau= or the
// first periodic template in use owned by scope, or any periodic one.
func (s *Server) leaderTemplate(ctx context.Context, code, scope string) (*report.Template, error) {
	if code != "" {
		return s.db.FindTemplate(ctx, code)
	}
	ts, err := s.db.ListTemplates(ctx)
	if err != nil {
		return nil, err
	}
	var pick *report.Template
	for i := range ts {
		t := &ts[i]
		if t.Retired || t.Kind != report.KindPeriodic {
			continue
		}
		if t.Owner == scope {
			return t, nil
		}
		if pick == nil {
			pick = t
		}
	}
	if pick == nil {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Chưa có mẫu báo cáo định kỳ nào.")
	}
	return pick, nil
}

// handleLeaderDashboard is the leader's quarter at a glance: who has
// reported for the current period of the main template, the key totals
// against the same period last year, and the task buckets. ?ky= picks
// another period.
func (s *Server) handleLeaderDashboard(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	today := s.today()
	// The template is the one of the actor's scope today; the scope
	// itself is taken as of the period (a unit dissolved since still sees
	// its own past quarters).
	roots, _, err := s.authz.ScopeRoots(ctx, a, today)
	if err != nil {
		return err
	}
	prefer := ""
	if len(roots) > 0 {
		prefer = roots[0]
	}
	t, err := s.leaderTemplate(ctx, r.URL.Query().Get("mau"), prefer)
	if err != nil {
		return err
	}
	p := leaderPage{page: s.basePage(r, "Tổng quan của lãnh đạo"), Template: t}
	ps := s.templatePeriods(ctx, t)
	if id := r.URL.Query().Get("ky"); id != "" {
		if p.Period, err = t.Period(id); err != nil {
			return err
		}
	} else {
		// The current period: the latest whose window has closed (the
		// one being reported and briefed on).
		for i := len(ps) - 1; i >= 0; i-- {
			if ps[i].End.Before(today) {
				p.Period = ps[i]
				break
			}
		}
		if p.Period.IsZero() && len(ps) > 0 {
			p.Period = ps[0]
		}
	}
	if p.Period.IsZero() {
		return apperr.Errorf(apperr.ENOTFOUND, "Mẫu báo cáo chưa có kỳ nào.")
	}
	roots, all, err := s.authz.ScopeRoots(ctx, a, p.Period.End)
	if err != nil {
		return err
	}
	scope := t.Owner
	if !all && len(roots) > 0 {
		scope = roots[0]
	}
	if err := s.authz.Can(ctx, a, auth.ActReportRead, scope, p.Period.End); err != nil {
		return err
	}
	p.Scope, p.ScopeName = scope, s.unitName(ctx, scope, p.Period.End)
	for i := len(ps) - 1; i >= 0 && len(p.Periods) < 8; i-- {
		if ps[i].Start.After(today) {
			continue
		}
		p.Periods = append(p.Periods, leaderPeriodLink{Label: ps[i].Label(), URL: "/lanh-dao?ky=" + ps[i].ID, Current: ps[i].ID == p.Period.ID})
	}
	if !slices.ContainsFunc(p.Periods, func(l leaderPeriodLink) bool { return l.Current }) {
		p.Periods = append(p.Periods, leaderPeriodLink{Label: p.Period.Label(), URL: "/lanh-dao?ky=" + p.Period.ID, Current: true})
	}
	k := report.Key{Template: t.Code, Period: p.Period.ID, Unit: scope}
	p.ProgressURL = "/tien-do/" + t.Code + "/" + p.Period.ID + "/" + scope
	p.ConsURL = "/tong-hop/" + t.Code + "/" + p.Period.ID + "/" + scope
	if c, _, err := s.reports.Completeness(ctx, a, k); err == nil {
		p.Completeness = c
	} else {
		p.CompNote = apperr.Message(err)
	}
	if out, err := s.rollup.Consolidate(ctx, a, rollup.Request{Key: k}); err == nil {
		p.LastLabel = out.Period.SameLastYear().Label()
		for _, code := range t.Indicators {
			ind, ok := out.Catalogue[code]
			if !ok || !ind.Type.Numeric() {
				continue
			}
			f := leaderFigure{Name: ind.Name, Measure: ind.Unit, Value: aggText(ind, out.Totals[code]), LastYear: aggText(ind, out.LastYear[code])}
			f.Change, f.Up, f.Down = changeText(out.VsLastYear[code])
			p.Figures = append(p.Figures, f)
			if len(p.Figures) == 5 {
				break
			}
		}
	} else {
		p.FigNote = apperr.Message(err)
	}
	ts, err := s.tasks.List(ctx, a, task.Filter{})
	if err != nil {
		return err
	}
	rows := s.taskRows(ctx, a, ts, s.taskNames(ctx), false)
	p.Buckets = taskBucketCounts(rows, "/nhiem-vu?", "")
	p.TaskTotal = len(rows)
	for _, row := range rows {
		if row.Bucket == task.BucketOverdue {
			p.Overdue = append(p.Overdue, row)
		}
	}
	return s.render(w, r, http.StatusOK, "dashboard_leader", p)
}

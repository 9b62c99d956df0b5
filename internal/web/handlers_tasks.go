package web

import (
	"context"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
	"giaoban/internal/task"
	"giaoban/internal/vntext"
)

func init() {
	registerPages("task_list", "task_view", "task_timeline", "task_form", "task_summary", "dashboard_leader")
	funcs["bucketClass"] = taskBucketClass
}

// taskBucketClass is the badge class of a bucket: green done on time,
// amber done late, blue open, red overdue.
func taskBucketClass(b task.Bucket) string {
	switch b {
	case task.BucketDoneOnTime:
		return "badge ok"
	case task.BucketDoneLate:
		return "badge warn"
	case task.BucketOverdue:
		return "badge bad"
	}
	return "badge info"
}

// newTaskService wires the task rules to the store, the hierarchy and the
// mailer.
func (s *Server) newTaskService() *task.Service {
	svc := &task.Service{Store: s.db, Units: taskUnits{db: s.db, org: s.org}, Authz: s.authz, Now: s.now, Log: s.log}
	if s.cfg.Mailer != nil {
		svc.Mail = s.mailUnits
	}
	return svc
}

// taskUnits gives the task rules the store's unit lookup and the
// restructuring walk.
type taskUnits struct {
	db  *sqlstore.DB
	org *org.Service
}

func (u taskUnits) FindUnit(ctx context.Context, code string, at period.Date) (*org.Unit, error) {
	return u.db.FindUnit(ctx, code, at)
}

func (u taskUnits) PredecessorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	return u.org.PredecessorsAt(ctx, code, at)
}

// mailUnits e-mails every active user of units who has an address.
func (s *Server) mailUnits(ctx context.Context, units []string, subject, body string) error {
	users, err := s.db.ListUsers(ctx, auth.UserFilter{UnitCodes: units})
	if err != nil {
		return err
	}
	var to []string
	for _, u := range users {
		if u.Email != "" && !u.Disabled {
			to = append(to, u.Email)
		}
	}
	if len(to) == 0 {
		return nil
	}
	return s.cfg.Mailer.Send(ctx, to, subject, body)
}

// RunTaskReminders sends the task reminders due on today (7 days before a
// deadline, and when overdue), each once per task; the periodic sweep
// calls it, tests call it with the date they need.
func (s *Server) RunTaskReminders(ctx context.Context, today period.Date) (int, error) {
	return s.tasks.RunReminders(ctx, today)
}

// runTaskReminders is the sweep's call: today's reminders, errors logged.
func (s *Server) runTaskReminders(ctx context.Context) {
	if n, err := s.RunTaskReminders(ctx, s.today()); err != nil {
		s.log.Error("task reminders", "err", err)
	} else if n > 0 {
		s.log.Info("task reminders sent", "count", n)
	}
}

// taskURL is the page of one task.
func taskURL(id int64) string { return "/nhiem-vu/" + strconv.FormatInt(id, 10) }

// taskIDParam reads the {id} of a task path; ENOTFOUND when it is not one.
func taskIDParam(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy nhiệm vụ.")
	}
	return id, nil
}

// taskNames resolves unit names for a page, each code once, as of the
// date each task was assigned.
type taskNames struct {
	s     *Server
	ctx   context.Context
	names map[string]string
}

func (s *Server) taskNames(ctx context.Context) *taskNames {
	return &taskNames{s: s, ctx: ctx, names: map[string]string{}}
}

func (n *taskNames) of(code string, at period.Date) string {
	if code == "" {
		return ""
	}
	if v, ok := n.names[code]; ok {
		return v
	}
	v := n.s.unitName(n.ctx, code, at)
	n.names[code] = v
	return v
}

func (n *taskNames) list(codes []string, at period.Date) string {
	out := make([]string, 0, len(codes))
	for _, c := range codes {
		out = append(out, n.of(c, at))
	}
	return strings.Join(out, "; ")
}

// taskRow is one task in a list, with what the row shows.
type taskRow struct {
	task.Task
	Bucket      task.Bucket
	DueSoon     bool
	LeadName    string
	URL         string
	Role        string // the viewer's unit's part: "Chủ trì" or "Phối hợp"
	CanProgress bool   // an inline progress form (the owner's list)
}

// Class is the row's colour: red when overdue, amber when due within 7 days.
func (r taskRow) Class() string {
	switch {
	case r.Bucket == task.BucketOverdue:
		return "overdue"
	case r.DueSoon:
		return "due-soon"
	}
	return ""
}

func (s *Server) taskRows(ctx context.Context, a *auth.Actor, ts []task.Task, names *taskNames, inlineForms bool) []taskRow {
	today := s.today()
	rows := make([]taskRow, 0, len(ts))
	for _, t := range ts {
		r := taskRow{Task: t, Bucket: t.BucketOn(today), DueSoon: t.DueSoon(today, task.DueSoonDays), LeadName: names.of(t.LeadUnit, t.AssignedOn), URL: taskURL(t.ID)}
		switch {
		case a.UnitCode != "" && t.LeadUnit == a.UnitCode:
			r.Role = "Chủ trì"
			r.CanProgress = inlineForms && t.Open() && s.authz.Can(ctx, a, auth.ActTaskProgress, t.LeadUnit, t.AssignedOn) == nil
		case a.UnitCode != "" && slices.Contains(t.Coordinating, a.UnitCode):
			r.Role = "Phối hợp"
		}
		rows = append(rows, r)
	}
	return rows
}

// taskBucketCount is one bucket with its count and filter link.
type taskBucketCount struct {
	Bucket task.Bucket
	Count  int
	URL    string
	Active bool
}

func taskBucketCounts(rows []taskRow, base string, active task.Bucket) []taskBucketCount {
	n := map[task.Bucket]int{}
	for _, r := range rows {
		n[r.Bucket]++
	}
	out := make([]taskBucketCount, 0, len(task.Buckets))
	for _, b := range task.Buckets {
		out = append(out, taskBucketCount{Bucket: b, Count: n[b], URL: base + "tt=" + string(b), Active: b == active})
	}
	return out
}

type taskUnitOption struct {
	Code, Name string
	Selected   bool
	Level      int
}

type taskListPage struct {
	page
	Heading  string
	UnitName string
	Rows     []taskRow
	Counts   []taskBucketCount
	Units    []taskUnitOption
	Unit     string
	Bucket   task.Bucket
	Total    int
	CanNew   bool
	Today    period.Date
}

// handleTasks is "Nhiệm vụ của đơn vị" for a unit (its tasks, led or
// coordinated, with a progress form on each open one it leads), and the
// list of every task in scope for the commission and leaders; ?dv= keeps
// one lead unit, ?tt= one bucket.
func (s *Server) handleTasks(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	q := r.URL.Query()
	p := taskListPage{page: s.basePage(r, "Nhiệm vụ"), Unit: q.Get("dv"), Bucket: task.Bucket(q.Get("tt")), Today: s.today()}
	if p.Bucket != "" && !p.Bucket.Valid() {
		return apperr.Invalid("Trạng thái không hợp lệ.", map[string]string{"tt": "Dùng open, overdue, done_on_time hoặc done_late."})
	}
	reporter := a.Has(auth.RoleReporter) && !a.Has(auth.RoleCommission) && !a.Has(auth.RoleAdmin)
	if reporter {
		p.Heading = "Nhiệm vụ của đơn vị"
		p.UnitName = s.unitName(ctx, a.UnitCode, p.Today)
	} else {
		p.Heading = "Nhiệm vụ được giao"
	}
	p.Title = p.Heading
	all, err := s.visibleTaskList(ctx, a)
	if err != nil {
		return err
	}
	names := s.taskNames(ctx)
	rows := s.taskRows(ctx, a, all, names, reporter)
	seen := map[string]bool{}
	for _, row := range rows {
		if !seen[row.LeadUnit] {
			seen[row.LeadUnit] = true
			p.Units = append(p.Units, taskUnitOption{Code: row.LeadUnit, Name: row.LeadName, Selected: row.LeadUnit == p.Unit})
		}
	}
	slices.SortFunc(p.Units, func(x, y taskUnitOption) int { return vntext.Compare(x.Name, y.Name) })
	var inUnit []taskRow
	for _, row := range rows {
		if p.Unit == "" || row.LeadUnit == p.Unit {
			inUnit = append(inUnit, row)
		}
	}
	base := "/nhiem-vu?"
	if p.Unit != "" {
		base += "dv=" + urlQueryEscape(p.Unit) + "&"
	}
	p.Counts = taskBucketCounts(inUnit, base, p.Bucket)
	p.Total = len(inUnit)
	for _, row := range inUnit {
		if p.Bucket == "" || row.Bucket == p.Bucket {
			p.Rows = append(p.Rows, row)
		}
	}
	p.CanNew = s.tasks.CanAssign(ctx, a) == nil
	return s.render(w, r, http.StatusOK, "task_list", p)
}

type taskFormPage struct {
	page
	In        task.Draft
	Errors    map[string]string
	Error     string
	Units     []taskUnitOption
	Monitors  []taskUnitOption
	Today     period.Date
	Coord     map[string]bool
	DefaultMo string
}

// handleTaskNew is the form of a task entered by hand.
func (s *Server) handleTaskNew(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	if err := s.tasks.CanAssign(r.Context(), a); err != nil {
		return err
	}
	return s.renderTaskForm(w, r, http.StatusOK, task.Draft{}, nil, "")
}

func (s *Server) renderTaskForm(w http.ResponseWriter, r *http.Request, status int, in task.Draft, errs map[string]string, msg string) error {
	ctx := r.Context()
	a := reqCtx(r).actor
	p := taskFormPage{page: s.basePage(r, "Giao nhiệm vụ mới"), In: in, Errors: errs, Error: msg, Today: s.today(), Coord: map[string]bool{}}
	for _, c := range in.Coordinating {
		p.Coord[c] = true
	}
	at := p.Today
	if d, err := period.Parse(strings.TrimSpace(in.AssignedOn)); err == nil {
		at = d
	}
	units, _, err := s.visibleTree(ctx, a, "", at, 0)
	if err != nil {
		return err
	}
	for _, u := range units {
		p.Units = append(p.Units, taskUnitOption{Code: u.Code, Name: u.Label(), Selected: u.Code == in.LeadUnit, Level: u.Level})
		if u.Kind == org.KindCommission {
			p.Monitors = append(p.Monitors, taskUnitOption{Code: u.Code, Name: u.Label(), Selected: u.Code == in.MonitorUnit})
		}
	}
	return s.render(w, r, status, "task_form", p)
}

// handleTaskCreate stores a task entered by hand and shows it.
func (s *Server) handleTaskCreate(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	if err := s.tasks.CanAssign(r.Context(), a); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.Errorf(apperr.EINVALID, "Biểu mẫu không hợp lệ.")
	}
	in := task.Draft{Content: r.PostFormValue("content"), LeadUnit: r.PostFormValue("lead_unit"), Coordinating: r.PostForm["coordinating"],
		MonitorUnit: r.PostFormValue("monitor_unit"), Deadline: r.PostFormValue("deadline"), Ongoing: r.PostFormValue("ongoing") != "",
		SourceNumber: r.PostFormValue("source_number"), SourceTitle: r.PostFormValue("source_title"), AssignedOn: r.PostFormValue("assigned_on")}
	t, err := s.tasks.Create(r.Context(), a, in)
	if err != nil {
		if f := apperr.FieldsOf(err); f != nil {
			return s.renderTaskForm(w, r, http.StatusUnprocessableEntity, in, f, apperr.Message(err))
		}
		return err
	}
	setFlash(w, "Đã giao nhiệm vụ và thông báo cho đơn vị chủ trì.")
	http.Redirect(w, r, taskURL(t.ID), http.StatusSeeOther)
	return nil
}

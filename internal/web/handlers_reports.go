package web

import (
	"context"
	"errors"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/task"
)

// reportURL is the page of one report.
func reportURL(k report.Key) string {
	return "/bao-cao/" + k.Template + "/" + k.Period + "/" + k.Unit
}

type dueRow struct {
	report.Due
	URL    string
	Status report.Status
}

type reportsPage struct {
	page
	UnitName  string
	Due       []dueRow
	Templates []report.Template
	Review    []reviewLink
	Pickers   []templatePicker
}

type templatePicker struct {
	Template *report.Template
	Periods  []period.Period // newest first
	Scope    string
}

type reviewLink struct {
	Template *report.Template
	Period   period.Period
	URL      string
}

// handleReports is "Báo cáo của tôi": every report the user's unit must
// file, with its deadline and status; for commission staff and leaders,
// the progress pages of the current periods too.
func (s *Server) handleReports(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	today := s.today()
	p := reportsPage{page: s.basePage(r, "Báo cáo của tôi")}
	if a.UnitCode != "" && a.Has(auth.RoleReporter) {
		p.UnitName = s.unitName(ctx, a.UnitCode, today)
		due, err := s.reports.DueFor(ctx, a, a.UnitCode, today)
		if err != nil {
			return err
		}
		for _, d := range due {
			row := dueRow{Due: d, URL: reportURL(report.Key{Template: d.Template.Code, Period: d.Period.ID, Unit: a.UnitCode}), Status: report.StatusDraft}
			if d.Report != nil {
				row.Status = d.Report.Status
			}
			p.Due = append(p.Due, row)
		}
	}
	if a.Has(auth.RoleCommission) || a.Has(auth.RoleLeader) || a.Has(auth.RoleAdmin) {
		ts, err := s.db.ListTemplates(ctx)
		if err != nil {
			return err
		}
		p.Templates = ts
		for i := range ts {
			t := &ts[i]
			if t.Retired {
				continue
			}
			scope := t.Owner
			all := s.recentPeriods(ctx, t, 1000)
			p.Pickers = append(p.Pickers, templatePicker{Template: t, Periods: all, Scope: scope})
			for _, per := range s.recentPeriods(ctx, t, 4) {
				p.Review = append(p.Review, reviewLink{Template: t, Period: per, URL: "/tien-do/" + t.Code + "/" + per.ID + "/" + scope})
			}
		}
	}
	return s.render(w, r, http.StatusOK, "reports", p)
}

// recentPeriods returns the template's n latest periods that have started.
func (s *Server) recentPeriods(ctx context.Context, t *report.Template, n int) []period.Period {
	ps := s.templatePeriods(ctx, t)
	today := s.today()
	var out []period.Period
	for i := len(ps) - 1; i >= 0 && len(out) < n; i-- {
		if !ps[i].Start.After(today) {
			out = append(out, ps[i])
		}
	}
	return out
}

type formRow struct {
	Heading  string // set on the first row of a section
	Code     string
	Name     string
	Measure  string
	Type     report.ValueType
	Input    string
	Saved    string // the stored value, shown beside the input after a conflict
	Previous string
	LastYear string
	Comment  string
	Error    string
	Flag     string
}

type narrativeRow struct {
	Key, Title, Text, Saved, Error string
}

type reportFormPage struct {
	page
	C            *report.Context
	Key          report.Key
	URL          string
	Rows         []formRow
	Narrative    []narrativeRow
	Version      int
	CanEdit      bool
	CanReview    bool
	Overdue      bool
	Error        string
	Conflict     bool
	Prev, Last   string // labels of the comparison periods
	Versions     int
	Attachments  []report.Attachment
	ImportErrors []problem
	// Tasks is the section "Kết quả thực hiện nhiệm vụ được giao": one
	// line per task of the unit open during the period.
	Tasks []reportTaskLine
}

// reportTaskLine is one task in a unit's report form, pre-filled with its
// latest progress; what the unit writes updates the task when the report
// is saved.
type reportTaskLine struct {
	ID           int64
	Content      string
	URL          string
	Deadline     string
	Bucket       task.Bucket
	DueSoon      bool
	State        task.State
	Text         string
	Percent      string
	Editable     bool
	TextError    string
	PercentError string
}

// Class is the line's colour: red when overdue, amber when due soon.
func (l reportTaskLine) Class() string {
	switch {
	case l.Bucket == task.BucketOverdue:
		return "overdue"
	case l.DueSoon:
		return "due-soon"
	}
	return ""
}

// taskLines builds the task section of a report form. The lines of a
// report that can no longer be edited show what was written in it.
func (s *Server) taskLines(ctx context.Context, a *auth.Actor, c *report.Context, canEdit bool, input *formInput, errs map[string]string) []reportTaskLine {
	rep := c.Report
	ts, err := s.tasks.ForReport(ctx, a, rep.Unit, c.Period)
	if err != nil || len(ts) == 0 {
		return nil
	}
	today := s.today()
	out := make([]reportTaskLine, 0, len(ts))
	for _, t := range ts {
		key := "tasks." + strconv.FormatInt(t.ID, 10)
		l := reportTaskLine{ID: t.ID, Content: t.Content, URL: taskURL(t.ID), Deadline: t.DeadlineLabel(), Bucket: t.BucketOn(today),
			DueSoon: t.DueSoon(today, task.DueSoonDays), State: t.State, Text: t.LastProgress, Percent: strconv.Itoa(t.Percent),
			Editable: canEdit && t.Open(), TextError: errs[key+".text"], PercentError: errs[key+".percent"]}
		if !l.Editable {
			if evs, err := s.db.ListTaskEvents(ctx, t.ID); err == nil {
				for _, ev := range evs {
					if ev.Kind == task.EventReport && ev.ReportRef == rep.Key.String() {
						l.Text = ev.Text
						if ev.Percent != nil {
							l.Percent = strconv.Itoa(*ev.Percent)
						}
					}
				}
			}
		}
		if in, ok := input.taskLine(t.ID); ok && l.Editable {
			l.Text, l.Percent = in.text, in.percent
		}
		out = append(out, l)
	}
	return out
}

// loadComparisons returns the unit's report for the previous period and the
// same period last year (nil when absent).
func (s *Server) loadComparisons(ctx context.Context, c *report.Context) (prev, last *report.Report) {
	k := c.Report.Key
	if c.Template.Kind != report.KindPeriodic {
		return nil, nil
	}
	k.Period = c.Period.Previous().ID
	if r, err := s.db.FindReport(ctx, k); err == nil && r.Status != report.StatusDraft {
		prev = r
	}
	k.Period = c.Period.SameLastYear().ID
	if r, err := s.db.FindReport(ctx, k); err == nil && r.Status != report.StatusDraft {
		last = r
	}
	return prev, last
}

// buildForm lays out the form page. input, when not nil, is what the user
// typed (after a failed save) and replaces the stored values on the page.
func (s *Server) buildForm(r *http.Request, c *report.Context, input *formInput, errs map[string]string, conflict *report.Report) (*reportFormPage, error) {
	ctx := r.Context()
	a := reqCtx(r).actor
	rep := c.Report
	p := &reportFormPage{page: s.basePage(r, c.Template.Name+" — "+c.Period.Label()), C: c, Key: rep.Key, URL: reportURL(rep.Key), Version: rep.Version}
	p.CanEdit = rep.Status.Editable() && s.authz.Can(ctx, a, auth.ActReportWrite, rep.Unit, c.Period.End) == nil
	p.CanReview = s.authz.Can(ctx, a, auth.ActReportReview, rep.Unit, c.Period.End) == nil
	p.Overdue = rep.Status.Editable() && c.Deadline.Before(s.today())
	prev, last := s.loadComparisons(ctx, c)
	if c.Template.Kind == report.KindPeriodic {
		p.Prev, p.Last = c.Period.Previous().Label(), c.Period.SameLastYear().Label()
	}
	flags := map[string]string{}
	if rep.Version > 0 {
		if f, err := s.reports.Outliers(ctx, c); err == nil {
			flags = f
		}
	}
	section := ""
	for _, code := range c.Template.Indicators {
		ind := c.Catalogue[code]
		row := formRow{Code: code, Name: ind.Name, Measure: ind.Unit, Type: ind.Type,
			Input: report.Format(ind.Type, rep.Values[code]), Comment: rep.Comments[code], Flag: flags[code],
			Error: errs["values."+code]}
		if ind.Section != section {
			row.Heading, section = ind.Section, ind.Section
		}
		if prev != nil {
			row.Previous = report.Format(ind.Type, prev.Values[code])
		}
		if last != nil {
			row.LastYear = report.Format(ind.Type, last.Values[code])
		}
		if input != nil {
			row.Input, row.Comment = input.values[code], input.comments[code]
		}
		if conflict != nil {
			row.Saved = report.Format(ind.Type, conflict.Values[code])
		}
		if e := errs["comments."+code]; e != "" && row.Error == "" {
			row.Error = e
		}
		p.Rows = append(p.Rows, row)
	}
	for _, sec := range c.Template.Outline {
		n := narrativeRow{Key: sec.Key, Title: sec.Title, Text: rep.Narrative[sec.Key], Error: errs["narrative."+sec.Key]}
		if input != nil {
			n.Text = input.narrative[sec.Key]
		}
		if conflict != nil {
			n.Saved = conflict.Narrative[sec.Key]
		}
		p.Narrative = append(p.Narrative, n)
	}
	if conflict != nil {
		p.Conflict = true
		p.Version = conflict.Version
	}
	if vs, err := s.db.ListVersions(ctx, rep.Key); err == nil {
		p.Versions = len(vs)
	}
	if atts, err := s.db.ListAttachments(ctx, rep.Key); err == nil {
		p.Attachments = atts
	}
	p.Tasks = s.taskLines(ctx, a, c, p.CanEdit, input, errs)
	return p, nil
}

func (s *Server) handleReportForm(w http.ResponseWriter, r *http.Request) error {
	c, err := s.reports.Get(r.Context(), reqCtx(r).actor, reportKey(r))
	if err != nil {
		return err
	}
	p, err := s.buildForm(r, c, nil, nil, nil)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "report_form", p)
}

// formInput is the typed form of a report page post.
type formInput struct {
	version   int
	values    map[string]string
	comments  map[string]string
	narrative map[string]string
	action    string
	tasks     map[int64]taskLineInput // the task section, by task id
}

// taskLineInput is one line of the task section as typed.
type taskLineInput struct {
	text, percent string
}

// taskLine returns what was typed for a task, if the post carried it.
func (in *formInput) taskLine(id int64) (taskLineInput, bool) {
	if in == nil {
		return taskLineInput{}, false
	}
	l, ok := in.tasks[id]
	return l, ok
}

// taskReportLines are the typed task lines in id order.
func (in *formInput) taskReportLines() []task.ReportLine {
	ids := make([]int64, 0, len(in.tasks))
	for id := range in.tasks {
		ids = append(ids, id)
	}
	slices.Sort(ids)
	out := make([]task.ReportLine, 0, len(ids))
	for _, id := range ids {
		out = append(out, task.ReportLine{TaskID: id, Text: in.tasks[id].text, Percent: in.tasks[id].percent})
	}
	return out
}

func parseFormInput(r *http.Request, c *report.Context) formInput {
	in := formInput{values: map[string]string{}, comments: map[string]string{}, narrative: map[string]string{}, action: r.PostFormValue("action")}
	in.version, _ = strconv.Atoi(r.PostFormValue("version"))
	for _, code := range c.Template.Indicators {
		in.values[code] = r.PostFormValue("v." + code)
		in.comments[code] = r.PostFormValue("c." + code)
	}
	for _, sec := range c.Template.Outline {
		in.narrative[sec.Key] = r.PostFormValue("n." + sec.Key)
	}
	// The task section: "nv.<id>.text" and "nv.<id>.percent".
	for name, vs := range r.PostForm {
		rest, ok := strings.CutPrefix(name, "nv.")
		if !ok || len(vs) == 0 {
			continue
		}
		idText, field, ok := strings.Cut(rest, ".")
		id, err := strconv.ParseInt(idText, 10, 64)
		if !ok || err != nil || id <= 0 {
			continue
		}
		if in.tasks == nil {
			in.tasks = map[int64]taskLineInput{}
		}
		l := in.tasks[id]
		switch field {
		case "text":
			l.text = vs[0]
		case "percent":
			l.percent = vs[0]
		default:
			continue
		}
		in.tasks[id] = l
	}
	return in
}

// draftFrom parses the typed input; field errors are keyed like
// report.CheckDraft's.
func draftFrom(c *report.Context, in formInput) (*report.Draft, map[string]string) {
	d := &report.Draft{Version: in.version, Values: map[string]report.Value{}, Comments: map[string]string{}, Narrative: map[string]string{}}
	errs := map[string]string{}
	for code, text := range in.values {
		ind := c.Catalogue[code]
		v, err := report.Parse(ind.Type, text)
		if err != nil {
			errs["values."+code] = "Giá trị \"" + text + "\" không hợp lệ: " + err.Error() + "."
			continue
		}
		d.Values[code] = v
	}
	for k, v := range in.comments {
		d.Comments[k] = v
	}
	for k, v := range in.narrative {
		d.Narrative[k] = v
	}
	return d, errs
}

// handleReportSave saves the form (and submits it when asked). On a bad
// value the page comes back with the user's input and a message at each
// cell; on a stale version it comes back with both versions side by side.
func (s *Server) handleReportSave(w http.ResponseWriter, r *http.Request) error {
	a := reqCtx(r).actor
	k := reportKey(r)
	c, err := s.reports.Get(r.Context(), a, k)
	if err != nil {
		return err
	}
	if err := s.reports.CanWrite(r.Context(), a, c); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.Errorf(apperr.EINVALID, "Biểu mẫu không hợp lệ.")
	}
	in := parseFormInput(r, c)
	d, errs := draftFrom(c, in)
	rerender := func(status int, msg string, errs map[string]string, conflict *report.Report) error {
		p, err := s.buildForm(r, c, &in, errs, conflict)
		if err != nil {
			return err
		}
		p.Error = msg
		return s.render(w, r, status, "report_form", p)
	}
	// The task lines are checked before anything is saved, and written
	// once the report is.
	var batch *task.ReportBatch
	if len(in.tasks) > 0 {
		batch, err = s.tasks.CheckReport(r.Context(), a, k.Unit, in.taskReportLines())
		if f := apperr.FieldsOf(err); f != nil {
			for key, msg := range f {
				errs[key] = msg
			}
		} else if err != nil {
			return err
		}
	}
	if len(errs) > 0 {
		return rerender(http.StatusUnprocessableEntity, "Có giá trị chưa hợp lệ (xem các ô tô đỏ). Chưa lưu gì.", errs, nil)
	}
	if _, err := s.reports.Save(r.Context(), a, k, d); err != nil {
		var conflict *report.Conflict
		if errors.As(err, &conflict) {
			return rerender(http.StatusConflict, apperr.Message(err), nil, conflict.Current)
		}
		if f := apperr.FieldsOf(err); f != nil || apperr.Is(err, apperr.ECONFLICT) {
			return rerender(statusOf(err), apperr.Message(err), f, nil)
		}
		return err
	}
	updated := ""
	if batch.Len() > 0 {
		n, err := s.tasks.ApplyReport(r.Context(), a, batch, k.String())
		if err != nil {
			return err
		}
		updated = " Đã cập nhật tiến độ " + strconv.Itoa(n) + " nhiệm vụ."
	}
	if in.action == "submit" {
		if _, err := s.reports.Submit(r.Context(), a, k); err != nil {
			if f := apperr.FieldsOf(err); f != nil {
				return s.showReportError(w, r, http.StatusUnprocessableEntity, "Đã lưu nháp, nhưng chưa gửi được: "+apperr.Message(err), f, nil)
			}
			return err
		}
		setFlash(w, "Đã gửi báo cáo."+updated)
	} else {
		setFlash(w, "Đã lưu nháp."+updated)
	}
	http.Redirect(w, r, reportURL(k), http.StatusSeeOther)
	return nil
}

func (s *Server) handleReportSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.reportAction(w, r, "Đã gửi báo cáo.", func(a *auth.Actor, k report.Key) (*report.Report, error) {
		return s.reports.Submit(r.Context(), a, k)
	})
}

func (s *Server) handleReportAccept(w http.ResponseWriter, r *http.Request) error {
	return s.reportAction(w, r, "Đã tiếp nhận báo cáo; báo cáo đã được khóa.", func(a *auth.Actor, k report.Key) (*report.Report, error) {
		return s.reports.Accept(r.Context(), a, k)
	})
}

func (s *Server) handleReportReturn(w http.ResponseWriter, r *http.Request) error {
	return s.reportAction(w, r, "Đã trả lại báo cáo cho đơn vị.", func(a *auth.Actor, k report.Key) (*report.Report, error) {
		return s.reports.Return(r.Context(), a, k, r.PostFormValue("reason"))
	})
}

// reportAction runs a workflow step from a button and comes back to the
// report page; a refused step shows its reason there.
func (s *Server) reportAction(w http.ResponseWriter, r *http.Request, ok string, do func(*auth.Actor, report.Key) (*report.Report, error)) error {
	a := reqCtx(r).actor
	k := reportKey(r)
	if _, err := do(a, k); err != nil {
		switch apperr.Code(err) {
		case apperr.EINVALID, apperr.ECONFLICT:
			msg := apperr.Message(err)
			if f := apperr.FieldsOf(err); f["reason"] != "" {
				msg = f["reason"]
			}
			return s.showReportError(w, r, statusOf(err), msg, apperr.FieldsOf(err), nil)
		}
		return err
	}
	setFlash(w, ok)
	http.Redirect(w, r, reportURL(k), http.StatusSeeOther)
	return nil
}

// showReportError re-reads the report of the request's path and shows its
// page with msg at the top, field messages at their cells and workbook
// problems listed: the one answer to a refused action on a report.
func (s *Server) showReportError(w http.ResponseWriter, r *http.Request, status int, msg string, fields map[string]string, problems []problem) error {
	c, err := s.reports.Get(r.Context(), reqCtx(r).actor, reportKey(r))
	if err != nil {
		return err
	}
	p, err := s.buildForm(r, c, nil, fields, nil)
	if err != nil {
		return err
	}
	p.Error, p.ImportErrors = msg, problems
	return s.render(w, r, status, "report_form", p)
}

type versionsPage struct {
	page
	C        *report.Context
	URL      string
	Versions []report.Version
	A, B     *report.Version
	Changes  []report.Change
}

func (s *Server) handleReportVersions(w http.ResponseWriter, r *http.Request) error {
	c, vs, err := s.reports.Versions(r.Context(), reqCtx(r).actor, reportKey(r))
	if err != nil {
		return err
	}
	p := versionsPage{page: s.basePage(r, "Các phiên bản — "+c.Report.UnitName), C: c, URL: reportURL(c.Report.Key), Versions: vs}
	find := func(q string) *report.Version {
		n, err := strconv.Atoi(q)
		if err != nil {
			return nil
		}
		for i := range vs {
			if vs[i].Version == n {
				return &vs[i]
			}
		}
		return nil
	}
	p.A, p.B = find(r.URL.Query().Get("a")), find(r.URL.Query().Get("b"))
	if p.A == nil && p.B == nil && len(vs) >= 2 {
		p.A, p.B = &vs[len(vs)-2], &vs[len(vs)-1]
	}
	if p.A != nil && p.B != nil {
		p.Changes = report.Diff(c.Template, c.Catalogue, p.A, p.B)
	}
	return s.render(w, r, http.StatusOK, "report_versions", p)
}

// handleProgressPick redirects the period picker's GET form to the
// progress page of the chosen period (a path, so links stay shareable).
func (s *Server) handleProgressPick(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.actor(r); err != nil {
		return err
	}
	t, err := s.db.FindTemplate(r.Context(), r.PathValue("template"))
	if err != nil {
		return err
	}
	p, err := t.Period(r.URL.Query().Get("ky"))
	if err != nil {
		return err
	}
	unit := r.URL.Query().Get("dv")
	if unit == "" {
		unit = t.Owner
	}
	http.Redirect(w, r, "/tien-do/"+t.Code+"/"+p.ID+"/"+url.PathEscape(unit), http.StatusSeeOther)
	return nil
}

package web

import (
	"io"
	"mime"
	"mime/multipart"
	"net/http"
	"strconv"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/task"
	"giaoban/internal/vntext"
)

// taskProgressInput is what the progress form carried, shown again after a
// refused post.
type taskProgressInput struct {
	Text, Percent, Date string
	Propose             bool
}

type taskEventRow struct {
	task.Event
	By        string
	ReportURL string
	ReportFor string // "Báo cáo quý II/2019"
}

type taskViewPage struct {
	page
	D           *task.Detail
	T           *task.Task
	Bucket      task.Bucket
	DueSoon     bool
	LeadName    string
	MonitorName string
	CoordNames  string
	Events      []taskEventRow
	URL         string
	Error       string
	Errors      map[string]string
	In          taskProgressInput
	Today       period.Date
	MaxFiles    int
}

// reportRefLink turns an event's report reference (template/period/unit)
// into the report's page and its label.
func (s *Server) reportRefLink(r *http.Request, ref string) (url, label string) {
	parts := strings.Split(ref, "/")
	if len(parts) != 3 {
		return "", ""
	}
	k := report.Key{Template: parts[0], Period: parts[1], Unit: parts[2]}
	label = "Báo cáo kỳ " + k.Period
	if t, err := s.db.FindTemplate(r.Context(), k.Template); err == nil {
		if p, err := t.Period(k.Period); err == nil {
			label = t.Name + " — " + p.Label()
		}
	}
	return reportURL(k), label
}

func (s *Server) taskEventRows(r *http.Request, evs []task.Event) []taskEventRow {
	out := make([]taskEventRow, 0, len(evs))
	for _, ev := range evs {
		row := taskEventRow{Event: ev, By: ev.CreatedBy}
		if ev.ReportRef != "" {
			row.ReportURL, row.ReportFor = s.reportRefLink(r, ev.ReportRef)
		}
		out = append(out, row)
	}
	return out
}

// handleTask is one task: its facts, its history, the owner's progress
// form and the monitor's decision.
func (s *Server) handleTask(w http.ResponseWriter, r *http.Request) error {
	return s.renderTask(w, r, http.StatusOK, "", nil, taskProgressInput{})
}

func (s *Server) renderTask(w http.ResponseWriter, r *http.Request, status int, msg string, errs map[string]string, in taskProgressInput) error {
	id, err := taskIDParam(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d, err := s.tasks.Detail(ctx, reqCtx(r).actor, id)
	if err != nil {
		return err
	}
	t := d.Task
	today := s.today()
	names := s.taskNames(ctx)
	p := taskViewPage{page: s.basePage(r, "Nhiệm vụ số "+strconv.FormatInt(t.ID, 10)), D: d, T: t, Bucket: t.BucketOn(today),
		DueSoon: t.DueSoon(today, task.DueSoonDays), LeadName: names.of(t.LeadUnit, t.AssignedOn), MonitorName: names.of(t.MonitorUnit, t.AssignedOn),
		CoordNames: names.list(t.Coordinating, t.AssignedOn), Events: s.taskEventRows(r, d.Events), URL: taskURL(t.ID),
		Error: msg, Errors: errs, In: in, Today: today, MaxFiles: task.MaxEvidenceFiles}
	if p.In == (taskProgressInput{}) {
		p.In.Percent = strconv.Itoa(t.Percent)
	}
	return s.render(w, r, status, "task_view", p)
}

// taskFormError re-shows the task page after a refused post: field and
// state errors beside the form, anything else as an error page.
func (s *Server) taskFormError(w http.ResponseWriter, r *http.Request, err error, in taskProgressInput) error {
	switch apperr.Code(err) {
	case apperr.EINVALID, apperr.ECONFLICT:
		return s.renderTask(w, r, statusOf(err), apperr.Message(err), apperr.FieldsOf(err), in)
	}
	return err
}

// parseTaskForm reads a task form, multipart (with evidence files) or not.
func parseTaskForm(r *http.Request) error {
	ct, _, _ := mime.ParseMediaType(r.Header.Get("Content-Type"))
	if ct == "multipart/form-data" {
		if err := r.ParseMultipartForm(task.MaxEvidence + 1<<20); err != nil {
			return apperr.Invalid("Không đọc được tệp tải lên.", map[string]string{"evidence": "Tệp quá lớn (tối đa 10 MB mỗi tệp) hoặc biểu mẫu hỏng."})
		}
		return nil
	}
	if err := r.ParseForm(); err != nil {
		return apperr.Errorf(apperr.EINVALID, "Biểu mẫu không hợp lệ.")
	}
	return nil
}

// readTaskEvidence reads the files of the form's "evidence" inputs.
func readTaskEvidence(r *http.Request) ([]task.Upload, error) {
	if r.MultipartForm == nil {
		return nil, nil
	}
	var out []task.Upload
	for _, h := range r.MultipartForm.File["evidence"] {
		if h.Filename == "" && h.Size == 0 {
			continue // an empty file input
		}
		data, err := readTaskPart(h)
		if err != nil {
			return nil, err
		}
		out = append(out, task.Upload{Name: h.Filename, Data: data})
	}
	return out, nil
}

func readTaskPart(h *multipart.FileHeader) ([]byte, error) {
	f, err := h.Open()
	if err != nil {
		return nil, err
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, task.MaxEvidence+1))
	if err != nil {
		return nil, err
	}
	if len(data) > task.MaxEvidence {
		return nil, apperr.Invalid("Tệp quá lớn.", map[string]string{"evidence": h.Filename + ": tệp tối đa 10 MB."})
	}
	return data, nil
}

// parseTaskPercent reads an optional percent; "" is nil.
func parseTaskPercent(v string) (*int, error) {
	v = strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(v), "%"))
	if v == "" {
		return nil, nil
	}
	n, err := strconv.Atoi(v)
	if err != nil {
		return nil, apperr.Invalid("Tỷ lệ hoàn thành không hợp lệ.", map[string]string{"percent": "Tỷ lệ hoàn thành là số nguyên từ 0 đến 100."})
	}
	return &n, nil
}

// handleTaskProgress records the owner's progress (and proposal to close).
func (s *Server) handleTaskProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := taskIDParam(r)
	if err != nil {
		return err
	}
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	if err := parseTaskForm(r); err != nil {
		return s.taskFormError(w, r, err, taskProgressInput{})
	}
	in := taskProgressInput{Text: r.PostFormValue("text"), Percent: r.PostFormValue("percent"), Date: r.PostFormValue("date"), Propose: r.PostFormValue("propose") != ""}
	version := formVersion(r)
	pct, err := parseTaskPercent(in.Percent)
	if err != nil {
		bad := -1 // refused by the rules, after the caller's rights
		pct = &bad
	}
	files, err := readTaskEvidence(r)
	if err != nil {
		return s.taskFormError(w, r, err, in)
	}
	t, err := s.tasks.PostProgress(r.Context(), a, id, task.Progress{Version: version, Text: in.Text, Percent: pct, On: in.Date, Evidence: files, ProposeDone: in.Propose})
	if err != nil {
		return s.taskFormError(w, r, err, in)
	}
	if t.State == task.StateProposed && in.Propose {
		setFlash(w, "Đã đề nghị xác nhận hoàn thành; đơn vị theo dõi đã được thông báo.")
	} else {
		setFlash(w, "Đã cập nhật tiến độ.")
	}
	next := taskURL(id)
	if v := r.PostFormValue("next"); v != "" {
		next = safeNext(v)
	}
	http.Redirect(w, r, next, http.StatusSeeOther)
	return nil
}

// formVersion is the task version a form carries; -1 when it has none,
// which the rules refuse once the caller's rights are checked.
func formVersion(r *http.Request) int {
	v, err := strconv.Atoi(r.PostFormValue("version"))
	if err != nil || v <= 0 {
		return -1
	}
	return v
}

// handleTaskConfirm is the monitor's confirmation that the task is done.
func (s *Server) handleTaskConfirm(w http.ResponseWriter, r *http.Request) error {
	return s.taskDecision(w, r, "Đã xác nhận hoàn thành nhiệm vụ.", func(id int64, version int) (*task.Task, error) {
		return s.tasks.Confirm(r.Context(), reqCtx(r).actor, id, version, r.PostFormValue("note"))
	})
}

// handleTaskReturn is the monitor sending a proposed task back.
func (s *Server) handleTaskReturn(w http.ResponseWriter, r *http.Request) error {
	return s.taskDecision(w, r, "Đã trả lại; đơn vị chủ trì đã được thông báo.", func(id int64, version int) (*task.Task, error) {
		return s.tasks.Return(r.Context(), reqCtx(r).actor, id, version, r.PostFormValue("reason"))
	})
}

func (s *Server) taskDecision(w http.ResponseWriter, r *http.Request, ok string, do func(id int64, version int) (*task.Task, error)) error {
	id, err := taskIDParam(r)
	if err != nil {
		return err
	}
	if _, err := s.actor(r); err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.Errorf(apperr.EINVALID, "Biểu mẫu không hợp lệ.")
	}
	if _, err := do(id, formVersion(r)); err != nil {
		return s.taskFormError(w, r, err, taskProgressInput{})
	}
	setFlash(w, ok)
	http.Redirect(w, r, taskURL(id), http.StatusSeeOther)
	return nil
}

// handleTaskEvidence downloads an evidence file.
func (s *Server) handleTaskEvidence(w http.ResponseWriter, r *http.Request) error {
	id, err := taskIDParam(r)
	if err != nil {
		return err
	}
	eid, err := strconv.ParseInt(r.PathValue("eid"), 10, 64)
	if err != nil {
		return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tệp minh chứng.")
	}
	e, err := s.tasks.Evidence(r.Context(), reqCtx(r).actor, id, eid)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", e.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": e.FileName}))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(e.Data)
	return err
}

// taskStep is one link of a task's chain.
type taskStep struct {
	When   string
	Kind   string // css hook: report, conference, conclusion, task, progress, propose, confirm, return
	Title  string
	Text   string
	URL    string
	Link   string
	Extra  []taskStepLink
	Detail string
}

type taskStepLink struct {
	URL, Label string
}

type taskTimelinePage struct {
	page
	T      *task.Task
	URL    string
	Bucket task.Bucket
	Steps  []taskStep
}

// handleTaskTimeline shows the whole chain of one task: the period's
// report and consolidation → the conference → the conclusion item → the
// task → its progress, proposals and decisions → the lines written in the
// unit's next reports.
func (s *Server) handleTaskTimeline(w http.ResponseWriter, r *http.Request) error {
	id, err := taskIDParam(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	d, err := s.tasks.Detail(ctx, reqCtx(r).actor, id)
	if err != nil {
		return err
	}
	t := d.Task
	names := s.taskNames(ctx)
	p := taskTimelinePage{page: s.basePage(r, "Dòng thời gian nhiệm vụ số "+strconv.FormatInt(t.ID, 10)), T: t, URL: taskURL(t.ID), Bucket: t.BucketOn(s.today())}
	if o := d.Origin; o != nil {
		if o.Template != "" && o.Period != "" {
			step := taskStep{Kind: "report", Title: "Báo cáo, tổng hợp kỳ " + o.Period}
			if tpl, err := s.db.FindTemplate(ctx, o.Template); err == nil {
				if per, err := tpl.Period(o.Period); err == nil {
					step.Title = tpl.Name + " — " + per.Label()
					step.When = per.WindowLabel()
				}
			}
			step.Extra = append(step.Extra, taskStepLink{reportURL(report.Key{Template: o.Template, Period: o.Period, Unit: t.LeadUnit}),
				"Báo cáo của " + names.of(t.LeadUnit, t.AssignedOn)})
			if o.ConsolidationRef != "" {
				step.Extra = append(step.Extra, taskStepLink{"/tong-hop/" + o.ConsolidationRef, "Báo cáo tổng hợp (tài liệu hội nghị)"})
			}
			p.Steps = append(p.Steps, step)
		}
		when := ""
		if !o.ConferenceStartsAt.IsZero() {
			st := o.ConferenceStartsAt.In(period.Vietnam)
			when = st.Format("15:04") + ", " + vntext.FormatDateLong(st.Year(), st.Month(), st.Day())
		}
		p.Steps = append(p.Steps, taskStep{Kind: "conference", When: when, Title: o.ConferenceTitle,
			Text: "Đơn vị chủ trì: " + names.of(o.HostUnit, t.AssignedOn), URL: "/hoi-nghi/" + strconv.FormatInt(o.ConferenceID, 10), Link: "Xem hội nghị"})
		title := o.ConclusionTitle
		if o.ConclusionNumber != "" {
			title = o.ConclusionNumber + " — " + title
		}
		p.Steps = append(p.Steps, taskStep{Kind: "conclusion", When: o.ConclusionIssued.VN(), Title: title,
			Text: "Mục " + strconv.Itoa(o.ItemSeq) + ": " + o.ItemText})
	} else if t.SourceNumber != "" || t.SourceTitle != "" {
		p.Steps = append(p.Steps, taskStep{Kind: "conclusion", Title: strings.Trim(t.SourceNumber+" — "+t.SourceTitle, " —"), Text: "Văn bản giao nhiệm vụ"})
	}
	giao := "Chủ trì: " + names.of(t.LeadUnit, t.AssignedOn)
	if len(t.Coordinating) > 0 {
		giao += " · Phối hợp: " + names.list(t.Coordinating, t.AssignedOn)
	}
	giao += " · Theo dõi: " + names.of(t.MonitorUnit, t.AssignedOn) + " · Hạn: " + t.DeadlineLabel()
	p.Steps = append(p.Steps, taskStep{Kind: "task", When: t.AssignedOn.VN(), Title: "Giao nhiệm vụ: " + t.Content, Text: giao, URL: p.URL, Link: "Xem nhiệm vụ"})
	for _, ev := range s.taskEventRows(r, d.Events) {
		step := taskStep{Kind: string(ev.Kind), When: ev.On.VN(), Title: ev.Kind.Label(), Text: ev.Text, Detail: "Người cập nhật: " + ev.By}
		if ev.Percent != nil {
			step.Detail += " · Tiến độ " + strconv.Itoa(*ev.Percent) + "%"
		}
		if ev.Kind == task.EventPropose && !ev.On.IsZero() {
			step.Title += " (ngày hoàn thành đề nghị " + ev.On.VN() + ")"
		}
		if ev.ReportURL != "" {
			step.Title = "Kết quả ghi trong " + ev.ReportFor
			step.URL, step.Link = ev.ReportURL, "Xem báo cáo"
		}
		for _, e := range ev.Evidence {
			step.Extra = append(step.Extra, taskStepLink{p.URL + "/minh-chung/" + strconv.FormatInt(e.ID, 10), "Minh chứng: " + e.FileName})
		}
		p.Steps = append(p.Steps, step)
	}
	return s.render(w, r, http.StatusOK, "task_timeline", p)
}

package web

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/conference"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/task"
	"giaoban/internal/vntext"
)

func init() {
	registerPages("conference_list", "conference_form", "conference_view", "conclusion_form")
}

// conferenceURL is the page of a conference.
func conferenceURL(id int64) string { return "/hoi-nghi/" + strconv.FormatInt(id, 10) }

// conferenceID reads the {id} of the path.
func conferenceID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy hội nghị.")
	}
	return id, nil
}

// requestConference loads the conference of the path as the caller sees
// it, with the caller.
func (s *Server) requestConference(r *http.Request) (*conference.Conference, *auth.Actor, error) {
	id, err := conferenceID(r)
	if err != nil {
		return nil, nil, err
	}
	a := reqCtx(r).actor
	c, err := s.conferences.Get(r.Context(), a, id)
	if err != nil {
		return nil, nil, err
	}
	return c, a, nil
}

// managedConference is requestConference for a caller who must manage
// the conference.
func (s *Server) managedConference(r *http.Request) (*conference.Conference, *auth.Actor, error) {
	c, a, err := s.requestConference(r)
	if err != nil {
		return nil, nil, err
	}
	if err := s.conferences.CanManage(r.Context(), a, c); err != nil {
		return nil, nil, err
	}
	return c, a, nil
}

// requestConclusion loads the conference of the path and its conclusion
// notice as the caller sees them.
func (s *Server) requestConclusion(r *http.Request) (*conference.Conference, *conference.Conclusion, error) {
	id, err := conferenceID(r)
	if err != nil {
		return nil, nil, err
	}
	return s.conferences.Conclusion(r.Context(), reqCtx(r).actor, id)
}

// confWhen is how a conference's time is shown: "Thứ Năm, 28/03/2019,
// 08:00 – 11:30".
func confWhen(c *conference.Conference) string {
	if c.StartsAt.IsZero() {
		return ""
	}
	st := c.StartsAt.In(period.Vietnam)
	s := vntext.Weekday(st) + ", " + st.Format("02/01/2006, 15:04")
	if !c.EndsAt.IsZero() {
		s += " – " + c.EndsAt.In(period.Vietnam).Format("15:04")
	}
	return s
}

// confPeriodLabel is "Quý I/2019" for a conference's period.
func confPeriodLabel(id string) string {
	if p, err := period.ParseID(id, period.Decree09); err == nil {
		return p.Label()
	}
	return id
}

// confUnitOpt is a unit offered in a list of checkboxes or a multi-select.
type confUnitOpt struct {
	Code, Name string
	Selected   bool
}

// confUnits returns the units that may be invited or addressed on date:
// the bodies and districts directly under the Party committee the host
// works for (the host's parent), or under the actor's scope when the host
// is not known yet.
func (s *Server) confUnits(ctx context.Context, a *auth.Actor, host string, date period.Date) []confUnitOpt {
	var roots []string
	if host != "" {
		if u, err := s.db.FindUnit(ctx, host, date); err == nil {
			roots = []string{u.ParentCode}
			if u.ParentCode == "" {
				roots = []string{u.Code}
			}
		}
	} else if rs, _, err := s.authz.ScopeRoots(ctx, a, date); err == nil {
		roots = rs
	}
	var out []confUnitOpt
	for _, root := range roots {
		sub, err := s.db.SubtreeAt(ctx, root, date)
		if err != nil {
			continue
		}
		for _, u := range org.Tree(sub) {
			if u.ParentCode == root && u.Code != host {
				out = append(out, confUnitOpt{Code: u.Code, Name: u.Label()})
			}
		}
	}
	return out
}

// selectUnits marks the selected codes and appends those not offered (a
// unit of another date), so a saved choice is never silently dropped.
func (s *Server) selectUnits(ctx context.Context, opts []confUnitOpt, codes []string, date period.Date) []confUnitOpt {
	out := slices.Clone(opts)
	for i := range out {
		out[i].Selected = slices.Contains(codes, out[i].Code)
	}
	for _, c := range codes {
		if !slices.ContainsFunc(out, func(o confUnitOpt) bool { return o.Code == c }) {
			out = append(out, confUnitOpt{Code: c, Name: s.unitName(ctx, c, date), Selected: true})
		}
	}
	return out
}

type conferenceRow struct {
	C       conference.Conference
	URL     string
	When    string
	Period  string
	Host    string
	Invited int
}

type conferenceListPage struct {
	page
	Rows     []conferenceRow
	Periods  []confOption
	Hosts    []confOption
	Statuses []confOption
	Period   string
	Host     string
	Status   string
	CanPlan  bool
}

type confOption struct {
	Value, Label string
	Selected     bool
}

// handleConferences lists the conferences the user may read: ?ky= period,
// ?dv= host, ?trang-thai= status.
func (s *Server) handleConferences(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	q := r.URL.Query()
	f := conference.Filter{Period: strings.ToUpper(strings.TrimSpace(q.Get("ky"))), Host: q.Get("dv"), Status: conference.Status(q.Get("trang-thai"))}
	all, err := s.conferences.List(ctx, a, conference.Filter{})
	if err != nil {
		return err
	}
	p := conferenceListPage{page: s.basePage(r, "Hội nghị giao ban"), Period: f.Period, Host: f.Host, Status: string(f.Status),
		CanPlan: s.conferences.CanPlan(ctx, a) == nil}
	seenP, seenH := map[string]bool{}, map[string]bool{}
	for i := range all {
		c := &all[i]
		if c.Period != "" && !seenP[c.Period] {
			seenP[c.Period] = true
			p.Periods = append(p.Periods, confOption{Value: c.Period, Label: confPeriodLabel(c.Period), Selected: c.Period == f.Period})
		}
		if !seenH[c.HostUnit] {
			seenH[c.HostUnit] = true
			p.Hosts = append(p.Hosts, confOption{Value: c.HostUnit, Label: s.unitName(ctx, c.HostUnit, c.Date()), Selected: c.HostUnit == f.Host})
		}
	}
	for _, st := range conference.Statuses {
		p.Statuses = append(p.Statuses, confOption{Value: string(st), Label: st.Label(), Selected: st == f.Status})
	}
	for _, c := range all {
		if (f.Period != "" && c.Period != f.Period) || (f.Host != "" && c.HostUnit != f.Host) || (f.Status != "" && c.Status != f.Status) {
			continue
		}
		p.Rows = append(p.Rows, conferenceRow{C: c, URL: conferenceURL(c.ID), When: confWhen(&c), Period: confPeriodLabel(c.Period),
			Host: s.unitName(ctx, c.HostUnit, c.Date()), Invited: len(c.Invitees)})
	}
	return s.render(w, r, http.StatusOK, "conference_list", p)
}

// confForm is the conference form as typed.
type confForm struct {
	Title, Kind, Host, Ky, Date, Start, End, Place, ChairName, ChairTitle string
	Units                                                                 []string
	People                                                                []confPerson
	Agenda                                                                []confAgendaRow
	Version                                                               int
}

type confPerson struct{ Name, Position string }

type confAgendaRow struct {
	Title, Presenter, Minutes, Kind string
	Error                           string // set when shown
}

type conferenceFormPage struct {
	page
	Form     confForm
	IsNew    bool
	Action   string
	Kinds    []confOption
	Periods  []confOption
	Units    []confUnitOpt
	Errors   map[string]string
	Error    string
	Unsaved  bool
	Conf     *conference.Conference
	HostName string
	// InviteeErrors are the messages about invitees (rows "invitees.N").
	InviteeErrors []string
}

// formFrom fills the form from a stored conference.
func formFrom(c *conference.Conference) confForm {
	f := confForm{Title: c.Title, Kind: string(c.Kind), Host: c.HostUnit, Place: c.Place, ChairName: c.ChairName, ChairTitle: c.ChairTitle, Version: c.Version}
	if c.Template != "" {
		f.Ky = c.Template + "/" + c.Period
	}
	if !c.StartsAt.IsZero() {
		st := c.StartsAt.In(period.Vietnam)
		f.Date, f.Start = st.Format("2006-01-02"), st.Format("15:04")
	}
	if !c.EndsAt.IsZero() {
		f.End = c.EndsAt.In(period.Vietnam).Format("15:04")
	}
	for _, i := range c.Invitees {
		if i.UnitCode != "" && i.PersonName == "" && i.Position == "" {
			f.Units = append(f.Units, i.UnitCode)
		} else {
			f.People = append(f.People, confPerson{Name: i.PersonName, Position: i.Position})
		}
	}
	for _, x := range c.Agenda {
		m := ""
		if x.Minutes > 0 {
			m = strconv.Itoa(x.Minutes)
		}
		f.Agenda = append(f.Agenda, confAgendaRow{Title: x.Title, Presenter: x.Presenter, Minutes: m, Kind: x.Kind})
	}
	return f
}

// rowCount reads the number of rows a form posted for a list (at most 200).
func rowCount(r *http.Request, name string) int {
	n, _ := strconv.Atoi(r.PostFormValue(name))
	return min(max(n, 0), 200)
}

func parseConfForm(r *http.Request) confForm {
	v := r.PostFormValue
	f := confForm{Title: v("title"), Kind: v("kind"), Host: strings.TrimSpace(v("host")), Ky: v("ky"), Date: strings.TrimSpace(v("ngay")),
		Start: strings.TrimSpace(v("gio")), End: strings.TrimSpace(v("gio_ket_thuc")), Place: v("place"), ChairName: v("chair_name"),
		ChairTitle: v("chair_title"), Units: r.PostForm["inv_unit"]}
	f.Version, _ = strconv.Atoi(v("version"))
	for i := range rowCount(r, "inv_rows") {
		f.People = append(f.People, confPerson{Name: v(fmt.Sprintf("inv_name_%d", i)), Position: v(fmt.Sprintf("inv_pos_%d", i))})
	}
	for i := range rowCount(r, "ag_rows") {
		f.Agenda = append(f.Agenda, confAgendaRow{Title: v(fmt.Sprintf("ag_title_%d", i)), Presenter: v(fmt.Sprintf("ag_presenter_%d", i)),
			Minutes: strings.TrimSpace(v(fmt.Sprintf("ag_minutes_%d", i))), Kind: v(fmt.Sprintf("ag_kind_%d", i))})
	}
	return f
}

// clockTime parses "08:00" on date d in Vietnam.
func clockTime(d period.Date, hm string) (time.Time, bool) {
	t, err := time.Parse("15:04", hm)
	if err != nil {
		return time.Time{}, false
	}
	return time.Date(d.Year(), d.Month(), d.Day(), t.Hour(), t.Minute(), 0, 0, period.Vietnam), true
}

// details turns the form into the service's input; errs holds what could
// not be read.
func (f *confForm) details() (conference.Details, map[string]string) {
	errs := map[string]string{}
	d := conference.Details{Title: f.Title, Kind: conference.Kind(f.Kind), HostUnit: f.Host, Place: f.Place, ChairName: f.ChairName, ChairTitle: f.ChairTitle}
	if f.Ky != "" {
		d.Template, d.Period, _ = strings.Cut(f.Ky, "/")
	}
	if f.Date != "" {
		day, err := period.Parse(f.Date)
		if err != nil {
			errs["starts_at"] = "Ngày họp không hợp lệ (nhập dạng 28/03/2019)."
		} else {
			start := f.Start
			if start == "" {
				start = "08:00"
			}
			var ok bool
			if d.StartsAt, ok = clockTime(day, start); !ok {
				errs["starts_at"] = "Giờ bắt đầu không hợp lệ (nhập dạng 08:00)."
			}
			if f.End != "" {
				if d.EndsAt, ok = clockTime(day, f.End); !ok {
					errs["ends_at"] = "Giờ kết thúc không hợp lệ (nhập dạng 11:30)."
				}
			}
		}
	}
	// Leaders invited by name come first, as the letter lists them.
	for _, p := range f.People {
		d.Invitees = append(d.Invitees, conference.Invitee{PersonName: p.Name, Position: p.Position})
	}
	for _, u := range f.Units {
		d.Invitees = append(d.Invitees, conference.Invitee{UnitCode: u})
	}
	n := 0
	for _, x := range f.Agenda {
		if x.blank() {
			continue
		}
		n++
		m := 0
		if x.Minutes != "" {
			v, err := strconv.Atoi(x.Minutes)
			if err != nil {
				errs[fmt.Sprintf("agenda.%d", n)] = fmt.Sprintf("Thời lượng của nội dung thứ %d phải là số phút.", n)
			}
			m = v
		}
		d.Agenda = append(d.Agenda, conference.AgendaItem{Title: x.Title, Presenter: x.Presenter, Minutes: m, Kind: x.Kind})
	}
	return d, errs
}

// blank reports whether an agenda row holds nothing (the service drops
// such rows and numbers its messages among the others).
func (x confAgendaRow) blank() bool {
	return strings.TrimSpace(x.Title) == "" && strings.TrimSpace(x.Presenter) == "" && strings.TrimSpace(x.Minutes) == "" && x.Kind == ""
}

// rowAction applies a row operation posted as action (add, remove, move)
// to the form; it reports whether there was one (the form is then shown
// again, not saved).
func (f *confForm) rowAction(action string) bool {
	switch {
	case action == "them-ct":
		f.Agenda = append(f.Agenda, confAgendaRow{}, confAgendaRow{})
	case action == "them-db":
		f.People = append(f.People, confPerson{}, confPerson{})
	case strings.HasPrefix(action, "xoa-ct-"), strings.HasPrefix(action, "len-ct-"), strings.HasPrefix(action, "xuong-ct-"):
		op, num, _ := strings.Cut(action, "-ct-")
		i, err := strconv.Atoi(num)
		if err != nil || i < 0 || i >= len(f.Agenda) {
			return true
		}
		f.Agenda = moveRow(f.Agenda, op, i)
	case strings.HasPrefix(action, "xoa-db-"):
		i, err := strconv.Atoi(strings.TrimPrefix(action, "xoa-db-"))
		if err == nil && i >= 0 && i < len(f.People) {
			f.People = slices.Delete(f.People, i, i+1)
		}
	default:
		return false
	}
	return true
}

// moveRow removes row i (op "xoa"), or moves it up ("len") or down
// ("xuong").
func moveRow[T any](rows []T, op string, i int) []T {
	switch op {
	case "xoa":
		return slices.Delete(rows, i, i+1)
	case "len":
		if i > 0 {
			rows[i-1], rows[i] = rows[i], rows[i-1]
		}
	case "xuong":
		if i+1 < len(rows) {
			rows[i+1], rows[i] = rows[i], rows[i+1]
		}
	}
	return rows
}

// renderConferenceForm shows the create or edit form.
func (s *Server) renderConferenceForm(w http.ResponseWriter, r *http.Request, status int, f confForm, c *conference.Conference, err error, unsaved bool) error {
	ctx := r.Context()
	a := reqCtx(r).actor
	title := "Tạo hội nghị giao ban"
	p := conferenceFormPage{Form: f, IsNew: c == nil, Action: "/hoi-nghi", Conf: c, Unsaved: unsaved,
		Errors: apperr.FieldsOf(err)}
	if c != nil {
		title = "Sửa hội nghị: " + c.Title
		p.Action = conferenceURL(c.ID)
		p.HostName = s.unitName(ctx, c.HostUnit, c.Date())
	}
	p.page = s.basePage(r, title)
	if err != nil {
		p.Error = apperr.Message(err)
	}
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	for _, k := range conference.Kinds {
		p.Kinds = append(p.Kinds, confOption{Value: string(k), Label: k.Label(), Selected: string(k) == f.Kind})
	}
	if ts, err := s.db.ListTemplates(ctx); err == nil {
		for i := range ts {
			t := &ts[i]
			if t.Retired {
				continue
			}
			ps := s.templatePeriods(ctx, t)
			for j := len(ps) - 1; j >= 0; j-- {
				v := t.Code + "/" + ps[j].ID
				p.Periods = append(p.Periods, confOption{Value: v, Label: t.Name + " — " + ps[j].Label(), Selected: v == f.Ky})
			}
		}
	}
	if f.Ky != "" && !slices.ContainsFunc(p.Periods, func(o confOption) bool { return o.Value == f.Ky }) {
		tpl, per, _ := strings.Cut(f.Ky, "/")
		p.Periods = append(p.Periods, confOption{Value: f.Ky, Label: tpl + " — " + confPeriodLabel(per), Selected: true})
	}
	date := s.today()
	if d, err := period.Parse(f.Date); err == nil {
		date = d
	}
	host := f.Host
	if c != nil {
		host = c.HostUnit
	}
	p.Units = s.selectUnits(ctx, s.confUnits(ctx, a, host, date), f.Units, date)
	p.Form.Agenda = slices.Clone(f.Agenda)
	n := 0
	for i := range p.Form.Agenda {
		if !p.Form.Agenda[i].blank() {
			n++
			p.Form.Agenda[i].Error = p.Errors[fmt.Sprintf("agenda.%d", n)]
		}
	}
	for k, v := range p.Errors {
		if strings.HasPrefix(k, "invitees") {
			p.InviteeErrors = append(p.InviteeErrors, v)
		}
	}
	slices.Sort(p.InviteeErrors)
	// Room to type: two blank agenda rows and one blank guest row.
	if len(p.Form.Agenda) == 0 || !p.Form.Agenda[len(p.Form.Agenda)-1].blank() {
		p.Form.Agenda = append(p.Form.Agenda, confAgendaRow{}, confAgendaRow{})
	}
	if len(p.Form.People) == 0 || p.Form.People[len(p.Form.People)-1] != (confPerson{}) {
		p.Form.People = append(p.Form.People, confPerson{})
	}
	return s.render(w, r, status, "conference_form", p)
}

// handleConferenceNew shows the form of a new conference; ?ngay= sets its
// date (and so the units offered for invitation).
func (s *Server) handleConferenceNew(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	if err := s.conferences.CanPlan(r.Context(), a); err != nil {
		return err
	}
	f := confForm{Kind: string(conference.KindQuarterly), Start: "08:00"}
	if d, err := period.Parse(r.URL.Query().Get("ngay")); err == nil {
		f.Date = d.String()
	}
	f.Ky = r.URL.Query().Get("ky")
	return s.renderConferenceForm(w, r, http.StatusOK, f, nil, nil, false)
}

// confFormError merges the form's reading errors into a service error.
func confFormError(errs map[string]string, err error) error {
	if len(errs) == 0 {
		return err
	}
	all := map[string]string{}
	if apperr.Is(err, apperr.EINVALID) {
		for k, v := range apperr.FieldsOf(err) {
			all[k] = v
		}
	}
	for k, v := range errs {
		all[k] = v
	}
	return apperr.Invalid("Thông tin chưa hợp lệ, vui lòng kiểm tra các ô được đánh dấu.", all)
}

// handleConferenceCreate creates a conference (or applies a row
// operation to the form and shows it again).
func (s *Server) handleConferenceCreate(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	if err := s.conferences.CanPlan(r.Context(), a); err != nil {
		return err
	}
	f := parseConfForm(r)
	if f.rowAction(r.PostFormValue("action")) {
		return s.renderConferenceForm(w, r, http.StatusOK, f, nil, nil, true)
	}
	d, errs := f.details()
	var c *conference.Conference
	if len(errs) > 0 {
		v := d
		v.Normalize()
		err = confFormError(errs, apperr.Invalid("", v.Validate()))
	} else {
		c, err = s.conferences.Create(r.Context(), a, d)
	}
	if err != nil {
		return s.formFailure(err, func(status int) error { return s.renderConferenceForm(w, r, status, f, nil, err, false) })
	}
	setFlash(w, "Đã tạo hội nghị \""+c.Title+"\".")
	http.Redirect(w, r, conferenceURL(c.ID), http.StatusSeeOther)
	return nil
}

// handleConferenceEdit shows the edit form.
func (s *Server) handleConferenceEdit(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.managedConference(r)
	if err != nil {
		return err
	}
	if c.Locked() {
		return apperr.Errorf(apperr.ECONFLICT, "Hội nghị đã có thông báo kết luận ban hành nên không sửa được nữa.")
	}
	return s.renderConferenceForm(w, r, http.StatusOK, formFrom(c), c, nil, false)
}

// handleConferenceUpdate saves the edit form.
func (s *Server) handleConferenceUpdate(w http.ResponseWriter, r *http.Request) error {
	c, a, err := s.managedConference(r)
	if err != nil {
		return err
	}
	f := parseConfForm(r)
	if f.rowAction(r.PostFormValue("action")) {
		return s.renderConferenceForm(w, r, http.StatusOK, f, c, nil, true)
	}
	d, errs := f.details()
	if len(errs) > 0 {
		v := d
		v.Normalize()
		err = confFormError(errs, apperr.Invalid("", v.Validate()))
	} else {
		_, err = s.conferences.Update(r.Context(), a, c.ID, f.Version, d)
	}
	if err != nil {
		return s.formFailure(err, func(status int) error { return s.renderConferenceForm(w, r, status, f, c, err, false) })
	}
	setFlash(w, "Đã lưu thông tin hội nghị.")
	http.Redirect(w, r, conferenceURL(c.ID), http.StatusSeeOther)
	return nil
}

type confInviteeRow struct{ Name, Detail string }

type confAttRow struct {
	Unit, UnitName, Name, Title, Reason string
	Present                             bool
	Fixed                               bool // an invited unit: its name is shown, not chosen
	Error                               string
}

type confPaperRow struct {
	conference.Paper
	URL string // "" when the user may not open it (a consolidation beyond a reporter's scope)
}

type confReviewRow struct {
	conference.ReviewTask
	URL, Lead, Deadline, Bucket, Class string
}

// confBucketCount is one bucket's count in the review.
type confBucketCount struct {
	Label string
	N     int
	Bad   bool
}

type conferenceViewPage struct {
	page
	C           *conference.Conference
	URL         string
	HostName    string
	Period      string
	When        string
	Invitees    []confInviteeRow
	Review      *conference.Review
	ReviewRows  []confReviewRow
	ReviewCount []confBucketCount
	Attendance  []confAttRow
	AttUnits    []confUnitOpt
	Present     int
	Absent      int
	Papers      []confPaperRow
	Conclusion  *conference.Conclusion
	CanManage   bool
	CanRecord   bool
	// CanDraftNews offers to draft the news article of the conference.
	CanDraftNews bool
	FullRead     bool // reads as the host does (drafts included), not only as an invitee
	Locked       bool
	ICSURL       string
	Today        string // the date offered for the invitation letter
	Errors       map[string]string
	Error        string
	Unsaved      bool
	MaxPaperMB   int
	AgendaTotal  int
}

// handleConference shows a conference.
func (s *Server) handleConference(w http.ResponseWriter, r *http.Request) error {
	c, _, err := s.requestConference(r)
	if err != nil {
		return err
	}
	return s.renderConference(w, r, http.StatusOK, c, nil, nil, false)
}

// renderConference shows c; att, when not nil, is the attendance as typed
// (after a failed save or a row operation).
func (s *Server) renderConference(w http.ResponseWriter, r *http.Request, status int, c *conference.Conference, att []confAttRow, err error, unsaved bool) error {
	ctx := r.Context()
	a := reqCtx(r).actor
	date := c.Date()
	p := conferenceViewPage{page: s.basePage(r, c.Title), C: c, URL: conferenceURL(c.ID), HostName: s.unitName(ctx, c.HostUnit, date),
		Period: confPeriodLabel(c.Period), When: confWhen(c), Locked: c.Locked(), ICSURL: "/lich/" + c.HostUnit + ".ics",
		Today: invitationDate(s.today(), date).String(), Errors: apperr.FieldsOf(err), Unsaved: unsaved, MaxPaperMB: conference.MaxPaper >> 20,
		AgendaTotal: c.AgendaMinutes()}
	if err != nil {
		p.Error = apperr.Message(err)
	}
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	p.CanManage = s.conferences.CanManage(ctx, a, c) == nil
	p.CanRecord = p.CanManage && !c.Locked()
	p.CanDraftNews = s.authz.Can(ctx, a, auth.ActNewsEdit, "", period.Today(s.now())) == nil
	if a.Has(auth.RoleReporter) && c.Involves(a.UnitCode) && s.authz.Can(ctx, a, auth.ActConferenceRead, c.HostUnit, date) != nil {
		p.ICSURL = "/lich/" + a.UnitCode + ".ics"
	}
	for _, i := range c.Invitees {
		row := confInviteeRow{Name: i.PersonName, Detail: i.Position}
		if i.UnitCode != "" {
			un := s.unitName(ctx, i.UnitCode, date)
			if row.Name == "" {
				row.Name = un
			} else {
				row.Detail = strings.TrimPrefix(strings.Join([]string{row.Detail, un}, ", "), ", ")
			}
		}
		p.Invitees = append(p.Invitees, row)
	}
	if c.HasReview() {
		rv, err := s.conferences.ReviewOf(ctx, c)
		if err != nil {
			return err
		}
		p.Review = rv
		if rv != nil {
			today := s.today()
			for _, t := range rv.Tasks {
				row := confReviewRow{ReviewTask: t, URL: "/nhiem-vu/" + strconv.FormatInt(t.ID, 10), Lead: s.unitName(ctx, t.LeadUnit, today),
					Deadline: t.DeadlineLabel(), Bucket: t.Bucket.Label()}
				switch {
				case t.Bucket == task.BucketOverdue:
					row.Class = "overdue"
				case t.DueSoon:
					row.Class = "due-soon"
				}
				p.ReviewRows = append(p.ReviewRows, row)
			}
			for _, b := range task.Buckets {
				p.ReviewCount = append(p.ReviewCount, confBucketCount{Label: b.Label(), N: rv.Counts[b], Bad: b == task.BucketOverdue && rv.Counts[b] > 0})
			}
		}
	}
	if att == nil {
		att = s.attendanceRows(ctx, c)
	}
	p.Attendance = att
	for _, x := range c.Attendance {
		if x.Present {
			p.Present++
		} else {
			p.Absent++
		}
	}
	p.AttUnits = s.confUnits(ctx, a, c.HostUnit, date)
	for _, x := range c.Papers {
		row := confPaperRow{Paper: x, URL: x.ConsolidationURL()}
		if x.Kind == conference.PaperFile {
			row.URL = conferenceURL(c.ID) + "/tai-lieu/" + strconv.FormatInt(x.ID, 10)
		} else if parts := strings.Split(x.Ref, "/"); len(parts) != 3 || s.authz.Can(ctx, a, auth.ActReportRead, parts[2], date) != nil {
			row.URL = ""
		}
		p.Papers = append(p.Papers, row)
	}
	p.FullRead = s.authz.Can(ctx, a, auth.ActConferenceRead, c.HostUnit, date) == nil
	if p.Conclusion, err = s.conferences.VisibleConclusion(ctx, a, c); err != nil {
		return err
	}
	return s.render(w, r, status, "conference_view", p)
}

// invitationDate is the date offered for an invitation letter: today, or
// a week before the conference when today is already past it (a
// conference entered afterwards, as the demo's 2019 quarter).
func invitationDate(today, conf period.Date) period.Date {
	if today.After(conf) {
		return conf.AddDays(-7)
	}
	return today
}

// attendanceRows lays out the attendance form: the recorded lines, or one
// line per invited unit before anything is recorded, and blank lines for
// people who came without an invitation.
func (s *Server) attendanceRows(ctx context.Context, c *conference.Conference) []confAttRow {
	date := c.Date()
	var rows []confAttRow
	if len(c.Attendance) > 0 {
		for _, x := range c.Attendance {
			rows = append(rows, confAttRow{Unit: x.UnitCode, UnitName: s.unitName(ctx, x.UnitCode, date), Name: x.PersonName, Title: x.PersonTitle,
				Reason: x.AbsenceReason, Present: x.Present, Fixed: x.UnitCode != ""})
		}
	} else {
		for _, i := range c.Invitees {
			row := confAttRow{Unit: i.UnitCode, Name: i.PersonName, Title: i.Position, Present: true, Fixed: i.UnitCode != ""}
			if i.UnitCode != "" {
				row.UnitName = s.unitName(ctx, i.UnitCode, date)
			}
			rows = append(rows, row)
		}
	}
	return append(rows, confAttRow{}, confAttRow{})
}

func parseAttendance(r *http.Request) []confAttRow {
	v := r.PostFormValue
	var rows []confAttRow
	for i := range rowCount(r, "att_rows") {
		k := func(name string) string { return v(fmt.Sprintf("att_%s_%d", name, i)) }
		rows = append(rows, confAttRow{Unit: strings.TrimSpace(k("unit")), Name: k("name"), Title: k("title"), Reason: k("reason"),
			Present: k("present") != "", Fixed: k("fixed") != ""})
	}
	return rows
}

// handleConferenceAttendance records the attendance taken at the door.
func (s *Server) handleConferenceAttendance(w http.ResponseWriter, r *http.Request) error {
	c, a, err := s.managedConference(r)
	if err != nil {
		return err
	}
	ctx, id := r.Context(), c.ID
	rows := parseAttendance(r)
	for i := range rows {
		if rows[i].Unit != "" {
			rows[i].UnitName = s.unitName(ctx, rows[i].Unit, c.Date())
		}
	}
	if r.PostFormValue("action") == "them-dong" {
		rows = append(rows, confAttRow{}, confAttRow{}, confAttRow{})
		return s.renderConference(w, r, http.StatusOK, c, rows, nil, true)
	}
	var att []conference.Attendee
	for _, x := range rows {
		att = append(att, conference.Attendee{UnitCode: x.Unit, PersonName: x.Name, PersonTitle: x.Title, Present: x.Present, AbsenceReason: x.Reason})
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if _, err = s.conferences.RecordAttendance(ctx, a, id, version, att); err != nil {
		return s.formFailure(err, func(status int) error {
			// Row messages are numbered among the non-blank lines.
			n := 0
			for i := range rows {
				x := rows[i]
				if x.Unit == "" && strings.TrimSpace(x.Name+x.Title+x.Reason) == "" {
					continue
				}
				n++
				rows[i].Error = apperr.FieldsOf(err)[fmt.Sprintf("attendance.%d", n)]
			}
			return s.renderConference(w, r, status, c, rows, err, false)
		})
	}
	setFlash(w, "Đã lưu điểm danh; hội nghị được ghi nhận là đã tổ chức.")
	http.Redirect(w, r, conferenceURL(id)+"#diem-danh", http.StatusSeeOther)
	return nil
}

// conferenceAction runs a simple change posted from the conference page
// and returns to it with a message, or shows the page with the error.
func (s *Server) conferenceAction(w http.ResponseWriter, r *http.Request, anchor, done string,
	do func(ctx context.Context, a *auth.Actor, id int64, version int) error) error {
	c, a, err := s.managedConference(r)
	if err != nil {
		return err
	}
	ctx, id := r.Context(), c.ID
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if err := do(ctx, a, id, version); err != nil {
		return s.formFailure(err, func(status int) error { return s.renderConference(w, r, status, c, nil, err, false) })
	}
	setFlash(w, done)
	http.Redirect(w, r, conferenceURL(id)+anchor, http.StatusSeeOther)
	return nil
}

// handleConferenceHeld records that the conference took place.
func (s *Server) handleConferenceHeld(w http.ResponseWriter, r *http.Request) error {
	return s.conferenceAction(w, r, "", "Đã ghi nhận hội nghị đã tổ chức.", func(ctx context.Context, a *auth.Actor, id int64, v int) error {
		_, err := s.conferences.MarkHeld(ctx, a, id, v)
		return err
	})
}

// handleConferenceMinutes saves the minutes.
func (s *Server) handleConferenceMinutes(w http.ResponseWriter, r *http.Request) error {
	return s.conferenceAction(w, r, "#bien-ban", "Đã lưu biên bản hội nghị.", func(ctx context.Context, a *auth.Actor, id int64, v int) error {
		_, err := s.conferences.SaveMinutes(ctx, a, id, v, r.PostFormValue("minutes"))
		return err
	})
}

// handleInvitationIssue numbers the invitation letter (?ngay= its date).
func (s *Server) handleInvitationIssue(w http.ResponseWriter, r *http.Request) error {
	return s.conferenceAction(w, r, "#giay-moi", "Đã phát hành giấy mời.", func(ctx context.Context, a *auth.Actor, id int64, v int) error {
		on := s.today()
		if x := r.PostFormValue("ngay"); x != "" {
			d, err := period.Parse(x)
			if err != nil {
				return apperr.Invalid("Ngày không hợp lệ.", map[string]string{"ngay": "Ngày giấy mời không hợp lệ (nhập dạng 20/03/2019)."})
			}
			on = d
		}
		_, err := s.conferences.IssueInvitation(ctx, a, id, v, on)
		return err
	})
}

// handleConferencePaperAdd uploads a working paper.
func (s *Server) handleConferencePaperAdd(w http.ResponseWriter, r *http.Request) error {
	c, a, err := s.managedConference(r)
	if err != nil {
		return err
	}
	ctx, id := r.Context(), c.ID
	name, data, err := readUpload(r, conference.MaxPaper)
	if err == nil {
		ctype := mime.TypeByExtension(strings.ToLower(pathExt(name)))
		if ctype == "" {
			ctype = http.DetectContentType(data)
		}
		_, err = s.conferences.AddPaper(ctx, a, id, name, ctype, data)
	}
	if err != nil {
		if apperr.Is(err, apperr.EINVALID) || apperr.Is(err, apperr.ECONFLICT) {
			msg := apperr.Message(err)
			if f := apperr.FieldsOf(err); f["file"] != "" {
				msg = f["file"]
			}
			setFlash(w, "Chưa thêm được tài liệu: "+msg)
			http.Redirect(w, r, conferenceURL(id)+"#tai-lieu", http.StatusSeeOther)
			return nil
		}
		return err
	}
	setFlash(w, "Đã thêm tài liệu "+name+".")
	http.Redirect(w, r, conferenceURL(id)+"#tai-lieu", http.StatusSeeOther)
	return nil
}

func pathExt(name string) string {
	if i := strings.LastIndexByte(name, '.'); i >= 0 {
		return name[i:]
	}
	return ""
}

func paperID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("paper"), 10, 64)
	if err != nil {
		return 0, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tài liệu.")
	}
	return id, nil
}

// handleConferencePaper downloads an uploaded paper.
func (s *Server) handleConferencePaper(w http.ResponseWriter, r *http.Request) error {
	id, err := conferenceID(r)
	if err != nil {
		return err
	}
	pid, err := paperID(r)
	if err != nil {
		return err
	}
	p, err := s.conferences.Paper(r.Context(), reqCtx(r).actor, id, pid)
	if err != nil {
		return err
	}
	if p.Kind != conference.PaperFile {
		http.Redirect(w, r, p.ConsolidationURL(), http.StatusSeeOther)
		return nil
	}
	w.Header().Set("Content-Type", p.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": p.FileName}))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(p.Data)
	return err
}

// handleConferencePaperDelete removes an uploaded paper.
func (s *Server) handleConferencePaperDelete(w http.ResponseWriter, r *http.Request) error {
	id, err := conferenceID(r)
	if err != nil {
		return err
	}
	pid, err := paperID(r)
	if err != nil {
		return err
	}
	if err := s.conferences.DeletePaper(r.Context(), reqCtx(r).actor, id, pid); err != nil {
		return err
	}
	setFlash(w, "Đã xóa tài liệu.")
	http.Redirect(w, r, conferenceURL(id)+"#tai-lieu", http.StatusSeeOther)
	return nil
}

// handleConferenceCalendar serves /lich/{unit}.ics: the conferences the
// unit hosts or is invited to that the caller may read.
func (s *Server) handleConferenceCalendar(w http.ResponseWriter, r *http.Request) error {
	unit, ok := strings.CutSuffix(r.PathValue("file"), ".ics")
	if !ok || unit == "" {
		return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy lịch (địa chỉ cần dạng /lich/{mã đơn vị}.ics).")
	}
	cs, err := s.conferences.Calendar(r.Context(), reqCtx(r).actor, unit)
	if err != nil {
		return err
	}
	b := conferenceCalendar(cs, s.unitName(r.Context(), unit, s.today()), s.now(), calendarBase(r))
	w.Header().Set("Content-Type", "text/calendar; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("inline", map[string]string{"filename": unit + ".ics"}))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(b)
	return err
}

// calendarBase is the server's address as the client sees it, for the
// links in the feed.
func calendarBase(r *http.Request) string {
	scheme := "http"
	if r.TLS != nil {
		scheme = "https"
	}
	return (&url.URL{Scheme: scheme, Host: r.Host}).String()
}

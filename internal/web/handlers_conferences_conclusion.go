package web

import (
	"fmt"
	"net/http"
	"slices"
	"strconv"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/conference"
	"giaoban/internal/period"
	"giaoban/internal/task"
)

// conclusionURL is the page of a conference's conclusion notice.
func conclusionURL(id int64) string { return conferenceURL(id) + "/ket-luan" }

// conclusionItemRow is one item of the notice in the editor or the view.
type conclusionItemRow struct {
	Index         int // position in the form, from 0
	Seq           int
	Kind          string
	KindLabel     string
	Text          string
	Units         []confUnitOpt
	Deadline      string // YYYY-MM-DD in the form
	Ongoing       bool
	Error         string
	Addressees    string // names, for the view
	DeadlineLabel string
}

// conclusionForm is the notice as typed.
type conclusionForm struct {
	Title, SignerName, SignerTitle, Preamble, Closing, Recipients string
	Items                                                         []conclusionItemRow
	Version                                                       int
}

type conclusionTaskRow struct {
	Seq                                int
	URL, Lead, Deadline, Bucket, Class string
	Percent                            int
	State                              string
}

type conclusionPage struct {
	page
	C          *conference.Conference
	Cl         *conference.Conclusion
	ConfURL    string
	URL        string
	Form       conclusionForm
	Kinds      []confOption
	Editable   bool
	Stored     bool
	CanApprove bool
	CanIssue   bool
	Recipients []string
	Tasks      []conclusionTaskRow
	Errors     map[string]string
	Error      string
	Unsaved    bool
	IssueDate  string
	Date       string
	ApprovedBy string // the approver's name
}

func conclusionFormFrom(cl *conference.Conclusion) conclusionForm {
	f := conclusionForm{Title: cl.Title, SignerName: cl.SignerName, SignerTitle: cl.SignerTitle, Preamble: cl.Preamble,
		Closing: cl.Closing, Recipients: cl.Recipients, Version: cl.Version}
	for _, it := range cl.Items {
		row := conclusionItemRow{Seq: it.Seq, Kind: string(it.Kind), Text: it.Text, Ongoing: it.Ongoing}
		row.Units = make([]confUnitOpt, len(it.Addressees))
		for i, u := range it.Addressees {
			row.Units[i] = confUnitOpt{Code: u, Selected: true}
		}
		if !it.Deadline.IsZero() {
			row.Deadline = it.Deadline.String()
		}
		f.Items = append(f.Items, row)
	}
	return f
}

func parseConclusionForm(r *http.Request) conclusionForm {
	v := r.PostFormValue
	f := conclusionForm{Title: v("title"), SignerName: v("signer_name"), SignerTitle: v("signer_title"), Preamble: v("preamble"),
		Closing: v("closing"), Recipients: v("recipients")}
	f.Version, _ = strconv.Atoi(v("version"))
	for i := range rowCount(r, "item_rows") {
		row := conclusionItemRow{Kind: v(fmt.Sprintf("item_kind_%d", i)), Text: v(fmt.Sprintf("item_text_%d", i)),
			Deadline: strings.TrimSpace(v(fmt.Sprintf("item_deadline_%d", i))), Ongoing: v(fmt.Sprintf("item_ongoing_%d", i)) != ""}
		for _, u := range r.PostForm[fmt.Sprintf("item_addr_%d", i)] {
			row.Units = append(row.Units, confUnitOpt{Code: u, Selected: true})
		}
		f.Items = append(f.Items, row)
	}
	return f
}

// blank reports whether an item row holds nothing.
func (row conclusionItemRow) blank() bool {
	return strings.TrimSpace(row.Text) == "" && len(row.Units) == 0 && row.Deadline == "" && !row.Ongoing
}

// edit turns the form into the service's input; errs holds the deadlines
// that could not be read, by item ("items.N" among the non-blank rows).
func (f *conclusionForm) edit() (conference.ConclusionEdit, map[string]string) {
	errs := map[string]string{}
	d := conference.ConclusionEdit{Title: f.Title, SignerName: f.SignerName, SignerTitle: f.SignerTitle, Preamble: f.Preamble,
		Closing: f.Closing, Recipients: f.Recipients}
	n := 0
	for _, row := range f.Items {
		if row.blank() {
			continue
		}
		n++
		it := conference.Item{Kind: conference.ItemKind(row.Kind), Text: row.Text, Ongoing: row.Ongoing}
		for _, u := range row.Units {
			it.Addressees = append(it.Addressees, u.Code)
		}
		if row.Deadline != "" {
			dl, err := period.Parse(row.Deadline)
			if err != nil {
				errs[fmt.Sprintf("items.%d", n)] = fmt.Sprintf("Thời hạn của mục %d không hợp lệ (nhập dạng 30/06/2019).", n)
			}
			it.Deadline = dl
		}
		d.Items = append(d.Items, it)
	}
	return d, errs
}

// rowAction applies an item operation (add, remove, move up or down).
func (f *conclusionForm) rowAction(action string) bool {
	switch {
	case action == "them-muc":
		f.Items = append(f.Items, conclusionItemRow{Kind: string(conference.ItemDirective)})
	case strings.HasPrefix(action, "xoa-"), strings.HasPrefix(action, "len-"), strings.HasPrefix(action, "xuong-"):
		op, num, _ := strings.Cut(action, "-")
		i, err := strconv.Atoi(num)
		if err == nil && i >= 0 && i < len(f.Items) {
			f.Items = moveRow(f.Items, op, i)
		}
	default:
		return false
	}
	return true
}

// renderConclusion shows the notice of c: the editor while it may be
// edited, the issued text otherwise. f, when not nil, is the form as typed.
func (s *Server) renderConclusion(w http.ResponseWriter, r *http.Request, status int, c *conference.Conference, cl *conference.Conclusion,
	f *conclusionForm, err error, unsaved bool) error {
	ctx := r.Context()
	a := reqCtx(r).actor
	date := c.Date()
	p := conclusionPage{page: s.basePage(r, "Thông báo kết luận — "+c.Title), C: c, Cl: cl, ConfURL: conferenceURL(c.ID), URL: conclusionURL(c.ID),
		Stored: cl.ID != 0, Errors: apperr.FieldsOf(err), Unsaved: unsaved, Date: date.VN()}
	if err != nil {
		p.Error = apperr.Message(err)
	}
	if p.Errors == nil {
		p.Errors = map[string]string{}
	}
	if cl.ApprovedBy != "" {
		p.ApprovedBy = cl.ApprovedBy
		if u, err := s.db.FindUserByUsername(ctx, cl.ApprovedBy); err == nil && u.FullName != "" {
			p.ApprovedBy = u.FullName
		}
	}
	manage := s.conferences.CanManage(ctx, a, c) == nil
	p.Editable = manage && !cl.Locked()
	p.CanApprove = p.Stored && cl.Status == conference.ConclusionDraft && s.authz.Can(ctx, a, auth.ActConclusionApprove, cl.IssuerUnit, date) == nil
	p.CanIssue = p.Stored && cl.Status == conference.ConclusionApproved && s.authz.Can(ctx, a, auth.ActConclusionIssue, cl.IssuerUnit, date) == nil
	p.IssueDate = s.today().String()
	if s.today().Before(date) || s.today().After(date.AddDays(60)) {
		// A notice is issued in the days after the conference; a date long
		// after it (the demo's 2019 quarter) is more likely a mistake.
		p.IssueDate = date.AddDays(1).String()
	}
	if f == nil {
		form := conclusionFormFrom(cl)
		f = &form
	}
	p.Form = *f
	for _, k := range []conference.ItemKind{conference.ItemAssessment, conference.ItemDirective} {
		p.Kinds = append(p.Kinds, confOption{Value: string(k), Label: k.Label()})
	}
	units := s.confUnits(ctx, a, c.HostUnit, date)
	n := 0
	for i := range p.Form.Items {
		row := &p.Form.Items[i]
		row.Index = i
		if !row.blank() {
			n++
			row.Seq = n
			row.Error = p.Errors[fmt.Sprintf("items.%d", n)]
		}
		row.KindLabel = conference.ItemKind(row.Kind).Label()
		var codes, names []string
		for _, u := range row.Units {
			codes = append(codes, u.Code)
			names = append(names, s.unitName(ctx, u.Code, date))
		}
		row.Units = s.selectUnits(ctx, units, codes, date)
		row.Addressees = strings.Join(names, "; ")
		switch {
		case row.Ongoing:
			row.DeadlineLabel = "Thường xuyên"
		case row.Deadline != "":
			if d, err := period.Parse(row.Deadline); err == nil {
				row.DeadlineLabel = d.VN()
			}
		}
	}
	if p.Editable && (len(p.Form.Items) == 0 || !p.Form.Items[len(p.Form.Items)-1].blank()) {
		p.Form.Items = append(p.Form.Items, conclusionItemRow{Index: len(p.Form.Items), Kind: string(conference.ItemDirective), Units: slices.Clone(units)})
	}
	for _, ln := range strings.Split(cl.Recipients, "\n") {
		if ln = strings.TrimSpace(ln); ln != "" {
			p.Recipients = append(p.Recipients, ln)
		}
	}
	if cl.Locked() {
		ts, err := s.db.TasksOfConclusion(ctx, cl.ID)
		if err != nil {
			return err
		}
		seq := map[int64]int{}
		for _, it := range cl.Items {
			seq[it.ID] = it.Seq
		}
		today := s.today()
		for _, t := range ts {
			row := conclusionTaskRow{Seq: seq[t.ConclusionItemID], URL: "/nhiem-vu/" + strconv.FormatInt(t.ID, 10),
				Lead: s.unitName(ctx, t.LeadUnit, date), Deadline: t.DeadlineLabel(), Percent: t.Percent, State: t.State.Label()}
			b := t.BucketOn(today)
			row.Bucket = b.Label()
			switch {
			case b == task.BucketOverdue:
				row.Class = "overdue"
			case t.DueSoon(today, task.DueSoonDays):
				row.Class = "due-soon"
			}
			p.Tasks = append(p.Tasks, row)
		}
	}
	return s.render(w, r, status, "conclusion_form", p)
}

// handleConclusion shows the notice of a conference (a new draft for the
// organiser when there is none yet).
func (s *Server) handleConclusion(w http.ResponseWriter, r *http.Request) error {
	c, cl, err := s.requestConclusion(r)
	if err != nil {
		return err
	}
	return s.renderConclusion(w, r, http.StatusOK, c, cl, nil, nil, false)
}

// handleConclusionSave saves the draft (or applies an item operation).
func (s *Server) handleConclusionSave(w http.ResponseWriter, r *http.Request) error {
	c, cl, err := s.requestConclusion(r)
	if err != nil {
		return err
	}
	ctx, a, id := r.Context(), reqCtx(r).actor, c.ID
	if err := s.conferences.CanManage(ctx, a, c); err != nil {
		return err
	}
	f := parseConclusionForm(r)
	if f.rowAction(r.PostFormValue("action")) {
		return s.renderConclusion(w, r, http.StatusOK, c, cl, &f, nil, true)
	}
	d, errs := f.edit()
	if len(errs) > 0 {
		err = apperr.Invalid("Thông tin chưa hợp lệ, vui lòng kiểm tra các ô được đánh dấu.", errs)
	} else {
		_, err = s.conferences.SaveConclusion(ctx, a, id, f.Version, d)
	}
	if err != nil {
		return s.formFailure(err, func(status int) error { return s.renderConclusion(w, r, status, c, cl, &f, err, false) })
	}
	msg := "Đã lưu dự thảo thông báo kết luận."
	if cl.Status == conference.ConclusionApproved {
		msg += " Thông báo đã sửa sau khi duyệt nên cần lãnh đạo duyệt lại."
	}
	setFlash(w, msg)
	http.Redirect(w, r, conclusionURL(id), http.StatusSeeOther)
	return nil
}

// conclusionAction runs approve or issue and returns to the notice.
func (s *Server) conclusionAction(w http.ResponseWriter, r *http.Request, do func(a *auth.Actor, id int64, version int) (string, error)) error {
	c, a, err := s.requestConference(r)
	if err != nil {
		return err
	}
	ctx, id := r.Context(), c.ID
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	msg, err := do(a, id, version)
	if err != nil {
		return s.formFailure(err, func(status int) error {
			_, cl, cerr := s.conferences.Conclusion(ctx, a, id)
			if cerr != nil {
				return err
			}
			return s.renderConclusion(w, r, status, c, cl, nil, err, false)
		})
	}
	setFlash(w, msg)
	http.Redirect(w, r, conclusionURL(id), http.StatusSeeOther)
	return nil
}

// handleConclusionApprove is the leader's approval.
func (s *Server) handleConclusionApprove(w http.ResponseWriter, r *http.Request) error {
	return s.conclusionAction(w, r, func(a *auth.Actor, id int64, v int) (string, error) {
		if _, err := s.conferences.ApproveConclusion(r.Context(), a, id, v); err != nil {
			return "", err
		}
		return "Đã duyệt thông báo kết luận. Văn phòng Ban có thể ban hành và cấp số.", nil
	})
}

// handleConclusionIssue issues the approved notice on the date posted as
// ngay (default today).
func (s *Server) handleConclusionIssue(w http.ResponseWriter, r *http.Request) error {
	return s.conclusionAction(w, r, func(a *auth.Actor, id int64, v int) (string, error) {
		on := s.today()
		if x := r.PostFormValue("ngay"); x != "" {
			d, err := period.Parse(x)
			if err != nil {
				return "", apperr.Invalid("Ngày không hợp lệ.", map[string]string{"ngay": "Ngày ban hành không hợp lệ (nhập dạng 29/03/2019)."})
			}
			on = d
		}
		cl, err := s.conferences.IssueConclusion(r.Context(), a, id, v, on)
		if err != nil {
			return "", err
		}
		n := len(conference.TasksOf(cl, on, s.now(), a.Username))
		return fmt.Sprintf("Đã ban hành thông báo kết luận %s, ngày %s; đã giao %d nhiệm vụ cho các đơn vị.", cl.NumberText, on.VN(), n), nil
	})
}

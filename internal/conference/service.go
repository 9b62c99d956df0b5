package conference

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/document"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/task"
	"giaoban/internal/vntext"
)

// Units is what the conference rules need of the hierarchy.
type Units interface {
	FindUnit(ctx context.Context, code string, at period.Date) (*org.Unit, error)
	SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error)
}

// Store persists conferences and conclusions. Implemented by sqlstore.
// Every change is audited in the transaction that makes it; updates take
// the version the caller read (base) and fail with ECONFLICT when the row
// has moved on.
type Store interface {
	FindTemplate(ctx context.Context, code string) (*report.Template, error)

	// CreateConference stores c with its invitees, agenda and papers and
	// sets its ID and Version (1).
	CreateConference(ctx context.Context, c *Conference) error
	// UpdateConference saves c's fields, invitees, agenda, attendance and
	// consolidation papers (uploaded files are kept) if its version is
	// still base, and sets c.Version to base+1.
	UpdateConference(ctx context.Context, c *Conference, base int, action, summary string) error
	// FindConference returns a conference with its lists (papers without
	// their bytes); ENOTFOUND if none.
	FindConference(ctx context.Context, id int64) (*Conference, error)
	// ListConferences returns conferences with their lists (papers
	// without their bytes), the latest first.
	ListConferences(ctx context.Context, f Filter) ([]Conference, error)
	AddPaper(ctx context.Context, conferenceID int64, p *Paper) error
	// FindPaper returns a paper of the conference with its bytes.
	FindPaper(ctx context.Context, conferenceID, paperID int64) (*Paper, error)
	DeletePaper(ctx context.Context, conferenceID, paperID int64) error
	// IssueInvitation reserves the next number of series s for the
	// invitation letter, and in the same transaction stores it in
	// c.InvitationNo with status invited (version base → base+1).
	IssueInvitation(ctx context.Context, c *Conference, base int, s document.Series, at time.Time) error

	// FindConclusion returns the conclusion of a conference with its
	// items; ENOTFOUND if it has none yet.
	FindConclusion(ctx context.Context, conferenceID int64) (*Conclusion, error)
	// CreateConclusion stores c and its items and sets the IDs and
	// Version (1).
	CreateConclusion(ctx context.Context, c *Conclusion) error
	// UpdateConclusion saves c and replaces its items if its version is
	// still base and it is not issued (ECONFLICT otherwise).
	UpdateConclusion(ctx context.Context, c *Conclusion, base int, action, summary string) error
	// IssueConclusion, in one transaction: reserves the next number of
	// series s, marks c issued with it (it must be approved at version
	// base), marks its conference concluded, stores tasks (their
	// SourceNumber set to the number, their IDs set) with an "assigned"
	// notification to each lead unit.
	IssueConclusion(ctx context.Context, c *Conclusion, base int, s document.Series, tasks []task.Task, at time.Time) error
	// PreviousConclusion returns the latest issued conclusion of a
	// conference of host that started before before; ENOTFOUND if none.
	PreviousConclusion(ctx context.Context, host string, before time.Time) (*Conclusion, error)
	// TasksOfConclusion returns the tasks made from a conclusion's items.
	TasksOfConclusion(ctx context.Context, conclusionID int64) ([]task.Task, error)
}

// Service holds the rules of conferences and conclusion notices.
type Service struct {
	Store Store
	Units Units
	Authz *auth.Authorizer
	Now   func() time.Time
	// Terms are the Party committee terms numbers run in; nil means
	// document.DefaultTerms.
	Terms []document.Term
}

// Details are the fields of a conference its organiser edits.
type Details struct {
	Title      string
	Kind       Kind
	HostUnit   string // "" on creation: the commission of the actor's scope on the date
	Template   string // with Period: the consolidation attached as working paper
	Period     string
	StartsAt   time.Time
	EndsAt     time.Time // zero: not set
	Place      string
	ChairName  string
	ChairTitle string
	Invitees   []Invitee
	Agenda     []AgendaItem
}

const (
	maxTitle = 300
	maxLine  = 500
	maxText  = 100_000
)

// Normalize cleans the text of d (NFC, canonical tones, spaces) and drops
// empty list rows and duplicate invitees.
func (d *Details) Normalize() {
	d.Title = vntext.Normalize(d.Title)
	d.HostUnit = strings.TrimSpace(d.HostUnit)
	d.Template = strings.TrimSpace(d.Template)
	d.Period = strings.ToUpper(strings.TrimSpace(d.Period))
	d.Place = vntext.Normalize(d.Place)
	d.ChairName = vntext.Normalize(d.ChairName)
	d.ChairTitle = vntext.Normalize(d.ChairTitle)
	var inv []Invitee
	for _, i := range d.Invitees {
		i.UnitCode = strings.TrimSpace(i.UnitCode)
		i.PersonName = vntext.Normalize(i.PersonName)
		i.Position = vntext.Normalize(i.Position)
		if i == (Invitee{}) || slices.Contains(inv, i) {
			continue
		}
		inv = append(inv, i)
	}
	d.Invitees = inv
	var ag []AgendaItem
	for _, a := range d.Agenda {
		a.Title = vntext.Normalize(a.Title)
		a.Presenter = vntext.Normalize(a.Presenter)
		a.Kind = strings.TrimSpace(a.Kind)
		if a.Title == "" && a.Presenter == "" && a.Minutes == 0 && a.Kind == "" {
			continue
		}
		ag = append(ag, a)
	}
	d.Agenda = ag
}

// Validate checks what can be checked without the database and returns
// the Vietnamese message of each field at fault (nil when none). Agenda
// and invitee rows are named "agenda.N" and "invitees.N" (from 1).
func (d *Details) Validate() map[string]string {
	errs := map[string]string{}
	switch n := utf8.RuneCountInString(d.Title); {
	case n == 0 && !(d.Kind == KindQuarterly && d.Period != ""):
		errs["title"] = "Chưa nhập tên hội nghị."
	case n > maxTitle:
		errs["title"] = fmt.Sprintf("Tên hội nghị dài quá %d ký tự.", maxTitle)
	}
	if !d.Kind.Valid() {
		errs["kind"] = "Chọn loại hội nghị."
	}
	if d.Template != "" && d.Period == "" {
		errs["period"] = "Chọn kỳ báo cáo được giao ban."
	}
	if d.Period != "" && d.Template == "" {
		errs["template"] = "Chọn mẫu báo cáo của kỳ được giao ban."
	}
	if (d.Kind == KindQuarterly || d.Kind == KindSixMonth) && d.Period == "" && errs["period"] == "" {
		errs["period"] = "Hội nghị giao ban cần kỳ báo cáo để gắn báo cáo tổng hợp."
	}
	if d.StartsAt.IsZero() {
		errs["starts_at"] = "Chưa nhập ngày, giờ họp."
	} else if !d.EndsAt.IsZero() && !d.EndsAt.After(d.StartsAt) {
		errs["ends_at"] = "Giờ kết thúc phải sau giờ bắt đầu."
	}
	if d.Place == "" {
		errs["place"] = "Chưa nhập địa điểm."
	} else if utf8.RuneCountInString(d.Place) > maxLine {
		errs["place"] = "Địa điểm dài quá."
	}
	if utf8.RuneCountInString(d.ChairName) > maxLine || utf8.RuneCountInString(d.ChairTitle) > maxLine {
		errs["chair_name"] = "Họ tên, chức vụ người chủ trì dài quá."
	}
	if d.ChairTitle != "" && d.ChairName == "" {
		errs["chair_name"] = "Nhập họ tên người chủ trì (đã có chức vụ)."
	}
	for i, inv := range d.Invitees {
		if inv.UnitCode == "" && inv.PersonName == "" && inv.Position == "" {
			continue
		}
		if inv.UnitCode == "" && inv.PersonName == "" {
			errs[fmt.Sprintf("invitees.%d", i+1)] = "Đại biểu được mời cần họ tên hoặc đơn vị."
		}
	}
	for i, a := range d.Agenda {
		key := fmt.Sprintf("agenda.%d", i+1)
		switch {
		case a.Title == "":
			errs[key] = fmt.Sprintf("Nội dung thứ %d của chương trình chưa có tên.", i+1)
		case utf8.RuneCountInString(a.Title) > maxLine:
			errs[key] = fmt.Sprintf("Nội dung thứ %d của chương trình dài quá.", i+1)
		case a.Minutes < 0 || a.Minutes > 600:
			errs[key] = fmt.Sprintf("Thời lượng của nội dung thứ %d phải từ 0 đến 600 phút.", i+1)
		case a.Kind != "" && a.Kind != AgendaKindReview:
			errs[key] = fmt.Sprintf("Loại nội dung thứ %d không hợp lệ.", i+1)
		}
	}
	if len(errs) == 0 {
		return nil
	}
	return errs
}

// invalid turns field messages into an EINVALID error.
func invalid(errs map[string]string) error {
	if len(errs) == 0 {
		return nil
	}
	return apperr.Invalid("Thông tin chưa hợp lệ, vui lòng kiểm tra các ô được đánh dấu.", errs)
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

func (s *Service) today() period.Date { return period.Today(s.now()) }

func notFound() error { return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy hội nghị.") }

// lockedError is the refusal to change a concluded conference.
func lockedError() error {
	return apperr.Errorf(apperr.ECONFLICT, "Hội nghị đã có thông báo kết luận ban hành nên không sửa được nữa.")
}

// staleError is the refusal of a change made on an old copy.
func staleError() error {
	return apperr.Errorf(apperr.ECONFLICT, "Hội nghị vừa được người khác cập nhật. Vui lòng tải lại trang rồi thực hiện lại.")
}

// CanRead returns nil when a may read conference c: whoever may read the
// host unit's conferences (ActConferenceRead on the host on the
// conference's date), and — the explicit extra rule — a reporter whose
// unit is among the invitees or in the attendance. Otherwise the
// authoriser's refusal (EUNAUTHORIZED or EFORBIDDEN).
func (s *Service) CanRead(ctx context.Context, a *auth.Actor, c *Conference) error {
	err := s.Authz.Can(ctx, a, auth.ActConferenceRead, c.HostUnit, c.Date())
	if err == nil || !apperr.Is(err, apperr.EFORBIDDEN) {
		return err
	}
	if a.Has(auth.RoleReporter) && c.Involves(a.UnitCode) {
		return nil
	}
	return err
}

// canReadFully reports whether a reads c as its host does (drafts of the
// conclusion included), not only as an invitee.
func (s *Service) canReadFully(ctx context.Context, a *auth.Actor, c *Conference) bool {
	return s.Authz.Can(ctx, a, auth.ActConferenceRead, c.HostUnit, c.Date()) == nil
}

// CanPlan returns nil when a may plan conferences at all: a may manage
// the conferences of its own unit today (commission staff; admins).
func (s *Service) CanPlan(ctx context.Context, a *auth.Actor) error {
	if a == nil {
		return apperr.Errorf(apperr.EUNAUTHORIZED, "Vui lòng đăng nhập.")
	}
	return s.Authz.Can(ctx, a, auth.ActConferenceManage, a.UnitCode, s.today())
}

// CanManage returns nil when a may change c (ActConferenceManage on its
// host on its date).
func (s *Service) CanManage(ctx context.Context, a *auth.Actor, c *Conference) error {
	return s.Authz.Can(ctx, a, auth.ActConferenceManage, c.HostUnit, c.Date())
}

// Get returns conference id as a may see it. ENOTFOUND when it does not
// exist; EFORBIDDEN when a may not read it.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Conference, error) {
	if a == nil {
		return nil, apperr.Errorf(apperr.EUNAUTHORIZED, "Vui lòng đăng nhập.")
	}
	c, err := s.Store.FindConference(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.CanRead(ctx, a, c); err != nil {
		return nil, err
	}
	return c, nil
}

// List returns the conferences matching f that a may read, the latest
// first.
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) ([]Conference, error) {
	if a == nil {
		return nil, apperr.Errorf(apperr.EUNAUTHORIZED, "Vui lòng đăng nhập.")
	}
	cs, err := s.Store.ListConferences(ctx, f)
	if err != nil {
		return nil, err
	}
	out := cs[:0]
	for i := range cs {
		if err := s.CanRead(ctx, a, &cs[i]); err == nil {
			out = append(out, cs[i])
		} else if !apperr.Is(err, apperr.EFORBIDDEN) {
			return nil, err
		}
	}
	return out, nil
}

// Calendar returns the conferences unit hosts or is invited to that a may
// read, for the unit's iCalendar feed. A caller who may read neither the
// unit's conferences (its own unit, or ActConferenceRead on it today) nor
// any of those listed gets EFORBIDDEN.
func (s *Service) Calendar(ctx context.Context, a *auth.Actor, unit string) ([]Conference, error) {
	cs, err := s.List(ctx, a, Filter{Unit: unit})
	if err != nil {
		return nil, err
	}
	if len(cs) > 0 || a.UnitCode == unit {
		return cs, nil
	}
	if err := s.Authz.Can(ctx, a, auth.ActConferenceRead, unit, s.today()); err != nil {
		return nil, err
	}
	return cs, nil
}

// hostFor resolves the host of a new conference: the given unit, which
// must exist on the date, or the commission of a's scope on the date (the
// Ban Dân vận in 2019, the Ban Tuyên giáo và Dân vận after the 2025 merge).
func (s *Service) hostFor(ctx context.Context, a *auth.Actor, code string, date period.Date) (*org.Unit, error) {
	if code != "" {
		u, err := s.Units.FindUnit(ctx, code, date)
		if apperr.Is(err, apperr.ENOTFOUND) {
			return nil, apperr.Invalid("Đơn vị chủ trì không hợp lệ.", map[string]string{"host": fmt.Sprintf("Đơn vị %s không tồn tại vào ngày %s.", code, date.VN())})
		}
		return u, err
	}
	if !a.Has(auth.RoleCommission) && !a.Has(auth.RoleAdmin) {
		return nil, apperr.Errorf(apperr.EFORBIDDEN, "Chỉ cán bộ của ban phụ trách công tác dân vận mới tổ chức hội nghị giao ban.")
	}
	roots, all, err := s.Authz.ScopeRoots(ctx, a, date)
	if err != nil {
		return nil, err
	}
	if !all {
		for _, root := range roots {
			sub, err := s.Units.SubtreeAt(ctx, root, date)
			if apperr.Is(err, apperr.ENOTFOUND) {
				continue
			} else if err != nil {
				return nil, err
			}
			for i := range sub {
				if sub[i].Kind == org.KindCommission && sub[i].ParentCode == root {
					return &sub[i], nil
				}
			}
		}
	}
	return nil, apperr.Invalid("Chưa xác định được đơn vị chủ trì.", map[string]string{"host": "Nhập mã đơn vị chủ trì hội nghị (ban phụ trách công tác dân vận)."})
}

// check validates d against the database for a conference hosted by host:
// the template and period, and the invited units on the date.
func (s *Service) check(ctx context.Context, d *Details, date period.Date) (map[string]string, *report.Template, period.Period, error) {
	errs := d.Validate()
	if errs == nil {
		errs = map[string]string{}
	}
	var tpl *report.Template
	var p period.Period
	if d.Template != "" {
		t, err := s.Store.FindTemplate(ctx, d.Template)
		switch {
		case apperr.Is(err, apperr.ENOTFOUND):
			errs["template"] = fmt.Sprintf("Không có mẫu báo cáo %s.", d.Template)
		case err != nil:
			return nil, nil, p, err
		default:
			tpl = t
			if d.Period != "" {
				if p, err = t.Period(d.Period); err != nil {
					errs["period"] = fmt.Sprintf("Kỳ %s không phải kỳ của mẫu \"%s\".", d.Period, t.Name)
				}
			}
		}
	}
	if !date.IsZero() {
		for i, inv := range d.Invitees {
			if inv.UnitCode == "" {
				continue
			}
			if _, err := s.Units.FindUnit(ctx, inv.UnitCode, date); apperr.Is(err, apperr.ENOTFOUND) {
				errs[fmt.Sprintf("invitees.%d", i+1)] = fmt.Sprintf("Đơn vị %s không tồn tại vào ngày họp %s.", inv.UnitCode, date.VN())
			} else if err != nil {
				return nil, nil, p, err
			}
		}
	}
	if len(errs) == 0 {
		errs = nil
	}
	return errs, tpl, p, nil
}

// defaultTitle is the title of a quarterly conference left untitled:
// "Hội nghị giao ban công tác dân vận quý I năm 2019".
func defaultTitle(k Kind, p period.Period) string {
	if k == KindQuarterly && p.Type == period.Quarter && p.Index >= 1 && p.Index <= 4 {
		return fmt.Sprintf("Hội nghị giao ban công tác dân vận quý %s năm %d", roman[p.Index-1], p.Year)
	}
	return ""
}

var roman = [...]string{"I", "II", "III", "IV"}

// consolidationPaper is the working paper of the conference's period: the
// consolidation of its template over the host's Party committee (the
// host's parent: the commission 20-BDV consolidates for province 20).
func consolidationPaper(tpl *report.Template, p period.Period, host *org.Unit, now time.Time, by string) Paper {
	scope := host.ParentCode
	if scope == "" {
		scope = host.Code
	}
	return Paper{Kind: PaperConsolidation, Title: "Báo cáo tổng hợp: " + tpl.Name + " — " + p.Label(),
		Ref: tpl.Code + "/" + p.ID + "/" + scope, CreatedAt: now, CreatedBy: by}
}

// Create plans a new conference (status planned). The period's
// consolidation becomes its first working paper; when the host's previous
// conference of an earlier period has an issued conclusion, the agenda
// gets the review of its tasks ("Kiểm điểm việc thực hiện kết luận kỳ
// trước"). EINVALID with per-field messages, EFORBIDDEN outside a's scope.
func (s *Service) Create(ctx context.Context, a *auth.Actor, d Details) (*Conference, error) {
	if err := s.CanPlan(ctx, a); err != nil {
		return nil, err
	}
	d.Normalize()
	date := period.Of(d.StartsAt.In(period.Vietnam))
	errs, tpl, p, err := s.check(ctx, &d, date)
	if err != nil {
		return nil, err
	}
	var host *org.Unit
	if !d.StartsAt.IsZero() {
		if host, err = s.hostFor(ctx, a, d.HostUnit, date); apperr.Is(err, apperr.EINVALID) {
			if errs == nil {
				errs = map[string]string{}
			}
			mergeFields(errs, apperr.FieldsOf(err))
		} else if err != nil {
			return nil, err
		}
	}
	if err := invalid(errs); err != nil {
		return nil, err
	}
	if err := s.Authz.Can(ctx, a, auth.ActConferenceManage, host.Code, date); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	c := &Conference{Status: StatusPlanned, HostUnit: host.Code, CreatedAt: now, UpdatedAt: now, UpdatedBy: a.Username}
	apply(c, &d)
	if c.Title == "" {
		c.Title = defaultTitle(d.Kind, p)
	}
	if tpl != nil {
		c.Papers = []Paper{consolidationPaper(tpl, p, host, now, a.Username)}
	}
	if !c.HasReview() {
		prev, err := s.previous(ctx, c)
		if err != nil {
			return nil, err
		}
		if prev != nil {
			c.Agenda = append(c.Agenda, AgendaItem{Title: "Kiểm điểm việc thực hiện kết luận kỳ trước", Presenter: c.ChairName, Kind: AgendaKindReview})
		}
	}
	if err := s.Store.CreateConference(ctx, c); err != nil {
		return nil, err
	}
	return c, nil
}

func mergeFields(dst, src map[string]string) {
	for k, v := range src {
		dst[k] = v
	}
}

// apply copies the edited fields of d onto c.
func apply(c *Conference, d *Details) {
	c.Title, c.Kind, c.Template, c.Period = d.Title, d.Kind, d.Template, d.Period
	c.StartsAt, c.EndsAt = d.StartsAt.In(period.Vietnam), d.EndsAt
	if !c.EndsAt.IsZero() {
		c.EndsAt = c.EndsAt.In(period.Vietnam)
	}
	c.Place, c.ChairName, c.ChairTitle = d.Place, d.ChairName, d.ChairTitle
	c.Invitees = slices.Clone(d.Invitees)
	c.Agenda = slices.Clone(d.Agenda)
}

// previous returns the host's latest issued conclusion from a conference
// of an earlier period than c's (nil when there is none): notices of
// other conferences of c's own period (a thematic one in the same
// quarter) are passed over.
func (s *Service) previous(ctx context.Context, c *Conference) (*Conclusion, error) {
	if c.StartsAt.IsZero() || c.Period == "" {
		return nil, nil
	}
	before := c.StartsAt
	for range maxLookBack {
		prev, err := s.Store.PreviousConclusion(ctx, c.HostUnit, before)
		if apperr.Is(err, apperr.ENOTFOUND) {
			return nil, nil
		} else if err != nil {
			return nil, err
		}
		pc, err := s.Store.FindConference(ctx, prev.ConferenceID)
		if err != nil {
			return nil, err
		}
		if pc.ID != c.ID && periodBefore(pc.Period, c.Period) {
			return prev, nil
		}
		before = pc.StartsAt
	}
	return nil, nil
}

// maxLookBack bounds the notices previous passes over.
const maxLookBack = 20

// periodBefore reports whether period a ends before period b starts. A
// conference without a period reviews nothing; one whose previous
// conference had none, or an unreadable one, reviews it (the conferences
// are already ordered by date).
func periodBefore(a, b string) bool {
	if b == "" {
		return false
	}
	if a == "" {
		return true
	}
	pa, err1 := period.ParseID(a, period.Decree09)
	pb, err2 := period.ParseID(b, period.Decree09)
	if err1 != nil || err2 != nil {
		return a != b
	}
	return pa.End.Before(pb.Start)
}

// Update saves new details of conference id read at version base.
// ECONFLICT when it changed since or is concluded.
func (s *Service) Update(ctx context.Context, a *auth.Actor, id int64, base int, d Details) (*Conference, error) {
	cur, err := s.editable(ctx, a, id, base)
	if err != nil {
		return nil, err
	}
	d.Normalize()
	d.HostUnit = cur.HostUnit
	date := period.Of(d.StartsAt.In(period.Vietnam))
	errs, tpl, p, err := s.check(ctx, &d, date)
	if err != nil {
		return nil, err
	}
	var host *org.Unit
	if !d.StartsAt.IsZero() {
		if host, err = s.Units.FindUnit(ctx, cur.HostUnit, date); apperr.Is(err, apperr.ENOTFOUND) {
			if errs == nil {
				errs = map[string]string{}
			}
			errs["starts_at"] = fmt.Sprintf("Đơn vị chủ trì %s không tồn tại vào ngày %s.", cur.HostUnit, date.VN())
		} else if err != nil {
			return nil, err
		}
	}
	if err := invalid(errs); err != nil {
		return nil, err
	}
	if err := s.Authz.Can(ctx, a, auth.ActConferenceManage, host.Code, date); err != nil {
		return nil, err
	}
	c := *cur
	apply(&c, &d)
	if c.Title == "" {
		c.Title = defaultTitle(d.Kind, p)
	}
	now := s.now().UTC()
	c.UpdatedAt, c.UpdatedBy = now, a.Username
	// The consolidation paper follows the period; uploaded files stay.
	var papers []Paper
	if tpl != nil {
		keep := consolidationPaper(tpl, p, host, now, a.Username)
		for _, old := range cur.Papers {
			if old.Kind == PaperConsolidation && old.Ref == keep.Ref {
				keep = old
			}
		}
		papers = append(papers, keep)
	}
	for _, old := range cur.Papers {
		if old.Kind == PaperFile {
			papers = append(papers, old)
		}
	}
	c.Papers = papers
	if err := s.Store.UpdateConference(ctx, &c, base, "conference.update", "Sửa thông tin hội nghị: "+c.Title); err != nil {
		return nil, err
	}
	return &c, nil
}

// unlocked loads conference id for a change by a: a must manage it and it
// must not be concluded.
func (s *Service) unlocked(ctx context.Context, a *auth.Actor, id int64) (*Conference, error) {
	c, err := s.Store.FindConference(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.CanManage(ctx, a, c); err != nil {
		return nil, err
	}
	if c.Locked() {
		return nil, lockedError()
	}
	return c, nil
}

// editable is unlocked for a change made on version base, which must be
// current.
func (s *Service) editable(ctx context.Context, a *auth.Actor, id int64, base int) (*Conference, error) {
	c, err := s.unlocked(ctx, a, id)
	if err != nil {
		return nil, err
	}
	if c.Version != base {
		return nil, staleError()
	}
	return c, nil
}

// change loads conference id for a change by a at version base: a must
// manage it, it must not be concluded and base must be current.
func (s *Service) change(ctx context.Context, a *auth.Actor, id int64, base int) (*Conference, error) {
	cur, err := s.editable(ctx, a, id, base)
	if err != nil {
		return nil, err
	}
	c := *cur
	c.UpdatedAt, c.UpdatedBy = s.now().UTC(), a.Username
	return &c, nil
}

// advance moves c forward to status to; a conference never goes back.
func advance(c *Conference, to Status) {
	if to.rank() > c.Status.rank() {
		c.Status = to
	}
}

// RecordAttendance stores the attendance taken at the door and marks the
// conference held. Each line names a unit or a person; an absence needs
// its reason. EINVALID with per-line messages ("attendance.N").
func (s *Service) RecordAttendance(ctx context.Context, a *auth.Actor, id int64, base int, att []Attendee) (*Conference, error) {
	c, err := s.change(ctx, a, id, base)
	if err != nil {
		return nil, err
	}
	errs := map[string]string{}
	var rows []Attendee
	date := c.Date()
	for _, x := range att {
		x.UnitCode = strings.TrimSpace(x.UnitCode)
		x.PersonName = vntext.Normalize(x.PersonName)
		x.PersonTitle = vntext.Normalize(x.PersonTitle)
		x.AbsenceReason = vntext.Normalize(x.AbsenceReason)
		if x.UnitCode == "" && x.PersonName == "" && x.PersonTitle == "" && x.AbsenceReason == "" {
			continue
		}
		rows = append(rows, x)
		key := fmt.Sprintf("attendance.%d", len(rows))
		switch {
		case x.UnitCode == "" && x.PersonName == "":
			errs[key] = "Dòng điểm danh cần đơn vị hoặc họ tên người dự."
		case !x.Present && x.AbsenceReason == "":
			errs[key] = "Ghi lý do vắng mặt."
		case x.Present && x.AbsenceReason != "":
			errs[key] = "Người có mặt không cần lý do vắng."
		case utf8.RuneCountInString(x.PersonName) > maxLine || utf8.RuneCountInString(x.PersonTitle) > maxLine || utf8.RuneCountInString(x.AbsenceReason) > maxLine:
			errs[key] = "Nội dung dòng điểm danh dài quá."
		}
		if x.UnitCode != "" && errs[key] == "" {
			if _, err := s.Units.FindUnit(ctx, x.UnitCode, date); apperr.Is(err, apperr.ENOTFOUND) {
				errs[key] = fmt.Sprintf("Đơn vị %s không tồn tại vào ngày họp.", x.UnitCode)
			} else if err != nil {
				return nil, err
			}
		}
	}
	if len(rows) == 0 {
		errs["attendance"] = "Chưa có ai trong danh sách điểm danh."
	}
	if err := invalid(errs); err != nil {
		return nil, err
	}
	c.Attendance = rows
	advance(c, StatusHeld)
	present := 0
	for _, x := range rows {
		if x.Present {
			present++
		}
	}
	if err := s.Store.UpdateConference(ctx, c, base, "conference.attendance", fmt.Sprintf("Điểm danh hội nghị: %d có mặt, %d vắng", present, len(rows)-present)); err != nil {
		return nil, err
	}
	return c, nil
}

// MarkHeld records that the conference took place (without attendance
// taken in the app). ECONFLICT when it is already held.
func (s *Service) MarkHeld(ctx context.Context, a *auth.Actor, id int64, base int) (*Conference, error) {
	c, err := s.change(ctx, a, id, base)
	if err != nil {
		return nil, err
	}
	if c.Status.Reached(StatusHeld) {
		return nil, apperr.Errorf(apperr.ECONFLICT, "Hội nghị đã được ghi nhận là đã tổ chức.")
	}
	if c.Date().After(s.today()) {
		return nil, apperr.Errorf(apperr.ECONFLICT, "Chưa đến ngày họp (%s) nên chưa ghi nhận đã tổ chức được.", c.Date().VN())
	}
	advance(c, StatusHeld)
	if err := s.Store.UpdateConference(ctx, c, base, "conference.held", "Ghi nhận đã tổ chức hội nghị: "+c.Title); err != nil {
		return nil, err
	}
	return c, nil
}

// SaveMinutes stores the minutes (biên bản) of the conference.
func (s *Service) SaveMinutes(ctx context.Context, a *auth.Actor, id int64, base int, text string) (*Conference, error) {
	c, err := s.change(ctx, a, id, base)
	if err != nil {
		return nil, err
	}
	text = strings.TrimSpace(vntext.NormalizeText(text))
	if utf8.RuneCountInString(text) > maxText {
		return nil, invalid(map[string]string{"minutes": "Biên bản dài quá."})
	}
	c.Minutes = text
	if err := s.Store.UpdateConference(ctx, c, base, "conference.minutes", "Cập nhật biên bản hội nghị: "+c.Title); err != nil {
		return nil, err
	}
	return c, nil
}

// IssueInvitation numbers the invitation letter ("Giấy mời", Party
// series GM of the host for the term of date on) and marks the conference
// invited. The letter must be dated on or before the conference.
func (s *Service) IssueInvitation(ctx context.Context, a *auth.Actor, id int64, base int, on period.Date) (*Conference, error) {
	c, err := s.change(ctx, a, id, base)
	if err != nil {
		return nil, err
	}
	if c.InvitationNo != "" || c.Status.Reached(StatusInvited) {
		return nil, apperr.Errorf(apperr.ECONFLICT, "Giấy mời của hội nghị đã phát hành (%s) hoặc hội nghị đã diễn ra.", c.InvitationNo)
	}
	if on.IsZero() {
		on = s.today()
	}
	if on.After(c.Date()) {
		return nil, invalid(map[string]string{"ngay": fmt.Sprintf("Ngày giấy mời phải trước hoặc đúng ngày họp %s.", c.Date().VN())})
	}
	if len(c.Invitees) == 0 {
		return nil, invalid(map[string]string{"invitees": "Chưa có thành phần được mời."})
	}
	series, err := s.series(ctx, c.HostUnit, "GM", on)
	if err != nil {
		return nil, err
	}
	advance(c, StatusInvited)
	c.InvitationOn = on
	if err := s.Store.IssueInvitation(ctx, c, base, series, s.now().UTC()); err != nil {
		return nil, err
	}
	return c, nil
}

// series is the Party numbering series of docType issued by unit on d.
func (s *Service) series(ctx context.Context, unit, docType string, d period.Date) (document.Series, error) {
	u, err := s.Units.FindUnit(ctx, unit, d)
	if err != nil {
		return document.Series{}, err
	}
	return document.SeriesFor(document.Party, document.IssuerCode(u.Name), docType, d, s.Terms)
}

// AddPaper uploads a working paper (at most MaxPaper bytes).
func (s *Service) AddPaper(ctx context.Context, a *auth.Actor, id int64, name, contentType string, data []byte) (*Paper, error) {
	if _, err := s.unlocked(ctx, a, id); err != nil {
		return nil, err
	}
	name = vntext.Normalize(name)
	if i := strings.LastIndexAny(name, `/\`); i >= 0 {
		name = name[i+1:]
	}
	switch {
	case name == "":
		return nil, invalid(map[string]string{"file": "Chưa chọn tệp."})
	case len(data) == 0:
		return nil, invalid(map[string]string{"file": "Tệp rỗng."})
	case len(data) > MaxPaper:
		return nil, invalid(map[string]string{"file": fmt.Sprintf("Tệp tối đa %d MB.", MaxPaper>>20)})
	}
	if contentType == "" {
		contentType = "application/octet-stream"
	}
	p := &Paper{Kind: PaperFile, Title: name, FileName: name, ContentType: contentType, Size: int64(len(data)), Data: data,
		CreatedAt: s.now().UTC(), CreatedBy: a.Username}
	if err := s.Store.AddPaper(ctx, id, p); err != nil {
		return nil, err
	}
	return p, nil
}

// Paper returns an uploaded paper with its bytes, to whoever may read
// the conference.
func (s *Service) Paper(ctx context.Context, a *auth.Actor, id, paperID int64) (*Paper, error) {
	if _, err := s.Get(ctx, a, id); err != nil {
		return nil, err
	}
	return s.Store.FindPaper(ctx, id, paperID)
}

// DeletePaper removes an uploaded paper.
func (s *Service) DeletePaper(ctx context.Context, a *auth.Actor, id, paperID int64) error {
	if _, err := s.unlocked(ctx, a, id); err != nil {
		return err
	}
	p, err := s.Store.FindPaper(ctx, id, paperID)
	if err != nil {
		return err
	}
	if p.Kind != PaperFile {
		return apperr.Errorf(apperr.ECONFLICT, "Báo cáo tổng hợp được gắn tự động theo kỳ; đổi kỳ của hội nghị để đổi tài liệu này.")
	}
	return s.Store.DeletePaper(ctx, id, paperID)
}

// Review is the agenda item reviewing the previous conclusion: the notice
// and every task made from it with its bucket today.
type Review struct {
	Conference *Conference
	Conclusion *Conclusion
	Tasks      []ReviewTask
	Counts     map[task.Bucket]int
}

// ReviewTask is one task of the review.
type ReviewTask struct {
	task.Task
	Bucket  task.Bucket
	DueSoon bool
}

// ReviewOf returns the review of c's agenda (nil when c has no previous
// conclusion). The caller has read c.
func (s *Service) ReviewOf(ctx context.Context, c *Conference) (*Review, error) {
	prev, err := s.previous(ctx, c)
	if err != nil || prev == nil {
		return nil, err
	}
	pc, err := s.Store.FindConference(ctx, prev.ConferenceID)
	if err != nil {
		return nil, err
	}
	ts, err := s.Store.TasksOfConclusion(ctx, prev.ID)
	if err != nil {
		return nil, err
	}
	today := s.today()
	r := &Review{Conference: pc, Conclusion: prev, Counts: map[task.Bucket]int{}}
	for i := range ts {
		b := ts[i].BucketOn(today)
		r.Tasks = append(r.Tasks, ReviewTask{Task: ts[i], Bucket: b, DueSoon: ts[i].DueSoon(today, task.DueSoonDays)})
		r.Counts[b]++
	}
	return r, nil
}

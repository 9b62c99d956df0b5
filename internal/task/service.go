package task

import (
	"cmp"
	"context"
	"fmt"
	"log/slog"
	"path"
	"slices"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/notify"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/vntext"
)

// Store persists tasks. Implemented by sqlstore; every write is audited
// in the transaction that makes it.
type Store interface {
	// CreateTask inserts t and sets its ID and Version (1).
	CreateTask(ctx context.Context, t *Task) error
	// FindTask returns a task; ENOTFOUND when there is none.
	FindTask(ctx context.Context, id int64) (*Task, error)
	ListTasks(ctx context.Context, f Filter) ([]Task, error)
	// UpdateTask saves t's state, completion date, percent and latest
	// progress with the events that explain the change, if the stored
	// version is still base (ECONFLICT otherwise); t.Version must be
	// base+1.
	UpdateTask(ctx context.Context, t *Task, base int, events []Event) error
	// ListTaskEvents returns a task's events, oldest first, with their
	// evidence files (without the bytes).
	ListTaskEvents(ctx context.Context, taskID int64) ([]Event, error)
	// FindTaskEvidence returns one evidence file of a task with its bytes.
	FindTaskEvidence(ctx context.Context, taskID, id int64) (*Evidence, error)
	// TaskOrigin returns the chain above a task made from a conclusion
	// item; nil for a task entered by hand.
	TaskOrigin(ctx context.Context, taskID int64) (*Origin, error)
	// PendingReminders returns the open tasks whose deadline falls within
	// DueSoonDays of today, or has passed, and which have not had the
	// reminder of that kind (overdue when the deadline has passed,
	// due_soon otherwise).
	PendingReminders(ctx context.Context, today period.Date) ([]Pending, error)
	// RecordReminder marks the reminder of kind sent for a task and stores
	// its notifications, in one transaction; false (and nothing stored)
	// when it was sent before.
	RecordReminder(ctx context.Context, taskID int64, kind ReminderKind, at time.Time, ns []notify.Notification) (bool, error)
	// CreateNotifications stores in-app notifications (not one-time).
	CreateNotifications(ctx context.Context, ns []notify.Notification) error
}

// Units is what the task rules need of the hierarchy.
type Units interface {
	FindUnit(ctx context.Context, code string, at period.Date) (*org.Unit, error)
	PredecessorsAt(ctx context.Context, code string, at period.Date) ([]string, error)
}

// Service holds the task rules: who assigns, who reports progress, who
// confirms; validation; reminders.
type Service struct {
	Store Store
	Units Units
	Authz *auth.Authorizer
	Now   func() time.Time
	// Mail, when set, e-mails the users of units; reminders are stored
	// in-app first and e-mail is best effort.
	Mail func(ctx context.Context, units []string, subject, body string) error
	Log  *slog.Logger
}

// Limits of what a task carries.
const (
	MaxContent       = 4000                                               // characters of a task's content
	MaxText          = 8000                                               // characters of one progress update
	MaxEvidence      = 10 << 20                                           // bytes of one evidence file
	MaxEvidenceFiles = 5                                                  // files of one progress update
	maxSource        = 500                                                // characters of a source number or title
	maxCoordinating  = 50                                                 // coordinating units of one task
	linkPrefix       = "/nhiem-vu/"                                       // a task's page
	mailSubject      = "[Giao Ban] "                                      // prefix of reminder e-mails
	mailFooter       = "\n\nĐăng nhập hệ thống Giao Ban để xem chi tiết." // end of reminder e-mails
)

func (s *Service) today() period.Date { return period.Today(s.Now()) }

func (s *Service) log() *slog.Logger {
	if s.Log != nil {
		return s.Log
	}
	return slog.Default()
}

// Draft is a task entered by hand. Dates are typed text (YYYY-MM-DD or
// DD/MM/YYYY) so that a bad one gets a message at its field.
type Draft struct {
	Content      string
	LeadUnit     string
	Coordinating []string
	MonitorUnit  string // "": the creator's commission
	Deadline     string
	Ongoing      bool
	SourceNumber string
	SourceTitle  string
	AssignedOn   string // "": today
}

// CanAssign returns nil when the actor may create tasks at all (for some
// unit in its scope): the gate of the "new task" page.
func (s *Service) CanAssign(ctx context.Context, a *auth.Actor) error {
	today := s.today()
	roots, all, err := s.Authz.ScopeRoots(ctx, a, today)
	if err != nil || all {
		return err
	}
	if len(roots) == 0 {
		return apperr.Errorf(apperr.EFORBIDDEN, "Bạn không có quyền giao nhiệm vụ.")
	}
	return s.Authz.Can(ctx, a, auth.ActTaskAssign, roots[0], today)
}

// Create validates d and stores the task, then reminds the lead unit of
// its new task. EFORBIDDEN unless the actor may assign tasks to the lead
// unit and name the monitoring unit; EINVALID with a message per field.
func (s *Service) Create(ctx context.Context, a *auth.Actor, d Draft) (*Task, error) {
	if err := s.CanAssign(ctx, a); err != nil {
		return nil, err
	}
	today := s.today()
	fields := map[string]string{}
	t := &Task{SourceKind: SourceDocument, State: StateOpen, Ongoing: d.Ongoing}
	t.Content = strings.TrimSpace(vntext.NormalizeText(d.Content))
	switch {
	case t.Content == "":
		fields["content"] = "Cần ghi nội dung nhiệm vụ."
	case len([]rune(t.Content)) > MaxContent:
		fields["content"] = fmt.Sprintf("Nội dung tối đa %s ký tự.", vntext.FormatInt(MaxContent))
	}
	t.AssignedOn = today
	if v := strings.TrimSpace(d.AssignedOn); v != "" {
		if on, err := period.Parse(v); err != nil {
			fields["assigned_on"] = "Ngày giao không hợp lệ (dạng 28/03/2019)."
		} else if on.After(today) {
			fields["assigned_on"] = "Ngày giao không được sau hôm nay."
		} else {
			t.AssignedOn = on
		}
	}
	at := t.AssignedOn
	unitErr := func(code string) string {
		if _, err := s.Units.FindUnit(ctx, code, at); err != nil {
			return fmt.Sprintf("Đơn vị %s không tồn tại vào ngày %s.", code, at.VN())
		}
		return ""
	}
	t.LeadUnit = strings.TrimSpace(d.LeadUnit)
	if t.LeadUnit == "" {
		fields["lead_unit"] = "Chọn đơn vị chủ trì."
	} else if msg := unitErr(t.LeadUnit); msg != "" {
		fields["lead_unit"] = msg
	}
	t.MonitorUnit = strings.TrimSpace(d.MonitorUnit)
	if t.MonitorUnit == "" {
		t.MonitorUnit = s.ownCommission(ctx, a, at)
	}
	if t.MonitorUnit == "" {
		fields["monitor_unit"] = "Chọn đơn vị theo dõi, đôn đốc."
	} else if msg := unitErr(t.MonitorUnit); msg != "" {
		fields["monitor_unit"] = msg
	}
	for _, c := range d.Coordinating {
		c = strings.TrimSpace(c)
		if c == "" || c == t.LeadUnit || slices.Contains(t.Coordinating, c) {
			continue
		}
		if msg := unitErr(c); msg != "" {
			fields["coordinating"] = msg
			continue
		}
		t.Coordinating = append(t.Coordinating, c)
	}
	if len(t.Coordinating) > maxCoordinating {
		fields["coordinating"] = fmt.Sprintf("Tối đa %d đơn vị phối hợp.", maxCoordinating)
	}
	if !t.Ongoing {
		v := strings.TrimSpace(d.Deadline)
		if v == "" {
			fields["deadline"] = "Cần ghi hạn hoàn thành, hoặc chọn “Thường xuyên”."
		} else if dl, err := period.Parse(v); err != nil {
			fields["deadline"] = "Hạn hoàn thành không hợp lệ (dạng 28/03/2019)."
		} else if dl.Before(t.AssignedOn) {
			fields["deadline"] = fmt.Sprintf("Hạn hoàn thành không được trước ngày giao (%s).", t.AssignedOn.VN())
		} else {
			t.Deadline = dl
		}
	}
	t.SourceNumber = vntext.Normalize(d.SourceNumber)
	t.SourceTitle = vntext.Normalize(d.SourceTitle)
	if t.SourceNumber == "" && t.SourceTitle == "" {
		fields["source_number"] = "Cần ghi số hoặc trích yếu văn bản giao nhiệm vụ."
	}
	if len([]rune(t.SourceNumber)) > maxSource {
		fields["source_number"] = "Số văn bản quá dài."
	}
	if len([]rune(t.SourceTitle)) > maxSource {
		fields["source_title"] = "Trích yếu quá dài."
	}
	if len(fields) > 0 {
		return nil, apperr.Invalid("Thông tin nhiệm vụ chưa hợp lệ (xem các ô tô đỏ).", fields)
	}
	if err := s.Authz.Can(ctx, a, auth.ActTaskAssign, t.LeadUnit, at); err != nil {
		return nil, apperr.Errorf(apperr.EFORBIDDEN, "Bạn không có quyền giao nhiệm vụ cho đơn vị %s.", t.LeadUnit)
	}
	if err := s.Authz.Can(ctx, a, auth.ActTaskAssign, t.MonitorUnit, at); err != nil {
		return nil, apperr.Errorf(apperr.EFORBIDDEN, "Đơn vị theo dõi %s nằm ngoài phạm vi của bạn.", t.MonitorUnit)
	}
	now := s.Now().UTC()
	t.CreatedAt, t.CreatedBy, t.UpdatedAt, t.UpdatedBy = now, a.Username, now, a.Username
	if err := s.Store.CreateTask(ctx, t); err != nil {
		return nil, err
	}
	if err := s.RemindAssigned(ctx, t); err != nil {
		s.log().Error("task assigned reminder", "task", t.ID, "err", err)
	}
	return t, nil
}

// ownCommission is the actor's unit as it was on at: the unit itself, or
// the predecessor in force then (the merged commission acts for the Ban
// Dân vận in 2019). "" when the actor has no unit.
func (s *Service) ownCommission(ctx context.Context, a *auth.Actor, at period.Date) string {
	if a == nil || a.UnitCode == "" {
		return ""
	}
	if _, err := s.Units.FindUnit(ctx, a.UnitCode, at); err == nil {
		return a.UnitCode
	}
	if ps, err := s.Units.PredecessorsAt(ctx, a.UnitCode, at); err == nil && len(ps) > 0 {
		return ps[0]
	}
	return a.UnitCode
}

// canRead returns nil when the actor may see t: through its lead unit, its
// monitoring unit or one of its coordinating units, as of its assignment.
func (s *Service) canRead(ctx context.Context, a *auth.Actor, t *Task) error {
	err := s.Authz.Can(ctx, a, auth.ActTaskRead, t.LeadUnit, t.AssignedOn)
	if err == nil || apperr.Is(err, apperr.EUNAUTHORIZED) {
		return err
	}
	for _, u := range append([]string{t.MonitorUnit}, t.Coordinating...) {
		if s.Authz.Can(ctx, a, auth.ActTaskRead, u, t.AssignedOn) == nil {
			return nil
		}
	}
	return err
}

// Get returns a task the actor may see.
func (s *Service) Get(ctx context.Context, a *auth.Actor, id int64) (*Task, error) {
	if a == nil {
		return nil, apperr.Errorf(apperr.EUNAUTHORIZED, "Vui lòng đăng nhập.")
	}
	t, err := s.Store.FindTask(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.canRead(ctx, a, t); err != nil {
		return nil, err
	}
	return t, nil
}

// Detail is a task with its history and origin.
type Detail struct {
	Task        *Task
	Events      []Event
	Origin      *Origin // nil for a task entered by hand
	CanProgress bool    // the actor may post progress (the owner)
	CanMonitor  bool    // the actor may confirm or return (the monitor)
}

// Detail returns a task the actor may see with its events and origin.
func (s *Service) Detail(ctx context.Context, a *auth.Actor, id int64) (*Detail, error) {
	t, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, err
	}
	d := &Detail{Task: t}
	if d.Events, err = s.Store.ListTaskEvents(ctx, id); err != nil {
		return nil, err
	}
	if d.Origin, err = s.Store.TaskOrigin(ctx, id); err != nil {
		return nil, err
	}
	d.CanProgress = t.Open() && s.Authz.Can(ctx, a, auth.ActTaskProgress, t.LeadUnit, t.AssignedOn) == nil
	d.CanMonitor = t.State == StateProposed && s.Authz.Can(ctx, a, auth.ActTaskAssign, t.MonitorUnit, t.AssignedOn) == nil
	return d, nil
}

// Evidence returns an evidence file of a task the actor may see.
func (s *Service) Evidence(ctx context.Context, a *auth.Actor, taskID, id int64) (*Evidence, error) {
	if _, err := s.Get(ctx, a, taskID); err != nil {
		return nil, err
	}
	return s.Store.FindTaskEvidence(ctx, taskID, id)
}

// List returns the tasks of f the actor may see, the most urgent first:
// overdue, then open by deadline (ongoing last), then done.
func (s *Service) List(ctx context.Context, a *auth.Actor, f Filter) ([]Task, error) {
	if a == nil {
		return nil, apperr.Errorf(apperr.EUNAUTHORIZED, "Vui lòng đăng nhập.")
	}
	ts, err := s.Store.ListTasks(ctx, f)
	if err != nil {
		return nil, err
	}
	// Permission per unit and date, asked once each.
	type key struct {
		unit string
		at   period.Date
	}
	memo := map[key]bool{}
	can := func(unit string, at period.Date) bool {
		k := key{unit, at}
		ok, seen := memo[k]
		if !seen {
			ok = s.Authz.Can(ctx, a, auth.ActTaskRead, unit, at) == nil
			memo[k] = ok
		}
		return ok
	}
	out := ts[:0]
	for _, t := range ts {
		ok := can(t.LeadUnit, t.AssignedOn) || can(t.MonitorUnit, t.AssignedOn)
		for _, c := range t.Coordinating {
			ok = ok || can(c, t.AssignedOn)
		}
		if ok {
			out = append(out, t)
		}
	}
	SortUrgent(out, s.today())
	return out, nil
}

// SortUrgent orders tasks the way lists show them: overdue first (the
// longest overdue first), then open by deadline with ongoing ones after,
// then done ones, the latest done first.
func SortUrgent(ts []Task, today period.Date) {
	rank := func(t *Task) int {
		switch t.BucketOn(today) {
		case BucketOverdue:
			return 0
		case BucketOpen:
			if t.Ongoing || t.Deadline.IsZero() {
				return 2
			}
			return 1
		}
		return 3
	}
	slices.SortStableFunc(ts, func(x, y Task) int {
		if c := cmp.Compare(rank(&x), rank(&y)); c != 0 {
			return c
		}
		if x.State == StateDone {
			if c := y.DoneOn.Compare(x.DoneOn); c != 0 {
				return c
			}
		} else if c := x.Deadline.Compare(y.Deadline); c != 0 {
			return c
		}
		return cmp.Compare(x.ID, y.ID)
	})
}

// Upload is an evidence file as received.
type Upload struct {
	Name string
	Data []byte
}

// Progress is an update posted by the owner.
type Progress struct {
	// Version is the task version the update was written against; 0
	// skips the check (the API, which posts without one), a negative one
	// is refused (a form without its version).
	Version     int
	Text        string
	Percent     *int
	On          string // the date the progress refers to; "": today
	Evidence    []Upload
	ProposeDone bool // propose the task done (as of On)
}

// PostProgress records the owner's progress and, when asked, its proposal
// that the task is done. Only the lead unit (and commission staff for the
// units in their scope) may post; a unit never posts on another unit's
// task. ECONFLICT on a stale version or a task already done.
func (s *Service) PostProgress(ctx context.Context, a *auth.Actor, id int64, p Progress) (*Task, error) {
	t, err := s.Store.FindTask(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.Authz.Can(ctx, a, auth.ActTaskProgress, t.LeadUnit, t.AssignedOn); err != nil {
		return nil, refuse(err, "Chỉ đơn vị chủ trì nhiệm vụ mới được cập nhật tiến độ.")
	}
	if err := checkVersion(t, p.Version); err != nil {
		return nil, err
	}
	if t.State == StateDone {
		return nil, apperr.Errorf(apperr.ECONFLICT, "Nhiệm vụ đã được xác nhận hoàn thành; không cập nhật tiến độ được nữa.")
	}
	if p.ProposeDone && t.State == StateProposed {
		return nil, apperr.Errorf(apperr.ECONFLICT, "Nhiệm vụ đã được đề nghị hoàn thành và đang chờ đơn vị theo dõi xác nhận.")
	}
	today := s.today()
	fields := map[string]string{}
	text := strings.TrimSpace(vntext.NormalizeText(p.Text))
	if text == "" && !p.ProposeDone {
		fields["text"] = "Cần ghi nội dung tiến độ."
	} else if len([]rune(text)) > MaxText {
		fields["text"] = fmt.Sprintf("Nội dung tối đa %s ký tự.", vntext.FormatInt(MaxText))
	}
	if p.Percent != nil && (*p.Percent < 0 || *p.Percent > 100) {
		fields["percent"] = "Tỷ lệ hoàn thành phải từ 0 đến 100%."
	}
	on := today
	if v := strings.TrimSpace(p.On); v != "" {
		d, err := period.Parse(v)
		switch {
		case err != nil:
			fields["date"] = "Ngày không hợp lệ (dạng 28/03/2019)."
		case d.After(today):
			fields["date"] = "Ngày cập nhật không được sau hôm nay."
		case d.Before(t.AssignedOn):
			fields["date"] = fmt.Sprintf("Ngày cập nhật không được trước ngày giao nhiệm vụ (%s).", t.AssignedOn.VN())
		default:
			on = d
		}
	}
	ev := Event{TaskID: t.ID, Kind: EventProgress, On: on, Text: text, Percent: p.Percent}
	if p.ProposeDone {
		ev.Kind = EventPropose
	}
	if len(p.Evidence) > MaxEvidenceFiles {
		fields["evidence"] = fmt.Sprintf("Tối đa %d tệp minh chứng mỗi lần cập nhật.", MaxEvidenceFiles)
	}
	for _, u := range p.Evidence {
		e, err := CheckEvidence(u)
		if err != nil {
			fields["evidence"] = u.Name + ": " + fieldOr(err, "file")
			continue
		}
		ev.Evidence = append(ev.Evidence, e)
	}
	if len(fields) > 0 {
		return nil, apperr.Invalid("Thông tin cập nhật chưa hợp lệ (xem các ô tô đỏ).", fields)
	}
	base := t.Version
	if text != "" {
		t.LastProgress = text
	}
	if p.Percent != nil {
		t.Percent = *p.Percent
	}
	if p.ProposeDone {
		t.State, t.DoneOn = StateProposed, on
	}
	s.touch(t, a)
	ev.CreatedAt, ev.CreatedBy = t.UpdatedAt, a.Username
	if err := s.Store.UpdateTask(ctx, t, base, []Event{ev}); err != nil {
		return nil, err
	}
	if p.ProposeDone {
		msg := fmt.Sprintf("%s đề nghị xác nhận hoàn thành nhiệm vụ: %s", t.LeadUnit, clip(t.Content, 160))
		if err := s.notify(ctx, t, []string{t.MonitorUnit}, msg, a.Username); err != nil {
			s.log().Error("task proposal notification", "task", t.ID, "err", err)
		}
	}
	return t, nil
}

// CheckEvidence validates an evidence file like a report attachment
// (name, type by its bytes, at most MaxEvidence).
func CheckEvidence(u Upload) (Evidence, error) {
	if len(u.Data) > MaxEvidence {
		return Evidence{}, apperr.Invalid("Tệp quá lớn.", map[string]string{"file": "Tệp tối đa 10 MB."})
	}
	ct, err := report.CheckAttachment(u.Name, u.Data)
	if err != nil {
		return Evidence{}, err
	}
	name := path.Base(strings.ReplaceAll(u.Name, "\\", "/"))
	return Evidence{FileName: name, ContentType: ct, Size: int64(len(u.Data)), Data: u.Data}, nil
}

func fieldOr(err error, field string) string {
	if f := apperr.FieldsOf(err); f[field] != "" {
		return f[field]
	}
	return apperr.Message(err)
}

// checkVersion refuses a stale version (409); 0 skips the check (the API
// posts without one) and a negative one is a form that lost it.
func checkVersion(t *Task, v int) error {
	if v < 0 {
		return apperr.Invalid("Thiếu phiên bản.", map[string]string{"version": "Biểu mẫu thiếu phiên bản nhiệm vụ; vui lòng tải lại trang."})
	}
	if v != 0 && v != t.Version {
		return apperr.Errorf(apperr.ECONFLICT, "Nhiệm vụ vừa được người khác cập nhật (phiên bản %d, bạn đang sửa phiên bản %d). Vui lòng tải lại trang.", t.Version, v)
	}
	return nil
}

func (s *Service) touch(t *Task, a *auth.Actor) {
	t.Version++
	t.UpdatedAt, t.UpdatedBy = s.Now().UTC(), a.Username
}

// Confirm is the monitoring unit's confirmation that a proposed task is
// done: done on the date the owner proposed (today when it gave none).
func (s *Service) Confirm(ctx context.Context, a *auth.Actor, id int64, version int, note string) (*Task, error) {
	return s.decide(ctx, a, id, version, func(t *Task) (Event, error) {
		if t.DoneOn.IsZero() {
			t.DoneOn = s.today()
		}
		t.State, t.Percent = StateDone, 100
		return Event{Kind: EventConfirm, Text: strings.TrimSpace(vntext.NormalizeText(note))}, nil
	})
}

// Return sends a proposed task back to its owner with a reason.
func (s *Service) Return(ctx context.Context, a *auth.Actor, id int64, version int, reason string) (*Task, error) {
	reason = strings.TrimSpace(vntext.NormalizeText(reason))
	return s.decide(ctx, a, id, version, func(t *Task) (Event, error) {
		if reason == "" {
			return Event{}, apperr.Invalid("Cần nêu lý do trả lại.", map[string]string{"reason": "Cần nêu lý do chưa công nhận hoàn thành."})
		}
		if len([]rune(reason)) > MaxText {
			return Event{}, apperr.Invalid("Lý do quá dài.", map[string]string{"reason": "Lý do tối đa 8.000 ký tự."})
		}
		t.State, t.DoneOn = StateOpen, period.Date{}
		return Event{Kind: EventReturn, Text: reason}, nil
	})
}

// decide runs the monitoring unit's decision on a proposed task.
func (s *Service) decide(ctx context.Context, a *auth.Actor, id int64, version int, apply func(t *Task) (Event, error)) (*Task, error) {
	t, err := s.Store.FindTask(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.Authz.Can(ctx, a, auth.ActTaskAssign, t.MonitorUnit, t.AssignedOn); err != nil {
		return nil, refuse(err, "Chỉ đơn vị theo dõi nhiệm vụ mới được xác nhận hoặc trả lại.")
	}
	if err := checkVersion(t, version); err != nil {
		return nil, err
	}
	if t.State != StateProposed {
		return nil, apperr.Errorf(apperr.ECONFLICT, "Nhiệm vụ chưa được đơn vị chủ trì đề nghị hoàn thành (đang ở trạng thái “%s”).", t.State.Label())
	}
	base := t.Version
	ev, err := apply(t)
	if err != nil {
		return nil, err
	}
	s.touch(t, a)
	ev.TaskID, ev.On, ev.CreatedAt, ev.CreatedBy = t.ID, s.today(), t.UpdatedAt, a.Username
	if err := s.Store.UpdateTask(ctx, t, base, []Event{ev}); err != nil {
		return nil, err
	}
	msg := "Nhiệm vụ được xác nhận hoàn thành: " + clip(t.Content, 160)
	if ev.Kind == EventReturn {
		msg = "Nhiệm vụ chưa được công nhận hoàn thành (" + clip(ev.Text, 120) + "): " + clip(t.Content, 120)
	}
	if err := s.notify(ctx, t, []string{t.LeadUnit}, msg, a.Username); err != nil {
		s.log().Error("task decision notification", "task", t.ID, "err", err)
	}
	return t, nil
}

// refuse gives a refusal its task-specific message (an anonymous caller
// keeps "please log in").
func refuse(err error, msg string) error {
	if apperr.Is(err, apperr.EFORBIDDEN) {
		return &apperr.Error{Code: apperr.EFORBIDDEN, Message: msg, Err: err}
	}
	return err
}

// clip shortens s to n characters for a notification.
func clip(s string, n int) string {
	s = vntext.Normalize(s)
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

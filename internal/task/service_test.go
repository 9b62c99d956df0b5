package task_test

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/apptest"
	"giaoban/internal/audit"
	"giaoban/internal/auth"
	"giaoban/internal/demo"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
	"giaoban/internal/task"
)

// units joins the store's unit lookups and the restructuring walk.
type units struct {
	*sqlstore.DB
	*org.Service
}

func (u units) FindUnit(ctx context.Context, code string, at period.Date) (*org.Unit, error) {
	return u.DB.FindUnit(ctx, code, at)
}

// env is one demo database with a task.Service over it whose clock the
// test sets.
type env struct {
	t    *testing.T
	ctx  context.Context
	db   *sqlstore.DB
	svc  *task.Service
	now  time.Time
	mu   sync.Mutex
	mail [][]string // units e-mailed, one entry per message
}

func newEnv(t *testing.T, db *sqlstore.DB) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), db: db, now: apptest.Clock}
	db.Now = func() time.Time { return e.now }
	if _, err := demo.Load(e.ctx, db, period.Today(e.now)); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	o := &org.Service{Store: db}
	e.svc = &task.Service{Store: db, Units: units{db, o}, Authz: &auth.Authorizer{Units: o}, Now: func() time.Time { return e.now },
		Mail: func(_ context.Context, us []string, subject, body string) error {
			e.mu.Lock()
			defer e.mu.Unlock()
			e.mail = append(e.mail, us)
			return nil
		}}
	return e
}

func (e *env) setToday(d string) {
	e.now = period.MustParse(d).In(period.Vietnam).Add(9 * time.Hour)
}

func (e *env) actor(username string) *auth.Actor {
	e.t.Helper()
	u, err := e.db.FindUserByUsername(e.ctx, username)
	if err != nil {
		e.t.Fatalf("demo user %s: %v", username, err)
	}
	return auth.ActorOf(u)
}

// create makes a task for lead as chuyenvien, failing the test on error.
func (e *env) create(lead, deadline string, coord ...string) *task.Task {
	e.t.Helper()
	t, err := e.svc.Create(e.ctx, e.actor("chuyenvien"), task.Draft{Content: "Tổ chức tốt Đại hội MTTQ các cấp nhiệm kỳ 2019–2024", LeadUnit: lead,
		Coordinating: coord, Deadline: deadline, Ongoing: deadline == "", SourceNumber: "Số 15-TB/BDVTU", SourceTitle: "Thông báo kết luận hội nghị giao ban"})
	if err != nil {
		e.t.Fatalf("create task for %s: %v", lead, err)
	}
	return t
}

func (e *env) notifications(unit string) []string {
	e.t.Helper()
	return e.notificationsAfter(unit, 0)
}

// noteMark is the id of a unit's newest notification (0 if none): the
// demo's own notifications are at or before it, the test's after it.
func (e *env) noteMark(unit string) int64 {
	e.t.Helper()
	ns, err := e.db.ListNotifications(e.ctx, unit, 1)
	if err != nil {
		e.t.Fatal(err)
	}
	if len(ns) == 0 {
		return 0
	}
	return ns[0].ID
}

// notificationsAfter lists the messages of a unit's notifications newer
// than mark, newest first.
func (e *env) notificationsAfter(unit string, mark int64) []string {
	e.t.Helper()
	ns, err := e.db.ListNotifications(e.ctx, unit, 200)
	if err != nil {
		e.t.Fatal(err)
	}
	var out []string
	for _, n := range ns {
		if n.ID > mark {
			out = append(out, n.Message)
		}
	}
	return out
}

// only keeps the ids of got that are in mine, in got's order: the tasks a
// test made among the demo's.
func only(got []int64, mine ...*task.Task) []int64 {
	var out []int64
	for _, id := range got {
		for _, t := range mine {
			if t.ID == id {
				out = append(out, id)
				break
			}
		}
	}
	return out
}

func wantCode(t *testing.T, err error, code string) {
	t.Helper()
	if apperr.Code(err) != code {
		t.Fatalf("got %v, want code %s", err, code)
	}
}

func pct(n int) *int { return &n }

func TestCreate(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		cv := e.actor("chuyenvien")

		// Only commission staff (and admins) assign.
		for _, who := range []string{"mttq", "lanhdao", "bientap"} {
			_, err := e.svc.Create(e.ctx, e.actor(who), task.Draft{Content: "X", LeadUnit: demo.Front, Deadline: "2026-12-31", SourceNumber: "1"})
			wantCode(t, err, apperr.EFORBIDDEN)
		}
		// Every field gets its message in Vietnamese.
		_, err := e.svc.Create(e.ctx, cv, task.Draft{})
		wantCode(t, err, apperr.EINVALID)
		f := apperr.FieldsOf(err)
		for _, k := range []string{"content", "lead_unit", "deadline", "source_number"} {
			if f[k] == "" {
				t.Errorf("no message for %s: %v", k, f)
			}
		}
		_, err = e.svc.Create(e.ctx, cv, task.Draft{Content: "X", LeadUnit: demo.CaoLoc, Deadline: "31/12/2026", SourceNumber: "1"})
		if f := apperr.FieldsOf(err); !strings.Contains(f["lead_unit"], "không tồn tại") {
			t.Errorf("a district gone in 2025 is no lead unit in 2026: %v", err)
		}
		_, err = e.svc.Create(e.ctx, cv, task.Draft{Content: "X", LeadUnit: demo.Front, Deadline: "2026-01-01", SourceNumber: "1"})
		if f := apperr.FieldsOf(err); !strings.Contains(f["deadline"], "trước ngày giao") {
			t.Errorf("deadline before assignment: %v", err)
		}
		_, err = e.svc.Create(e.ctx, cv, task.Draft{Content: "X", LeadUnit: demo.Front, Deadline: "31-12-2026", SourceNumber: "1"})
		if f := apperr.FieldsOf(err); f["deadline"] == "" {
			t.Errorf("bad deadline accepted: %v", err)
		}

		// The demo's 2019 tasks told these units already: count from here.
		frontMark, farmersMark := e.noteMark(demo.Front), e.noteMark(demo.Farmers)
		tk := e.create(demo.Front, "2026-12-31", demo.Farmers, demo.Front)
		if tk.ID == 0 || tk.Version != 1 || tk.State != task.StateOpen || tk.SourceKind != task.SourceDocument {
			t.Fatalf("created %+v", tk)
		}
		if tk.MonitorUnit != demo.MergedCommission {
			t.Errorf("monitor = %s, want the creator's commission %s", tk.MonitorUnit, demo.MergedCommission)
		}
		if !slices.Equal(tk.Coordinating, []string{demo.Farmers}) {
			t.Errorf("coordinating = %v (the lead is not its own coordinator)", tk.Coordinating)
		}
		got, err := db.FindTask(e.ctx, tk.ID)
		if err != nil || got.Content != tk.Content || !got.Deadline.Equal(period.MustParse("2026-12-31")) || got.AssignedOn != period.MustParse("2026-11-25") {
			t.Fatalf("stored %+v, %v", got, err)
		}
		// The lead and the coordinating unit are told, once.
		if ns := e.notificationsAfter(demo.Front, frontMark); len(ns) != 1 || !strings.Contains(ns[0], "chủ trì") {
			t.Errorf("MTTQ notifications %q", ns)
		}
		if ns := e.notificationsAfter(demo.Farmers, farmersMark); len(ns) != 1 || !strings.Contains(ns[0], "phối hợp") {
			t.Errorf("HND notifications %q", ns)
		}
		if len(e.mail) != 1 || !slices.Equal(e.mail[0], []string{demo.Front, demo.Farmers}) {
			t.Errorf("mail %v", e.mail)
		}
		if err := e.svc.RemindAssigned(e.ctx, tk); err != nil || len(e.notificationsAfter(demo.Front, frontMark)) != 1 {
			t.Errorf("assignment reminded twice: %v", err)
		}
		// The task's first audit entry is its creation, with the task as stored.
		es, _, _ := db.ListAudit(e.ctx, audit.Filter{Entity: "task", EntityID: itoa(tk.ID), Limit: 10})
		if len(es) == 0 || es[len(es)-1].Action != "task.create" || !strings.Contains(es[len(es)-1].After, tk.Content) {
			t.Errorf("audit %+v", es)
		}

		// A task dated 2019 is monitored by the commission as it was then.
		old, err := e.svc.Create(e.ctx, cv, task.Draft{Content: "Tổ chức Đại hội đại biểu các dân tộc thiểu số tỉnh lần thứ III", LeadUnit: demo.Ethnic,
			Deadline: "2019-10-31", AssignedOn: "05/04/2019", SourceNumber: "Số 15-TB/BDVTU"})
		if err != nil || old.MonitorUnit != demo.Commission {
			t.Fatalf("2019 task: %+v, %v", old, err)
		}
		// Ongoing tasks have no deadline.
		on := e.create(demo.Front, "")
		if !on.Ongoing || !on.Deadline.IsZero() || on.DeadlineLabel() != "Thường xuyên" {
			t.Errorf("ongoing %+v", on)
		}
	})
}

func TestProgressOnlyByOwner(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		tk := e.create(demo.Farmers, "2026-12-31")
		// Another unit never posts on a task it does not lead; nor does a
		// leader or an editor.
		for _, who := range []string{"mttq", "caoloc", "lanhdao", "bientap", "bandantoc"} {
			_, err := e.svc.PostProgress(e.ctx, e.actor(who), tk.ID, task.Progress{Version: 1, Text: "Đã làm"})
			wantCode(t, err, apperr.EFORBIDDEN)
		}
		if _, err := e.svc.PostProgress(e.ctx, nil, tk.ID, task.Progress{Text: "x"}); apperr.Code(err) != apperr.EUNAUTHORIZED {
			t.Errorf("anonymous: %v", err)
		}
		stored, _ := db.FindTask(e.ctx, tk.ID)
		if stored.Version != 1 || stored.LastProgress != "" {
			t.Fatalf("a refused post changed the task: %+v", stored)
		}
		hnd := e.actor("hoinongdan")
		_, err := e.svc.PostProgress(e.ctx, hnd, tk.ID, task.Progress{Version: 1, Percent: pct(120)})
		wantCode(t, err, apperr.EINVALID)
		if f := apperr.FieldsOf(err); f["text"] == "" || f["percent"] == "" {
			t.Errorf("fields %v", f)
		}
		_, err = e.svc.PostProgress(e.ctx, hnd, tk.ID, task.Progress{Version: 1, Text: "x", On: "2026-12-01"})
		if f := apperr.FieldsOf(err); f["date"] == "" {
			t.Errorf("a date in the future: %v", err)
		}
		pdf := []byte("%PDF-1.4\n%âãÏÓ\n1 0 obj\n<<>>\nendobj\ntrailer\n<<>>\n%%EOF\n")
		got, err := e.svc.PostProgress(e.ctx, hnd, tk.ID, task.Progress{Version: 1, Text: "Đã tổ chức 5/11 đại hội cấp huyện", Percent: pct(45),
			Evidence: []task.Upload{{Name: "bien-ban.pdf", Data: pdf}}})
		if err != nil {
			t.Fatal(err)
		}
		if got.Version != 2 || got.Percent != 45 || got.LastProgress != "Đã tổ chức 5/11 đại hội cấp huyện" || got.State != task.StateOpen {
			t.Fatalf("after progress %+v", got)
		}
		_, err = e.svc.PostProgress(e.ctx, hnd, tk.ID, task.Progress{Version: 2, Text: "x", Evidence: []task.Upload{{Name: "a.exe", Data: []byte("MZ")}}})
		if f := apperr.FieldsOf(err); f["evidence"] == "" {
			t.Errorf("an executable as evidence: %v", err)
		}
		// Commission staff may post for a unit in their scope.
		if _, err := e.svc.PostProgress(e.ctx, e.actor("chuyenvien"), tk.ID, task.Progress{Version: 2, Text: "Ban ghi nhận qua điện thoại", Percent: pct(50)}); err != nil {
			t.Fatal(err)
		}
		evs, err := db.ListTaskEvents(e.ctx, tk.ID)
		if err != nil || len(evs) != 2 || evs[0].Kind != task.EventProgress || len(evs[0].Evidence) != 1 || evs[0].Evidence[0].Size != int64(len(pdf)) || *evs[0].Percent != 45 {
			t.Fatalf("events %+v, %v", evs, err)
		}
		ev, err := e.svc.Evidence(e.ctx, hnd, tk.ID, evs[0].Evidence[0].ID)
		if err != nil || string(ev.Data) != string(pdf) || ev.ContentType != "application/pdf" {
			t.Fatalf("evidence %v", err)
		}
		if _, err := e.svc.Evidence(e.ctx, e.actor("mttq"), tk.ID, evs[0].Evidence[0].ID); apperr.Code(err) != apperr.EFORBIDDEN {
			t.Errorf("another unit read the evidence: %v", err)
		}
		// Reading: the lead unit, the commission and the leader; not another unit.
		for who, want := range map[string]string{"hoinongdan": "", "chuyenvien": "", "lanhdao": "", "admin": "", "mttq": apperr.EFORBIDDEN, "bientap": apperr.EFORBIDDEN} {
			if _, err := e.svc.Get(e.ctx, e.actor(who), tk.ID); apperr.Code(err) != want {
				t.Errorf("%s reads: %v, want %q", who, err, want)
			}
		}
	})
}

func TestProposeConfirmReturn(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		e.setToday("2026-11-20")
		tk := e.create(demo.Front, "2026-11-30")
		mttq, cv := e.actor("mttq"), e.actor("chuyenvien")
		monitorMark := e.noteMark(demo.MergedCommission)
		e.setToday("2026-11-28")
		got, err := e.svc.PostProgress(e.ctx, mttq, tk.ID, task.Progress{Version: 1, Text: "Đã hoàn thành", Percent: pct(100), ProposeDone: true, On: "2026-11-27"})
		if err != nil {
			t.Fatal(err)
		}
		if got.State != task.StateProposed || !got.DoneOn.Equal(period.MustParse("2026-11-27")) {
			t.Fatalf("proposed %+v", got)
		}
		if ns := e.notificationsAfter(demo.MergedCommission, monitorMark); len(ns) != 1 || !strings.Contains(ns[0], "đề nghị xác nhận") {
			t.Errorf("monitor not told: %q", ns)
		}
		_, err = e.svc.PostProgress(e.ctx, mttq, tk.ID, task.Progress{Version: 2, ProposeDone: true})
		wantCode(t, err, apperr.ECONFLICT)
		// Only the monitoring unit decides.
		for _, who := range []string{"mttq", "hoinongdan", "lanhdao", "caoloc"} {
			_, err := e.svc.Confirm(e.ctx, e.actor(who), tk.ID, 2, "")
			wantCode(t, err, apperr.EFORBIDDEN)
			_, err = e.svc.Return(e.ctx, e.actor(who), tk.ID, 2, "Thiếu minh chứng")
			wantCode(t, err, apperr.EFORBIDDEN)
		}
		_, err = e.svc.Return(e.ctx, cv, tk.ID, 2, "  ")
		if f := apperr.FieldsOf(err); f["reason"] == "" {
			t.Fatalf("return without a reason: %v", err)
		}
		_, err = e.svc.Confirm(e.ctx, cv, tk.ID, 1, "")
		wantCode(t, err, apperr.ECONFLICT) // stale version
		got, err = e.svc.Return(e.ctx, cv, tk.ID, 2, "Chưa có biên bản đại hội")
		if err != nil || got.State != task.StateOpen || !got.DoneOn.IsZero() || got.Version != 3 {
			t.Fatalf("returned %+v, %v", got, err)
		}
		if ns := e.notifications(demo.Front); !strings.Contains(ns[0], "Chưa có biên bản") {
			t.Errorf("owner not told of the return: %q", ns)
		}
		_, err = e.svc.Confirm(e.ctx, cv, tk.ID, 3, "")
		wantCode(t, err, apperr.ECONFLICT) // not proposed
		// Proposed again after the deadline, confirmed: done late, on the
		// date the owner gave.
		e.setToday("2026-12-03")
		if _, err := e.svc.PostProgress(e.ctx, mttq, tk.ID, task.Progress{Version: 3, Text: "Gửi bổ sung biên bản", ProposeDone: true, On: "2026-12-01"}); err != nil {
			t.Fatal(err)
		}
		if b := got.BucketOn(period.MustParse("2026-12-03")); b != task.BucketOverdue {
			t.Errorf("proposed, unconfirmed past the deadline: %s", b)
		}
		e.setToday("2026-12-05")
		got, err = e.svc.Confirm(e.ctx, cv, tk.ID, 4, "Đủ hồ sơ")
		if err != nil {
			t.Fatal(err)
		}
		if got.State != task.StateDone || !got.DoneOn.Equal(period.MustParse("2026-12-01")) || got.Percent != 100 {
			t.Fatalf("confirmed %+v", got)
		}
		if b := got.BucketOn(period.MustParse("2026-12-05")); b != task.BucketDoneLate {
			t.Errorf("bucket %s, want done late", b)
		}
		_, err = e.svc.PostProgress(e.ctx, mttq, tk.ID, task.Progress{Version: 5, Text: "Thêm"})
		wantCode(t, err, apperr.ECONFLICT) // done: locked
		evs, _ := db.ListTaskEvents(e.ctx, tk.ID)
		var kinds []task.EventKind
		for _, ev := range evs {
			kinds = append(kinds, ev.Kind)
		}
		if !slices.Equal(kinds, []task.EventKind{task.EventPropose, task.EventReturn, task.EventPropose, task.EventConfirm}) {
			t.Errorf("events %v", kinds)
		}
		es, _, _ := db.ListAudit(e.ctx, audit.Filter{Entity: "task", EntityID: itoa(tk.ID), Limit: 50})
		var actions []string
		for _, a := range es {
			actions = append(actions, a.Action)
		}
		for _, want := range []string{"task.create", "task.propose", "task.return", "task.confirm", "task.remind"} {
			if !slices.Contains(actions, want) {
				t.Errorf("audit lacks %s: %v", want, actions)
			}
		}

		// Done on time: proposed by the deadline, confirmed after it.
		e.setToday("2026-11-20")
		t2 := e.create(demo.Front, "2026-11-30")
		e.setToday("2026-11-30")
		if _, err := e.svc.PostProgress(e.ctx, mttq, t2.ID, task.Progress{Version: 1, Text: "Xong", ProposeDone: true}); err != nil {
			t.Fatal(err)
		}
		e.setToday("2026-12-02")
		got, err = e.svc.Confirm(e.ctx, cv, t2.ID, 0, "")
		if err != nil || got.BucketOn(period.MustParse("2026-12-02")) != task.BucketDoneOnTime {
			t.Fatalf("done on time: %+v, %v", got, err)
		}
	})
}

func TestStaleVersion(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		tk := e.create(demo.Front, "2026-12-31")
		mttq := e.actor("mttq")
		if _, err := e.svc.PostProgress(e.ctx, mttq, tk.ID, task.Progress{Version: 1, Text: "Lần 1"}); err != nil {
			t.Fatal(err)
		}
		_, err := e.svc.PostProgress(e.ctx, mttq, tk.ID, task.Progress{Version: 1, Text: "Lần 2, bản cũ"})
		wantCode(t, err, apperr.ECONFLICT)
		// The store refuses a stale base even when the service did not check.
		cur, _ := db.FindTask(e.ctx, tk.ID)
		cur.Version++
		err = db.UpdateTask(e.ctx, cur, 1, nil)
		wantCode(t, err, apperr.ECONFLICT)
		if stored, _ := db.FindTask(e.ctx, tk.ID); stored.LastProgress != "Lần 1" || stored.Version != 2 {
			t.Errorf("stored %+v", stored)
		}
	})
}

func TestReminders(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		e.setToday("2026-11-20")
		// The demo's overdue task (Hội Nông dân, 2019) is reminded at the
		// first run; what follows counts only this test's tasks.
		if n, err := e.svc.RunReminders(e.ctx, period.MustParse("2026-11-20")); err != nil || n != 1 {
			t.Fatalf("first run: %d reminders, %v; want the demo's overdue task's", n, err)
		}
		e.create(demo.Front, "2026-12-10")
		e.create(demo.Front, "") // ongoing: never reminded
		done := e.create(demo.Farmers, "2026-11-30")
		if _, err := e.svc.PostProgress(e.ctx, e.actor("hoinongdan"), done.ID, task.Progress{Version: 1, Text: "Xong", ProposeDone: true}); err != nil {
			t.Fatal(err)
		}
		if _, err := e.svc.Confirm(e.ctx, e.actor("chuyenvien"), done.ID, 2, ""); err != nil {
			t.Fatal(err)
		}
		mails, frontMark := len(e.mail), e.noteMark(demo.Front)
		run := func(day string, want int) {
			t.Helper()
			n, err := e.svc.RunReminders(e.ctx, period.MustParse(day))
			if err != nil || n != want {
				t.Fatalf("reminders on %s: %d, %v; want %d", day, n, err, want)
			}
		}
		run("2026-11-20", 0)
		run("2026-12-02", 0) // 8 days ahead
		run("2026-12-03", 1) // 7 days ahead
		run("2026-12-03", 0)
		run("2026-12-10", 0) // the deadline: still due, already reminded
		run("2026-12-11", 1) // overdue
		run("2026-12-11", 0)
		run("2027-06-01", 0)
		ns := e.notificationsAfter(demo.Front, frontMark)
		var soon, over int
		for _, m := range ns {
			soon += strings.Count(m, "sắp đến hạn")
			over += strings.Count(m, "quá hạn")
		}
		if soon != 1 || over != 1 {
			t.Errorf("MTTQ notifications %q", ns)
		}
		if len(e.mail) != mails+2 {
			t.Errorf("mails %v", e.mail[mails:])
		}

		// Several servers at once send each reminder once.
		t3 := e.create(demo.Front, "2026-11-21")
		var wg sync.WaitGroup
		var mu sync.Mutex
		total := 0
		for range 8 {
			wg.Add(1)
			go func() {
				defer wg.Done()
				n, err := e.svc.RunReminders(e.ctx, period.MustParse("2026-11-25"))
				if err != nil {
					t.Error(err)
				}
				mu.Lock()
				total += n
				mu.Unlock()
			}()
		}
		wg.Wait()
		if total != 1 {
			t.Errorf("concurrent runs sent %d reminders, want 1", total)
		}
		// A proposal awaiting confirmation past the deadline goes to the monitor.
		e.setToday("2026-11-21")
		if _, err := e.svc.PostProgress(e.ctx, e.actor("mttq"), t3.ID, task.Progress{Text: "Xong", ProposeDone: true}); err != nil {
			t.Fatal(err)
		}
		t4 := e.create(demo.Front, "2026-11-21")
		if _, err := e.svc.PostProgress(e.ctx, e.actor("mttq"), t4.ID, task.Progress{Text: "Xong", ProposeDone: true}); err != nil {
			t.Fatal(err)
		}
		before := len(e.notifications(demo.MergedCommission))
		run("2026-11-22", 1)
		if ns := e.notifications(demo.MergedCommission); len(ns) != before+1 || !strings.Contains(ns[0], "chờ xác nhận") {
			t.Errorf("monitor notifications %q", ns)
		}
	})
}

func TestReportLines(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		mine := e.create(demo.Front, "2026-12-31")
		other := e.create(demo.Farmers, "2026-12-31")
		mttq := e.actor("mttq")
		q := period.MustParseID("2026Q4", period.Decree09)
		ts, err := e.svc.ForReport(e.ctx, mttq, demo.Front, q)
		if err != nil || len(ts) != 1 || ts[0].ID != mine.ID {
			t.Fatalf("tasks for the MTTQ report: %+v, %v", ts, err)
		}
		if ts, _ := e.svc.ForReport(e.ctx, mttq, demo.Front, period.MustParseID("2026Q3", period.Decree09)); len(ts) != 0 {
			t.Errorf("a task assigned after Q3's window is in Q3's report: %+v", ts)
		}
		_, err = e.svc.CheckReport(e.ctx, mttq, demo.Front, []task.ReportLine{{TaskID: mine.ID, Text: "x", Percent: "120"}, {TaskID: other.ID, Text: "y"}})
		f := apperr.FieldsOf(err)
		if f["tasks."+itoa(mine.ID)+".percent"] == "" || f["tasks."+itoa(other.ID)+".text"] == "" {
			t.Fatalf("fields %v (%v)", f, err)
		}
		b, err := e.svc.CheckReport(e.ctx, mttq, demo.Front, []task.ReportLine{{TaskID: mine.ID, Text: "Đã tổ chức 8/11 đại hội", Percent: "70%"}})
		if err != nil || b.Len() != 1 {
			t.Fatalf("check: %v", err)
		}
		ref := "BCQ-DV/2026Q4/" + demo.Front
		if n, err := e.svc.ApplyReport(e.ctx, mttq, b, ref); err != nil || n != 1 {
			t.Fatalf("apply: %d, %v", n, err)
		}
		got, _ := db.FindTask(e.ctx, mine.ID)
		if got.LastProgress != "Đã tổ chức 8/11 đại hội" || got.Percent != 70 {
			t.Errorf("task after the report %+v", got)
		}
		evs, _ := db.ListTaskEvents(e.ctx, mine.ID)
		if len(evs) != 1 || evs[0].Kind != task.EventReport || evs[0].ReportRef != ref || *evs[0].Percent != 70 {
			t.Errorf("events %+v", evs)
		}
		// Saving the same lines again changes nothing.
		b, _ = e.svc.CheckReport(e.ctx, mttq, demo.Front, []task.ReportLine{{TaskID: mine.ID, Text: "Đã tổ chức 8/11 đại hội", Percent: "70"}})
		if b.Len() != 0 {
			t.Errorf("an unchanged line makes an event")
		}
		_, err = e.svc.CheckReport(e.ctx, e.actor("caoloc"), demo.Front, []task.ReportLine{{TaskID: mine.ID, Text: "z"}})
		wantCode(t, err, apperr.EFORBIDDEN)
	})
}

func TestList(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		e.setToday("2026-11-01")
		late := e.create(demo.Front, "2026-11-10")
		soon := e.create(demo.Farmers, "2026-11-28")
		ongoing := e.create(demo.Front, "")
		e.setToday("2026-11-25")
		ids := func(who string) []int64 {
			ts, err := e.svc.List(e.ctx, e.actor(who), task.Filter{})
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, t := range ts {
				out = append(out, t.ID)
			}
			return out
		}
		// The demo's 2019 tasks are in the lists too; these are the test's.
		if got, want := only(ids("chuyenvien"), late, soon, ongoing), []int64{late.ID, soon.ID, ongoing.ID}; !slices.Equal(got, want) {
			t.Errorf("commission sees %v, want %v (overdue, due, ongoing)", got, want)
		}
		if got := only(ids("lanhdao"), late, soon, ongoing); len(got) != 3 {
			t.Errorf("leader sees %v", got)
		}
		if got, want := only(ids("mttq"), late, soon, ongoing), []int64{late.ID, ongoing.ID}; !slices.Equal(got, want) {
			t.Errorf("MTTQ sees %v, want %v", got, want)
		}
		// Nor does the MTTQ see a demo task of another unit.
		ts, err := e.svc.List(e.ctx, e.actor("mttq"), task.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		for _, x := range ts {
			if x.LeadUnit != demo.Front && !slices.Contains(x.Coordinating, demo.Front) {
				t.Errorf("MTTQ sees task %d of %s", x.ID, x.LeadUnit)
			}
		}
		if got := ids("bientap"); len(got) != 0 {
			t.Errorf("editor sees %v", got)
		}
		if got := ids("caoloc"); len(got) != 0 {
			t.Errorf("Cao Lộc sees %v", got)
		}
	})
}

func itoa(n int64) string { return strconv.FormatInt(n, 10) }

package sqlstore_test

import (
	"context"
	"slices"
	"strconv"
	"testing"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/apptest"
	"giaoban/internal/audit"
	"giaoban/internal/demo"
	"giaoban/internal/notify"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
	"giaoban/internal/task"
)

func newTask(lead, deadline string, state task.State) *task.Task {
	now := time.Date(2026, 11, 25, 2, 0, 0, 0, time.UTC)
	t := &task.Task{Content: "Nhiệm vụ của " + lead, LeadUnit: lead, Coordinating: []string{demo.Youth}, MonitorUnit: demo.MergedCommission,
		SourceKind: task.SourceDocument, SourceNumber: "Số 1-TB/BDVTU", AssignedOn: period.MustParse("2026-11-01"), State: state,
		CreatedAt: now, CreatedBy: "chuyenvien", UpdatedAt: now, UpdatedBy: "chuyenvien"}
	if deadline == "" {
		t.Ongoing = true
	} else {
		t.Deadline = period.MustParse(deadline)
	}
	return t
}

func TestTaskStore(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, period.MustParse("2026-11-25")); err != nil {
			t.Fatal(err)
		}
		a := newTask(demo.Front, "2026-11-20", task.StateOpen)
		b := newTask(demo.Farmers, "2026-11-30", task.StateOpen)
		c := newTask(demo.Front, "", task.StateOpen)
		d := newTask(demo.Front, "2026-11-10", task.StateDone)
		d.DoneOn = period.MustParse("2026-11-09")
		for _, x := range []*task.Task{a, b, c, d} {
			if err := db.CreateTask(ctx, x); err != nil {
				t.Fatal(err)
			}
		}
		got, err := db.FindTask(ctx, c.ID)
		if err != nil || !got.Ongoing || !got.Deadline.IsZero() || !slices.Equal(got.Coordinating, []string{demo.Youth}) || got.Version != 1 || got.ConclusionItemID != 0 {
			t.Fatalf("found %+v, %v", got, err)
		}
		if _, err := db.FindTask(ctx, 999999); !apperr.Is(err, apperr.ENOTFOUND) {
			t.Errorf("missing task: %v", err)
		}
		// The demo's 2019 tasks are in the store too: the filters are
		// checked on every task listed, the ids on the test's own.
		mine := map[int64]bool{a.ID: true, b.ID: true, c.ID: true, d.ID: true}
		ids := func(f task.Filter, keep func(task.Task) bool) []int64 {
			t.Helper()
			ts, err := db.ListTasks(ctx, f)
			if err != nil {
				t.Fatal(err)
			}
			var out []int64
			for _, x := range ts {
				if !keep(x) {
					t.Errorf("filter %+v lists task %d: %+v", f, x.ID, x)
				}
				if mine[x.ID] {
					out = append(out, x.ID)
				}
			}
			return out
		}
		if got := ids(task.Filter{LeadUnits: []string{demo.Front}}, func(x task.Task) bool { return x.LeadUnit == demo.Front }); !slices.Equal(got, []int64{a.ID, c.ID, d.ID}) {
			t.Errorf("by lead: %v", got)
		}
		if got := ids(task.Filter{States: []task.State{task.StateDone}}, func(x task.Task) bool { return x.State == task.StateDone }); !slices.Equal(got, []int64{d.ID}) {
			t.Errorf("by state: %v", got)
		}
		if got := ids(task.Filter{MonitorUnit: demo.Commission}, func(x task.Task) bool { return x.MonitorUnit == demo.Commission }); len(got) != 0 {
			t.Errorf("by monitor: %v", got)
		}
		if got := ids(task.Filter{MonitorUnit: demo.MergedCommission}, func(x task.Task) bool { return x.MonitorUnit == demo.MergedCommission }); !slices.Equal(got, []int64{a.ID, b.ID, c.ID, d.ID}) {
			t.Errorf("by the merged commission: %v", got)
		}

		// Reminders due on 25/11/2026: a is overdue, b due within 7 days;
		// c is ongoing and d done.
		pending := func() ([]task.Pending, error) {
			ps, err := db.PendingReminders(ctx, period.MustParse("2026-11-25"))
			out := ps[:0]
			for _, p := range ps {
				if mine[p.Task.ID] {
					out = append(out, p)
				}
			}
			return out, err
		}
		ps, err := pending()
		if err != nil || len(ps) != 2 || ps[0].Task.ID != a.ID || ps[0].Kind != task.RemindOverdue || ps[1].Task.ID != b.ID || ps[1].Kind != task.RemindDueSoon {
			t.Fatalf("pending %+v, %v", ps, err)
		}
		mark := int64(0)
		if ns, _ := db.ListNotifications(ctx, demo.Front, 1); len(ns) == 1 {
			mark = ns[0].ID
		}
		n := []notify.Notification{{Unit: demo.Front, Message: "Quá hạn", Link: "/nhiem-vu/1", CreatedAt: time.Now(), CreatedBy: "hệ thống"}}
		if sent, err := db.RecordReminder(ctx, a.ID, task.RemindOverdue, time.Now(), n); !sent || err != nil {
			t.Fatalf("first reminder: %v, %v", sent, err)
		}
		if sent, err := db.RecordReminder(ctx, a.ID, task.RemindOverdue, time.Now(), n); sent || err != nil {
			t.Fatalf("second reminder: %v, %v", sent, err)
		}
		ns, _ := db.ListNotifications(ctx, demo.Front, 10)
		var added []string
		for _, x := range ns {
			if x.ID > mark {
				added = append(added, x.Message)
			}
		}
		if !slices.Equal(added, []string{"Quá hạn"}) {
			t.Errorf("notifications after the demo's: %q", added)
		}
		if ps, _ := pending(); len(ps) != 1 || ps[0].Task.ID != b.ID {
			t.Errorf("pending after the reminder %+v", ps)
		}

		// An update with its event and evidence; a stale base is refused.
		pct := 40
		b.Version, b.Percent, b.LastProgress = 2, 40, "Đã triển khai"
		evs := []task.Event{{Kind: task.EventProgress, On: period.MustParse("2026-11-24"), Text: "Đã triển khai", Percent: &pct, CreatedAt: time.Now(), CreatedBy: "hoinongdan",
			Evidence: []task.Evidence{{FileName: "a.pdf", ContentType: "application/pdf", Size: 4, Data: []byte("%PDF")}}}}
		if err := db.UpdateTask(ctx, b, 1, evs); err != nil {
			t.Fatal(err)
		}
		if err := db.UpdateTask(ctx, b, 1, nil); !apperr.Is(err, apperr.ECONFLICT) {
			t.Errorf("stale base: %v", err)
		}
		list, err := db.ListTaskEvents(ctx, b.ID)
		if err != nil || len(list) != 1 || list[0].Text != "Đã triển khai" || *list[0].Percent != 40 || len(list[0].Evidence) != 1 || list[0].Evidence[0].Data != nil {
			t.Fatalf("events %+v, %v", list, err)
		}
		e, err := db.FindTaskEvidence(ctx, b.ID, list[0].Evidence[0].ID)
		if err != nil || string(e.Data) != "%PDF" {
			t.Fatalf("evidence %v", err)
		}
		if _, err := db.FindTaskEvidence(ctx, a.ID, list[0].Evidence[0].ID); !apperr.Is(err, apperr.ENOTFOUND) {
			t.Errorf("evidence through another task: %v", err)
		}
		if o, err := db.TaskOrigin(ctx, b.ID); o != nil || err != nil {
			t.Errorf("origin of a task entered by hand: %+v, %v", o, err)
		}
		es, _, _ := db.ListAudit(ctx, audit.Filter{Entity: "task", EntityID: strconv.FormatInt(b.ID, 10), Limit: 10})
		if len(es) != 2 || es[0].Action != "task.progress" || es[0].Before == "" || es[0].After == "" || es[1].Action != "task.create" {
			t.Errorf("audit %+v", es)
		}
	})
}

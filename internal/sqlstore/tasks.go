package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strconv"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/notify"
	"giaoban/internal/period"
	"giaoban/internal/task"
)

var _ task.Store = (*DB)(nil)

const taskSelect = `SELECT id, content, lead_unit, coordinating, monitor_unit, deadline, ongoing, source_kind, COALESCE(conclusion_item_id, 0),
	source_number, source_title, assigned_on, state, done_on, percent, last_progress, created_at, created_by, updated_at, updated_by, version FROM task`

func scanTask(s scanner) (*task.Task, error) {
	t := &task.Task{}
	var coord, deadline, kind, assigned, state, done, created, updated string
	var ongoing int
	if err := s.Scan(&t.ID, &t.Content, &t.LeadUnit, &coord, &t.MonitorUnit, &deadline, &ongoing, &kind, &t.ConclusionItemID,
		&t.SourceNumber, &t.SourceTitle, &assigned, &state, &done, &t.Percent, &t.LastProgress, &created, &t.CreatedBy, &updated, &t.UpdatedBy, &t.Version); err != nil {
		return nil, err
	}
	if err := json.Unmarshal([]byte(coord), &t.Coordinating); err != nil {
		return nil, fmt.Errorf("task %d coordinating units: %w", t.ID, err)
	}
	t.Ongoing, t.SourceKind, t.State = ongoing != 0, task.SourceKind(kind), task.State(state)
	t.Deadline, t.AssignedOn, t.DoneOn = taskDate(deadline), taskDate(assigned), taskDate(done)
	t.CreatedAt, t.UpdatedAt = parseTime(created), parseTime(updated)
	return t, nil
}

// taskDate reads a stored YYYY-MM-DD, "" being the zero date.
func taskDate(s string) period.Date {
	if s == "" {
		return period.Date{}
	}
	d, _ := period.Parse(s)
	return d
}

func taskCodesJSON(codes []string) string {
	if codes == nil {
		codes = []string{}
	}
	b, _ := json.Marshal(codes)
	return string(b)
}

func taskJSON(t *task.Task) string {
	b, _ := json.Marshal(map[string]any{"id": t.ID, "content": t.Content, "lead_unit": t.LeadUnit, "coordinating": t.Coordinating,
		"monitor_unit": t.MonitorUnit, "deadline": t.Deadline.String(), "ongoing": t.Ongoing, "source_kind": t.SourceKind,
		"conclusion_item_id": t.ConclusionItemID, "source_number": t.SourceNumber, "source_title": t.SourceTitle,
		"assigned_on": t.AssignedOn.String(), "state": t.State, "done_on": t.DoneOn.String(), "percent": t.Percent,
		"last_progress": t.LastProgress, "version": t.Version})
	return string(b)
}

func taskNullID(id int64) any {
	if id == 0 {
		return nil
	}
	return id
}

// CreateTask stores a new task, audited, and sets its ID and version.
func (db *DB) CreateTask(ctx context.Context, t *task.Task) error {
	t.Version = 1
	return db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO task (content, lead_unit, coordinating, monitor_unit, deadline, ongoing, source_kind,
			conclusion_item_id, source_number, source_title, assigned_on, state, done_on, percent, last_progress, created_at, created_by, updated_at, updated_by, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			t.Content, t.LeadUnit, taskCodesJSON(t.Coordinating), t.MonitorUnit, t.Deadline.String(), boolInt(t.Ongoing), string(t.SourceKind),
			taskNullID(t.ConclusionItemID), t.SourceNumber, t.SourceTitle, t.AssignedOn.String(), string(t.State), t.DoneOn.String(), t.Percent,
			t.LastProgress, db.timeString(t.CreatedAt), t.CreatedBy, db.timeString(t.UpdatedAt), t.UpdatedBy, t.Version).Scan(&t.ID)
		if err != nil {
			return fmt.Errorf("create task: %w", err)
		}
		return db.writeAudit(ctx, tx, "task.create", "task", strconv.FormatInt(t.ID, 10),
			"Giao nhiệm vụ cho "+t.LeadUnit+": "+taskClip(t.Content, 120), "", taskJSON(t))
	})
}

// FindTask returns a task; ENOTFOUND when there is none.
func (db *DB) FindTask(ctx context.Context, id int64) (*task.Task, error) {
	t, err := scanTask(db.read.QueryRowContext(ctx, db.rebind(taskSelect+` WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy nhiệm vụ số %d.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find task %d: %w", id, err)
	}
	return t, nil
}

// ListTasks returns the tasks of f in id order.
func (db *DB) ListTasks(ctx context.Context, f task.Filter) ([]task.Task, error) {
	var w where
	if len(f.LeadUnits) > 0 {
		w.in("lead_unit", f.LeadUnits)
	}
	w.eq("monitor_unit", f.MonitorUnit)
	if len(f.States) > 0 {
		states := make([]string, len(f.States))
		for i, s := range f.States {
			states[i] = string(s)
		}
		w.in("state", states)
	}
	if f.ConclusionItemID != 0 {
		w.cond("conclusion_item_id = ?", f.ConclusionItemID)
	}
	return db.queryTasks(ctx, taskSelect+w.String()+` ORDER BY id`, w.args...)
}

func (db *DB) queryTasks(ctx context.Context, q string, args ...any) ([]task.Task, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("list tasks: %w", err)
	}
	defer rows.Close()
	var out []task.Task
	for rows.Next() {
		t, err := scanTask(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, *t)
	}
	return out, rows.Err()
}

// UpdateTask saves a task's new state with the events that explain it,
// if its stored version is still base; audited.
func (db *DB) UpdateTask(ctx context.Context, t *task.Task, base int, events []task.Event) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanTask(tx.QueryRowContext(ctx, db.rebind(taskSelect+` WHERE id = ?`), t.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy nhiệm vụ số %d.", t.ID)
		} else if err != nil {
			return err
		}
		if before.Version != base {
			return apperr.Errorf(apperr.ECONFLICT, "Nhiệm vụ vừa được người khác cập nhật. Vui lòng tải lại trang.")
		}
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE task SET state = ?, done_on = ?, percent = ?, last_progress = ?, updated_at = ?, updated_by = ?, version = ?
			WHERE id = ? AND version = ?`), string(t.State), t.DoneOn.String(), t.Percent, t.LastProgress, db.timeString(t.UpdatedAt), t.UpdatedBy,
			t.Version, t.ID, base)
		if err != nil {
			return fmt.Errorf("update task %d: %w", t.ID, err)
		}
		if n, _ := res.RowsAffected(); n != 1 {
			return apperr.Errorf(apperr.ECONFLICT, "Nhiệm vụ vừa được người khác cập nhật. Vui lòng tải lại trang.")
		}
		action, summary := "task.update", "Cập nhật nhiệm vụ"
		for i := range events {
			ev := &events[i]
			ev.TaskID = t.ID
			var pct any
			if ev.Percent != nil {
				pct = *ev.Percent
			}
			if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO task_event (task_id, kind, on_date, text, percent, report_ref, created_at, created_by)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), t.ID, string(ev.Kind), ev.On.String(), ev.Text, pct, ev.ReportRef,
				db.timeString(ev.CreatedAt), ev.CreatedBy).Scan(&ev.ID); err != nil {
				return fmt.Errorf("add task event: %w", err)
			}
			for j := range ev.Evidence {
				e := &ev.Evidence[j]
				if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO task_evidence (event_id, file_name, content_type, size, data)
					VALUES (?, ?, ?, ?, ?) RETURNING id`), ev.ID, e.FileName, e.ContentType, e.Size, e.Data).Scan(&e.ID); err != nil {
					return fmt.Errorf("add task evidence: %w", err)
				}
			}
			action, summary = "task."+string(ev.Kind), ev.Kind.Label()
			if ev.Text != "" {
				summary += ": " + taskClip(ev.Text, 120)
			}
		}
		return db.writeAudit(ctx, tx, action, "task", strconv.FormatInt(t.ID, 10), summary, taskJSON(before), taskJSON(t))
	})
}

// ListTaskEvents returns a task's events, oldest first, with their
// evidence files (without the bytes).
func (db *DB) ListTaskEvents(ctx context.Context, taskID int64) ([]task.Event, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT id, kind, on_date, text, percent, report_ref, created_at, created_by
		FROM task_event WHERE task_id = ? ORDER BY id`), taskID)
	if err != nil {
		return nil, fmt.Errorf("list task events: %w", err)
	}
	defer rows.Close()
	var out []task.Event
	idx := map[int64]int{}
	for rows.Next() {
		ev := task.Event{TaskID: taskID}
		var kind, on, created string
		var pct sql.NullInt64
		if err := rows.Scan(&ev.ID, &kind, &on, &ev.Text, &pct, &ev.ReportRef, &created, &ev.CreatedBy); err != nil {
			return nil, err
		}
		ev.Kind, ev.On, ev.CreatedAt = task.EventKind(kind), taskDate(on), parseTime(created)
		if pct.Valid {
			p := int(pct.Int64)
			ev.Percent = &p
		}
		idx[ev.ID] = len(out)
		out = append(out, ev)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return out, nil
	}
	erows, err := db.read.QueryContext(ctx, db.rebind(`SELECT e.id, e.event_id, e.file_name, e.content_type, e.size FROM task_evidence e
		JOIN task_event v ON v.id = e.event_id WHERE v.task_id = ? ORDER BY e.id`), taskID)
	if err != nil {
		return nil, fmt.Errorf("list task evidence: %w", err)
	}
	defer erows.Close()
	for erows.Next() {
		var e task.Evidence
		var eventID int64
		if err := erows.Scan(&e.ID, &eventID, &e.FileName, &e.ContentType, &e.Size); err != nil {
			return nil, err
		}
		if i, ok := idx[eventID]; ok {
			out[i].Evidence = append(out[i].Evidence, e)
		}
	}
	return out, erows.Err()
}

// FindTaskEvidence returns an evidence file of a task with its bytes.
func (db *DB) FindTaskEvidence(ctx context.Context, taskID, id int64) (*task.Evidence, error) {
	e := &task.Evidence{ID: id}
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT e.file_name, e.content_type, e.size, e.data FROM task_evidence e
		JOIN task_event v ON v.id = e.event_id WHERE e.id = ? AND v.task_id = ?`), id, taskID).Scan(&e.FileName, &e.ContentType, &e.Size, &e.Data)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tệp minh chứng.")
	} else if err != nil {
		return nil, fmt.Errorf("find task evidence: %w", err)
	}
	return e, nil
}

// TaskOrigin returns the conference, conclusion and item a task was made
// from; nil for a task entered by hand.
func (db *DB) TaskOrigin(ctx context.Context, taskID int64) (*task.Origin, error) {
	o := &task.Origin{}
	var issued, starts string
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT ci.id, ci.seq, ci.text, c.id, c.title, c.number_text, c.issued_on,
		cf.id, cf.title, cf.starts_at, cf.host_unit, cf.template_code, cf.period_id
		FROM task t JOIN conclusion_item ci ON ci.id = t.conclusion_item_id
		JOIN conclusion c ON c.id = ci.conclusion_id JOIN conference cf ON cf.id = c.conference_id
		WHERE t.id = ?`), taskID).Scan(&o.ItemID, &o.ItemSeq, &o.ItemText, &o.ConclusionID, &o.ConclusionTitle, &o.ConclusionNumber, &issued,
		&o.ConferenceID, &o.ConferenceTitle, &starts, &o.HostUnit, &o.Template, &o.Period)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, nil
	} else if err != nil {
		return nil, fmt.Errorf("task %d origin: %w", taskID, err)
	}
	o.ConclusionIssued = taskDate(issued)
	if t, err := time.Parse(time.RFC3339, starts); err == nil {
		o.ConferenceStartsAt = t
	}
	err = db.read.QueryRowContext(ctx, db.rebind(`SELECT ref FROM conference_paper WHERE conference_id = ? AND kind = 'consolidation' ORDER BY id LIMIT 1`),
		o.ConferenceID).Scan(&o.ConsolidationRef)
	if err != nil && !errors.Is(err, sql.ErrNoRows) {
		return nil, fmt.Errorf("task %d working paper: %w", taskID, err)
	}
	return o, nil
}

// PendingReminders returns the open tasks that need a reminder on today:
// overdue ones (open or proposed) without the overdue reminder, and open
// ones due within task.DueSoonDays without any.
func (db *DB) PendingReminders(ctx context.Context, today period.Date) ([]task.Pending, error) {
	d, horizon := today.String(), today.AddDays(task.DueSoonDays).String()
	ts, err := db.queryTasks(ctx, taskSelect+` WHERE ongoing = 0 AND deadline <> '' AND deadline <= ? AND (
		(deadline < ? AND state IN ('open', 'proposed')
			AND NOT EXISTS (SELECT 1 FROM task_reminder r WHERE r.task_id = task.id AND r.kind = 'overdue'))
		OR (deadline >= ? AND state = 'open'
			AND NOT EXISTS (SELECT 1 FROM task_reminder r WHERE r.task_id = task.id AND r.kind IN ('due_soon', 'overdue'))))
		ORDER BY id`, horizon, d, d)
	if err != nil {
		return nil, err
	}
	out := make([]task.Pending, 0, len(ts))
	for _, t := range ts {
		k := task.RemindDueSoon
		if today.After(t.Deadline) {
			k = task.RemindOverdue
		}
		out = append(out, task.Pending{Task: t, Kind: k})
	}
	return out, nil
}

// RecordReminder marks a task's reminder of kind sent and stores its
// notifications in one transaction; false, with nothing stored, when it
// was sent before (by this server or another).
func (db *DB) RecordReminder(ctx context.Context, taskID int64, kind task.ReminderKind, at time.Time, ns []notify.Notification) (bool, error) {
	sent := false
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		res, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO task_reminder (task_id, kind, sent_at) VALUES (?, ?, ?) ON CONFLICT (task_id, kind) DO NOTHING`),
			taskID, string(kind), db.timeString(at))
		if err != nil {
			return fmt.Errorf("record task reminder: %w", err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return nil
		}
		sent = true
		rows := make([][]any, 0, len(ns))
		units := make([]string, 0, len(ns))
		for _, n := range ns {
			rows = append(rows, []any{n.Unit, n.Message, n.Link, db.timeString(n.CreatedAt), n.CreatedBy})
			units = append(units, n.Unit)
		}
		if len(rows) > 0 {
			if err := db.insertRows(ctx, tx, "notification", []string{"unit_code", "message", "link", "created_at", "created_by"}, rows); err != nil {
				return fmt.Errorf("task reminder notifications: %w", err)
			}
		}
		return db.writeAudit(ctx, tx, "task.remind", "task", strconv.FormatInt(taskID, 10),
			"Nhắc nhiệm vụ ("+kind.Label()+") tới "+strings.Join(units, ", "), "", "")
	})
	if err != nil {
		return false, err
	}
	return sent, nil
}

// taskClip shortens s to n characters for an audit summary.
func taskClip(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if r := []rune(s); len(r) > n {
		return string(r[:n-1]) + "…"
	}
	return s
}

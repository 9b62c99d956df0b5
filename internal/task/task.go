// Package task holds tasks assigned to units — by a conclusion notice's
// item or by hand from another document — and their follow-up: progress
// posted by the owner, a proposal to close, the monitoring unit's
// confirmation or return, and the four buckets of Vietnamese task
// tracking. It is pure: no SQL or HTTP inside.
package task

import (
	"time"

	"giaoban/internal/period"
)

// State is where a task is in its workflow.
type State string

const (
	StateOpen     State = "open"     // being worked on
	StateProposed State = "proposed" // the owner proposes it done; the monitor decides
	StateDone     State = "done"     // confirmed done by the monitor
)

// Bucket is the status shown and filtered on: the four buckets of
// Vietnamese task tracking (the API's `status`).
type Bucket string

const (
	BucketOpen       Bucket = "open"         // open within its deadline (or ongoing)
	BucketOverdue    Bucket = "overdue"      // open past its deadline
	BucketDoneOnTime Bucket = "done_on_time" // done by the deadline
	BucketDoneLate   Bucket = "done_late"    // done after the deadline
)

// Buckets in display order.
var Buckets = []Bucket{BucketDoneOnTime, BucketDoneLate, BucketOpen, BucketOverdue}

// Label is the bucket in Vietnamese.
func (b Bucket) Label() string {
	switch b {
	case BucketOpen:
		return "Đang thực hiện trong hạn"
	case BucketOverdue:
		return "Quá hạn chưa hoàn thành"
	case BucketDoneOnTime:
		return "Hoàn thành đúng hạn"
	case BucketDoneLate:
		return "Hoàn thành quá hạn"
	}
	return string(b)
}

// Valid reports whether b is one of the four buckets.
func (b Bucket) Valid() bool {
	switch b {
	case BucketOpen, BucketOverdue, BucketDoneOnTime, BucketDoneLate:
		return true
	}
	return false
}

// SourceKind says where a task comes from.
type SourceKind string

const (
	SourceConclusion SourceKind = "conclusion" // an item of an issued conclusion notice
	SourceDocument   SourceKind = "document"   // another document, entered by hand
)

// Task is one assignment to a lead unit.
type Task struct {
	ID           int64
	Content      string
	LeadUnit     string
	Coordinating []string // unit codes
	MonitorUnit  string
	Deadline     period.Date // zero when Ongoing
	Ongoing      bool        // "thường xuyên": no deadline
	SourceKind   SourceKind
	// ConclusionItemID names the conclusion item (SourceConclusion).
	ConclusionItemID int64
	// SourceNumber and SourceTitle name the document ("Số 15-TB/BDVTU").
	SourceNumber string
	SourceTitle  string
	AssignedOn   period.Date
	State        State
	DoneOn       period.Date // the completion date confirmed
	Percent      int         // latest progress, 0–100
	LastProgress string      // latest progress text
	CreatedAt    time.Time
	CreatedBy    string
	UpdatedAt    time.Time
	UpdatedBy    string
	Version      int
}

// BucketOn returns the task's bucket on day today. A task proposed done
// but not yet confirmed is still open (the monitor has not accepted it);
// an ongoing task is never overdue.
func (t *Task) BucketOn(today period.Date) Bucket {
	if t.State == StateDone {
		if t.Ongoing || t.Deadline.IsZero() || !t.DoneOn.After(t.Deadline) {
			return BucketDoneOnTime
		}
		return BucketDoneLate
	}
	if !t.Ongoing && !t.Deadline.IsZero() && today.After(t.Deadline) {
		return BucketOverdue
	}
	return BucketOpen
}

// DueSoon reports whether an open task's deadline falls within the next
// days days (amber), today included.
func (t *Task) DueSoon(today period.Date, days int) bool {
	if t.State == StateDone || t.Ongoing || t.Deadline.IsZero() || today.After(t.Deadline) {
		return false
	}
	return !t.Deadline.After(today.AddDays(days))
}

// EventKind names a step in a task's history.
type EventKind string

const (
	EventProgress EventKind = "progress" // the owner reports progress
	EventPropose  EventKind = "propose"  // the owner proposes the task done
	EventConfirm  EventKind = "confirm"  // the monitor confirms it done
	EventReturn   EventKind = "return"   // the monitor sends it back
	EventReport   EventKind = "report"   // a line written in the owner's periodic report
)

// Event is one step of a task's history.
type Event struct {
	ID        int64
	TaskID    int64
	Kind      EventKind
	On        period.Date // the date the progress refers to
	Text      string
	Percent   *int
	ReportRef string // template/period/unit of the report it was written in
	Evidence  []Evidence
	CreatedAt time.Time
	CreatedBy string
}

// Evidence is a file attached to a progress event.
type Evidence struct {
	ID          int64
	FileName    string
	ContentType string
	Size        int64
	Data        []byte // nil in listings
}

// ReminderKind names the reminders sent for a task, each at most once.
type ReminderKind string

const (
	RemindAssigned ReminderKind = "assigned" // when the task is assigned
	RemindDueSoon  ReminderKind = "due_soon" // 7 days before the deadline
	RemindOverdue  ReminderKind = "overdue"  // the day after the deadline
)

// DueSoonDays is how far ahead "due soon" (amber, and its reminder) looks.
const DueSoonDays = 7

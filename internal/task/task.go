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
	// DoneOn is the completion date: confirmed when State is done, the
	// date the owner proposes while State is proposed, zero otherwise.
	DoneOn       period.Date
	Percent      int    // latest progress, 0–100
	LastProgress string // latest progress text
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

// Label is the state in Vietnamese.
func (s State) Label() string {
	switch s {
	case StateOpen:
		return "Đang thực hiện"
	case StateProposed:
		return "Đã đề nghị hoàn thành, chờ xác nhận"
	case StateDone:
		return "Đã xác nhận hoàn thành"
	}
	return string(s)
}

// Label is the event kind in Vietnamese.
func (k EventKind) Label() string {
	switch k {
	case EventProgress:
		return "Cập nhật tiến độ"
	case EventPropose:
		return "Đề nghị xác nhận hoàn thành"
	case EventConfirm:
		return "Xác nhận hoàn thành"
	case EventReturn:
		return "Trả lại, chưa công nhận hoàn thành"
	case EventReport:
		return "Kết quả ghi trong báo cáo định kỳ"
	}
	return string(k)
}

// Label is the reminder kind in Vietnamese.
func (k ReminderKind) Label() string {
	switch k {
	case RemindAssigned:
		return "Giao nhiệm vụ"
	case RemindDueSoon:
		return "Sắp đến hạn"
	case RemindOverdue:
		return "Quá hạn"
	}
	return string(k)
}

// DeadlineLabel is the deadline as shown: "28/03/2019" or "Thường xuyên".
func (t *Task) DeadlineLabel() string {
	if t.Ongoing || t.Deadline.IsZero() {
		return "Thường xuyên"
	}
	return t.Deadline.VN()
}

// Open reports whether the task still waits for its completion to be
// confirmed (open or proposed).
func (t *Task) Open() bool { return t.State != StateDone }

// Filter selects tasks. Empty fields select everything.
type Filter struct {
	LeadUnits        []string // lead unit is one of these
	MonitorUnit      string
	States           []State
	ConclusionItemID int64
}

// Origin is the chain above a task made from a conclusion item: the
// conference whose conclusion notice holds the item, and the period's
// report it reviewed.
type Origin struct {
	ConferenceID       int64
	ConferenceTitle    string
	ConferenceStartsAt time.Time
	HostUnit           string
	// Template and Period name the reports the conference reviewed;
	// ConsolidationRef is its consolidation working paper
	// (template/period/unit), "" when none is attached.
	Template         string
	Period           string
	ConsolidationRef string
	ConclusionID     int64
	ConclusionTitle  string
	ConclusionNumber string // "Số 15-TB/BDVTU", "" until issued
	ConclusionIssued period.Date
	ItemID           int64
	ItemSeq          int
	ItemText         string
}

// Pending is a task that needs a reminder (see Service.RunReminders).
type Pending struct {
	Task Task
	Kind ReminderKind
}

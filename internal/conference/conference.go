// Package conference holds the quarterly briefing conference ("hội nghị
// giao ban") and its conclusion notice ("Thông báo kết luận"): who is
// invited, the agenda, attendance taken at the door, the working papers,
// the minutes, and the chair's conclusions as numbered items, some of
// which are addressed to named bodies and become tasks. It is pure: no
// SQL or HTTP inside.
package conference

import (
	"time"

	"giaoban/internal/period"
)

// Kind is the kind of conference.
type Kind string

const (
	KindQuarterly Kind = "quarterly" // hội nghị giao ban quý
	KindSixMonth  Kind = "six_month" // sơ kết 6 tháng
	KindThematic  Kind = "thematic"  // chuyên đề
)

// Label is the kind in Vietnamese.
func (k Kind) Label() string {
	switch k {
	case KindQuarterly:
		return "Giao ban quý"
	case KindSixMonth:
		return "Sơ kết 6 tháng"
	case KindThematic:
		return "Chuyên đề"
	}
	return string(k)
}

// Status is where a conference is: planned → invited → held → concluded.
type Status string

const (
	StatusPlanned   Status = "planned"   // being prepared
	StatusInvited   Status = "invited"   // invitations sent
	StatusHeld      Status = "held"      // took place; attendance and minutes recorded
	StatusConcluded Status = "concluded" // its conclusion notice issued
)

// Label is the status in Vietnamese.
func (s Status) Label() string {
	switch s {
	case StatusPlanned:
		return "Đang chuẩn bị"
	case StatusInvited:
		return "Đã gửi giấy mời"
	case StatusHeld:
		return "Đã tổ chức"
	case StatusConcluded:
		return "Đã có thông báo kết luận"
	}
	return string(s)
}

// Conference is one meeting.
type Conference struct {
	ID       int64
	Title    string
	Kind     Kind
	HostUnit string // the commission holding it
	// Template and Period name the consolidation that is its working paper.
	Template     string
	Period       string
	StartsAt     time.Time // local time (UTC+7)
	EndsAt       time.Time // zero: not set
	Place        string
	ChairName    string
	ChairTitle   string
	Status       Status
	Minutes      string
	InvitationNo string // the invitation letter's number, once issued
	Invitees     []Invitee
	Agenda       []AgendaItem
	Attendance   []Attendee
	Papers       []Paper
	CreatedAt    time.Time
	UpdatedAt    time.Time
	UpdatedBy    string
	Version      int
}

// Invitee is a unit or a person (by position) invited.
type Invitee struct {
	UnitCode   string
	PersonName string
	Position   string
}

// AgendaKindReview marks the agenda item that reviews the previous
// conclusion's tasks ("Kiểm điểm việc thực hiện kết luận kỳ trước").
const AgendaKindReview = "review_tasks"

// AgendaItem is one item of the agenda.
type AgendaItem struct {
	Title     string
	Presenter string
	Minutes   int // duration
	Kind      string
}

// Attendee is one line of the attendance taken at the door: a unit and the
// person who came for it (with title), or an absence with its reason.
type Attendee struct {
	UnitCode      string
	PersonName    string
	PersonTitle   string
	Present       bool
	AbsenceReason string
}

// PaperKind is the kind of a working paper.
type PaperKind string

const (
	PaperConsolidation PaperKind = "consolidation" // the period's consolidation, attached automatically
	PaperFile          PaperKind = "file"          // an uploaded file
)

// Paper is one working paper.
type Paper struct {
	ID          int64
	Kind        PaperKind
	Title       string
	Ref         string // consolidation: template/period/unit
	FileName    string
	ContentType string
	Size        int64
	Data        []byte // nil in listings
	CreatedAt   time.Time
	CreatedBy   string
}

// ConclusionStatus is where a conclusion notice is: draft → approved → issued.
type ConclusionStatus string

const (
	ConclusionDraft    ConclusionStatus = "draft"
	ConclusionApproved ConclusionStatus = "approved" // approved by a leader, not yet numbered
	ConclusionIssued   ConclusionStatus = "issued"   // numbered and locked
)

// Label is the status in Vietnamese.
func (s ConclusionStatus) Label() string {
	switch s {
	case ConclusionDraft:
		return "Dự thảo"
	case ConclusionApproved:
		return "Đã được lãnh đạo duyệt"
	case ConclusionIssued:
		return "Đã ban hành"
	}
	return string(s)
}

// Conclusion is the conclusion notice of a conference.
type Conclusion struct {
	ID           int64
	ConferenceID int64
	IssuerUnit   string
	Title        string
	SignerName   string
	SignerTitle  string
	Preamble     string // free text before the items
	Closing      string // free text after the items
	Recipients   string // "Nơi nhận:" lines
	Status       ConclusionStatus
	ApprovedBy   string
	ApprovedAt   time.Time
	NumberText   string      // "Số 15-TB/BDVTU", once issued
	IssuedOn     period.Date // the document's date
	IssuedAt     time.Time
	IssuedBy     string
	Items        []Item
	CreatedAt    time.Time
	UpdatedAt    time.Time
	UpdatedBy    string
	Version      int
}

// ItemKind is the kind of a conclusion item.
type ItemKind string

const (
	ItemAssessment ItemKind = "assessment" // the general assessment
	ItemDirective  ItemKind = "directive"  // a direction, usually to named bodies: becomes tasks
)

// Item is one numbered item of a conclusion.
type Item struct {
	ID         int64
	Seq        int
	Kind       ItemKind
	Text       string
	Addressees []string // unit codes of the bodies it is addressed to
	// Deadline or Ongoing for the tasks made from the item when the notice
	// is issued (one task per addressee).
	Deadline period.Date
	Ongoing  bool
}

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
	InvitationNo string      // the invitation letter's number, once issued
	InvitationOn period.Date // the invitation letter's date, once issued
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

// Kinds lists the kinds of conference in display order.
var Kinds = []Kind{KindQuarterly, KindSixMonth, KindThematic}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool { return k == KindQuarterly || k == KindSixMonth || k == KindThematic }

// Statuses lists the statuses in the order a conference goes through them.
var Statuses = []Status{StatusPlanned, StatusInvited, StatusHeld, StatusConcluded}

// Valid reports whether s is a known status.
func (s Status) Valid() bool { return s.rank() > 0 }

// rank orders the statuses; transitions only go to a higher rank.
func (s Status) rank() int {
	switch s {
	case StatusPlanned:
		return 1
	case StatusInvited:
		return 2
	case StatusHeld:
		return 3
	case StatusConcluded:
		return 4
	}
	return 0
}

// Reached reports whether a conference in status s has reached status t
// (t or a later one).
func (s Status) Reached(t Status) bool { return s.rank() >= t.rank() }

// Date is the day the conference starts, in Vietnam.
func (c *Conference) Date() period.Date { return period.Of(c.StartsAt.In(period.Vietnam)) }

// Locked reports whether the conference can no longer change: its
// conclusion notice is issued.
func (c *Conference) Locked() bool { return c.Status == StatusConcluded }

// Involves reports whether unit is invited to the conference or in its
// attendance.
func (c *Conference) Involves(unit string) bool {
	if unit == "" {
		return false
	}
	for _, i := range c.Invitees {
		if i.UnitCode == unit {
			return true
		}
	}
	for _, a := range c.Attendance {
		if a.UnitCode == unit {
			return true
		}
	}
	return false
}

// InvitedUnits returns the codes of the invited units, in order.
func (c *Conference) InvitedUnits() []string {
	var out []string
	for _, i := range c.Invitees {
		if i.UnitCode != "" {
			out = append(out, i.UnitCode)
		}
	}
	return out
}

// AgendaMinutes is the total duration of the agenda.
func (c *Conference) AgendaMinutes() int {
	n := 0
	for _, a := range c.Agenda {
		n += a.Minutes
	}
	return n
}

// HasReview reports whether the agenda reviews the previous conclusion.
func (c *Conference) HasReview() bool {
	for _, a := range c.Agenda {
		if a.Kind == AgendaKindReview {
			return true
		}
	}
	return false
}

// Filter selects conferences in a listing. Empty fields do not filter.
type Filter struct {
	Period string
	Host   string
	Status Status
	// Unit selects the conferences the unit hosts or is invited to.
	Unit  string
	Limit int // 0: 500
}

// MaxPaper is the largest uploaded working paper.
const MaxPaper = 20 << 20

// ConsolidationURL is the page of a consolidation paper's consolidation.
func (p *Paper) ConsolidationURL() string {
	if p.Kind != PaperConsolidation || p.Ref == "" {
		return ""
	}
	return "/tong-hop/" + p.Ref
}

// Locked reports whether the notice can no longer change.
func (c *Conclusion) Locked() bool { return c.Status == ConclusionIssued }

// Valid reports whether k is a known item kind.
func (k ItemKind) Valid() bool { return k == ItemAssessment || k == ItemDirective }

// Label is the item kind in Vietnamese.
func (k ItemKind) Label() string {
	switch k {
	case ItemAssessment:
		return "Đánh giá chung"
	case ItemDirective:
		return "Chỉ đạo, giao nhiệm vụ"
	}
	return string(k)
}

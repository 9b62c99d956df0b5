// Package exemplar holds the "Dân vận khéo" models and exemplars (mô hình,
// điển hình) that units register each year: their field, level and phase,
// and their lifecycle from registration to commendation and replication.
// Counts of them feed the report indicators of the same names. It is pure:
// no SQL or HTTP inside.
package exemplar

import (
	"context"
	"slices"
	"strconv"
	"strings"
	"time"

	"giaoban/internal/period"
)

// Holder says whether a model is a collective's or an individual's.
type Holder string

const (
	Collective Holder = "collective" // tập thể
	Individual Holder = "individual" // cá nhân
)

// Kind says whether an entry is a model (mô hình: a way of working that a
// collective builds and others can copy) or an exemplar (điển hình: a
// collective or a person held up as an example).
type Kind string

const (
	KindModel    Kind = "model"    // mô hình
	KindExemplar Kind = "exemplar" // điển hình
)

// Kinds in display order.
var Kinds = []Kind{KindModel, KindExemplar}

// Label is the kind in Vietnamese.
func (k Kind) Label() string {
	switch k {
	case KindModel:
		return "Mô hình"
	case KindExemplar:
		return "Điển hình"
	}
	return string(k)
}

// Holders in display order.
var Holders = []Holder{Collective, Individual}

// Label is the holder in Vietnamese.
func (h Holder) Label() string {
	switch h {
	case Collective:
		return "Tập thể"
	case Individual:
		return "Cá nhân"
	}
	return string(h)
}

// Level is the level a model is registered at (cấp), also used for the
// level of a commendation.
type Level string

const (
	LevelCentral  Level = "central"  // Trung ương: commendations only
	LevelProvince Level = "province" // cấp tỉnh
	LevelDistrict Level = "district" // cấp huyện: gone from 01/07/2025
	LevelCommune  Level = "commune"  // cấp xã
	LevelAgency   Level = "agency"   // cơ quan, đơn vị (sở, ngành, lực lượng vũ trang)
)

// Levels a model may be registered at, in display order.
var Levels = []Level{LevelProvince, LevelDistrict, LevelCommune, LevelAgency}

// CommendLevels are the levels of a commendation, highest first.
var CommendLevels = []Level{LevelCentral, LevelProvince, LevelDistrict, LevelCommune}

// Label is the level in Vietnamese.
func (l Level) Label() string {
	switch l {
	case LevelCentral:
		return "Trung ương"
	case LevelProvince:
		return "Cấp tỉnh"
	case LevelDistrict:
		return "Cấp huyện"
	case LevelCommune:
		return "Cấp xã"
	case LevelAgency:
		return "Cơ quan, đơn vị"
	}
	return string(l)
}

// DistrictAbolished is the first day without the district level: local
// government has two levels (province, commune) from 01/07/2025. No model is registered, and no commendation is given, at
// district level on or after it; see ValidLevel.
var DistrictAbolished = period.New(2025, time.July, 1)

// ValidLevel reports whether a model may be registered at level l for
// year, registered on day on. The district level exists for years up to
// 2025 and for registrations made before 01/07/2025: a 2025 model a
// district registered in January stays a district model, but nothing is
// registered at district level after the district is gone, and no year
// from 2026 has a district level at all.
func ValidLevel(l Level, year int, on period.Date) bool {
	if !slices.Contains(Levels, l) {
		return false
	}
	if l == LevelDistrict {
		return year < 2026 && (on.IsZero() || on.Before(DistrictAbolished))
	}
	return true
}

// Review results.
const (
	ReviewGood = "good" // tốt, hiệu quả
	ReviewWeak = "weak" // yếu, chưa hiệu quả
)

// ReviewLabel is a review result in Vietnamese.
func ReviewLabel(r string) string {
	switch r {
	case ReviewGood:
		return "Tốt, hiệu quả"
	case ReviewWeak:
		return "Yếu, chưa hiệu quả"
	}
	return r
}

// PhaseOf returns the phase that contains year ("2021-2025"), or "" when
// no phase does.
func PhaseOf(year int) string {
	for _, p := range Phases {
		from, to := phaseYears(p)
		if year >= from && year <= to {
			return p
		}
	}
	return ""
}

// PhaseLabel prints a phase with an en dash: "2021–2025".
func PhaseLabel(p string) string { return strings.Replace(p, "-", "–", 1) }

func phaseYears(p string) (int, int) {
	a, b, _ := strings.Cut(p, "-")
	from, _ := strconv.Atoi(a)
	to, _ := strconv.Atoi(b)
	return from, to
}

// MinYear is the first year a model may be registered for: the first year
// of the earliest phase kept.
const MinYear = 2016

// Field is the field of a model.
type Field string

const (
	FieldEconomy         Field = "economy"          // kinh tế
	FieldCultureSociety  Field = "culture_society"  // văn hóa – xã hội
	FieldDefenceSecurity Field = "defence_security" // quốc phòng – an ninh
	FieldPoliticalSystem Field = "political_system" // xây dựng hệ thống chính trị
)

// Fields in display order.
var Fields = []Field{FieldEconomy, FieldCultureSociety, FieldDefenceSecurity, FieldPoliticalSystem}

// Label is the field in Vietnamese.
func (f Field) Label() string {
	switch f {
	case FieldEconomy:
		return "Kinh tế"
	case FieldCultureSociety:
		return "Văn hóa – xã hội"
	case FieldDefenceSecurity:
		return "Quốc phòng – an ninh"
	case FieldPoliticalSystem:
		return "Xây dựng hệ thống chính trị"
	}
	return string(f)
}

// Status is the lifecycle: registered → launched → active → reviewed
// (good/weak) → commended → replicated.
type Status string

const (
	StatusRegistered Status = "registered" // đăng ký
	StatusLaunched   Status = "launched"   // ra mắt, triển khai
	StatusActive     Status = "active"     // đang thực hiện
	StatusReviewed   Status = "reviewed"   // đã đánh giá (tốt / yếu)
	StatusCommended  Status = "commended"  // được khen thưởng
	StatusReplicated Status = "replicated" // được nhân rộng
)

// Statuses in lifecycle order.
var Statuses = []Status{StatusRegistered, StatusLaunched, StatusActive, StatusReviewed, StatusCommended, StatusReplicated}

// Label is the status in Vietnamese.
func (s Status) Label() string {
	switch s {
	case StatusRegistered:
		return "Đã đăng ký"
	case StatusLaunched:
		return "Đã ra mắt"
	case StatusActive:
		return "Đang thực hiện"
	case StatusReviewed:
		return "Đã đánh giá"
	case StatusCommended:
		return "Được khen thưởng"
	case StatusReplicated:
		return "Được nhân rộng"
	}
	return string(s)
}

// Next is the status after s in the lifecycle, "" after the last one.
func (s Status) Next() Status {
	i := slices.Index(Statuses, s)
	if i < 0 || i+1 >= len(Statuses) {
		return ""
	}
	return Statuses[i+1]
}

// Order is the position of s in the lifecycle (-1 when unknown).
func (s Status) Order() int { return slices.Index(Statuses, s) }

// StepLabel names the step that reaches s, for buttons and the history.
func (s Status) StepLabel() string {
	switch s {
	case StatusRegistered:
		return "Đăng ký"
	case StatusLaunched:
		return "Ra mắt, triển khai"
	case StatusActive:
		return "Đi vào hoạt động"
	case StatusReviewed:
		return "Đánh giá"
	case StatusCommended:
		return "Khen thưởng"
	case StatusReplicated:
		return "Nhân rộng"
	}
	return string(s)
}

// Phases of the movement, each a Party congress term. 2016–2020 is kept
// for the records of earlier years (the demo's 2019).
var Phases = []string{"2016-2020", "2021-2025", "2026-2030"}

// Model is one registered model or exemplar.
type Model struct {
	ID             int64
	UnitCode       string
	Name           string
	Kind           Kind // mô hình or điển hình
	Holder         Holder
	Field          Field
	Level          Level
	Year           int
	Phase          string
	Content        string // registration content
	Goals          string
	Status         Status
	ReviewResult   string // good, weak (ReviewGood, ReviewWeak)
	CommendLevel   string // a Level or LevelCentral
	Award          string
	DecisionNumber string
	ReplicatedTo   []string // unit codes
	RegisteredOn   period.Date
	CreatedAt      time.Time
	UpdatedAt      time.Time
	UpdatedBy      string
	Version        int
	Events         []Event // the lifecycle history, oldest first (filled by FindExemplar)
}

// Event is one step of a model's lifecycle: the status it reached, on
// which day, and what the step recorded.
type Event struct {
	ID         int64
	ExemplarID int64
	Status     Status // the status reached
	On         period.Date
	Note       string
	// Detail is the step's own record in Vietnamese ("Kết quả: Tốt, hiệu
	// quả", "Bằng khen cấp tỉnh, Quyết định Số: 15/QĐ-UBND", "Nhân rộng
	// đến: …"), kept as written at the time.
	Detail    string
	CreatedAt time.Time
	CreatedBy string
}

// Filter selects models. Zero fields select everything.
type Filter struct {
	Units  []string // unit codes; nil: any unit
	Year   int
	Field  Field
	Level  Level
	Status Status
	Kind   Kind
	Holder Holder
	// RegisteredBy keeps models registered on or before that day.
	RegisteredBy period.Date
	Limit        int // 0: no limit
}

// Count is the number of models sharing one combination of unit, year,
// field, level, status, kind and holder: the rows every breakdown is summed
// from.
type Count struct {
	Unit   string
	Year   int
	Field  Field
	Level  Level
	Status Status
	Kind   Kind
	Holder Holder
	N      int
}

// Store persists models. Implemented by sqlstore. Every write records its
// lifecycle event and an audit entry in the same transaction.
type Store interface {
	// CreateExemplar inserts m (ID and Version set) with its first event;
	// ECONFLICT when the unit already registered a model of that name
	// for that year.
	CreateExemplar(ctx context.Context, m *Model, ev *Event) error
	// FindExemplar returns a model with its events; ENOTFOUND if absent.
	FindExemplar(ctx context.Context, id int64) (*Model, error)
	// AdvanceExemplar writes m (a step forward) if the stored version is
	// still base, setting m.Version = base+1, and appends ev; ECONFLICT
	// when stale.
	AdvanceExemplar(ctx context.Context, m *Model, base int, ev *Event) error
	// ListExemplars returns the models f selects, newest year first, then
	// by unit and name (without events).
	ListExemplars(ctx context.Context, f Filter) ([]Model, error)
	// CountExemplars groups the models f selects.
	CountExemplars(ctx context.Context, f Filter) ([]Count, error)
	// CountReached counts the models of units that reached status (an
	// event of that status) on a day in [from, to].
	CountReached(ctx context.Context, units []string, status Status, from, to period.Date) (int, error)
	// ExemplarYears lists the years that have models, newest first.
	ExemplarYears(ctx context.Context) ([]int, error)
}

// ReviewResultLabel is the review result in Vietnamese ("" before review).
func (m *Model) ReviewResultLabel() string { return ReviewLabel(m.ReviewResult) }

// CommendLevelText is the commendation level inside a sentence ("cấp
// tỉnh").
func (m *Model) CommendLevelText() string { return CommendLevelText(Level(m.CommendLevel)) }

// LastStepOn is the day of the latest step (the registration day before
// any step).
func (m *Model) LastStepOn() period.Date {
	last := m.RegisteredOn
	for _, e := range m.Events {
		if e.On.After(last) {
			last = e.On
		}
	}
	return last
}

// PhaseLabel is the phase with an en dash: "2021–2025".
func (m *Model) PhaseLabel() string { return PhaseLabel(m.Phase) }

// Package exemplar holds the "Dân vận khéo" models and exemplars (mô hình,
// điển hình) that units register each year: their field, level and phase,
// and their lifecycle from registration to commendation and replication.
// Counts of them feed the report indicators of the same names. It is pure:
// no SQL or HTTP inside.
package exemplar

import (
	"time"

	"giaoban/internal/period"
)

// Holder says whether a model is a collective's or an individual's.
type Holder string

const (
	Collective Holder = "collective" // tập thể
	Individual Holder = "individual" // cá nhân
)

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

// Phases of the movement.
var Phases = []string{"2021-2025", "2026-2030"}

// Model is one registered model or exemplar.
type Model struct {
	ID             int64
	UnitCode       string
	Name           string
	Holder         Holder
	Field          Field
	Level          string // province, district, commune, agency
	Year           int
	Phase          string
	Content        string // registration content
	Goals          string
	Status         Status
	ReviewResult   string // good, weak
	CommendLevel   string
	Award          string
	DecisionNumber string
	ReplicatedTo   []string // unit codes
	RegisteredOn   period.Date
	CreatedAt      time.Time
	UpdatedAt      time.Time
	UpdatedBy      string
	Version        int
}

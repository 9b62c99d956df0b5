// Package org holds the unit hierarchy ("đơn vị"): effective-dated units,
// names and parent links, and the restructuring events (rename, merge, split,
// move, dissolve) that link predecessors to successors.
//
// Every date interval is closed: a record is in force on d when
// ValidFrom <= d <= ValidTo; an open end is period.Forever.
package org

import (
	"context"

	"giaoban/internal/period"
)

// Kind is what sort of body a unit is.
type Kind string

const (
	KindProvince       Kind = "province"        // tỉnh, thành phố trực thuộc trung ương
	KindDistrict       Kind = "district"        // huyện, quận, thị xã, thành phố thuộc tỉnh (until 30/06/2025)
	KindCommune        Kind = "commune"         // xã, phường, thị trấn, đặc khu
	KindCommission     Kind = "commission"      // Ban Dân vận / Ban Tuyên giáo và Dân vận
	KindPartyCommittee Kind = "party_committee" // cấp ủy, đảng ủy
	KindGovernment     Kind = "government"      // UBND, sở, ban, ngành
	KindFront          Kind = "front"           // Ủy ban MTTQ
	KindMassOrg        Kind = "mass_org"        // tổ chức chính trị - xã hội
	KindArmedForces    Kind = "armed_forces"    // quân sự, biên phòng, công an
	KindOther          Kind = "other"
)

// Kinds lists every kind, in display order.
var Kinds = []Kind{KindProvince, KindDistrict, KindCommune, KindCommission, KindPartyCommittee,
	KindGovernment, KindFront, KindMassOrg, KindArmedForces, KindOther}

// Label returns the Vietnamese name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindProvince:
		return "Cấp tỉnh"
	case KindDistrict:
		return "Cấp huyện"
	case KindCommune:
		return "Cấp xã"
	case KindCommission:
		return "Ban Dân vận"
	case KindPartyCommittee:
		return "Cấp ủy đảng"
	case KindGovernment:
		return "Chính quyền"
	case KindFront:
		return "Mặt trận Tổ quốc"
	case KindMassOrg:
		return "Tổ chức chính trị - xã hội"
	case KindArmedForces:
		return "Lực lượng vũ trang"
	case KindOther:
		return "Khác"
	}
	return string(k)
}

// Valid reports whether k is a known kind.
func (k Kind) Valid() bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Sector is the "khối" a unit belongs to.
type Sector string

const (
	SectorNone        Sector = ""
	SectorParty       Sector = "dang"          // khối Đảng
	SectorGovernment  Sector = "chinh_quyen"   // khối chính quyền
	SectorFront       Sector = "mttq_doan_the" // khối MTTQ và đoàn thể
	SectorArmedForces Sector = "luc_luong_vu_trang"
)

// Sectors lists every sector, in display order.
var Sectors = []Sector{SectorParty, SectorGovernment, SectorFront, SectorArmedForces}

// Label returns the Vietnamese name of the sector.
func (s Sector) Label() string {
	switch s {
	case SectorParty:
		return "Khối Đảng"
	case SectorGovernment:
		return "Khối chính quyền"
	case SectorFront:
		return "Khối MTTQ và đoàn thể"
	case SectorArmedForces:
		return "Khối lực lượng vũ trang"
	}
	return ""
}

// Valid reports whether s is a known sector or none.
func (s Sector) Valid() bool {
	if s == SectorNone {
		return true
	}
	for _, x := range Sectors {
		if x == s {
			return true
		}
	}
	return false
}

// Unit is a unit as it stands on one date: its name and parent are those in
// force on that date.
type Unit struct {
	Code       string
	Name       string // short name: "Cao Lộc"
	FullName   string // name with its type: "Huyện Cao Lộc"
	Kind       Kind
	Sector     Sector
	Place      string // place name used in document dates: "Lạng Sơn"
	ParentCode string // "" for a root
	Level      int    // depth below the root on that date (root = 0); set by tree queries
	ValidFrom  period.Date
	ValidTo    period.Date
	SortKey    []byte // Vietnamese collation key of Name (vntext.Key), stored at write time
}

// Label is the name to show: the full name when there is one.
func (u Unit) Label() string {
	if u.FullName != "" {
		return u.FullName
	}
	return u.Name
}

// Record is the timeless part of a unit: what never changes over its life.
type Record struct {
	Code      string
	Kind      Kind
	Sector    Sector
	Place     string
	ValidFrom period.Date
	ValidTo   period.Date
	Line      int // source line, for error messages; 0 if not from a file
}

// NameVersion is a unit's name over an interval.
type NameVersion struct {
	Code      string
	Name      string
	FullName  string
	ValidFrom period.Date
	ValidTo   period.Date
	Line      int
}

// ParentLink is a unit's parent over an interval.
type ParentLink struct {
	Code      string
	Parent    string
	ValidFrom period.Date
	ValidTo   period.Date
	Line      int
}

// EventKind is the kind of a restructuring event.
type EventKind string

const (
	EventRename   EventKind = "rename"
	EventMerge    EventKind = "merge"
	EventSplit    EventKind = "split"
	EventMove     EventKind = "move"
	EventDissolve EventKind = "dissolve"
	EventCreate   EventKind = "create"
)

// Label returns the Vietnamese name of the event kind.
func (k EventKind) Label() string {
	switch k {
	case EventRename:
		return "Đổi tên"
	case EventMerge:
		return "Hợp nhất, sáp nhập"
	case EventSplit:
		return "Chia tách"
	case EventMove:
		return "Điều chuyển"
	case EventDissolve:
		return "Giải thể"
	case EventCreate:
		return "Thành lập"
	}
	return string(k)
}

// Link joins a predecessor to a successor. To is "" for a dissolution.
type Link struct {
	From string
	To   string
}

// Event is a restructuring event: on Date, the From units of its links
// became the To units.
type Event struct {
	ID    int64
	Kind  EventKind
	Date  period.Date // first day of the new structure
	Note  string
	Links []Link
	Line  int
}

// Import is a whole set of units to load at once: all of it or nothing.
type Import struct {
	Records []Record
	Names   []NameVersion
	Parents []ParentLink
	Events  []Event
}

// Step is one entry of a unit's history, in date order.
type Step struct {
	Date    period.Date
	Kind    EventKind // "" for a plain name/parent version
	Text    string    // Vietnamese description
	Related []string  // codes of the other units involved
}

// History is everything known about one unit over time.
type History struct {
	Record  Record
	Names   []NameVersion
	Parents []ParentLink
	Events  []Event // events where the unit is a predecessor or successor
}

// Store persists units. Implemented by sqlstore.
type Store interface {
	// ImportUnits writes the whole import in one transaction; on any error
	// nothing is written. Codes already present are an ECONFLICT.
	ImportUnits(ctx context.Context, imp *Import) error
	// FindUnit returns the unit as of at; ENOTFOUND if it does not exist then.
	FindUnit(ctx context.Context, code string, at period.Date) (*Unit, error)
	// ListUnits returns units in force at at, filtered; ordered by code.
	ListUnits(ctx context.Context, f Filter) ([]Unit, error)
	// SubtreeAt returns code and every unit below it at at, parents before
	// children, with Level relative to code.
	SubtreeAt(ctx context.Context, code string, at period.Date) ([]Unit, error)
	// AncestorsAt returns the chain of parents of code at at, nearest first.
	AncestorsAt(ctx context.Context, code string, at period.Date) ([]string, error)
	// UnitHistory returns the unit's record, names, parents and events.
	UnitHistory(ctx context.Context, code string) (*History, error)
	// EventsFrom and EventsTo return the events in which code is a
	// predecessor (resp. successor).
	EventsFrom(ctx context.Context, code string) ([]Event, error)
	EventsTo(ctx context.Context, code string) ([]Event, error)
}

// Filter selects units in force on a date.
type Filter struct {
	At     period.Date
	Parent *string // only children of this unit ("" for roots)
	Kind   Kind
	Query  string // folded substring of the name or code
	Limit  int
}

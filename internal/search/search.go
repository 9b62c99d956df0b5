// Package search is the one search over everything a user may read —
// report narratives, conclusions, tasks, conferences, Dân vận khéo models
// and news — and the public search over published news. Documents are
// indexed by their vntext search keys (folded: no diacritics, đ→d, one tone
// placement), so a query typed without diacritics, with either tone
// placement, in NFD, or as an abbreviation ("MTTQ") or its expansion finds
// the same documents on SQLite (FTS5) and PostgreSQL (full-text search).
// The package is pure: the store implements Index.
package search

import (
	"context"
	"time"
)

// Kind is the kind of a searchable document.
type Kind string

const (
	KindNews       Kind = "news"       // an article of the portal
	KindReport     Kind = "report"     // a report's narrative sections
	KindConference Kind = "conference" // a conference (title, agenda, minutes)
	KindConclusion Kind = "conclusion" // a conclusion notice and its items
	KindTask       Kind = "task"       // a task and its progress
	KindExemplar   Kind = "exemplar"   // a Dân vận khéo model
)

// Kinds in display order.
var Kinds = []Kind{KindNews, KindReport, KindConference, KindConclusion, KindTask, KindExemplar}

// Doc is one indexed document. The text is what the user wrote (shown in
// snippets); the store indexes its folded keys.
type Doc struct {
	Kind  Kind
	ID    string // unique within Kind
	Title string
	Body  string // plain text
	URL   string // where a hit opens
	// Unit is the unit whose scope decides who may see the document ("" for
	// documents visible to every logged-in user).
	Unit string
	// Public documents (published news) are visible to anonymous callers.
	Public   bool
	Date     time.Time // the document's date (filters, ranking ties)
	Period   string    // period ID when it has one (filters)
	LegacyID string    // an imported article's ID in the old portal
}

// Query is one search.
type Query struct {
	Text  string
	Kinds []Kind   // nil: all
	Units []string // restrict to these units (the caller's scope); nil with AllUnits: no restriction
	// AllUnits lifts the unit restriction (admins). Otherwise only docs
	// whose Unit is in Units, or is empty, are returned.
	AllUnits   bool
	PublicOnly bool // anonymous callers: published news only
	Period     string
	From, To   time.Time // date range, zero: open
	Limit      int
	Offset     int
	// Scopes, when not nil, replaces Units and AllUnits with a restriction
	// per kind: a kind absent from Scopes is not searched (public documents
	// excepted), a kind whose Scope is All is searched everywhere, and
	// otherwise only documents whose Unit is empty or in the kind's Units.
	// Callers build it from the authorisation policy (see web).
	Scopes map[Kind]Scope
	// OnlyUnits, when not empty, keeps only documents of these units (the
	// unit filter of the search page), on top of the scope.
	OnlyUnits []string
	// KindCounts asks for Result.Counts (one more count per kind).
	KindCounts bool
}

// Scope is the unit restriction of one kind.
type Scope struct {
	All   bool
	Units []string
}

// Hit is one result.
type Hit struct {
	Kind     Kind
	ID       string
	Title    string
	URL      string
	Snippet  string // HTML-escaped text with <mark> around matches
	Score    float64
	Date     time.Time
	LegacyID string
	// TitleHTML is the title, HTML-escaped, with <mark> around matches.
	TitleHTML string
	Unit      string // the document's unit (callers re-check access)
	Period    string
}

// Result is a page of hits and the total.
type Result struct {
	Total int
	Hits  []Hit
	// Counts is the number of matches of each kind under every filter but
	// the kind filter (the tabs of the search page), each counted up to
	// MaxTotal; filled when Query.KindCounts is set.
	Counts map[Kind]int
	// Capped is set when more documents match than were counted: Total
	// (or a kind's count) is then MaxTotal, "more than" for the page.
	Capped bool
	// Ranked is how many of the first hits are ordered by score (see
	// RankPool); the hits after them follow newest first. Paging reaches
	// Total hits either way.
	Ranked int
}

// MaxTotal caps counting: a query matching more documents reports
// MaxTotal and Capped.
const MaxTotal = 300

// RankPool bounds ranking: when more documents match, the RankPool newest
// matches and the TitlePool newest title matches are ranked and come
// first, and the other matches follow, newest first (a query for common
// words on a large archive ranks recent news, and older articles whose
// title matches).
const (
	RankPool  = 150
	TitlePool = 50
)

// Index is what the store provides.
type Index interface {
	IndexDocs(ctx context.Context, docs []Doc) error
	DeleteDoc(ctx context.Context, kind Kind, id string) error
	Search(ctx context.Context, q Query) (Result, error)
}

// Indexer brings the index up to date with the records it mirrors
// (report narratives, conferences, conclusions, tasks, models): it reads
// only what changed since its last call, re-indexes changed records and
// removes deleted ones. Callers run it before an internal search and at
// start; it is cheap when nothing changed.
type Indexer interface {
	CatchUp(ctx context.Context) error
}

// ValidKind reports whether k is a known kind.
func ValidKind(k Kind) bool {
	for _, x := range Kinds {
		if x == k {
			return true
		}
	}
	return false
}

// Label is the Vietnamese name of the kind, for tabs and badges.
func (k Kind) Label() string {
	switch k {
	case KindNews:
		return "Tin bài"
	case KindReport:
		return "Báo cáo"
	case KindConference:
		return "Hội nghị"
	case KindConclusion:
		return "Thông báo kết luận"
	case KindTask:
		return "Nhiệm vụ"
	case KindExemplar:
		return "Mô hình Dân vận khéo"
	}
	return string(k)
}

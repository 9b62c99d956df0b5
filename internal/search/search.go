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
	Text   string
	Kinds  []Kind   // nil: all
	Units  []string // restrict to these units (the caller's scope); nil with AllUnits: no restriction
	// AllUnits lifts the unit restriction (admins). Otherwise only docs
	// whose Unit is in Units, or is empty, are returned.
	AllUnits   bool
	PublicOnly bool // anonymous callers: published news only
	Period     string
	From, To   time.Time // date range, zero: open
	Limit      int
	Offset     int
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
}

// Result is a page of hits and the total.
type Result struct {
	Total int
	Hits  []Hit
}

// Index is what the store provides.
type Index interface {
	IndexDocs(ctx context.Context, docs []Doc) error
	DeleteDoc(ctx context.Context, kind Kind, id string) error
	Search(ctx context.Context, q Query) (Result, error)
}

// Package audit records who changed what, when, with the state before and
// after. Entries are written by the store in the same transaction as the
// change they describe, so a change without its entry cannot exist.
package audit

import (
	"context"
	"time"
)

// Entry is one audited change.
type Entry struct {
	ID        int64
	At        time.Time
	Actor     string // username, or "system" for the CLI and the demo loader
	IP        string
	RequestID string
	Action    string // e.g. "unit.import", "user.create", "session.login"
	Entity    string // e.g. "unit", "user"
	EntityID  string
	Summary   string // short Vietnamese description for the log page
	Before    string // JSON of the state before, "" when created
	After     string // JSON of the state after, "" when deleted
}

// Filter selects audit entries, newest first.
type Filter struct {
	Actor    string
	Entity   string
	EntityID string
	Action   string
	From, To time.Time // zero: unbounded
	Limit    int
	Offset   int
}

// Store reads the audit log. Writing happens inside each store change.
type Store interface {
	ListAudit(ctx context.Context, f Filter) ([]Entry, int, error)
}

// Who is the author of the changes made under a context.
type Who struct {
	Actor     string
	IP        string
	RequestID string
}

type whoKey struct{}

// WithWho returns ctx carrying the author of the changes made under it.
func WithWho(ctx context.Context, w Who) context.Context {
	return context.WithValue(ctx, whoKey{}, w)
}

// WhoFrom returns the author carried by ctx, or "system" when there is none
// (command-line tools, the demo loader).
func WhoFrom(ctx context.Context) Who {
	if w, ok := ctx.Value(whoKey{}).(Who); ok && w.Actor != "" {
		return w
	}
	return Who{Actor: "system"}
}

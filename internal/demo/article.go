package demo

import (
	"context"
	"fmt"
	"time"

	"giaoban/internal/auth"
	"giaoban/internal/conference"
	"giaoban/internal/news"
	"giaoban/internal/newsdraft"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/rollup"
	"giaoban/internal/search"
)

// ArticleStore is what the demo's published article is written to.
type ArticleStore interface {
	news.Store
	search.Index
	rollup.Store
	report.Store
	AncestorsAt(ctx context.Context, code string, at period.Date) ([]string, error)
}

// rollupUnits gives consolidation the store's subtrees and the
// restructuring walk.
type rollupUnits struct {
	db  MeetingStore
	anc interface {
		AncestorsAt(ctx context.Context, code string, at period.Date) ([]string, error)
	}
	org *org.Service
}

func (u rollupUnits) SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error) {
	return u.db.SubtreeAt(ctx, code, at)
}

func (u rollupUnits) AncestorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	return u.anc.AncestorsAt(ctx, code, at)
}

func (u rollupUnits) SuccessorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	return u.org.SuccessorsAt(ctx, code, at)
}

// loadArticle publishes the news of the 28/3/2019 conference on the
// portal, written by the same drafter the "Soạn tin bài" button uses from
// the conference, its issued conclusion and the quarter's consolidated
// figures, under the editor's byline, published that afternoon; and sets
// the year's theme.
func loadArticle(ctx context.Context, db interface {
	MeetingStore
	ArticleStore
}, c *conference.Conference, cl *conference.Conclusion, now period.Date) error {
	orgs := &org.Service{Store: db}
	authz := &auth.Authorizer{Units: orgs}
	clock := func() time.Time { return now.Time() }
	reports := &report.Service{Store: db, Units: db, Authz: authz, Now: clock}
	roll := &rollup.Service{Store: db, Reports: reports, Units: rollupUnits{db: db, anc: db, org: orgs}, Authz: authz, Now: clock}
	admin := &auth.Actor{Username: "system", Roles: []auth.Role{auth.RoleAdmin}}
	out, err := roll.Consolidate(ctx, admin, rollup.Request{Key: report.Key{Template: Template, Period: "2019Q1", Unit: Province}})
	if err != nil {
		return fmt.Errorf("consolidation: %w", err)
	}
	host, err := db.FindUnit(ctx, c.HostUnit, c.Date())
	if err != nil {
		return err
	}
	editor := Accounts[3] // bientap: Thùy Linh, the seed's byline
	d, err := newsdraft.Write(newsdraft.Input{Conference: c, Conclusion: cl, HostName: host.Label(), PeriodLabel: "quý I/2019",
		Results: newsdraft.Results, Figures: newsdraft.HeadlineFigures(out, 4), Author: editor.FullName})
	if err != nil {
		return err
	}
	svc := &news.Service{Store: db, Index: db, Authz: authz, Now: clock}
	ed := &auth.Actor{Username: editor.Username, UnitCode: editor.Unit, Roles: editor.Roles}
	in := d.Article(fmt.Sprintf("conference:%d", c.ID))
	in.Featured = true
	a, err := svc.Create(ctx, ed, in)
	if err != nil {
		return fmt.Errorf("article: %w", err)
	}
	if _, err := svc.Publish(ctx, ed, a.ID, a.Version, time.Date(2019, 3, 28, 16, 30, 0, 0, period.Vietnam)); err != nil {
		return fmt.Errorf("publish: %w", err)
	}
	return svc.SetTheme(ctx, ed, 2019, "Năm Dân vận chính quyền")
}

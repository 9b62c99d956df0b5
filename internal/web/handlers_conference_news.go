package web

import (
	"context"
	"net/http"
	"strconv"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/conference"
	"giaoban/internal/news"
	"giaoban/internal/newsdraft"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/rollup"
	"giaoban/internal/vntext"
)

// maxDraftFigures bounds the figures the article quotes: a news item
// gives the quarter's headline numbers, not the consolidated table.
const maxDraftFigures = 4

// handleConferenceNewsDraft drafts the news article of a held conference
// (item 4 of the portal work): the conference's own data written up by
// newsdraft, saved as a draft article with its photo slots, and opened in
// the editor. Asking again while a draft from the conference exists (not
// yet published: a draft or under review) opens that draft instead of
// writing a second one; once the article is published, asking again
// drafts a new one.
func (s *Server) handleConferenceNewsDraft(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := reqCtx(r).actor
	id, err := conferenceID(r)
	if err != nil {
		return err
	}
	if err := s.authz.Can(ctx, a, auth.ActNewsEdit, "", period.Today(s.now())); err != nil {
		return err
	}
	c, err := s.conferences.Get(ctx, a, id)
	if err != nil {
		return err
	}
	origin := "conference:" + strconv.FormatInt(c.ID, 10)
	if existing, err := s.news.ByOrigin(ctx, a, origin); err == nil && existing.Status != news.StatusPublished {
		setFlash(w, "Đã có bản thảo tin bài từ hội nghị này; mở bản thảo để biên tập.")
		http.Redirect(w, r, "/bien-tap/tin/"+strconv.FormatInt(existing.ID, 10), http.StatusSeeOther)
		return nil
	} else if err != nil && !apperr.Is(err, apperr.ENOTFOUND) {
		return err
	}
	in, err := s.newsDraftInput(ctx, a, c)
	if err != nil {
		return err
	}
	d, err := newsdraft.Write(in)
	if err != nil {
		return apperr.Errorf(apperr.ECONFLICT, "Chỉ soạn tin bài cho hội nghị đã diễn ra.")
	}
	art, err := s.news.Create(ctx, a, d.Article(origin))
	if err != nil {
		return err
	}
	setFlash(w, "Đã soạn bản thảo tin bài từ dữ liệu của hội nghị. Kiểm tra, bổ sung ảnh rồi gửi duyệt.")
	http.Redirect(w, r, "/bien-tap/tin/"+strconv.FormatInt(art.ID, 10), http.StatusSeeOther)
	return nil
}

// newsDraftInput gathers what the article is written from: the
// conference, its conclusion (issued, or the latest draft the actor may
// read), the host's name, and the period's consolidated figures over the
// host's province when the actor may read them.
func (s *Server) newsDraftInput(ctx context.Context, a *auth.Actor, c *conference.Conference) (newsdraft.Input, error) {
	date := c.Date()
	in := newsdraft.Input{Conference: c, HostName: s.unitName(ctx, c.HostUnit, date),
		Author: reqAuthor(ctx, s, a)}
	if cl, err := s.conferences.VisibleConclusion(ctx, a, c); err == nil {
		in.Conclusion = cl
	} else if !apperr.Is(err, apperr.ENOTFOUND) && !apperr.Is(err, apperr.EFORBIDDEN) {
		return in, err
	}
	if c.Period == "" {
		return in, nil
	}
	in.PeriodLabel = lowerFirstWord(confPeriodLabel(c.Period))
	in.Results = newsdraft.Results
	host, err := s.db.FindUnit(ctx, c.HostUnit, date)
	if err != nil || host.ParentCode == "" || c.Template == "" {
		return in, nil
	}
	out, err := s.rollup.Consolidate(ctx, a, rollup.Request{Key: report.Key{Template: c.Template, Period: c.Period, Unit: host.ParentCode}})
	if apperr.Is(err, apperr.EFORBIDDEN) {
		return in, nil // an editor outside the reporting chain: the article without figures
	} else if err != nil {
		return in, err
	}
	in.Figures = newsdraft.HeadlineFigures(out, maxDraftFigures)
	return in, nil
}

// reqAuthor is the byline: the actor's full name.
func reqAuthor(ctx context.Context, s *Server, a *auth.Actor) string {
	if u, err := s.db.FindUserByUsername(ctx, a.Username); err == nil && u.FullName != "" {
		return u.FullName
	}
	return a.Username
}

// lowerFirstWord turns "Quý I/2019" into "quý I/2019" for use inside a sentence.
func lowerFirstWord(s string) string {
	if s == "" {
		return s
	}
	first, rest, _ := strings.Cut(s, " ")
	if rest == "" {
		return strings.ToLower(first)
	}
	return vntext.Normalize(strings.ToLower(first) + " " + rest)
}

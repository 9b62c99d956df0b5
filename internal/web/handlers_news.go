package web

import (
	"errors"
	"fmt"
	"html/template"
	"io"
	"net/http"
	"strconv"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/news"
	"giaoban/internal/period"
)

// The editor's pages for news articles (/bien-tap/tin): lists by status,
// the article form with its photos and workflow actions, the preview, the
// revisions, and the year's theme. Editors, commission staff and admins
// (auth.ActNewsEdit); the news service asks the Authorizer.

func init() {
	registerPages("news_list", "news_form", "news_revisions")
}

// newsTab is one status tab of the list.
type newsTab struct {
	Key, Label string
	Count      int
	Active     bool
}

type newsListPage struct {
	page
	Tabs     []newsTab
	Tab      string
	Articles []news.Article
	Total    int
	Pager    pager
	Now      time.Time
	Theme    *news.Theme
	Year     int
}

// newsFilter is the filter of a list tab.
func newsFilter(tab string) news.Filter {
	switch tab {
	case "scheduled":
		return news.Filter{Scheduled: true}
	case "live":
		return news.Filter{Visible: true}
	case "draft", "review":
		return news.Filter{Status: news.Status(tab)}
	}
	return news.Filter{}
}

var newsTabs = []newsTab{{Key: "", Label: "Tất cả"}, {Key: "draft", Label: "Bản nháp"}, {Key: "review", Label: "Chờ duyệt"},
	{Key: "scheduled", Label: "Đã lên lịch"}, {Key: "live", Label: "Đã đăng"}}

// handleNewsList lists articles by status, most recently changed first.
func (s *Server) handleNewsList(w http.ResponseWriter, r *http.Request) error {
	a := reqCtx(r).actor
	if err := s.news.CanEdit(r.Context(), a); err != nil {
		return err
	}
	tab := r.URL.Query().Get("trang-thai")
	valid := false
	for _, t := range newsTabs {
		valid = valid || t.Key == tab
	}
	if !valid {
		return apperr.Invalid("Trạng thái không hợp lệ.", map[string]string{"trang-thai": "Trạng thái không hợp lệ."})
	}
	pg, err := pageNumber(r)
	if err != nil {
		return err
	}
	p := newsListPage{page: s.basePage(r, "Tin bài"), Tab: tab, Now: s.now(), Year: s.now().In(period.Vietnam).Year()}
	for _, t := range newsTabs {
		f := newsFilter(t.Key)
		f.Limit = 1
		_, n, err := s.news.List(r.Context(), a, f)
		if err != nil {
			return err
		}
		t.Count, t.Active = n, t.Key == tab
		p.Tabs = append(p.Tabs, t)
	}
	f := newsFilter(tab)
	f.Limit, f.Offset = portalPerPage, (pg-1)*portalPerPage
	if p.Articles, p.Total, err = s.news.List(r.Context(), a, f); err != nil {
		return err
	}
	base := "/bien-tap/tin"
	if tab != "" {
		base += "?trang-thai=" + tab
	}
	p.Pager = newPager(base, pg, p.Total, portalPerPage)
	if p.Theme, err = s.news.Theme(r.Context()); err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "news_list", p)
}

// newsForm is the article form as typed.
type newsForm struct {
	Title, Summary, Body, Byline, Categories, Tags string
	Featured                                       bool
	Version                                        int
}

func formOf(a *news.Article) newsForm {
	return newsForm{Title: a.Title, Summary: a.Summary, Body: a.Body, Byline: a.Byline, Featured: a.Featured, Version: a.Version,
		Categories: strings.Join(news.CategoryNames(a.Categories), ", "), Tags: strings.Join(a.Tags, ", ")}
}

func parseNewsForm(r *http.Request) (newsForm, news.Input) {
	f := newsForm{Title: r.PostFormValue("title"), Summary: r.PostFormValue("summary"), Body: r.PostFormValue("body"),
		Byline: r.PostFormValue("byline"), Categories: r.PostFormValue("categories"), Tags: r.PostFormValue("tags"),
		Featured: r.PostFormValue("featured") == "1"}
	f.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	return f, news.Input{Title: f.Title, Summary: f.Summary, Body: f.Body, Byline: f.Byline,
		Categories: news.SplitLabels(f.Categories), Tags: news.SplitLabels(f.Tags), Featured: f.Featured}
}

type newsFormPage struct {
	page
	Article     *news.Article // nil for a new article
	Form        newsForm
	Errors      map[string]string
	Error       string
	ImageErrors map[string]string
	ImageError  string
	ImageID     int64 // the photo the image errors are about (0: the new one)
	Now         time.Time
	Schedule    string // the schedule field's value
}

// renderNewsForm shows the form of a (nil: new) with the values typed and
// the errors of err.
func (s *Server) renderNewsForm(w http.ResponseWriter, r *http.Request, status int, a *news.Article, f newsForm, err error) error {
	title := "Viết bài mới"
	if a != nil {
		title = "Sửa bài: " + a.Title
	}
	p := newsFormPage{page: s.basePage(r, title), Article: a, Form: f, Now: s.now()}
	if a != nil && a.Scheduled(p.Now) {
		p.Schedule = a.PublishedAt.In(period.Vietnam).Format("2006-01-02T15:04")
	}
	if err != nil {
		p.Error, p.Errors = apperr.Message(err), apperr.FieldsOf(err)
	}
	return s.render(w, r, status, "news_form", p)
}

func (s *Server) handleNewsNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.news.CanEdit(r.Context(), reqCtx(r).actor); err != nil {
		return err
	}
	return s.renderNewsForm(w, r, http.StatusOK, nil, newsForm{}, nil)
}

// handleNewsCreate drafts a new article.
func (s *Server) handleNewsCreate(w http.ResponseWriter, r *http.Request) error {
	a := reqCtx(r).actor
	if err := s.news.CanEdit(r.Context(), a); err != nil {
		return err
	}
	f, in := parseNewsForm(r)
	art, err := s.news.Create(r.Context(), a, in)
	if len(apperr.FieldsOf(err)) > 0 {
		return s.renderNewsForm(w, r, http.StatusUnprocessableEntity, nil, f, err)
	} else if err != nil {
		return err
	}
	setFlash(w, "Đã tạo bản nháp.")
	http.Redirect(w, r, fmt.Sprintf("/bien-tap/tin/%d", art.ID), http.StatusSeeOther)
	return nil
}

// pathID reads a positive integer path value; ENOTFOUND otherwise.
func pathID(r *http.Request, name string) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue(name), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy.")
	}
	return id, nil
}

// newsArticle reads the article named by the path for an editor.
func (s *Server) newsArticle(r *http.Request) (*news.Article, error) {
	id, err := pathID(r, "id")
	if err != nil {
		return nil, err
	}
	return s.news.Get(r.Context(), reqCtx(r).actor, id)
}

func (s *Server) handleNewsEdit(w http.ResponseWriter, r *http.Request) error {
	a, err := s.newsArticle(r)
	if err != nil {
		return err
	}
	return s.renderNewsForm(w, r, http.StatusOK, a, formOf(a), nil)
}

// handleNewsSave saves the editor's changes; a stale version is a 409.
func (s *Server) handleNewsSave(w http.ResponseWriter, r *http.Request) error {
	a, err := s.newsArticle(r)
	if err != nil {
		return err
	}
	f, in := parseNewsForm(r)
	if _, err := s.news.Update(r.Context(), reqCtx(r).actor, a.ID, f.Version, in); len(apperr.FieldsOf(err)) > 0 {
		return s.renderNewsForm(w, r, http.StatusUnprocessableEntity, a, f, err)
	} else if err != nil {
		return err
	}
	setFlash(w, "Đã lưu bài viết.")
	http.Redirect(w, r, fmt.Sprintf("/bien-tap/tin/%d", a.ID), http.StatusSeeOther)
	return nil
}

// handleNewsPreview shows the article as the portal will, marked as a
// preview and never cached.
func (s *Server) handleNewsPreview(w http.ResponseWriter, r *http.Request) error {
	a, err := s.newsArticle(r)
	if err != nil {
		return err
	}
	data, err := s.articlePage(r, a)
	if err != nil {
		return err
	}
	data.Preview = true
	return s.render(w, r, http.StatusOK, "portal_article", data)
}

// newsAction runs a workflow step on the article named by the path, at the
// version the form was read at, then goes back to the form.
func (s *Server) newsAction(w http.ResponseWriter, r *http.Request, done string,
	step func(id int64, version int) (*news.Article, error)) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.news.CanEdit(r.Context(), reqCtx(r).actor); err != nil {
		return err
	}
	version, _ := strconv.Atoi(r.PostFormValue("version"))
	if _, err := step(id, version); err != nil {
		return err
	}
	setFlash(w, done)
	http.Redirect(w, r, fmt.Sprintf("/bien-tap/tin/%d", id), http.StatusSeeOther)
	return nil
}

func (s *Server) handleNewsSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.newsAction(w, r, "Đã gửi bài để duyệt.", func(id int64, v int) (*news.Article, error) {
		return s.news.Submit(r.Context(), reqCtx(r).actor, id, v)
	})
}

func (s *Server) handleNewsReturn(w http.ResponseWriter, r *http.Request) error {
	return s.newsAction(w, r, "Đã trả lại bài để sửa.", func(id int64, v int) (*news.Article, error) {
		return s.news.Return(r.Context(), reqCtx(r).actor, id, v)
	})
}

func (s *Server) handleNewsUnpublish(w http.ResponseWriter, r *http.Request) error {
	return s.newsAction(w, r, "Đã gỡ bài khỏi cổng thông tin; bài trở về bản nháp.", func(id int64, v int) (*news.Article, error) {
		return s.news.Unpublish(r.Context(), reqCtx(r).actor, id, v)
	})
}

// parseSchedule reads the publication time typed in the form (Vietnam
// time): "2019-03-28T15:00" (the datetime-local field) or "28/03/2019
// 15:00"; empty means now.
func parseSchedule(v string) (time.Time, error) {
	v = strings.TrimSpace(v)
	if v == "" {
		return time.Time{}, nil
	}
	for _, layout := range []string{"2006-01-02T15:04", "2006-01-02T15:04:05", "2006-01-02 15:04", "02/01/2006 15:04", "02/01/2006"} {
		if t, err := time.ParseInLocation(layout, v, period.Vietnam); err == nil {
			return t, nil
		}
	}
	msg := "Thời điểm đăng không hợp lệ; nhập theo dạng 28/03/2019 15:00."
	return time.Time{}, apperr.Invalid(msg, map[string]string{"luc": msg})
}

// handleNewsPublish publishes now, or at the time given (scheduling).
func (s *Server) handleNewsPublish(w http.ResponseWriter, r *http.Request) error {
	at, err := parseSchedule(r.PostFormValue("luc"))
	if err != nil {
		return err
	}
	msg := "Đã đăng bài lên cổng thông tin."
	if at.After(s.now()) {
		msg = "Đã lên lịch đăng bài lúc " + at.In(period.Vietnam).Format("15:04 02/01/2006") + "."
	} else if !at.IsZero() {
		msg = "Đã đăng bài với ngày đăng " + at.In(period.Vietnam).Format("15:04 02/01/2006") + "."
	}
	return s.newsAction(w, r, msg, func(id int64, v int) (*news.Article, error) {
		return s.news.Publish(r.Context(), reqCtx(r).actor, id, v, at)
	})
}

// uploadedImage reads the optional photo of an image form.
func uploadedImage(r *http.Request) ([]byte, error) {
	f, _, err := r.FormFile("file")
	if errors.Is(err, http.ErrMissingFile) || errors.Is(err, http.ErrNotMultipart) {
		return nil, nil
	} else if err != nil {
		return nil, apperr.Invalid("Không đọc được tệp ảnh.", map[string]string{"file": "Không đọc được tệp ảnh."})
	}
	defer f.Close()
	b, err := io.ReadAll(io.LimitReader(f, news.MaxImageBytes+1))
	if err != nil {
		return nil, fmt.Errorf("read upload: %w", err)
	}
	if len(b) > news.MaxImageBytes {
		return nil, apperr.Invalid("Ảnh lớn quá 10 MB.", map[string]string{"file": "Ảnh lớn quá 10 MB."})
	}
	return b, nil
}

// imageDone goes back to the article's photos, or shows the form again
// with the photo's errors.
func (s *Server) imageDone(w http.ResponseWriter, r *http.Request, articleID, imageID int64, err error, done string) error {
	if len(apperr.FieldsOf(err)) > 0 {
		a, gerr := s.news.Get(r.Context(), reqCtx(r).actor, articleID)
		if gerr != nil {
			return gerr
		}
		title := "Sửa bài: " + a.Title
		p := newsFormPage{page: s.basePage(r, title), Article: a, Form: formOf(a), Now: s.now(),
			ImageError: apperr.Message(err), ImageErrors: apperr.FieldsOf(err), ImageID: imageID}
		return s.render(w, r, http.StatusUnprocessableEntity, "news_form", p)
	} else if err != nil {
		return err
	}
	setFlash(w, done)
	http.Redirect(w, r, fmt.Sprintf("/bien-tap/tin/%d#anh", articleID), http.StatusSeeOther)
	return nil
}

// handleNewsImageAdd adds a photo (or, without a file, a photo slot).
func (s *Server) handleNewsImageAdd(w http.ResponseWriter, r *http.Request) error {
	id, err := pathID(r, "id")
	if err != nil {
		return err
	}
	if err := s.news.CanEdit(r.Context(), reqCtx(r).actor); err != nil {
		return err
	}
	data, err := uploadedImage(r)
	if err == nil {
		_, err = s.news.AddImage(r.Context(), reqCtx(r).actor, id, news.ImageMeta{Caption: r.PostFormValue("caption"), Alt: r.PostFormValue("alt")}, data)
	}
	return s.imageDone(w, r, id, 0, err, "Đã thêm ảnh.")
}

// newsImage reads the photo named by the path, checking it belongs to the
// article named by the path.
func (s *Server) newsImage(r *http.Request) (articleID, imageID int64, err error) {
	if articleID, err = pathID(r, "id"); err != nil {
		return 0, 0, err
	}
	if imageID, err = pathID(r, "img"); err != nil {
		return 0, 0, err
	}
	if err := s.news.CanEdit(r.Context(), reqCtx(r).actor); err != nil {
		return 0, 0, err
	}
	a, err := s.news.Get(r.Context(), reqCtx(r).actor, articleID)
	if err != nil {
		return 0, 0, err
	}
	for _, im := range a.Images {
		if im.ID == imageID {
			return articleID, imageID, nil
		}
	}
	return 0, 0, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy ảnh.")
}

// handleNewsImageUpdate changes a photo's caption and alt text, and its
// file when one is sent (filling a slot).
func (s *Server) handleNewsImageUpdate(w http.ResponseWriter, r *http.Request) error {
	articleID, imageID, err := s.newsImage(r)
	if err != nil {
		return err
	}
	data, err := uploadedImage(r)
	if err == nil {
		_, err = s.news.UpdateImage(r.Context(), reqCtx(r).actor, imageID, news.ImageMeta{Caption: r.PostFormValue("caption"), Alt: r.PostFormValue("alt")}, data)
	}
	return s.imageDone(w, r, articleID, imageID, err, "Đã lưu ảnh.")
}

func (s *Server) handleNewsImageDelete(w http.ResponseWriter, r *http.Request) error {
	articleID, imageID, err := s.newsImage(r)
	if err != nil {
		return err
	}
	_, err = s.news.DeleteImage(r.Context(), reqCtx(r).actor, imageID)
	return s.imageDone(w, r, articleID, imageID, err, "Đã xóa ảnh.")
}

type newsRevisionsPage struct {
	page
	Article   *news.Article
	Revisions []news.Revision
	Shown     *news.Revision
	ShownBody template.HTML
}

// handleNewsRevisions lists the revisions of an article; ?v=N shows one.
func (s *Server) handleNewsRevisions(w http.ResponseWriter, r *http.Request) error {
	a, err := s.newsArticle(r)
	if err != nil {
		return err
	}
	p := newsRevisionsPage{page: s.basePage(r, "Phiên bản: "+a.Title), Article: a}
	if p.Revisions, err = s.news.Revisions(r.Context(), reqCtx(r).actor, a.ID); err != nil {
		return err
	}
	if v := r.URL.Query().Get("v"); v != "" {
		n, err := strconv.Atoi(v)
		if err != nil {
			return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy phiên bản %s.", v)
		}
		if p.Shown, err = s.news.Revision(r.Context(), reqCtx(r).actor, a.ID, n); err != nil {
			return err
		}
		p.ShownBody = template.HTML(news.RenderHTML(p.Shown.Body))
	}
	return s.render(w, r, http.StatusOK, "news_revisions", p)
}

// handleNewsRestore makes a revision the current text, as a new revision.
func (s *Server) handleNewsRestore(w http.ResponseWriter, r *http.Request) error {
	rev, err := strconv.Atoi(r.PathValue("v"))
	if err != nil {
		return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy phiên bản.")
	}
	return s.newsAction(w, r, fmt.Sprintf("Đã khôi phục phiên bản %d.", rev), func(id int64, v int) (*news.Article, error) {
		return s.news.Restore(r.Context(), reqCtx(r).actor, id, v, rev)
	})
}

// handleNewsTheme sets the theme of a year, shown on the portal.
func (s *Server) handleNewsTheme(w http.ResponseWriter, r *http.Request) error {
	a := reqCtx(r).actor
	if err := s.news.CanEdit(r.Context(), a); err != nil {
		return err
	}
	year, err := strconv.Atoi(strings.TrimSpace(r.PostFormValue("year")))
	if err != nil {
		return apperr.Invalid("Năm không hợp lệ.", map[string]string{"year": "Vui lòng nhập năm, ví dụ 2019."})
	}
	if err := s.news.SetTheme(r.Context(), a, year, r.PostFormValue("theme")); err != nil {
		return err
	}
	setFlash(w, fmt.Sprintf("Đã lưu chủ đề năm %d.", year))
	http.Redirect(w, r, "/bien-tap/tin", http.StatusSeeOther)
	return nil
}

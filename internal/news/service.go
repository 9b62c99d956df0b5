package news

import (
	"context"
	"fmt"
	"strconv"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/period"
	"giaoban/internal/search"
	"giaoban/internal/vntext"
)

// Store is what the news rules need of persistence. The store picks a
// free slug (a.Slug is the wanted one; "-2", "-3"… are added when it is
// taken), keeps a revision of every save, checks versions and audits.
type Store interface {
	// CreateArticle stores a new article with version 1 and its first
	// revision; it sets ID, Slug and Version.
	CreateArticle(ctx context.Context, a *Article, note string) error
	// UpdateArticle saves a whose Version is the version it was read at;
	// ECONFLICT if it changed since. It bumps Version, may change Slug,
	// and keeps a revision.
	UpdateArticle(ctx context.Context, a *Article, note string) error
	FindArticle(ctx context.Context, id int64) (*Article, error)
	FindArticleBySlug(ctx context.Context, slug string) (*Article, error)
	FindArticleByLegacyID(ctx context.Context, legacyID string) (*Article, error)
	// FindArticleByOrigin returns the latest article drafted from origin.
	FindArticleByOrigin(ctx context.Context, origin string) (*Article, error)
	// ListArticles returns a page of articles without their bodies, and
	// the number that match.
	ListArticles(ctx context.Context, f Filter) ([]Article, int, error)
	ListRevisions(ctx context.Context, articleID int64) ([]Revision, error)
	FindRevision(ctx context.Context, articleID int64, version int) (*Revision, error)
	AddImage(ctx context.Context, im *Image, f *ImageFile) error
	// UpdateImage changes caption and alt text, and the file when f is not nil.
	UpdateImage(ctx context.Context, im *Image, f *ImageFile) error
	DeleteImage(ctx context.Context, id int64) error
	FindImage(ctx context.Context, id int64) (*Image, error)
	ImageData(ctx context.Context, id int64, size Size) ([]byte, error)
	// ImportArticles stores imported articles in one transaction, skipping
	// those whose legacy ID is already there; it sets the IDs and slugs of
	// the stored ones and returns them.
	ImportArticles(ctx context.Context, as []Article) ([]Article, error)
	// ListLinks lists the slugs and dates of the articles visible at now,
	// newest first, at most limit (the sitemap).
	ListLinks(ctx context.Context, now time.Time, limit int) ([]Link, error)
	// ListCategories lists the categories of the articles visible at now.
	ListCategories(ctx context.Context, now time.Time) ([]CategoryCount, error)
	SetTheme(ctx context.Context, t *Theme) error
	// FindTheme returns the theme of year, or of the latest year before it
	// that has one; ENOTFOUND when none.
	FindTheme(ctx context.Context, year int) (*Theme, error)
}

// Service holds the publishing rules. Index may be nil (no search).
type Service struct {
	Store Store
	Index search.Index
	Authz *auth.Authorizer
	Now   func() time.Time
}

func (s *Service) now() time.Time {
	if s.Now == nil {
		return time.Now()
	}
	return s.Now()
}

// can checks that actor edits news (editors, the commission, admins).
func (s *Service) can(ctx context.Context, actor *auth.Actor) error {
	return s.Authz.Can(ctx, actor, auth.ActNewsEdit, "", period.Today(s.now()))
}

// CanEdit reports (nil) whether actor may use the editor pages.
func (s *Service) CanEdit(ctx context.Context, actor *auth.Actor) error { return s.can(ctx, actor) }

func conflict(a *Article) error {
	return apperr.Errorf(apperr.ECONFLICT, "Bài viết đã được %s sửa lúc %s (phiên bản %d). Vui lòng tải lại trang để xem bản mới nhất.",
		a.UpdatedBy, a.UpdatedAt.In(period.Vietnam).Format("15:04 02/01/2006"), a.Version)
}

// load reads article id for a change at version; ECONFLICT when stale.
func (s *Service) load(ctx context.Context, id int64, version int) (*Article, error) {
	a, err := s.Store.FindArticle(ctx, id)
	if err != nil {
		return nil, err
	}
	if version != a.Version {
		return nil, conflict(a)
	}
	return a, nil
}

// Create drafts a new article written by actor. The draft is not visible
// to the public until it is published. EINVALID with fields when the
// input is wrong; EFORBIDDEN unless actor edits news.
func (s *Service) Create(ctx context.Context, actor *auth.Actor, in Input) (*Article, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	now := s.now()
	a := &Article{Status: StatusDraft, Origin: in.Origin, CreatedAt: now, CreatedBy: actor.Username, UpdatedAt: now, UpdatedBy: actor.Username}
	apply(a, in)
	if err := s.Store.CreateArticle(ctx, a, "Tạo bản nháp"); err != nil {
		return nil, err
	}
	for i, sl := range in.Slots {
		im := &Image{ArticleID: a.ID, Seq: i + 1, Caption: sl.Caption, Alt: sl.Alt, UploadedAt: now, UploadedBy: actor.Username}
		if err := s.Store.AddImage(ctx, im, nil); err != nil {
			return nil, err
		}
		a.Images = append(a.Images, *im)
	}
	return a, nil
}

// apply copies the input into a, rendering the body; the slug follows the
// title until the article is first published.
func apply(a *Article, in Input) {
	a.Title, a.Summary, a.Body, a.Byline = in.Title, in.Summary, in.Body, in.Byline
	a.BodyHTML = RenderHTML(in.Body)
	a.Categories, a.Tags, a.Featured = Categories(in.Categories), in.Tags, in.Featured
	if a.PublishedAt.IsZero() {
		a.Slug = BaseSlug(in.Title)
	}
}

// Update saves an editor's changes to article id read at version. A
// published article stays published with the new text. ECONFLICT when
// someone saved in between.
func (s *Service) Update(ctx context.Context, actor *auth.Actor, id int64, version int, in Input) (*Article, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	in.Normalize()
	if err := in.Validate(); err != nil {
		return nil, err
	}
	a, err := s.load(ctx, id, version)
	if err != nil {
		return nil, err
	}
	apply(a, in)
	return a, s.save(ctx, actor, a, "Lưu thay đổi")
}

// save writes a and brings the search index in line with it.
func (s *Service) save(ctx context.Context, actor *auth.Actor, a *Article, note string) error {
	a.UpdatedAt, a.UpdatedBy = s.now(), actor.Username
	if err := s.Store.UpdateArticle(ctx, a, note); err != nil {
		return err
	}
	return s.reindex(ctx, a)
}

// reindex puts a published article (scheduled ones too: the public search
// asks for documents dated up to now) in the index and takes any other out.
func (s *Service) reindex(ctx context.Context, a *Article) error {
	if s.Index == nil {
		return nil
	}
	if a.Status != StatusPublished {
		if err := s.Index.DeleteDoc(ctx, search.KindNews, strconv.FormatInt(a.ID, 10)); err != nil {
			return fmt.Errorf("unindex article %d: %w", a.ID, err)
		}
		return nil
	}
	if err := s.Index.IndexDocs(ctx, []search.Doc{SearchDoc(a)}); err != nil {
		return fmt.Errorf("index article %d: %w", a.ID, err)
	}
	return nil
}

// SearchDoc is the search document of a published article.
func SearchDoc(a *Article) search.Doc {
	return search.Doc{
		Kind: search.KindNews, ID: strconv.FormatInt(a.ID, 10), Title: a.Title,
		Body: a.Summary + "\n" + PlainText(a.Body), URL: "/tin/" + a.Slug,
		Public: true, Date: a.PublishedAt, LegacyID: a.LegacyID,
	}
}

func wrongState(a *Article, action string) error {
	return apperr.Errorf(apperr.ECONFLICT, "Bài viết đang ở trạng thái \"%s\", không thể %s.", a.Status.Label(), action)
}

// Submit sends a draft for review.
func (s *Service) Submit(ctx context.Context, actor *auth.Actor, id int64, version int) (*Article, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	a, err := s.load(ctx, id, version)
	if err != nil {
		return nil, err
	}
	if a.Status != StatusDraft {
		return nil, wrongState(a, "gửi duyệt")
	}
	a.Status = StatusReview
	return a, s.save(ctx, actor, a, "Gửi duyệt")
}

// Return sends an article under review back to draft.
func (s *Service) Return(ctx context.Context, actor *auth.Actor, id int64, version int) (*Article, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	a, err := s.load(ctx, id, version)
	if err != nil {
		return nil, err
	}
	if a.Status != StatusReview {
		return nil, wrongState(a, "trả lại")
	}
	a.Status = StatusDraft
	return a, s.save(ctx, actor, a, "Trả lại để sửa")
}

// Publish publishes article id with publication time at: now when at is
// zero; a past time is kept as the article's date (backdating, for an
// article written up after the event or brought over from elsewhere) and
// the article is visible at once; a future time schedules it (hidden from
// the public until then). A draft, an article under review and a
// scheduled one (to change its time) may be published; the body must not
// be empty.
func (s *Service) Publish(ctx context.Context, actor *auth.Actor, id int64, version int, at time.Time) (*Article, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	a, err := s.load(ctx, id, version)
	if err != nil {
		return nil, err
	}
	now := s.now()
	if a.Status == StatusPublished && !a.Scheduled(now) {
		return nil, wrongState(a, "đăng lại")
	}
	if a.Body == "" {
		return nil, apperr.Invalid("Bài viết chưa có nội dung.", map[string]string{"body": "Vui lòng viết nội dung trước khi đăng."})
	}
	note := "Đăng bài"
	switch {
	case at.IsZero():
		at = now
	case at.After(now):
		note = "Lên lịch đăng " + at.In(period.Vietnam).Format("15:04 02/01/2006")
	default:
		note = "Đăng bài, ngày đăng " + at.In(period.Vietnam).Format("15:04 02/01/2006")
	}
	a.Status, a.PublishedAt = StatusPublished, at.UTC()
	return a, s.save(ctx, actor, a, note)
}

// Unpublish takes a published (or scheduled) article off the portal; it
// becomes a draft again, keeping its slug.
func (s *Service) Unpublish(ctx context.Context, actor *auth.Actor, id int64, version int) (*Article, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	a, err := s.load(ctx, id, version)
	if err != nil {
		return nil, err
	}
	if a.Status != StatusPublished {
		return nil, wrongState(a, "gỡ bài")
	}
	a.Status = StatusDraft
	return a, s.save(ctx, actor, a, "Gỡ bài khỏi cổng thông tin")
}

// Restore makes revision rev the current text of article id (read at
// version), as a new revision; the workflow state is kept.
func (s *Service) Restore(ctx context.Context, actor *auth.Actor, id int64, version, rev int) (*Article, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	a, err := s.load(ctx, id, version)
	if err != nil {
		return nil, err
	}
	r, err := s.Store.FindRevision(ctx, id, rev)
	if err != nil {
		return nil, err
	}
	apply(a, Input{Title: r.Title, Summary: r.Summary, Body: r.Body, Byline: r.Byline, Categories: r.Categories, Tags: r.Tags, Featured: a.Featured})
	return a, s.save(ctx, actor, a, fmt.Sprintf("Khôi phục phiên bản %d", rev))
}

// Get returns any article for the editor pages.
func (s *Service) Get(ctx context.Context, actor *auth.Actor, id int64) (*Article, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	return s.Store.FindArticle(ctx, id)
}

// ByOrigin returns the latest article drafted from origin
// ("conference:12"), for the editor; ENOTFOUND when there is none.
func (s *Service) ByOrigin(ctx context.Context, actor *auth.Actor, origin string) (*Article, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	return s.Store.FindArticleByOrigin(ctx, origin)
}

// List lists articles for the editor pages.
func (s *Service) List(ctx context.Context, actor *auth.Actor, f Filter) ([]Article, int, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, 0, err
	}
	f.Now = s.now()
	return s.Store.ListArticles(ctx, f)
}

// Revisions lists the revisions of article id, newest first.
func (s *Service) Revisions(ctx context.Context, actor *auth.Actor, id int64) ([]Revision, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	return s.Store.ListRevisions(ctx, id)
}

// Revision returns one revision of article id.
func (s *Service) Revision(ctx context.Context, actor *auth.Actor, id int64, version int) (*Revision, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	return s.Store.FindRevision(ctx, id, version)
}

// AddImage adds a photo to article id: a file (checked and resized) with
// its caption and alt text, or, with no data, a photo slot.
func (s *Service) AddImage(ctx context.Context, actor *auth.Actor, articleID int64, meta ImageMeta, data []byte) (*Image, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	meta.Normalize()
	if err := meta.Validate(); err != nil {
		return nil, err
	}
	a, err := s.Store.FindArticle(ctx, articleID)
	if err != nil {
		return nil, err
	}
	if len(a.Images) >= 50 {
		return nil, apperr.Invalid("Mỗi bài có tối đa 50 ảnh.", map[string]string{"file": "Mỗi bài có tối đa 50 ảnh."})
	}
	var f *ImageFile
	if len(data) > 0 {
		if f, err = ProcessImage(data); err != nil {
			return nil, err
		}
	}
	im := &Image{ArticleID: articleID, Seq: len(a.Images) + 1, Caption: meta.Caption, Alt: meta.Alt, UploadedAt: s.now(), UploadedBy: actor.Username}
	if len(a.Images) > 0 {
		im.Seq = a.Images[len(a.Images)-1].Seq + 1
	}
	if err := s.Store.AddImage(ctx, im, f); err != nil {
		return nil, err
	}
	return im, nil
}

// UpdateImage changes a photo's caption and alt text and, when data is
// not empty, its file (filling a slot or replacing the photo).
func (s *Service) UpdateImage(ctx context.Context, actor *auth.Actor, imageID int64, meta ImageMeta, data []byte) (*Image, error) {
	if err := s.can(ctx, actor); err != nil {
		return nil, err
	}
	meta.Normalize()
	if err := meta.Validate(); err != nil {
		return nil, err
	}
	im, err := s.Store.FindImage(ctx, imageID)
	if err != nil {
		return nil, err
	}
	var f *ImageFile
	if len(data) > 0 {
		if f, err = ProcessImage(data); err != nil {
			return nil, err
		}
	}
	im.Caption, im.Alt = meta.Caption, meta.Alt
	if f != nil {
		im.UploadedAt, im.UploadedBy = s.now(), actor.Username
	}
	if err := s.Store.UpdateImage(ctx, im, f); err != nil {
		return nil, err
	}
	return im, nil
}

// DeleteImage removes a photo; it returns the article it belonged to.
func (s *Service) DeleteImage(ctx context.Context, actor *auth.Actor, imageID int64) (int64, error) {
	if err := s.can(ctx, actor); err != nil {
		return 0, err
	}
	im, err := s.Store.FindImage(ctx, imageID)
	if err != nil {
		return 0, err
	}
	return im.ArticleID, s.Store.DeleteImage(ctx, imageID)
}

// Image returns a photo's bytes in a size for actor: anyone for a photo
// of an article visible now, editors for any. ENOTFOUND otherwise (a
// draft's photos do not exist for the public).
func (s *Service) Image(ctx context.Context, actor *auth.Actor, imageID int64, size Size) (*Image, []byte, error) {
	im, err := s.Store.FindImage(ctx, imageID)
	if err != nil {
		return nil, nil, err
	}
	a, err := s.Store.FindArticle(ctx, im.ArticleID)
	if err != nil {
		return nil, nil, err
	}
	if !a.Visible(s.now()) && (actor == nil || s.can(ctx, actor) != nil) {
		return nil, nil, notFound()
	}
	if !im.HasFile() {
		return nil, nil, notFound()
	}
	b, err := s.Store.ImageData(ctx, imageID, size)
	return im, b, err
}

func notFound() error { return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy bài viết.") }

// Published returns the article at slug if the public may see it now.
// When the slug is unknown but is an imported article's legacy ID, the
// article is returned with moved=true (the caller redirects).
func (s *Service) Published(ctx context.Context, slug string) (a *Article, moved bool, err error) {
	a, err = s.Store.FindArticleBySlug(ctx, slug)
	if apperr.Is(err, apperr.ENOTFOUND) {
		a, err = s.Store.FindArticleByLegacyID(ctx, slug)
		moved = true
	}
	if apperr.Is(err, apperr.ENOTFOUND) || (err == nil && !a.Visible(s.now())) {
		return nil, false, notFound()
	}
	if err != nil {
		return nil, false, err
	}
	return a, moved, nil
}

// ByLegacyID returns the visible article imported with legacyID.
func (s *Service) ByLegacyID(ctx context.Context, legacyID string) (*Article, error) {
	a, err := s.Store.FindArticleByLegacyID(ctx, legacyID)
	if apperr.Is(err, apperr.ENOTFOUND) || (err == nil && !a.Visible(s.now())) {
		return nil, notFound()
	}
	return a, err
}

// Latest lists the articles visible now, newest first (category: a slug,
// or "" for all).
func (s *Service) Latest(ctx context.Context, category string, limit, offset int) ([]Article, int, error) {
	return s.Store.ListArticles(ctx, Filter{Visible: true, Now: s.now(), Category: category, Limit: limit, Offset: offset})
}

// Featured returns the newest visible featured article, or the newest
// visible article; nil when nothing is published.
func (s *Service) Featured(ctx context.Context) (*Article, error) {
	as, _, err := s.Store.ListArticles(ctx, Filter{Visible: true, Now: s.now(), Featured: true, Limit: 1, NoTotal: true})
	if err != nil {
		return nil, err
	}
	if len(as) == 0 {
		if as, _, err = s.Store.ListArticles(ctx, Filter{Visible: true, Now: s.now(), Limit: 1, NoTotal: true}); err != nil {
			return nil, err
		}
	}
	if len(as) == 0 {
		return nil, nil
	}
	return &as[0], nil
}

// Links lists the addresses and dates of the visible articles, newest
// first, at most limit.
func (s *Service) Links(ctx context.Context, limit int) ([]Link, error) {
	return s.Store.ListLinks(ctx, s.now(), limit)
}

// Categories lists the categories with visible articles.
func (s *Service) Categories(ctx context.Context) ([]CategoryCount, error) {
	return s.Store.ListCategories(ctx, s.now())
}

// Theme returns the year's theme for the current year (or the latest
// before it); nil when none is set.
func (s *Service) Theme(ctx context.Context) (*Theme, error) {
	t, err := s.Store.FindTheme(ctx, s.now().In(period.Vietnam).Year())
	if apperr.Is(err, apperr.ENOTFOUND) {
		return nil, nil
	}
	return t, err
}

// SetTheme sets the theme of a year ("Năm Dân vận chính quyền" for 2019);
// an empty text removes it.
func (s *Service) SetTheme(ctx context.Context, actor *auth.Actor, year int, text string) error {
	if err := s.can(ctx, actor); err != nil {
		return err
	}
	t := &Theme{Year: year, Text: vntext.Normalize(text), UpdatedAt: s.now(), UpdatedBy: actor.Username}
	if year < 1945 || year > 2100 {
		return apperr.Invalid("Năm không hợp lệ.", map[string]string{"year": "Vui lòng nhập năm, ví dụ 2019."})
	}
	if len([]rune(t.Text)) > 200 {
		return apperr.Invalid("Chủ đề dài quá 200 ký tự.", map[string]string{"theme": "Chủ đề dài quá 200 ký tự."})
	}
	return s.Store.SetTheme(ctx, t)
}

// ImportResult says what an import did.
type ImportResult struct {
	Imported int
	Skipped  int // legacy IDs already in the database
}

// Import stores an archive's articles (from ParseImport) as published, in
// one transaction, and indexes them. Articles whose legacy ID is already
// there are skipped, so an import can be run again. It is an operator's
// command (giaoban import news), not a web action: no actor.
func (s *Service) Import(ctx context.Context, as []Article) (ImportResult, error) {
	now := s.now()
	for i := range as {
		as[i].CreatedAt, as[i].UpdatedAt = now, now
		as[i].CreatedBy, as[i].UpdatedBy = "import", "import"
	}
	stored, err := s.Store.ImportArticles(ctx, as)
	if err != nil {
		return ImportResult{}, err
	}
	res := ImportResult{Imported: len(stored), Skipped: len(as) - len(stored)}
	if s.Index == nil {
		return res, nil
	}
	const batch = 500
	for i := 0; i < len(stored); i += batch {
		docs := make([]search.Doc, 0, batch)
		for j := i; j < min(i+batch, len(stored)); j++ {
			docs = append(docs, SearchDoc(&stored[j]))
		}
		if err := s.Index.IndexDocs(ctx, docs); err != nil {
			return res, fmt.Errorf("index imported articles: %w", err)
		}
	}
	return res, nil
}

package web

import (
	"bytes"
	"crypto/sha256"
	"encoding/hex"
	"fmt"
	"html/template"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/news"
	"giaoban/internal/period"
	"giaoban/internal/search"
	"giaoban/internal/vntext"
)

// The public portal: no login, the same page for every visitor, so pages
// and feeds are cached by browsers and proxies for a minute and
// revalidated by their ETag (a hash of the bytes sent). Its pages use the
// portal layout (portal_layout.html): a skip link first, one h1, a search
// form that works without JavaScript, print styles for articles.

func init() {
	registerLayoutPages("portal_layout", "portal_home", "portal_article", "portal_category", "portal_search")
	funcs["portalDate"] = func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return vntext.FormatDate(t.In(period.Vietnam))
	}
	funcs["portalLongDate"] = func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		t = t.In(period.Vietnam)
		return vntext.Weekday(t) + ", " + vntext.FormatDateLongTime(t) + ", " + t.Format("15:04")
	}
	funcs["isoTime"] = func(t time.Time) string { return t.UTC().Format(time.RFC3339) }
	funcs["lead"] = func(a news.Article, n int) string { return a.Lead(n) }
	funcs["firstImage"] = func(a news.Article) *news.Image {
		if ims := a.ShownImages(); len(ims) > 0 {
			return &ims[0]
		}
		return nil
	}
}

// portalCacheAge is how long public pages may be cached without asking.
const portalCacheAge = 60

// portalPage is what every portal page gets: nothing about the visitor.
type portalPage struct {
	Title       string
	Description string
	Canonical   string // absolute URL of the page
	OG          *openGraph
	Theme       *news.Theme
	Categories  []news.CategoryCount
	Query       string
	Demo        bool
	Preview     bool // an editor's preview: a banner, and no indexing
	FeedURL     string
}

// openGraph holds the OpenGraph tags of an article.
type openGraph struct {
	Type, Title, Description, URL, Image, ImageAlt, Published, Modified, Section string
	Tags                                                                         []string
}

// basePortal fills the common portal fields.
func (s *Server) basePortal(r *http.Request, title string) (portalPage, error) {
	p := portalPage{Title: title, Demo: s.cfg.Demo, Canonical: s.absURL(r, r.URL.Path), FeedURL: s.absURL(r, "/rss.xml")}
	var err error
	if p.Theme, err = s.news.Theme(r.Context()); err != nil {
		return p, err
	}
	if p.Categories, err = s.news.Categories(r.Context()); err != nil {
		return p, err
	}
	return p, nil
}

// absURL is the absolute URL of a local path, from the request's host.
func (s *Server) absURL(r *http.Request, path string) string {
	scheme := "http"
	if r.TLS != nil || s.cfg.SecureCookies || (s.cfg.TrustProxy && r.Header.Get("X-Forwarded-Proto") == "https") {
		scheme = "https"
	}
	host := r.Host
	if host == "" {
		host = "localhost"
	}
	return scheme + "://" + host + path
}

// renderPublic renders a portal page and sends it with caching headers.
func (s *Server) renderPublic(w http.ResponseWriter, r *http.Request, name string, data any) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("render: unknown page %q", name)
	}
	var buf bytes.Buffer
	if err := t.ExecuteTemplate(&buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	return writePublic(w, r, "text/html; charset=utf-8", buf.Bytes())
}

// writePublic sends a public body with an ETag and a short public cache
// lifetime, or 304 when the client already has it.
func writePublic(w http.ResponseWriter, r *http.Request, ctype string, body []byte) error {
	sum := sha256.Sum256(body)
	etag := `"` + hex.EncodeToString(sum[:16]) + `"`
	h := w.Header()
	h.Set("ETag", etag)
	h.Set("Cache-Control", "public, max-age="+strconv.Itoa(portalCacheAge))
	h.Set("Vary", "Accept-Encoding")
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Type", ctype)
	h.Set("Content-Length", strconv.Itoa(len(body)))
	w.WriteHeader(http.StatusOK)
	if r.Method == http.MethodHead {
		return nil
	}
	_, err := w.Write(body)
	return err
}

// etagMatches reports whether an If-None-Match header names etag (weak
// comparison, as RFC 9110 asks for If-None-Match).
func etagMatches(header, etag string) bool {
	for _, t := range strings.Split(header, ",") {
		t = strings.TrimPrefix(strings.TrimSpace(t), "W/")
		if t == "*" || t == etag {
			return true
		}
	}
	return false
}

// pageNumber reads ?trang=N (1 when absent); EINVALID when wrong.
func pageNumber(r *http.Request) (int, error) {
	p := r.URL.Query().Get("trang")
	if p == "" {
		return 1, nil
	}
	n, err := strconv.Atoi(p)
	if err != nil || n < 1 || n > 10000 {
		return 0, apperr.Invalid("Số trang không hợp lệ.", map[string]string{"trang": "Số trang không hợp lệ."})
	}
	return n, nil
}

// pager is the previous/next links of a paged list.
type pager struct {
	Page, Pages int
	Prev, Next  string
}

func newPager(base string, page, total, per int) pager {
	p := pager{Page: page, Pages: max(1, (total+per-1)/per)}
	sep := "?"
	if strings.Contains(base, "?") {
		sep = "&"
	}
	if page > 1 {
		p.Prev = base
		if page > 2 {
			p.Prev = base + sep + "trang=" + strconv.Itoa(page-1)
		}
	}
	if page < p.Pages {
		p.Next = base + sep + "trang=" + strconv.Itoa(page+1)
	}
	return p
}

type portalHomePage struct {
	portalPage
	Featured *news.Article
	Latest   []news.Article
}

// handleHome is the portal's home page: the year's theme, the featured
// article, the latest news and the categories.
func (s *Server) handleHome(w http.ResponseWriter, r *http.Request) error {
	p, err := s.basePortal(r, "Cổng thông tin công tác dân vận")
	if err != nil {
		return err
	}
	p.Description = "Tin tức công tác dân vận: hội nghị giao ban, kết quả thực hiện, mô hình Dân vận khéo."
	data := portalHomePage{portalPage: p}
	if data.Featured, err = s.news.Featured(r.Context()); err != nil {
		return err
	}
	latest, _, err := s.news.Latest(r.Context(), "", 11, 0)
	if err != nil {
		return err
	}
	for _, a := range latest {
		if data.Featured == nil || a.ID != data.Featured.ID {
			data.Latest = append(data.Latest, a)
		}
	}
	if len(data.Latest) > 10 {
		data.Latest = data.Latest[:10]
	}
	return s.renderPublic(w, r, "portal_home", data)
}

type portalArticlePage struct {
	portalPage
	Article *news.Article
	Body    template.HTML
	Images  []news.Image
	Related []news.Article
}

// handlePortalArticle is an article's page. A slug that is an imported
// article's old ID redirects (301) to the article's address.
func (s *Server) handlePortalArticle(w http.ResponseWriter, r *http.Request) error {
	a, moved, err := s.news.Published(r.Context(), r.PathValue("slug"))
	if err != nil {
		return err
	}
	if moved {
		http.Redirect(w, r, "/tin/"+a.Slug, http.StatusMovedPermanently)
		return nil
	}
	data, err := s.articlePage(r, a)
	if err != nil {
		return err
	}
	return s.renderPublic(w, r, "portal_article", data)
}

// articlePage builds the page of a (also the editor's preview).
func (s *Server) articlePage(r *http.Request, a *news.Article) (portalArticlePage, error) {
	p, err := s.basePortal(r, a.Title)
	if err != nil {
		return portalArticlePage{}, err
	}
	p.Canonical = s.absURL(r, "/tin/"+a.Slug)
	p.Description = a.Lead(200)
	og := &openGraph{Type: "article", Title: a.Title, Description: p.Description, URL: p.Canonical, Tags: a.Tags,
		Modified: a.UpdatedAt.UTC().Format(time.RFC3339)}
	if !a.PublishedAt.IsZero() {
		og.Published = a.PublishedAt.UTC().Format(time.RFC3339)
	}
	if len(a.Categories) > 0 {
		og.Section = a.Categories[0].Name
	}
	images := a.ShownImages()
	if len(images) > 0 {
		og.Image = s.absURL(r, fmt.Sprintf("/anh/%d/%s", images[0].ID, news.SizeLarge))
		og.ImageAlt = images[0].Alt
	}
	p.OG = og
	data := portalArticlePage{portalPage: p, Article: a, Body: template.HTML(news.Sanitize(a.BodyHTML)), Images: images}
	if len(a.Categories) > 0 {
		rel, _, err := s.news.Latest(r.Context(), a.Categories[0].Slug, 6, 0)
		if err != nil {
			return data, err
		}
		for _, x := range rel {
			if x.ID != a.ID && len(data.Related) < 5 {
				data.Related = append(data.Related, x)
			}
		}
	}
	return data, nil
}

// handleLegacyArticle redirects an old portal's article address
// (/tin-cu/{legacy_id}) to the article.
func (s *Server) handleLegacyArticle(w http.ResponseWriter, r *http.Request) error {
	a, err := s.news.ByLegacyID(r.Context(), r.PathValue("legacy"))
	if err != nil {
		return err
	}
	http.Redirect(w, r, "/tin/"+a.Slug, http.StatusMovedPermanently)
	return nil
}

type portalListPage struct {
	portalPage
	Category news.CategoryCount
	Articles []news.Article
	Total    int
	Pager    pager
}

const portalPerPage = 20

// handlePortalCategory lists a category's articles, newest first.
func (s *Server) handlePortalCategory(w http.ResponseWriter, r *http.Request) error {
	page, err := pageNumber(r)
	if err != nil {
		return err
	}
	slug := r.PathValue("slug")
	p, err := s.basePortal(r, "")
	if err != nil {
		return err
	}
	data := portalListPage{portalPage: p}
	found := false
	for _, c := range p.Categories {
		if c.Slug == slug {
			data.Category, found = c, true
		}
	}
	if !found {
		return apperr.Errorf(apperr.ENOTFOUND, "Không có chuyên mục này.")
	}
	data.Title = data.Category.Name
	data.Description = "Tin bài chuyên mục " + data.Category.Name
	if data.Articles, data.Total, err = s.news.Latest(r.Context(), slug, portalPerPage, (page-1)*portalPerPage); err != nil {
		return err
	}
	data.Pager = newPager("/chuyen-muc/"+slug, page, data.Total, portalPerPage)
	if page > data.Pager.Pages {
		return apperr.Errorf(apperr.ENOTFOUND, "Không có trang %d.", page)
	}
	return s.renderPublic(w, r, "portal_category", data)
}

type portalSearchPage struct {
	portalPage
	Searched bool
	Total    int
	Hits     []portalHit
	Pager    pager
	Error    string
}

type portalHit struct {
	URL     string
	Title   template.HTML // escaped, with <mark>
	Snippet template.HTML
	Date    time.Time
}

// handlePortalSearch searches the published news (no login, no script:
// a GET form). Hits carry the matched words marked in title and snippet.
func (s *Server) handlePortalSearch(w http.ResponseWriter, r *http.Request) error {
	q := strings.TrimSpace(r.URL.Query().Get("q"))
	page, err := pageNumber(r)
	if err != nil {
		return err
	}
	p, err := s.basePortal(r, "Tìm kiếm")
	if err != nil {
		return err
	}
	p.Query = q
	data := portalSearchPage{portalPage: p}
	if q != "" {
		data.Title = "Tìm kiếm: " + q
	}
	switch {
	case q == "":
	case len([]rune(q)) > 200:
		data.Error = "Từ khóa tìm kiếm dài quá 200 ký tự."
	default:
		data.Searched = true
		const per = 10
		res, err := s.news.Index.Search(r.Context(), search.Query{Text: q, Kinds: []search.Kind{search.KindNews}, PublicOnly: true,
			To: s.now(), Limit: per, Offset: (page - 1) * per})
		if err != nil {
			return err
		}
		data.Total = res.Total
		for _, h := range res.Hits {
			title := h.TitleHTML
			if title == "" {
				title = template.HTMLEscapeString(h.Title)
			}
			data.Hits = append(data.Hits, portalHit{URL: h.URL, Title: template.HTML(news.SanitizeSnippet(title)),
				Snippet: template.HTML(news.SanitizeSnippet(h.Snippet)), Date: h.Date})
		}
		data.Pager = newPager("/tim-kiem?q="+url.QueryEscape(q), page, res.Total, per)
	}
	return s.renderPublic(w, r, "portal_search", data)
}

// handleNewsImage serves a photo: to everyone when its article is on the
// portal, to editors always (drafts, previews).
func (s *Server) handleNewsImage(w http.ResponseWriter, r *http.Request) error {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	size, ok := news.ParseSize(r.PathValue("size"))
	if err != nil || !ok {
		return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy ảnh.")
	}
	im, b, err := s.news.Image(r.Context(), reqCtx(r).actor, id, size)
	if err != nil {
		return err
	}
	etag := fmt.Sprintf(`"anh-%d-%s-%d"`, im.ID, size, im.UploadedAt.UnixNano())
	h := w.Header()
	h.Set("ETag", etag)
	// A visitor only gets photos of published articles; an editor may be
	// looking at a draft's, which no shared cache may keep.
	if reqCtx(r).actor == nil {
		h.Set("Cache-Control", "public, max-age=3600")
	} else {
		h.Set("Cache-Control", "private, max-age=3600")
	}
	if etagMatches(r.Header.Get("If-None-Match"), etag) {
		w.WriteHeader(http.StatusNotModified)
		return nil
	}
	h.Set("Content-Type", im.ContentType)
	h.Set("Content-Length", strconv.Itoa(len(b)))
	_, err = w.Write(b)
	return err
}

package web

import (
	"bytes"
	"crypto/sha256"
	"embed"
	"encoding/base64"
	"encoding/hex"
	"encoding/json"
	"errors"
	"fmt"
	"html/template"
	"io/fs"
	"mime"
	"net/http"
	"path"
	"slices"
	"strings"
	"sync"
	"time"
	"unicode/utf8"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/vntext"
)

//go:embed templates/*.html
var templateFS embed.FS

//go:embed static
var staticFS embed.FS

// pageNames lists every page template. Start-up fails if a file in
// templates/ is missing from this list or the other way round, so a page
// cannot be forgotten or half-added. Areas with their own handler file
// append their pages there (registerPages in an init function).
var pageNames = []string{
	"error", "login", "workspace", "units", "unit", "users", "user_form",
	"account", "audit", "reports", "report_form", "report_versions", "completeness", "notifications",
	"templates_admin", "indicator_form", "template_form", "consolidation", "consolidation_narrative",
}

// registerPages adds an area's page templates to pageNames.
func registerPages(names ...string) { pageNames = append(pageNames, names...) }

// partialNames are templates included by pages, not pages themselves.
var partialNames = []string{"layout"}

// pagePartials names the partials a page includes besides its layout.
var pagePartials = map[string][]string{}

// registerPartial adds a partial template (a file defining a template of
// its own name) and the pages that include it.
func registerPartial(name string, pages ...string) {
	partialNames = append(partialNames, name)
	for _, p := range pages {
		pagePartials[p] = append(pagePartials[p], name)
	}
}

// pageLayouts names the layout of the pages that do not use layout.html
// (the public portal's pages use portal_layout.html). A layout file defines
// the template "layout", so render runs every page the same way.
var pageLayouts = map[string]string{}

// registerLayoutPages adds pages that use layout (a partial) instead of
// layout.html.
func registerLayoutPages(layout string, names ...string) {
	if !slices.Contains(partialNames, layout) {
		partialNames = append(partialNames, layout)
	}
	for _, n := range names {
		pageNames = append(pageNames, n)
		pageLayouts[n] = layout
	}
}

// staticFiles holds the embedded static files with their content hashes,
// served under /static/{hash}/{name} with immutable caching.
type staticFiles struct {
	byName map[string]staticFile
}

type staticFile struct {
	hash  string
	body  []byte
	ctype string
}

func loadStatic() (*staticFiles, error) {
	sf := &staticFiles{byName: map[string]staticFile{}}
	err := fs.WalkDir(staticFS, "static", func(p string, d fs.DirEntry, err error) error {
		if err != nil || d.IsDir() {
			return err
		}
		b, err := staticFS.ReadFile(p)
		if err != nil {
			return err
		}
		h := sha256.Sum256(b)
		name := strings.TrimPrefix(p, "static/")
		sf.byName[name] = staticFile{hash: hex.EncodeToString(h[:6]), body: b, ctype: mime.TypeByExtension(path.Ext(p))}
		return nil
	})
	return sf, err
}

// url returns the content-addressed URL of a static file.
func (sf *staticFiles) url(name string) (string, error) {
	f, ok := sf.byName[name]
	if !ok {
		return "", fmt.Errorf("static file %q not found", name)
	}
	return "/static/" + f.hash + "/" + name, nil
}

var funcs = template.FuncMap{
	"vnDate":    func(d period.Date) string { return d.VN() },
	"isForever": func(d period.Date) bool { return d.IsForever() },
	"vnTime": func(t time.Time) string {
		if t.IsZero() {
			return ""
		}
		return t.In(period.Vietnam).Format("15:04 02/01/2006")
	},
	"fmtInt":      func(n int) string { return vntext.FormatInt(int64(n)) },
	"roleLabel":   func(r auth.Role) string { return r.Label() },
	"kindLabel":   func(k org.Kind) string { return k.Label() },
	"sectorLabel": func(s org.Sector) string { return s.Label() },
	"eventLabel":  func(k org.EventKind) string { return k.Label() },
	"hasRole":     func(rs []auth.Role, r string) bool { return slices.Contains(rs, auth.Role(r)) },
	"add":         func(a, b int) int { return a + b },
	"hasKind":     func(ks []org.Kind, k org.Kind) bool { return slices.Contains(ks, k) },
	"hasSector":   func(ss []org.Sector, x org.Sector) bool { return slices.Contains(ss, x) },
	"join":        strings.Join,
	"fmtBytes": func(n int64) string {
		if n >= 1<<20 {
			return vntext.FormatDecimal(float64(n)/(1<<20), 1) + " MB"
		}
		return vntext.FormatInt((n+1023)/1024) + " KB"
	},
	"indent": func(level int) template.CSS {
		return template.CSS(fmt.Sprintf("padding-left:%.1frem", float64(level)*1.25))
	},
}

func parseTemplates(sf *staticFiles) (map[string]*template.Template, error) {
	entries, err := fs.ReadDir(templateFS, "templates")
	if err != nil {
		return nil, err
	}
	for _, e := range entries {
		name := strings.TrimSuffix(e.Name(), ".html")
		if !slices.Contains(pageNames, name) && !slices.Contains(partialNames, name) {
			return nil, fmt.Errorf("template %s is not registered in pageNames", e.Name())
		}
	}
	f := template.FuncMap{"asset": sf.url}
	for k, v := range funcs {
		f[k] = v
	}
	pages := map[string]*template.Template{}
	for _, name := range pageNames {
		layout := "layout"
		if l := pageLayouts[name]; l != "" {
			layout = l
		}
		files := []string{"templates/" + layout + ".html", "templates/" + name + ".html"}
		for _, x := range pagePartials[name] {
			files = append(files, "templates/"+x+".html")
		}
		t, err := template.New(layout+".html").Funcs(f).ParseFS(templateFS, files...)
		if err != nil {
			return nil, fmt.Errorf("parse template %s: %w", name, err)
		}
		pages[name] = t
	}
	return pages, nil
}

// page is what every page template gets.
type page struct {
	Title     string
	User      *auth.Actor
	CSRF      string
	Flash     string
	Demo      bool
	Path      string
	RequestID string
	Nav       []navItem
	Unread    int // unread notifications of the user's unit
}

type navItem struct {
	Label, URL string
	Active     bool
}

// basePage fills the common page fields for r.
func (s *Server) basePage(r *http.Request, title string) page {
	rc := reqCtx(r)
	p := page{Title: title, Demo: s.cfg.Demo, Path: r.URL.Path, RequestID: rc.requestID, Flash: rc.flash}
	if rc.actor != nil {
		p.User = rc.actor
		p.CSRF = rc.session.CSRFToken
		p.Nav = navFor(rc.actor, r.URL.Path)
		if rc.actor.UnitCode != "" {
			p.Unread, _ = s.db.CountUnread(r.Context(), rc.actor.UnitCode)
		}
	}
	return p
}

// navFor is the menu for an actor's roles.
func navFor(a *auth.Actor, current string) []navItem {
	items := []navItem{{Label: "Làm việc", URL: "/lam-viec"}}
	if a.Has(auth.RoleReporter) || a.Has(auth.RoleCommission) || a.Has(auth.RoleLeader) || a.Has(auth.RoleAdmin) {
		items = append(items, navItem{Label: "Báo cáo", URL: "/bao-cao"})
	}
	works := a.Has(auth.RoleReporter) || a.Has(auth.RoleCommission) || a.Has(auth.RoleLeader) || a.Has(auth.RoleAdmin)
	if a.Has(auth.RoleLeader) || a.Has(auth.RoleCommission) || a.Has(auth.RoleAdmin) {
		items = append(items, navItem{Label: "Tổng quan", URL: "/lanh-dao"})
	}
	items = append(items, navItem{Label: "Hội nghị", URL: "/hoi-nghi"})
	if works {
		items = append(items, navItem{Label: "Nhiệm vụ", URL: "/nhiem-vu"}, navItem{Label: "Dân vận khéo", URL: "/dan-van-kheo"})
	}
	if a.Has(auth.RoleEditor) || a.Has(auth.RoleCommission) || a.Has(auth.RoleAdmin) {
		items = append(items, navItem{Label: "Tin bài", URL: "/bien-tap/tin"})
	}
	items = append(items, navItem{Label: "Đơn vị", URL: "/don-vi"})
	if a.Has(auth.RoleAdmin) || a.Has(auth.RoleCommission) {
		items = append(items, navItem{Label: "Chỉ tiêu, mẫu", URL: "/quan-tri/mau-bao-cao"})
	}
	if a.Has(auth.RoleAdmin) {
		items = append(items, navItem{Label: "Tài khoản", URL: "/quan-tri/tai-khoan"}, navItem{Label: "Nhật ký", URL: "/quan-tri/nhat-ky"})
	}
	for i := range items {
		items[i].Active = current == items[i].URL || strings.HasPrefix(current, items[i].URL+"/")
	}
	return items
}

// renderBuffers recycles page buffers: a consolidated page is hundreds of
// kilobytes, and growing a fresh buffer to that size for every request was
// a quarter of the page's allocations.
var renderBuffers = sync.Pool{New: func() any { return new(bytes.Buffer) }}

// render executes a page into a buffer and writes it only on success, so a
// template error never sends half a page.
func (s *Server) render(w http.ResponseWriter, r *http.Request, status int, name string, data any) error {
	t, ok := s.pages[name]
	if !ok {
		return fmt.Errorf("render: unknown page %q", name)
	}
	buf := renderBuffers.Get().(*bytes.Buffer)
	defer func() {
		// A buffer grown by one huge page is let go rather than pinned.
		if buf.Cap() <= 4<<20 {
			buf.Reset()
			renderBuffers.Put(buf)
		}
	}()
	if err := t.ExecuteTemplate(buf, "layout", data); err != nil {
		return fmt.Errorf("render %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "text/html; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err := w.Write(buf.Bytes())
	return err
}

// writeJSON writes v as JSON with status.
func writeJSON(w http.ResponseWriter, status int, v any) error {
	b, err := json.Marshal(v)
	if err != nil {
		return fmt.Errorf("encode json: %w", err)
	}
	w.Header().Set("Content-Type", "application/json; charset=utf-8")
	w.Header().Set("Cache-Control", "no-store")
	w.WriteHeader(status)
	_, err = w.Write(append(b, '\n'))
	return err
}

// statusOf maps error codes to HTTP statuses: the one table.
func statusOf(err error) int {
	switch apperr.Code(err) {
	case apperr.EINVALID:
		if len(apperr.FieldsOf(err)) > 0 {
			return http.StatusUnprocessableEntity
		}
		return http.StatusBadRequest
	case apperr.ENOTFOUND:
		return http.StatusNotFound
	case apperr.ECONFLICT:
		return http.StatusConflict
	case apperr.EUNAUTHORIZED:
		return http.StatusUnauthorized
	case apperr.EFORBIDDEN:
		return http.StatusForbidden
	case apperr.ETHROTTLED:
		return http.StatusTooManyRequests
	case apperr.EUNAVAILABLE:
		return http.StatusServiceUnavailable
	}
	return http.StatusInternalServerError
}

type errorPage struct {
	page
	Status  int
	Message string
	Fields  map[string]string
}

// fail renders err: the one place errors reach the client. API routes get
// JSON {"error","code","fields"}; pages get the error page, or the login
// page for EUNAUTHORIZED. Internal errors are logged with the request id and
// shown only as "Lỗi hệ thống".
func (s *Server) fail(w http.ResponseWriter, r *http.Request, err error) {
	status := statusOf(err)
	code := apperr.Code(err)
	rc := reqCtx(r)
	msg := apperr.Message(err)
	if status == http.StatusInternalServerError {
		s.log.Error("request failed", "method", r.Method, "path", r.URL.Path, "request_id", rc.requestID, "err", err)
		msg = "Lỗi hệ thống (mã yêu cầu " + rc.requestID + "). Vui lòng thử lại hoặc báo quản trị viên."
		code = apperr.EINTERNAL
	}
	if isAPI(r) {
		body := map[string]any{"error": msg, "code": code}
		if f := apperr.FieldsOf(err); len(f) > 0 {
			body["fields"] = f
		}
		if status == http.StatusTooManyRequests {
			w.Header().Set("Retry-After", "900")
		}
		_ = writeJSON(w, status, body)
		return
	}
	if status == http.StatusUnauthorized && r.Method == http.MethodGet {
		http.Redirect(w, r, "/dang-nhap?next="+urlQueryEscape(r.URL.RequestURI()), http.StatusSeeOther)
		return
	}
	p := errorPage{page: s.basePage(r, "Lỗi"), Status: status, Message: msg, Fields: apperr.FieldsOf(err)}
	if rerr := s.render(w, r, status, "error", p); rerr != nil {
		s.log.Error("render error page", "err", rerr)
		http.Error(w, msg, status)
	}
}

func isAPI(r *http.Request) bool { return strings.HasPrefix(r.URL.Path, "/api/") }

// setFlash leaves a one-shot message for the next page (POST → redirect → GET).
func setFlash(w http.ResponseWriter, msg string) {
	// A cookie holds ~4 KB; long messages (a list of import errors) are cut.
	if len(msg) > 2000 {
		cut := 2000
		for cut > 0 && !utf8.RuneStart(msg[cut]) {
			cut--
		}
		msg = msg[:cut] + "…"
	}
	http.SetCookie(w, &http.Cookie{Name: "flash", Value: base64.RawURLEncoding.EncodeToString([]byte(msg)), Path: "/",
		HttpOnly: true, SameSite: http.SameSiteLaxMode, MaxAge: 60})
}

func readFlash(w http.ResponseWriter, r *http.Request) string {
	c, err := r.Cookie("flash")
	if err != nil {
		return ""
	}
	http.SetCookie(w, &http.Cookie{Name: "flash", Path: "/", MaxAge: -1})
	b, err := base64.RawURLEncoding.DecodeString(c.Value)
	if err != nil || len(b) > 2100 {
		return ""
	}
	return string(b)
}

// StaticURL returns the content-addressed URL of an embedded static file.
func (s *Server) StaticURL(name string) (string, error) { return s.static.url(name) }

func asConflict(err error, e **apperr.Error, c **report.Conflict) bool {
	return errors.As(err, e) && errors.As(err, c)
}

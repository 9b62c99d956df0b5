package web

import (
	"context"
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"
	"sync"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/search"
	"giaoban/internal/vntext"
)

// One search for everything a user may read. Who sees what is decided by
// the authorisation policy, not here: for each kind the read action below
// is asked of auth.Authorizer. A kind the actor may read everywhere (an
// admin; an editor reading conferences) is searched everywhere; a kind
// read through the scope is searched in the units the actor's scope has
// covered on any day of the hierarchy's history; and every hit of a scoped
// kind is checked once more with Can on the document's own unit and date
// before it is shown. Anonymous callers search published news only.

func init() {
	registerPages("search_internal")
	funcs["searchKinds"] = func() []search.Kind { return search.Kinds }
	// safeMarked marks search.Snippet and search.Highlight output as safe
	// HTML: they escape the text and add only <mark> tags.
	funcs["safeMarked"] = func(s string) template.HTML { return template.HTML(s) }
}

// readAction is the action that reads a document of each kind.
var readAction = map[search.Kind]auth.Action{
	search.KindNews:       auth.ActNewsEdit, // unpublished articles; published ones are public
	search.KindReport:     auth.ActReportRead,
	search.KindConference: auth.ActConferenceRead,
	search.KindConclusion: auth.ActConferenceRead,
	search.KindTask:       auth.ActTaskRead,
	search.KindExemplar:   auth.ActExemplarRead,
}

// searchCache remembers each scope's unit set and the days the hierarchy
// changed, until the hierarchy changes.
type searchCache struct {
	mu      sync.Mutex
	version string              // structure version the entries belong to
	days    []period.Date       // HierarchyDates
	units   map[string][]string // actor unit → units
	caught  time.Time           // last index catch-up
}

// hierarchyDays returns the days on which the hierarchy changed, and today.
func (s *Server) hierarchyDays(ctx context.Context) ([]period.Date, string, error) {
	ver, err := s.db.StructureVersion(ctx)
	if err != nil {
		return nil, "", err
	}
	c := &s.search
	c.mu.Lock()
	if c.version == ver && c.days != nil {
		days := c.days
		c.mu.Unlock()
		return append(days[:len(days):len(days)], s.today()), ver, nil
	}
	c.mu.Unlock()
	days, err := s.db.HierarchyDates(ctx)
	if err != nil {
		return nil, "", err
	}
	c.mu.Lock()
	if c.version != ver {
		c.version, c.units = ver, map[string][]string{}
	}
	c.days = days
	c.mu.Unlock()
	return append(days[:len(days):len(days)], s.today()), ver, nil
}

// scopeUnits returns every unit that was within actor's scope on some day
// (the scope roots and their subtrees, on each day the hierarchy changed,
// and today).
func (s *Server) scopeUnits(ctx context.Context, a *auth.Actor) ([]string, error) {
	if a == nil || a.UnitCode == "" {
		return nil, nil
	}
	days, ver, err := s.hierarchyDays(ctx)
	if err != nil {
		return nil, err
	}
	c := &s.search
	c.mu.Lock()
	if u, ok := c.units[a.UnitCode]; ok && c.version == ver {
		c.mu.Unlock()
		return u, nil
	}
	c.mu.Unlock()
	set := map[string]bool{}
	for _, d := range days {
		roots, _, err := s.authz.ScopeRoots(ctx, a, d)
		if err != nil {
			return nil, err
		}
		for _, root := range roots {
			sub, err := s.db.SubtreeAt(ctx, root, d)
			if err != nil {
				if apperr.Is(err, apperr.ENOTFOUND) {
					continue
				}
				return nil, err
			}
			for _, u := range sub {
				set[u.Code] = true
			}
		}
	}
	units := make([]string, 0, len(set))
	for u := range set {
		units = append(units, u)
	}
	slices.Sort(units)
	c.mu.Lock()
	if c.version == ver {
		if len(c.units) > 1000 {
			c.units = map[string][]string{}
		}
		c.units[a.UnitCode] = units
	}
	c.mu.Unlock()
	return units, nil
}

// unitAndBelow returns unit and every unit that was below it on some day
// (the unit filter keeps a district's communes with it).
func (s *Server) unitAndBelow(ctx context.Context, unit string) ([]string, error) {
	days, _, err := s.hierarchyDays(ctx)
	if err != nil {
		return nil, err
	}
	set := map[string]bool{unit: true}
	out := []string{unit}
	for _, d := range days {
		sub, err := s.db.SubtreeAt(ctx, unit, d)
		if err != nil {
			if apperr.Is(err, apperr.ENOTFOUND) {
				continue
			}
			return nil, err
		}
		for _, u := range sub {
			if !set[u.Code] {
				set[u.Code] = true
				out = append(out, u.Code)
			}
		}
	}
	return out, nil
}

// searchScopes builds the per-kind restriction of a's searches.
func (s *Server) searchScopes(ctx context.Context, a *auth.Actor) (map[search.Kind]search.Scope, error) {
	units, err := s.scopeUnits(ctx, a)
	if err != nil {
		return nil, err
	}
	today := s.today()
	out := map[search.Kind]search.Scope{}
	for _, k := range search.Kinds {
		act := readAction[k]
		// Allowed with no unit: the rule covers every unit.
		if s.authz.Can(ctx, a, act, "", today) == nil {
			out[k] = search.Scope{All: true}
			continue
		}
		// Every unit in the set is in the scope on some day; whether the
		// actor reads this kind through the scope is a question of role,
		// asked on the actor's own unit on the days it had one.
		if len(units) > 0 && s.readsThroughScope(ctx, a, act) {
			out[k] = search.Scope{Units: units}
		}
	}
	return out, nil
}

// readsThroughScope reports whether some rule lets a perform act on its
// own unit (or on the units its scope had) on some day.
func (s *Server) readsThroughScope(ctx context.Context, a *auth.Actor, act auth.Action) bool {
	days, _, err := s.hierarchyDays(ctx)
	if err != nil {
		return false
	}
	for i := len(days) - 1; i >= 0; i-- {
		roots, _, err := s.authz.ScopeRoots(ctx, a, days[i])
		if err != nil || len(roots) == 0 {
			continue
		}
		if s.authz.Can(ctx, a, act, roots[0], days[i]) == nil {
			return true
		}
	}
	return false
}

// visible re-checks a hit with the policy on the document's unit and date.
func (s *Server) visible(ctx context.Context, a *auth.Actor, scopes map[search.Kind]search.Scope, h *search.Hit) bool {
	sc, ok := scopes[h.Kind]
	if sc.All || h.Unit == "" {
		return true
	}
	if !ok {
		// Only public documents of kinds outside the scope come back.
		return h.Kind == search.KindNews
	}
	at := s.today()
	if !h.Date.IsZero() {
		at = period.Of(h.Date.In(period.Vietnam))
	}
	return s.authz.Can(ctx, a, readAction[h.Kind], h.Unit, at) == nil
}

// catchUpEvery bounds how often a search triggers index catch-up on this
// server (each catch-up is a handful of cheap queries when nothing
// changed).
const catchUpEvery = time.Second

// catchUp brings the index up to date with the records it mirrors; an
// error is logged, and the search goes on with what is indexed.
func (s *Server) catchUp(ctx context.Context) {
	c := &s.search
	c.mu.Lock()
	if time.Since(c.caught) < catchUpEvery {
		c.mu.Unlock()
		return
	}
	c.mu.Unlock()
	if err := s.db.CatchUp(ctx); err != nil {
		s.log.Error("search index catch-up", "err", err)
		return
	}
	c.mu.Lock()
	c.caught = time.Now()
	c.mu.Unlock()
}

// searchRequest is a search as the page and the API take it.
type searchRequest struct {
	Text   string
	Kind   search.Kind
	Unit   string // don_vi
	Period string // ky
	From   string // tu (as typed)
	To     string // den
	Page   int
}

func parseSearchRequest(v url.Values) (searchRequest, error) {
	req := searchRequest{
		Text:   strings.TrimSpace(v.Get("q")),
		Kind:   search.Kind(strings.TrimSpace(v.Get("kind"))),
		Unit:   strings.TrimSpace(v.Get("don_vi")),
		Period: strings.ToUpper(strings.TrimSpace(v.Get("ky"))),
		From:   strings.TrimSpace(v.Get("tu")),
		To:     strings.TrimSpace(v.Get("den")),
		Page:   1,
	}
	f := map[string]string{}
	if len([]rune(req.Text)) > 200 {
		f["q"] = "Từ khóa tìm kiếm dài quá 200 ký tự."
	}
	if req.Kind != "" && !search.ValidKind(req.Kind) {
		f["kind"] = "Loại tài liệu không hợp lệ."
	}
	for _, d := range []struct{ key, val string }{{"tu", req.From}, {"den", req.To}} {
		if d.val != "" {
			if _, err := period.Parse(d.val); err != nil {
				f[d.key] = "Ngày không hợp lệ; nhập theo dạng 28/03/2019."
			}
		}
	}
	if p := v.Get("trang"); p != "" {
		n, err := strconv.Atoi(p)
		if err != nil || n < 1 || n > 1000 {
			f["trang"] = "Số trang không hợp lệ."
		} else {
			req.Page = n
		}
	}
	if len(f) > 0 {
		return req, apperr.Invalid("Điều kiện tìm kiếm chưa hợp lệ.", f)
	}
	return req, nil
}

// query turns the request into a search.Query for actor a (nil: anonymous).
func (s *Server) searchQuery(ctx context.Context, a *auth.Actor, req searchRequest, limit int) (search.Query, map[search.Kind]search.Scope, error) {
	q := search.Query{Text: req.Text, Period: req.Period, Limit: limit, Offset: (req.Page - 1) * limit}
	if req.Kind != "" {
		q.Kinds = []search.Kind{req.Kind}
	}
	if req.From != "" {
		d, _ := period.Parse(req.From)
		q.From = time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, period.Vietnam)
	}
	if req.To != "" {
		d, _ := period.Parse(req.To)
		q.To = time.Date(d.Year(), d.Month(), d.Day(), 23, 59, 59, 0, period.Vietnam)
	}
	if a == nil {
		q.PublicOnly = true
		// An article scheduled for later is indexed already but not
		// published until its time.
		if now := s.now(); q.To.IsZero() || q.To.After(now) {
			q.To = now
		}
		return q, nil, nil
	}
	scopes, err := s.searchScopes(ctx, a)
	if err != nil {
		return q, nil, err
	}
	q.Scopes = scopes
	if req.Unit != "" {
		if q.OnlyUnits, err = s.unitAndBelow(ctx, req.Unit); err != nil {
			return q, nil, err
		}
	}
	return q, scopes, nil
}

// runSearch searches for a (nil: anonymous) and drops any hit the policy
// refuses on the document's own unit and date.
func (s *Server) runSearch(ctx context.Context, a *auth.Actor, req searchRequest, limit int, kindCounts bool) (search.Result, error) {
	if a != nil {
		s.catchUp(ctx)
	}
	q, scopes, err := s.searchQuery(ctx, a, req, limit)
	if err != nil {
		return search.Result{}, err
	}
	q.KindCounts = kindCounts
	res, err := s.db.Search(ctx, q)
	if err != nil {
		return res, err
	}
	if a == nil {
		return res, nil
	}
	kept := res.Hits[:0]
	for i := range res.Hits {
		if s.visible(ctx, a, scopes, &res.Hits[i]) {
			kept = append(kept, res.Hits[i])
		} else {
			res.Total--
			res.Counts[res.Hits[i].Kind]--
		}
	}
	res.Hits = kept
	return res, nil
}

// apiSearchHit is one hit of GET /api/v1/search.
type apiSearchHit struct {
	Kind     search.Kind `json:"kind"`
	ID       string      `json:"id"`
	Title    string      `json:"title"`
	URL      string      `json:"url"`
	Snippet  string      `json:"snippet"`
	LegacyID string      `json:"legacy_id"`
}

// apiSearch is GET /api/v1/search?q=&kind= (and optionally don_vi, ky,
// tu, den, trang with the page's meaning): anonymous callers search
// published news, others what they may read.
func (s *Server) apiSearch(w http.ResponseWriter, r *http.Request) error {
	req, err := parseSearchRequest(r.URL.Query())
	if err != nil {
		return err
	}
	res, err := s.runSearch(r.Context(), reqCtx(r).actor, req, 20, false)
	if err != nil {
		return err
	}
	out := struct {
		Total int            `json:"total"`
		Hits  []apiSearchHit `json:"hits"`
	}{Total: res.Total, Hits: []apiSearchHit{}}
	for _, h := range res.Hits {
		out.Hits = append(out.Hits, apiSearchHit{Kind: h.Kind, ID: h.ID, Title: h.Title, URL: h.URL, Snippet: h.Snippet, LegacyID: h.LegacyID})
	}
	return writeJSON(w, http.StatusOK, out)
}

// searchPage is the internal search page.
type searchPage struct {
	page
	Req      searchRequest
	Searched bool
	Total    int
	Tabs     []searchTab
	Hits     []searchHitView
	Pages    []searchPageLink
	Prev     string
	Next     string
	Units    []searchUnitOption
	Errors   map[string]string
	From     int  // rank of the first hit on the page
	Capped   bool // more matches than counted: "hơn"
}

type searchTab struct {
	Label  string
	URL    string
	Count  int
	Active bool
}

type searchHitView struct {
	search.Hit
	KindLabel string
	DateText  string
	UnitName  string
}

type searchPageLink struct {
	N       int
	URL     string
	Current bool
}

type searchUnitOption struct {
	Code, Name string
}

// searchPageSize is the number of hits a page shows.
const searchPageSize = 20

// handleSearchInternal is GET /tim-kiem-noi-bo: the search over everything
// the user may read, with filters, kinds as tabs, and pages.
func (s *Server) handleSearchInternal(w http.ResponseWriter, r *http.Request) error {
	a, err := s.require(r, auth.ActSelf, "", s.today())
	if err != nil {
		return err
	}
	ctx := r.Context()
	p := searchPage{page: s.basePage(r, "Tìm kiếm")}
	req, err := parseSearchRequest(r.URL.Query())
	p.Req = req
	if e, ok := err.(*apperr.Error); ok && e.Code == apperr.EINVALID {
		p.Errors = e.Fields
		return s.render(w, r, http.StatusUnprocessableEntity, "search_internal", p)
	} else if err != nil {
		return err
	}
	p.Units = s.searchUnitOptions(ctx, a)
	if req.Text == "" {
		return s.render(w, r, http.StatusOK, "search_internal", p)
	}
	res, err := s.runSearch(ctx, a, req, searchPageSize, true)
	if err != nil {
		return err
	}
	p.Searched, p.Total = true, res.Total
	p.From = (req.Page-1)*searchPageSize + 1
	all := 0
	for _, n := range res.Counts {
		all += max(n, 0)
	}
	tab := func(label string, k search.Kind, n int) searchTab {
		v := searchValues(req)
		v.Del("trang")
		if k == "" {
			v.Del("kind")
		} else {
			v.Set("kind", string(k))
		}
		return searchTab{Label: label, URL: "/tim-kiem-noi-bo?" + v.Encode(), Count: n, Active: req.Kind == k}
	}
	p.Tabs = append(p.Tabs, tab("Tất cả", "", all))
	for _, k := range search.Kinds {
		if n := res.Counts[k]; n > 0 || req.Kind == k {
			p.Tabs = append(p.Tabs, tab(k.Label(), k, max(n, 0)))
		}
	}
	names := map[string]string{}
	for _, u := range p.Units {
		names[u.Code] = u.Name
	}
	for _, h := range res.Hits {
		v := searchHitView{Hit: h, KindLabel: h.Kind.Label(), UnitName: names[h.Unit]}
		if !h.Date.IsZero() {
			v.DateText = vntext.FormatDate(h.Date.In(period.Vietnam))
		}
		p.Hits = append(p.Hits, v)
	}
	p.Capped = res.Capped
	pages := (res.Total + searchPageSize - 1) / searchPageSize
	link := func(n int) string {
		v := searchValues(req)
		v.Set("trang", strconv.Itoa(n))
		return "/tim-kiem-noi-bo?" + v.Encode()
	}
	for n := max(1, req.Page-4); n <= min(pages, req.Page+4); n++ {
		p.Pages = append(p.Pages, searchPageLink{N: n, URL: link(n), Current: n == req.Page})
	}
	if len(p.Pages) == 1 {
		p.Pages = nil
	}
	if req.Page > 1 {
		p.Prev = link(req.Page - 1)
	}
	if req.Page < pages {
		p.Next = link(req.Page + 1)
	}
	return s.render(w, r, http.StatusOK, "search_internal", p)
}

// searchValues is the request as query parameters.
func searchValues(req searchRequest) url.Values {
	v := url.Values{}
	set := func(k, val string) {
		if val != "" {
			v.Set(k, val)
		}
	}
	set("q", req.Text)
	set("kind", string(req.Kind))
	set("don_vi", req.Unit)
	set("ky", req.Period)
	set("tu", req.From)
	set("den", req.To)
	if req.Page > 1 {
		v.Set("trang", strconv.Itoa(req.Page))
	}
	return v
}

// searchUnitOptions lists the units of a's scope today for the unit
// filter, in Vietnamese order (an admin gets the top levels only).
func (s *Server) searchUnitOptions(ctx context.Context, a *auth.Actor) []searchUnitOption {
	today := s.today()
	roots, all, err := s.authz.ScopeRoots(ctx, a, today)
	if err != nil {
		return nil
	}
	var out []searchUnitOption
	seen := map[string]bool{}
	add := func(code, name string) {
		if !seen[code] && len(out) < 500 {
			seen[code] = true
			out = append(out, searchUnitOption{Code: code, Name: name})
		}
	}
	if all {
		roots = nil
		us, err := s.db.ListUnits(ctx, org.Filter{At: today})
		if err != nil {
			return nil
		}
		for _, u := range us {
			if u.ParentCode == "" {
				roots = append(roots, u.Code)
			}
		}
	}
	for _, root := range roots {
		sub, err := s.db.SubtreeAt(ctx, root, today)
		if err != nil {
			continue
		}
		for _, u := range sub {
			if all && u.Level > 1 {
				continue
			}
			add(u.Code, u.Name)
		}
	}
	return out
}

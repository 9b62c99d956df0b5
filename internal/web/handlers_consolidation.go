package web

import (
	"bytes"
	"context"
	"encoding/csv"
	"fmt"
	"html/template"
	"math"
	"mime"
	"net/http"
	"net/url"
	"strconv"
	"strings"
	"sync"

	"giaoban/internal/auth"
	"giaoban/internal/export/xlsx"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/rollup"
	"giaoban/internal/vntext"
)

// rollupUnits joins the store's subtree queries and the org service's
// restructuring walk for rollup.Service.
type rollupUnits struct {
	db interface {
		SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error)
		SubtreeViewAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error)
		AncestorsAt(ctx context.Context, code string, at period.Date) ([]string, error)
	}
	org *org.Service
}

func (u rollupUnits) SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error) {
	return u.db.SubtreeAt(ctx, code, at)
}

func (u rollupUnits) SubtreeViewAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error) {
	return u.db.SubtreeViewAt(ctx, code, at)
}

func (u rollupUnits) AncestorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	return u.db.AncestorsAt(ctx, code, at)
}

func (u rollupUnits) SuccessorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	return u.org.SuccessorsAt(ctx, code, at)
}

func consolidationRequest(r *http.Request) rollup.Request {
	q := r.URL.Query()
	return rollup.Request{Key: reportKey(r), View: rollup.View(q.Get("view")), WithSubmitted: q.Get("include") == "submitted"}
}

// apiConsolidation answers the contract of DESIGN.md: totals, previous,
// last_year, children, completeness; plus sectors, changes and texts.
func (s *Server) apiConsolidation(w http.ResponseWriter, r *http.Request) error {
	out, err := s.rollup.Consolidate(r.Context(), reqCtx(r).actor, consolidationRequest(r))
	if err != nil {
		return err
	}
	values := func(m map[string]rollup.Agg) map[string]any {
		res := map[string]any{}
		for code, a := range m {
			ind := out.Catalogue[code]
			t := ind.Type
			if ind.Aggregation == report.AggAverage {
				t = report.TypeDecimal
			}
			res[code] = a.Value.JSON(t)
		}
		return res
	}
	type child struct {
		Unit   string         `json:"unit"`
		Name   string         `json:"name"`
		Values map[string]any `json:"values"`
	}
	type sector struct {
		Sector string         `json:"sector"`
		Values map[string]any `json:"values"`
	}
	type change struct {
		Abs float64  `json:"abs"`
		Pct *float64 `json:"pct"`
	}
	changes := func(m map[string]rollup.Change) map[string]change {
		res := map[string]change{}
		for code, c := range m {
			ch := change{Abs: c.Abs}
			if c.HasPct {
				p := c.Pct
				ch.Pct = &p
			}
			res[code] = ch
		}
		return res
	}
	body := map[string]any{
		"template": out.Template.Code, "period": out.Period.ID, "unit": out.Request.Unit, "view": out.View,
		"include": map[bool]string{true: "submitted", false: "accepted"}[out.Request.WithSubmitted],
		"totals":  values(out.Totals), "previous": values(out.Previous), "last_year": values(out.LastYear),
		"change_previous": changes(out.VsPrevious), "change_last_year": changes(out.VsLastYear),
		"children": []child{}, "sectors": []sector{},
		"completeness": map[string]any{"expected": out.Completeness.Expected, "submitted": out.Completeness.Submitted,
			"accepted": out.Completeness.Accepted, "on_time": out.Completeness.OnTime, "late": out.Completeness.Late,
			"missing": append([]string{}, out.Completeness.Missing...)},
	}
	var ch []child
	for _, c := range out.Children {
		ch = append(ch, child{Unit: c.Unit.Code, Name: c.Unit.Label(), Values: values(c.Values)})
	}
	if ch != nil {
		body["children"] = ch
	}
	var secs []sector
	for _, sc := range out.Sectors {
		secs = append(secs, sector{Sector: string(sc.Sector), Values: values(sc.Values)})
	}
	if secs != nil {
		body["sectors"] = secs
	}
	return writeJSON(w, http.StatusOK, body)
}

// consRow is one indicator line of the consolidated table.
type consRow struct {
	Heading           string
	Code, Name, Unit  string
	Total, Prev, Last string
	DPrev, DLast      string // change, with sign and percent
	Up, Down          bool
}

type consChild struct {
	Code, Name, URL string
	// CellsHTML is the row's figures as table cells, built in Go: a province's
	// breakdown is ~11,000 cells, and the template's per-value escaping
	// through reflection cost ~14 ms of a 60 ms page.
	CellsHTML template.HTML
}

// aggCells renders one breakdown row's figures as table cells, formatted
// straight into one buffer: a province page has 11,000 of them. Figures
// need no escaping (digits, dots, a comma, a sign), and the cells carry
// no class (the table's "figures" class right-aligns them): 130 KB less
// per page.
func aggCells(cat map[string]report.Indicator, codes []string, values map[string]rollup.Agg) template.HTML {
	b := make([]byte, 0, len(codes)*28)
	for _, code := range codes {
		b = append(b, `<td>`...)
		ind, a := cat[code], values[code]
		if a.Value.Set {
			t := ind.Type
			if ind.Aggregation == report.AggAverage && t != report.TypePercent {
				t = report.TypeDecimal
			}
			if t == report.TypeDecimal || t == report.TypePercent {
				b = append(b, vntext.FormatDecimal(a.Value.Float, 1)...)
			} else {
				b = vntext.AppendInt(b, a.Value.Int)
			}
		}
		b = append(b, `</td>`...)
	}
	return template.HTML(b)
}

// consHTML renders the page's per-indicator blocks in Go: 98 indicators
// make ~1,300 template actions, and html/template's escaping through
// reflection cost ~4 ms of the province page.
type consHTML struct {
	Rows, Heads, Totals, Options template.HTML
}

func renderConsHTML(rows []consRow, numeric []report.Indicator, chartOf string) consHTML {
	esc := template.HTMLEscapeString
	var b strings.Builder
	b.Grow(len(rows) * 300)
	for _, r := range rows {
		if r.Heading != "" {
			b.WriteString(`<tr class="heading"><th colspan="7" scope="colgroup">` + esc(r.Heading) + `</th></tr>`)
		}
		cls := "num"
		if r.Up {
			cls += " up"
		}
		if r.Down {
			cls += " down"
		}
		b.WriteString(`<tr data-code="` + esc(r.Code) + `"><td>` + esc(r.Name) + `</td><td>` + esc(r.Unit) +
			`</td><td class="num total"><strong>` + esc(r.Total) + `</strong></td><td class="num muted">` + esc(r.Prev) +
			`</td><td class="` + cls + `">` + esc(r.DPrev) + `</td><td class="num muted">` + esc(r.Last) +
			`</td><td class="num">` + esc(r.DLast) + `</td></tr>`)
	}
	var out consHTML
	out.Rows = template.HTML(b.String())
	b.Reset()
	for _, ind := range numeric {
		b.WriteString(`<th scope="col">` + esc(ind.Name) + `</th>`)
	}
	out.Heads = template.HTML(b.String())
	b.Reset()
	for _, r := range rows {
		b.WriteString(`<td class="num"><strong>` + esc(r.Total) + `</strong></td>`)
	}
	out.Totals = template.HTML(b.String())
	b.Reset()
	for _, ind := range numeric {
		sel := ""
		if ind.Code == chartOf {
			sel = " selected"
		}
		b.WriteString(`<option value="` + esc(ind.Code) + `"` + sel + `>` + esc(ind.Name) + `</option>`)
	}
	out.Options = template.HTML(b.String())
	return out
}

type consPage struct {
	page
	*consBody
	Out                  *rollup.Output
	Trend                template.HTML
	Query                string // view/include query string for links
	Base                 string
	PrevURL              string
	NextURL              string
	AsNow, WithSubmitted bool
	CanIssue             bool
}

type narrativeGroup struct {
	Title string
	Items []rollup.TextItem
	// HTML is Items rendered and escaped once in Go (hundreds of items).
	HTML template.HTML
}

func groupHTML(g narrativeGroup, narrative bool) narrativeGroup {
	var b strings.Builder
	for _, it := range g.Items {
		if narrative {
			b.WriteString(`<div class="item"><strong>`)
			b.WriteString(template.HTMLEscapeString(it.UnitName))
			b.WriteString(`</strong><div class="text">`)
			b.WriteString(template.HTMLEscapeString(it.Text))
			b.WriteString(`</div></div>`)
		} else {
			b.WriteString(`<li><strong>`)
			b.WriteString(template.HTMLEscapeString(it.UnitName))
			b.WriteString(`:</strong> `)
			b.WriteString(template.HTMLEscapeString(it.Text))
			b.WriteString(`</li>`)
		}
	}
	g.HTML = template.HTML(b.String())
	return g
}

// aggText formats a consolidated value for a table cell.
func aggText(ind report.Indicator, a rollup.Agg) string {
	if !a.Value.Set {
		return ""
	}
	t := ind.Type
	if ind.Aggregation == report.AggAverage && t != report.TypePercent {
		t = report.TypeDecimal
	}
	if t == report.TypeDecimal || t == report.TypePercent {
		return vntext.FormatDecimal(a.Value.Float, 1)
	}
	return vntext.FormatInt(a.Value.Int)
}

func changeText(c rollup.Change) (string, bool, bool) {
	if !c.OK {
		return "", false, false
	}
	d := 0
	if c.Abs != math.Trunc(c.Abs) {
		d = 1
	}
	s := vntext.FormatDecimal(c.Abs, d)
	if c.Abs > 0 {
		s = "+" + s
	}
	if c.HasPct {
		p := vntext.FormatDecimal(c.Pct, 1)
		if c.Pct > 0 {
			p = "+" + p
		}
		s += " (" + p + "%)"
	}
	return s, c.Abs > 0, c.Abs < 0
}

// handleConsolidation is the consolidated table of a template's period over
// a unit: totals with comparisons, the breakdown by child unit (each a
// drill-down), by sector, a chart, the gathered texts and narratives.
func (s *Server) handleConsolidation(w http.ResponseWriter, r *http.Request) error {
	req := consolidationRequest(r)
	out, err := s.rollup.Consolidate(r.Context(), reqCtx(r).actor, req)
	if err != nil {
		return err
	}
	k := req.Key
	p := consPage{page: s.basePage(r, "Tổng hợp "+out.Template.Name+" "+out.Period.Label()), Out: out,
		AsNow: out.View == rollup.AsNow, WithSubmitted: req.WithSubmitted}
	p.CanIssue = s.authz.Can(r.Context(), reqCtx(r).actor, auth.ActReportReview, k.Unit, out.Period.End) == nil
	p.Base, p.Query = consolidationBase(k, p.AsNow, p.WithSubmitted)
	if out.Template.Kind == report.KindPeriodic {
		p.PrevURL = consolidationURL(k.Template, out.Period.Previous().ID, k.Unit, p.Query)
		p.NextURL = consolidationURL(k.Template, out.Period.Next().ID, k.Unit, p.Query)
	}
	p.consBody = s.consolidationBody(r.Context(), out, p.Query, r.URL.Query().Get("chi_tieu"))
	// The trend: the chart's indicator over the last 8 periods.
	if ind, ok := out.Catalogue[p.ChartOf]; ok && out.Template.Kind == report.KindPeriodic {
		var trend []bar
		var tmax float64
		pp := out.Period
		var ps []period.Period
		for i := 0; i < 8 && !pp.IsZero(); i++ {
			ps = append([]period.Period{pp}, ps...)
			pp = pp.Previous()
		}
		for _, per := range ps {
			tr := req
			tr.Period, tr.Narrative, tr.TotalsOnly = per.ID, false, true
			o, err := s.rollup.Consolidate(r.Context(), reqCtx(r).actor, tr)
			if err != nil {
				continue // a period the scope did not exist in
			}
			a := o.Totals[p.ChartOf]
			x := float64(a.Value.Int)
			if ind.Type == report.TypeDecimal || ind.Type == report.TypePercent || ind.Aggregation == report.AggAverage {
				x = a.Value.Float
			}
			trend = append(trend, bar{Label: shortLabel(per), Value: x, Note: aggText(ind, a)})
			tmax = max(tmax, x)
		}
		if len(trend) > 1 {
			p.Trend = barChart(ind.Name+" qua 8 kỳ", trend, tmax*1.1, "")
		}
	}
	return s.render(w, r, http.StatusOK, "consolidation", p)
}

// consolidationBase is the consolidation page of k without its query, and
// the view/include query its links carry.
func consolidationBase(k report.Key, asNow, withSubmitted bool) (base, query string) {
	q := url.Values{}
	if asNow {
		q.Set("view", "as_now")
	}
	if withSubmitted {
		q.Set("include", "submitted")
	}
	return "/tong-hop/" + k.Template + "/" + k.Period + "/" + k.Unit, q.Encode()
}

// consolidationURL is the consolidation page of a template, period and
// unit, with the view/include query.
func consolidationURL(tpl, periodID, unit, query string) string {
	u := "/tong-hop/" + tpl + "/" + periodID + "/" + unit
	if query != "" {
		u += "?" + query
	}
	return u
}

// consBody is what the consolidated page shows of one result: formatted
// once per result, chart indicator and query, and then served from
// s.bodies until a write makes a new result.
type consBody struct {
	HTML       consHTML
	Rows       []consRow
	Children   []consChild
	ChildCodes []string // indicator columns of the breakdown
	Sectors    []consChild
	Chart      template.HTML
	ChartOf    string
	Numeric    []report.Indicator
	Missing    []string
}

type consBodyKey struct {
	res            *rollup.Result
	query, chartOf string
}

// consBodies caches formatted page bodies. Formatting a province's 11,000
// cells costs more than consolidating them; between two writes every
// reader gets the same cells. The key holds the result pointer, which the
// rollup service replaces after any write, so a stale body is never found.
type consBodies struct {
	mu sync.Mutex
	m  map[consBodyKey]*consBody
}

const maxConsBodies = 32

func (s *Server) consolidationBody(ctx context.Context, out *rollup.Output, query, chartOf string) *consBody {
	key := consBodyKey{out.Result, query, chartOf}
	s.bodies.mu.Lock()
	b := s.bodies.m[key]
	s.bodies.mu.Unlock()
	if b != nil {
		return b
	}
	b = buildConsBody(out, query, chartOf)
	for _, c := range out.Completeness.Missing {
		b.Missing = append(b.Missing, s.unitName(ctx, c, out.Period.End))
	}
	s.bodies.mu.Lock()
	if s.bodies.m == nil || len(s.bodies.m) >= maxConsBodies {
		s.bodies.m = map[consBodyKey]*consBody{}
	}
	s.bodies.m[key] = b
	s.bodies.mu.Unlock()
	return b
}

func buildConsBody(out *rollup.Output, query, chartOf string) *consBody {
	k := out.Request.Key
	p := &consBody{}
	section := ""
	for _, code := range out.Template.Indicators {
		ind := out.Catalogue[code]
		if ind.Type == report.TypeText {
			continue
		}
		row := consRow{Code: code, Name: ind.Name, Unit: ind.Unit, Total: aggText(ind, out.Totals[code]),
			Prev: aggText(ind, out.Previous[code]), Last: aggText(ind, out.LastYear[code])}
		if ind.Section != section {
			row.Heading, section = ind.Section, ind.Section
		}
		row.DPrev, row.Up, row.Down = changeText(out.VsPrevious[code])
		row.DLast, _, _ = changeText(out.VsLastYear[code])
		p.Rows = append(p.Rows, row)
		p.Numeric = append(p.Numeric, ind)
		p.ChildCodes = append(p.ChildCodes, code)
	}
	hasChildren := map[string]bool{}
	for _, u := range out.Units {
		hasChildren[u.ParentCode] = true
	}
	// The chart: one indicator by child unit.
	p.ChartOf = chartOf
	if _, ok := out.Catalogue[p.ChartOf]; !ok && len(p.Numeric) > 0 {
		p.ChartOf = p.Numeric[0].Code
	}
	var bars []bar
	var maxV float64
	for _, c := range out.Children {
		// A unit that filed a report opens it (its values, history and
		// versions); one that did not but has units below opens their
		// consolidation.
		row := consChild{Code: c.Unit.Code, Name: c.Unit.Label()}
		filed := out.Current != nil && out.Current.Row(c.Unit.Code) >= 0
		if hasChildren[c.Unit.Code] && !filed {
			row.URL = consolidationURL(k.Template, out.Period.ID, c.Unit.Code, query)
		} else {
			row.URL = reportURL(report.Key{Template: k.Template, Period: k.Period, Unit: c.Unit.Code})
		}
		row.CellsHTML = aggCells(out.Catalogue, p.ChildCodes, c.Values)
		p.Children = append(p.Children, row)
		if ind, ok := out.Catalogue[p.ChartOf]; ok {
			v := c.Values[p.ChartOf]
			x := float64(v.Value.Int)
			if ind.Type == report.TypeDecimal || ind.Type == report.TypePercent || ind.Aggregation == report.AggAverage {
				x = v.Value.Float
			}
			bars = append(bars, bar{Label: shortName(c.Unit.Name), Value: x, Note: aggText(ind, v)})
			maxV = max(maxV, x)
		}
	}
	if len(bars) > 0 {
		p.Chart = barChart(out.Catalogue[p.ChartOf].Name+" theo đơn vị", bars, maxV*1.1, "")
	}
	for _, sec := range out.Sectors {
		row := consChild{Name: sec.Sector.Label()}
		row.CellsHTML = aggCells(out.Catalogue, p.ChildCodes, sec.Values)
		p.Sectors = append(p.Sectors, row)
	}
	p.HTML = renderConsHTML(p.Rows, p.Numeric, p.ChartOf)
	return p
}

// narrativePage is the drafter's page: every unit's text under each
// outline section and each text indicator, with a copy action per section.
type narrativePage struct {
	page
	Out                  *rollup.Output
	Base, Query          string
	AsNow, WithSubmitted bool
	Narrative            []narrativeGroup
	Texts                []narrativeGroup
}

// handleConsolidationNarrative serves the compiled narrative on a page of
// its own: a province's 600 filers write ~500 KB of text, which would
// otherwise ride along with every view of the figures.
func (s *Server) handleConsolidationNarrative(w http.ResponseWriter, r *http.Request) error {
	req := consolidationRequest(r)
	req.Narrative = true
	out, err := s.rollup.Consolidate(r.Context(), reqCtx(r).actor, req)
	if err != nil {
		return err
	}
	k := req.Key
	p := narrativePage{page: s.basePage(r, "Tổng hợp thuyết minh "+out.Template.Name+" "+out.Period.Label()), Out: out,
		AsNow: out.View == rollup.AsNow, WithSubmitted: req.WithSubmitted}
	p.Base, p.Query = consolidationBase(k, p.AsNow, p.WithSubmitted)
	for _, sec := range out.Template.Outline {
		if items := out.Narrative[sec.Key]; len(items) > 0 {
			p.Narrative = append(p.Narrative, groupHTML(narrativeGroup{Title: sec.Title, Items: items}, true))
		}
	}
	for _, code := range out.Template.Indicators {
		if items := out.Texts[code]; len(items) > 0 {
			p.Texts = append(p.Texts, groupHTML(narrativeGroup{Title: out.Catalogue[code].Name, Items: items}, false))
		}
	}
	return s.render(w, r, http.StatusOK, "consolidation_narrative", p)
}

// shortName keeps a chart label short: "Cao Lộc" rather than "Huyện Cao Lộc".
func shortName(s string) string {
	if len([]rune(s)) > 14 {
		return string([]rune(s)[:13]) + "…"
	}
	return s
}

// consolidationTable lays out a consolidation as rows of child units and
// columns of numeric indicators, for XLSX and CSV.
func consolidationTable(out *rollup.Output) xlsx.Table {
	t := xlsx.Table{Title: strings.ToUpper("Tổng hợp " + out.Template.Name + " " + out.Period.Label()),
		Subtitle: []string{out.Scope.Label() + " — số liệu: " + out.Period.WindowLabel(),
			map[bool]string{true: "Tính cả báo cáo đã gửi chưa tiếp nhận", false: "Tính các báo cáo đã tiếp nhận"}[out.Request.WithSubmitted] +
				fmt.Sprintf(" (%d/%d đơn vị đã gửi)", out.Completeness.Submitted, out.Completeness.Expected)},
		TotalLabel: "Tổng cộng"}
	t.Columns = append(t.Columns, xlsx.Column{Title: "Đơn vị", Kind: "text", Width: 34})
	t.Totals = append(t.Totals, nil)
	var codes []string
	for _, code := range out.Template.Indicators {
		ind := out.Catalogue[code]
		if ind.Type == report.TypeText {
			continue
		}
		codes = append(codes, code)
		kind := "integer"
		if ind.Type == report.TypeDecimal || ind.Type == report.TypePercent || ind.Aggregation == report.AggAverage {
			kind = "decimal"
		}
		title := ind.Name
		if ind.Unit != "" {
			title += " (" + ind.Unit + ")"
		}
		t.Columns = append(t.Columns, xlsx.Column{Title: title, Kind: kind, Sum: ind.Aggregation == report.AggSum && kind == "integer"})
		t.Totals = append(t.Totals, aggCell(ind, out.Totals[code]))
	}
	for _, c := range out.Children {
		row := []any{c.Unit.Label()}
		for _, code := range codes {
			row = append(row, aggCell(out.Catalogue[code], c.Values[code]))
		}
		t.Rows = append(t.Rows, row)
	}
	return t
}

func aggCell(ind report.Indicator, a rollup.Agg) any {
	if !a.Value.Set {
		return nil
	}
	if ind.Type == report.TypeDecimal || ind.Type == report.TypePercent || ind.Aggregation == report.AggAverage {
		return math.Round(a.Value.Float*10) / 10
	}
	return a.Value.Int
}

func (s *Server) handleConsolidationXLSX(w http.ResponseWriter, r *http.Request) error {
	out, err := s.rollup.Consolidate(r.Context(), reqCtx(r).actor, consolidationRequest(r))
	if err != nil {
		return err
	}
	var buf bytes.Buffer
	if err := xlsx.WriteTable(&buf, consolidationTable(out)); err != nil {
		return fmt.Errorf("consolidation xlsx: %w", err)
	}
	k := out.Request.Key
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "tong-hop_" + k.Template + "_" + k.Period + "_" + k.Unit + ".xlsx"}))
	_, err = w.Write(buf.Bytes())
	return err
}

// handleConsolidationCSV writes the same table as CSV, UTF-8 with a byte
// order mark so that Excel opens Vietnamese text correctly, numbers plain.
func (s *Server) handleConsolidationCSV(w http.ResponseWriter, r *http.Request) error {
	out, err := s.rollup.Consolidate(r.Context(), reqCtx(r).actor, consolidationRequest(r))
	if err != nil {
		return err
	}
	t := consolidationTable(out)
	var buf bytes.Buffer
	buf.WriteString("\ufeff")
	cw := csv.NewWriter(&buf)
	var head []string
	for _, c := range t.Columns {
		head = append(head, c.Title)
	}
	cw.Write(head)
	cell := func(v any) string {
		switch x := v.(type) {
		case nil:
			return ""
		case int64:
			return strconv.FormatInt(x, 10)
		case float64:
			return strconv.FormatFloat(x, 'f', -1, 64)
		}
		return fmt.Sprint(v)
	}
	for _, row := range t.Rows {
		var rec []string
		for _, v := range row {
			rec = append(rec, cell(v))
		}
		cw.Write(rec)
	}
	tot := []string{t.TotalLabel}
	for _, v := range t.Totals[1:] {
		tot = append(tot, cell(v))
	}
	cw.Write(tot)
	cw.Flush()
	k := out.Request.Key
	w.Header().Set("Content-Type", "text/csv; charset=utf-8")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "tong-hop_" + k.Template + "_" + k.Period + "_" + k.Unit + ".csv"}))
	_, err = w.Write(buf.Bytes())
	return err
}

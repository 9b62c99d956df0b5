package web

import (
	"context"
	"net/http"

	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/rollup"
)

// rollupUnits joins the store's subtree queries and the org service's
// restructuring walk for rollup.Service.
type rollupUnits struct {
	db interface {
		SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error)
	}
	org *org.Service
}

func (u rollupUnits) SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error) {
	return u.db.SubtreeAt(ctx, code, at)
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

package web

import (
	"context"
	"encoding/json"
	"io"
	"net/http"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/period"
	"giaoban/internal/report"
)

func reportKey(r *http.Request) report.Key {
	return report.Key{Template: r.PathValue("template"), Period: r.PathValue("period"), Unit: r.PathValue("unit")}
}

type apiIndicator struct {
	Code        string   `json:"code"`
	Name        string   `json:"name"`
	Unit        string   `json:"unit"`
	ValueType   string   `json:"value_type"`
	Aggregation string   `json:"aggregation"`
	Section     string   `json:"section,omitempty"`
	Min         *float64 `json:"min,omitempty"`
	Max         *float64 `json:"max,omitempty"`
}

type apiTemplate struct {
	Code       string           `json:"code"`
	Name       string           `json:"name"`
	Kind       string           `json:"kind"`
	PeriodType string           `json:"period_type"`
	Calendar   string           `json:"calendar"`
	Outline    []report.Section `json:"outline"`
	Indicators []apiIndicator   `json:"indicators"`
}

// apiTemplates lists the templates with their indicator sheets. Any
// logged-in user may read the forms.
func (s *Server) apiTemplates(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.require(r, auth.ActSelf, "", s.today()); err != nil {
		return err
	}
	ts, err := s.db.ListTemplates(r.Context())
	if err != nil {
		return err
	}
	cat, err := s.reports.Catalogue(r.Context())
	if err != nil {
		return err
	}
	out := []apiTemplate{}
	for _, t := range ts {
		at := apiTemplate{Code: t.Code, Name: t.Name, Kind: string(t.Kind), PeriodType: string(t.PeriodType), Calendar: string(t.Calendar),
			Outline: t.Outline, Indicators: []apiIndicator{}}
		for _, c := range t.Indicators {
			i := cat[c]
			at.Indicators = append(at.Indicators, apiIndicator{Code: i.Code, Name: i.Name, Unit: i.Unit, ValueType: string(i.Type),
				Aggregation: string(i.Aggregation), Section: i.Section, Min: i.Min, Max: i.Max})
		}
		out = append(out, at)
	}
	return writeJSON(w, http.StatusOK, out)
}

// templatePeriods lists a template's periods in order: custom windows, or
// the periods of its type from the earliest one with a report (or three
// years back) to the one after today's.
func (s *Server) templatePeriods(ctx context.Context, t *report.Template) []period.Period {
	if t.PeriodType == period.Custom || t.Kind != report.KindPeriodic {
		return t.Custom
	}
	today := s.today()
	from := today.AddMonths(-36)
	if ids, err := s.db.ReportPeriods(ctx, t.Code); err == nil {
		for _, id := range ids {
			if p, err := t.Period(id); err == nil && p.Start.Before(from) {
				from = p.Start
			}
		}
	}
	ps := period.Range(t.PeriodType, from, today, t.Calendar)
	if len(ps) > 0 {
		ps = append(ps, ps[len(ps)-1].Next())
	}
	return ps
}

func (s *Server) apiPeriods(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.require(r, auth.ActSelf, "", s.today()); err != nil {
		return err
	}
	code := r.URL.Query().Get("template")
	if code == "" {
		return apperr.Invalid("Cần tham số template.", map[string]string{"template": "Cần mã mẫu báo cáo."})
	}
	t, err := s.db.FindTemplate(r.Context(), code)
	if err != nil {
		return err
	}
	type apiPeriod struct {
		ID       string      `json:"id"`
		Label    string      `json:"label"`
		Start    period.Date `json:"start"`
		End      period.Date `json:"end"`
		Deadline period.Date `json:"deadline"`
	}
	out := []apiPeriod{}
	for _, p := range s.templatePeriods(r.Context(), t) {
		out = append(out, apiPeriod{ID: p.ID, Label: p.Label(), Start: p.Start, End: p.End, Deadline: t.Deadline.Deadline(p)})
	}
	return writeJSON(w, http.StatusOK, out)
}

type apiReport struct {
	Template     string            `json:"template"`
	Period       string            `json:"period"`
	Unit         string            `json:"unit"`
	UnitName     string            `json:"unit_name"`
	Status       string            `json:"status"`
	Version      int               `json:"version"`
	Values       map[string]any    `json:"values"`
	Narrative    map[string]string `json:"narrative"`
	Comments     map[string]string `json:"comments"`
	Deadline     period.Date       `json:"deadline"`
	SubmittedAt  *time.Time        `json:"submitted_at"`
	OnTime       *bool             `json:"on_time"`
	AcceptedAt   *time.Time        `json:"accepted_at,omitempty"`
	ReturnReason string            `json:"return_reason,omitempty"`
	UpdatedAt    *time.Time        `json:"updated_at,omitempty"`
	UpdatedBy    string            `json:"updated_by,omitempty"`
}

func toAPIReport(c *report.Context, rep *report.Report) apiReport {
	out := apiReport{Template: rep.Template, Period: rep.Period, Unit: rep.Unit, UnitName: rep.UnitName, Status: string(rep.Status),
		Version: rep.Version, Values: map[string]any{}, Narrative: rep.Narrative, Comments: rep.Comments, Deadline: c.Deadline,
		ReturnReason: rep.ReturnReason, UpdatedBy: rep.UpdatedBy}
	if out.Narrative == nil {
		out.Narrative = map[string]string{}
	}
	if out.Comments == nil {
		out.Comments = map[string]string{}
	}
	for code, v := range rep.Values {
		out.Values[code] = v.JSON(c.Catalogue[code].Type)
	}
	if !rep.SubmittedAt.IsZero() {
		t, ok := rep.SubmittedAt, rep.OnTime
		out.SubmittedAt, out.OnTime = &t, &ok
	}
	if !rep.AcceptedAt.IsZero() {
		t := rep.AcceptedAt
		out.AcceptedAt = &t
	}
	if !rep.UpdatedAt.IsZero() {
		t := rep.UpdatedAt
		out.UpdatedAt = &t
	}
	return out
}

func (s *Server) apiReportGet(w http.ResponseWriter, r *http.Request) error {
	c, err := s.reports.Get(r.Context(), reqCtx(r).actor, reportKey(r))
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toAPIReport(c, c.Report))
}

// apiReportPut saves a draft. The body: {"version", "values", "narrative",
// "comments"}; values are JSON numbers, strings in Vietnamese number
// format, booleans, or null to clear.
func (s *Server) apiReportPut(w http.ResponseWriter, r *http.Request) error {
	k := reportKey(r)
	var in struct {
		Version   *int              `json:"version"`
		Values    map[string]any    `json:"values"`
		Narrative map[string]string `json:"narrative"`
		Comments  map[string]string `json:"comments"`
	}
	dec := json.NewDecoder(io.LimitReader(r.Body, 4<<20))
	dec.UseNumber()
	dec.DisallowUnknownFields()
	if err := dec.Decode(&in); err != nil {
		return apperr.Errorf(apperr.EINVALID, "Dữ liệu JSON không hợp lệ: %v", err)
	}
	if in.Version == nil {
		return apperr.Invalid("Thiếu phiên bản.", map[string]string{"version": "Cần gửi kèm phiên bản báo cáo đang sửa (0 nếu chưa có)."})
	}
	// The service resolves and authorises the save itself; here only the
	// catalogue is needed to read the JSON values by type (both cached).
	c, err := s.saveContext(r.Context(), k)
	if err != nil {
		return err
	}
	d := &report.Draft{Version: *in.Version, Raw: in.Values, Narrative: in.Narrative, Comments: in.Comments}
	rep, err := s.reports.Save(r.Context(), reqCtx(r).actor, k, d)
	if err != nil {
		return s.withCurrent(w, r, c, err)
	}
	return writeJSON(w, http.StatusOK, toAPIReport(c, rep))
}

// saveContext is the part of a report's context a save response needs:
// the catalogue and the deadline.
func (s *Server) saveContext(ctx context.Context, k report.Key) (*report.Context, error) {
	t, err := s.db.FindTemplate(ctx, k.Template)
	if err != nil {
		return nil, err
	}
	p, err := t.Period(k.Period)
	if err != nil {
		return nil, err
	}
	cat, err := s.reports.Catalogue(ctx)
	if err != nil {
		return nil, err
	}
	return &report.Context{Template: t, Period: p, Catalogue: cat, Deadline: t.Deadline.Deadline(p)}, nil
}

// withCurrent answers a stale save with 409 and the current report beside
// the error, so the client can show both versions.
func (s *Server) withCurrent(w http.ResponseWriter, r *http.Request, c *report.Context, err error) error {
	var e *apperr.Error
	var conflict *report.Conflict
	if apperr.Is(err, apperr.ECONFLICT) && asConflict(err, &e, &conflict) {
		return writeJSON(w, http.StatusConflict, map[string]any{"error": e.Message, "code": e.Code, "current": toAPIReport(c, conflict.Current)})
	}
	return err
}

func (s *Server) apiReportSubmit(w http.ResponseWriter, r *http.Request) error {
	return s.apiTransition(w, r, func(a *auth.Actor, k report.Key) (*report.Report, error) { return s.reports.Submit(r.Context(), a, k) })
}

func (s *Server) apiReportAccept(w http.ResponseWriter, r *http.Request) error {
	return s.apiTransition(w, r, func(a *auth.Actor, k report.Key) (*report.Report, error) { return s.reports.Accept(r.Context(), a, k) })
}

func (s *Server) apiReportReturn(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Reason string `json:"reason"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	return s.apiTransition(w, r, func(a *auth.Actor, k report.Key) (*report.Report, error) {
		return s.reports.Return(r.Context(), a, k, in.Reason)
	})
}

func (s *Server) apiTransition(w http.ResponseWriter, r *http.Request, do func(*auth.Actor, report.Key) (*report.Report, error)) error {
	k := reportKey(r)
	a := reqCtx(r).actor
	c, err := s.reports.Get(r.Context(), a, k)
	if err != nil {
		return err
	}
	rep, err := do(a, k)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toAPIReport(c, rep))
}

func (s *Server) apiCompleteness(w http.ResponseWriter, r *http.Request) error {
	comp, _, err := s.reports.Completeness(r.Context(), reqCtx(r).actor, reportKey(r))
	if err != nil {
		return err
	}
	out := struct {
		Expected  int      `json:"expected"`
		Submitted int      `json:"submitted"`
		Accepted  int      `json:"accepted"`
		OnTime    int      `json:"on_time"`
		Late      int      `json:"late"`
		Missing   []string `json:"missing"`
		Returned  []string `json:"returned"`
	}{Expected: comp.Expected, Submitted: comp.Submitted, Accepted: comp.Accepted, OnTime: comp.OnTime, Late: comp.Late,
		Missing: []string{}, Returned: []string{}}
	for _, u := range comp.Missing {
		out.Missing = append(out.Missing, u.Code)
	}
	for _, u := range comp.Returned {
		out.Returned = append(out.Returned, u.Code)
	}
	return writeJSON(w, http.StatusOK, out)
}

package web

import (
	"net/http"
	"strconv"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
)

type templatesPage struct {
	page
	Templates  []report.Template
	Indicators []report.Indicator
}

// handleTemplatesAdmin lists the report templates and the indicator
// catalogue for those who manage them.
func (s *Server) handleTemplatesAdmin(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	if !a.Has(auth.RoleAdmin) && !a.Has(auth.RoleCommission) {
		return apperr.Errorf(apperr.EFORBIDDEN, "Bạn không có quyền quản lý mẫu báo cáo.")
	}
	ts, err := s.db.ListTemplates(r.Context())
	if err != nil {
		return err
	}
	inds, err := s.db.ListIndicators(r.Context())
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "templates_admin", templatesPage{page: s.basePage(r, "Chỉ tiêu và mẫu báo cáo"), Templates: ts, Indicators: inds})
}

type indicatorFormPage struct {
	page
	Ind     report.Indicator
	New     bool
	HasData bool
	Min     string
	Max     string
	Types   []report.ValueType
	Aggs    []report.Aggregation
	Errors  map[string]string
	Error   string
}

func (s *Server) renderIndicatorForm(w http.ResponseWriter, r *http.Request, status int, ind report.Indicator, isNew bool, err error) error {
	p := indicatorFormPage{page: s.basePage(r, "Chỉ tiêu"), Ind: ind, New: isNew, Types: report.ValueTypes,
		Aggs: []report.Aggregation{report.AggSum, report.AggAverage, report.AggMax, report.AggNone}}
	if ind.Min != nil {
		p.Min = strconv.FormatFloat(*ind.Min, 'f', -1, 64)
	}
	if ind.Max != nil {
		p.Max = strconv.FormatFloat(*ind.Max, 'f', -1, 64)
	}
	if !isNew {
		p.HasData, _ = s.db.IndicatorHasData(r.Context(), ind.Code)
	}
	if err != nil {
		p.Error, p.Errors = apperr.Message(err), apperr.FieldsOf(err)
	}
	return s.render(w, r, status, "indicator_form", p)
}

func (s *Server) handleIndicatorNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.canManageCatalogue(r); err != nil {
		return err
	}
	return s.renderIndicatorForm(w, r, http.StatusOK, report.Indicator{Type: report.TypeInteger, Aggregation: report.AggSum}, true, nil)
}

// canManageCatalogue: admins and commission staff.
func (s *Server) canManageCatalogue(r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	if a.Has(auth.RoleAdmin) || a.Has(auth.RoleCommission) {
		return nil
	}
	return apperr.Errorf(apperr.EFORBIDDEN, "Bạn không có quyền quản lý chỉ tiêu.")
}

func (s *Server) handleIndicatorEdit(w http.ResponseWriter, r *http.Request) error {
	if err := s.canManageCatalogue(r); err != nil {
		return err
	}
	ind, err := s.findIndicator(r, r.PathValue("code"))
	if err != nil {
		return err
	}
	return s.renderIndicatorForm(w, r, http.StatusOK, *ind, false, nil)
}

func (s *Server) findIndicator(r *http.Request, code string) (*report.Indicator, error) {
	inds, err := s.db.ListIndicators(r.Context())
	if err != nil {
		return nil, err
	}
	for i := range inds {
		if inds[i].Code == code {
			return &inds[i], nil
		}
	}
	return nil, apperr.Errorf(apperr.ENOTFOUND, "Không có chỉ tiêu %s.", code)
}

func parseFloatField(s string) (*float64, bool) {
	s = strings.TrimSpace(strings.ReplaceAll(s, ",", "."))
	if s == "" {
		return nil, true
	}
	f, err := strconv.ParseFloat(s, 64)
	if err != nil {
		return nil, false
	}
	return &f, true
}

func (s *Server) handleIndicatorSave(w http.ResponseWriter, r *http.Request) error {
	if err := s.canManageCatalogue(r); err != nil {
		return err
	}
	code := r.PathValue("code")
	isNew := code == ""
	ind := report.Indicator{Code: code}
	if isNew {
		ind.Code = r.PostFormValue("code")
	}
	ind.Name, ind.Unit, ind.Section, ind.Description = r.PostFormValue("name"), r.PostFormValue("unit"), r.PostFormValue("section"), r.PostFormValue("description")
	ind.Type, ind.Aggregation = report.ValueType(r.PostFormValue("type")), report.Aggregation(r.PostFormValue("aggregation"))
	ind.Retired = r.PostFormValue("retired") == "1"
	ind.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	var okMin, okMax bool
	ind.Min, okMin = parseFloatField(r.PostFormValue("min"))
	ind.Max, okMax = parseFloatField(r.PostFormValue("max"))
	if !okMin || !okMax {
		err := apperr.Invalid("Giới hạn không hợp lệ.", map[string]string{"min": "Cần một số (ví dụ 0 hoặc 100)."})
		return s.renderIndicatorForm(w, r, http.StatusUnprocessableEntity, ind, isNew, err)
	}
	if err := s.reports.SaveIndicator(r.Context(), reqCtx(r).actor, &ind); err != nil {
		return s.formFailure(err, func(st int) error { return s.renderIndicatorForm(w, r, st, ind, isNew, err) })
	}
	setFlash(w, "Đã lưu chỉ tiêu "+ind.Code+".")
	http.Redirect(w, r, "/quan-tri/mau-bao-cao", http.StatusSeeOther)
	return nil
}

type templateFormPage struct {
	page
	T          report.Template
	New        bool
	Indicators string // codes, one per line
	Kinds      []org.Kind
	Sectors    []org.Sector
	Filer      report.Filers // the current (last) filer rule, edited here
	Catalogue  []report.Indicator
	Errors     map[string]string
	Error      string
	Calendars  []period.Calendar
	Types      []period.Type
}

func (s *Server) renderTemplateForm(w http.ResponseWriter, r *http.Request, status int, t report.Template, isNew bool, err error) error {
	p := templateFormPage{page: s.basePage(r, "Mẫu báo cáo"), T: t, New: isNew, Indicators: strings.Join(t.Indicators, "\n"),
		Kinds: org.Kinds, Sectors: org.Sectors, Calendars: period.Calendars(), Types: period.Types()}
	if n := len(t.Filers); n > 0 {
		p.Filer = t.Filers[n-1]
	}
	p.Catalogue, _ = s.db.ListIndicators(r.Context())
	if err != nil {
		p.Error, p.Errors = apperr.Message(err), apperr.FieldsOf(err)
	}
	return s.render(w, r, status, "template_form", p)
}

func (s *Server) handleTemplateNew(w http.ResponseWriter, r *http.Request) error {
	if err := s.canManageCatalogue(r); err != nil {
		return err
	}
	a := reqCtx(r).actor
	owner := ""
	if roots, _, _ := s.authz.ScopeRoots(r.Context(), a, s.today()); len(roots) > 0 {
		owner = roots[0]
	}
	t := report.Template{Kind: report.KindPeriodic, PeriodType: period.Quarter, Calendar: period.Decree09, Owner: owner,
		Outline: report.DefaultOutline, Deadline: period.DeadlineRule{Kind: period.RuleWorkingDaysAfter, Days: 3}}
	return s.renderTemplateForm(w, r, http.StatusOK, t, true, nil)
}

func (s *Server) handleTemplateEdit(w http.ResponseWriter, r *http.Request) error {
	if err := s.canManageCatalogue(r); err != nil {
		return err
	}
	t, err := s.db.FindTemplate(r.Context(), r.PathValue("code"))
	if err != nil {
		return err
	}
	if err := s.authz.Can(r.Context(), reqCtx(r).actor, auth.ActTemplateManage, t.Owner, s.today()); err != nil {
		return err
	}
	return s.renderTemplateForm(w, r, http.StatusOK, *t, false, nil)
}

// handleTemplateSave saves the template's name, kind, period, calendar,
// deadline, indicators (codes, one per line, in form order), theme and the
// current filer rule; earlier filer rules (before a restructuring) are kept.
func (s *Server) handleTemplateSave(w http.ResponseWriter, r *http.Request) error {
	if err := s.canManageCatalogue(r); err != nil {
		return err
	}
	code := r.PathValue("code")
	isNew := code == ""
	var t report.Template
	if isNew {
		t = report.Template{Code: r.PostFormValue("code"), Outline: report.DefaultOutline}
	} else {
		cur, err := s.db.FindTemplate(r.Context(), code)
		if err != nil {
			return err
		}
		t = *cur
	}
	t.Name, t.Theme, t.Owner = r.PostFormValue("name"), r.PostFormValue("theme"), strings.TrimSpace(r.PostFormValue("owner"))
	t.Kind, t.PeriodType, t.Calendar = report.Kind(r.PostFormValue("kind")), period.Type(r.PostFormValue("period_type")), period.Calendar(r.PostFormValue("calendar"))
	t.Retired = r.PostFormValue("retired") == "1"
	if v, err := strconv.Atoi(r.PostFormValue("version")); err == nil {
		t.Version = v
	}
	t.Deadline = period.DeadlineRule{Kind: r.PostFormValue("deadline_kind")}
	t.Deadline.Day, _ = strconv.Atoi(r.PostFormValue("deadline_day"))
	t.Deadline.MonthOffset, _ = strconv.Atoi(r.PostFormValue("deadline_month_offset"))
	t.Deadline.Days, _ = strconv.Atoi(r.PostFormValue("deadline_days"))
	t.Indicators = nil
	for _, line := range strings.Split(r.PostFormValue("indicators"), "\n") {
		if c := strings.ToUpper(strings.TrimSpace(line)); c != "" {
			t.Indicators = append(t.Indicators, c)
		}
	}
	f := report.Filers{}
	for _, k := range r.PostForm["filer_kinds"] {
		f.Kinds = append(f.Kinds, org.Kind(k))
	}
	for _, sec := range r.PostForm["filer_sectors"] {
		f.Sectors = append(f.Sectors, org.Sector(sec))
	}
	for _, u := range strings.Fields(strings.ReplaceAll(r.PostFormValue("filer_units"), ",", " ")) {
		f.Units = append(f.Units, u)
	}
	if n := len(t.Filers); n > 0 {
		f.From, f.To = t.Filers[n-1].From, t.Filers[n-1].To
		t.Filers = append(t.Filers[:n-1:n-1], f)
	} else {
		t.Filers = []report.Filers{f}
	}
	if err := s.reports.SaveTemplate(r.Context(), reqCtx(r).actor, &t); err != nil {
		return s.formFailure(err, func(st int) error { return s.renderTemplateForm(w, r, st, t, isNew, err) })
	}
	setFlash(w, "Đã lưu mẫu báo cáo "+t.Name+".")
	http.Redirect(w, r, "/quan-tri/mau-bao-cao", http.StatusSeeOther)
	return nil
}

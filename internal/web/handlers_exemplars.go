package web

import (
	"html/template"
	"net/http"
	"net/url"
	"slices"
	"strconv"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/exemplar"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

func init() {
	registerPages("exemplar_list", "exemplar_form", "exemplar_view", "exemplar_stats")
	registerPartial("exemplar_filter", "exemplar_list", "exemplar_stats")
}

// exemplarURL is the page of one model.
func exemplarURL(id int64) string { return "/dan-van-kheo/" + strconv.FormatInt(id, 10) }

// exemplarChoices are the code lists every exemplar page offers.
type exemplarChoices struct {
	Kinds         []exemplar.Kind
	Holders       []exemplar.Holder
	Fields        []exemplar.Field
	Levels        []exemplar.Level
	Statuses      []exemplar.Status
	CommendLevels []exemplar.Level
	Phases        []string
}

var choices = exemplarChoices{Kinds: exemplar.Kinds, Holders: exemplar.Holders, Fields: exemplar.Fields, Levels: exemplar.Levels,
	Statuses: exemplar.Statuses, CommendLevels: exemplar.CommendLevels, Phases: exemplar.Phases}

// exemplarQuery reads a list or count query from the page's parameters
// (don-vi, nam, linh-vuc, cap, trang-thai, loai).
func exemplarQuery(v url.Values) (exemplar.Query, error) {
	q := exemplar.Query{Unit: strings.TrimSpace(v.Get("don-vi")), Field: exemplar.Field(v.Get("linh-vuc")),
		Level: exemplar.Level(v.Get("cap")), Status: exemplar.Status(v.Get("trang-thai")), Kind: exemplar.Kind(v.Get("loai"))}
	if y := strings.TrimSpace(v.Get("nam")); y != "" {
		n, err := strconv.Atoi(y)
		if err != nil {
			return q, apperr.Invalid("Năm không hợp lệ.", map[string]string{"year": "Năm không hợp lệ."})
		}
		q.Year = n
	}
	return q, q.Validate()
}

type exemplarRow struct {
	exemplar.Model
	UnitName string
	URL      string
}

type exemplarListPage struct {
	page
	exemplarChoices
	exemplarFilter
	Rows        []exemplarRow
	CanRegister bool
	StatsURL    string
}

// exemplarFilter is the filter form the list and the statistics share
// (the partial exemplar_filter) and the scope it selects.
type exemplarFilter struct {
	Q            exemplar.Query
	Years        []int
	Units        []exemplar.Group
	ScopeName    string
	FilterURL    string // where the form is sent
	FilterButton string
}

// exemplarRequest reads the actor and the filter of a list or statistics
// request.
func (s *Server) exemplarRequest(r *http.Request) (*auth.Actor, exemplar.Query, error) {
	a, err := s.actor(r)
	if err != nil {
		return nil, exemplar.Query{}, err
	}
	q, err := exemplarQuery(r.URL.Query())
	if err != nil {
		return nil, exemplar.Query{}, err
	}
	return a, q, nil
}

// exemplarFilterOf lays out the filter form of q, sent to url with the
// button labelled button, over the years that have models in scope sc.
func (s *Server) exemplarFilterOf(r *http.Request, a *auth.Actor, q exemplar.Query, years []int, sc *exemplar.Scope, url, button string) exemplarFilter {
	f := exemplarFilter{Q: q, Years: years, Units: s.unitChoices(r, a, q, years, sc), FilterURL: url, FilterButton: button}
	if q.Unit != "" {
		f.ScopeName = sc.Names[q.Unit]
	}
	return f
}

// unitChoices are the units offered by the filters: the groups of the
// actor's whole scope (with the one asked for when it is deeper).
func (s *Server) unitChoices(r *http.Request, a *auth.Actor, q exemplar.Query, years []int, sc *exemplar.Scope) []exemplar.Group {
	if q.Unit == "" {
		return sc.Groups
	}
	full, err := s.exemplars.ResolveScope(r.Context(), a, "", years)
	if err != nil {
		return sc.Groups[:1]
	}
	gs := full.Groups
	if !slices.ContainsFunc(gs, func(g exemplar.Group) bool { return g.Code == q.Unit }) {
		gs = append(slices.Clone(gs), exemplar.Group{Code: q.Unit, Label: sc.Names[q.Unit]})
	}
	return gs
}

// handleExemplars lists the models within the user's reach, with filters.
func (s *Server) handleExemplars(w http.ResponseWriter, r *http.Request) error {
	a, q, err := s.exemplarRequest(r)
	if err != nil {
		return err
	}
	l, err := s.exemplars.List(r.Context(), a, q)
	if err != nil {
		return err
	}
	p := exemplarListPage{page: s.basePage(r, "Mô hình, điển hình “Dân vận khéo”"), exemplarChoices: choices,
		exemplarFilter: s.exemplarFilterOf(r, a, q, l.Years, l.Scope, "/dan-van-kheo", "Lọc"),
		StatsURL:       withQuery("/dan-van-kheo/thong-ke", r.URL.RawQuery)}
	for _, m := range l.Models {
		p.Rows = append(p.Rows, exemplarRow{Model: m, UnitName: l.Scope.Names[m.UnitCode], URL: exemplarURL(m.ID)})
	}
	p.CanRegister = s.canRegister(r, a)
	return s.render(w, r, http.StatusOK, "exemplar_list", p)
}

// canRegister reports whether the actor may register models for some
// unit today: a reporter for its own, commission staff and admins.
func (s *Server) canRegister(r *http.Request, a *auth.Actor) bool {
	return s.authz.Can(r.Context(), a, auth.ActExemplarWrite, a.UnitCode, s.today()) == nil
}

type exemplarFormPage struct {
	page
	exemplarChoices
	M      exemplar.Model
	On     string // the registration day as typed
	Units  []unitOption
	Errors map[string]string
	Error  string
	MaxDay string // YYYY-MM-DD: today, the latest registration day
}

// exemplarForm lays out the registration form for the units the actor
// may register for on day at.
func (s *Server) exemplarForm(r *http.Request, a *auth.Actor, m exemplar.Model, on string, at period.Date) (*exemplarFormPage, error) {
	units, err := s.exemplars.WritableUnits(r.Context(), a, at)
	if err != nil {
		return nil, err
	}
	return &exemplarFormPage{page: s.basePage(r, "Đăng ký mô hình, điển hình “Dân vận khéo”"), exemplarChoices: choices,
		M: m, On: on, Units: unitOptions(units), MaxDay: s.today().String()}, nil
}

// unitOption is a unit in a select list, indented by its depth.
type unitOption struct {
	Code, Label string
	Disabled    bool // shown to place its subunits, not to be chosen
}

func unitOptions(us []org.Unit) []unitOption {
	out := make([]unitOption, len(us))
	for i, u := range us {
		out[i] = unitOption{Code: u.Code, Label: strings.Repeat("· ", u.Level) + u.Label()}
	}
	return out
}

// handleExemplarNew is the registration form. ?ngay= lists the units as
// they were on that day, to record the registrations of earlier years.
func (s *Server) handleExemplarNew(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	if !s.canRegister(r, a) {
		return apperr.Errorf(apperr.EFORBIDDEN, "Bạn không có quyền đăng ký mô hình, điển hình.")
	}
	at, err := s.dateParam(r, "ngay")
	if err != nil {
		return err
	}
	if at.After(s.today()) {
		at = s.today()
	}
	m := exemplar.Model{Kind: exemplar.KindModel, Holder: exemplar.Collective, Year: at.Year(), RegisteredOn: at}
	if u, err := s.db.FindUnit(r.Context(), a.UnitCode, at); err == nil {
		m.UnitCode = u.Code
		m.Level = exemplar.DefaultLevel(u.Kind)
	}
	p, err := s.exemplarForm(r, a, m, at.String(), at)
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "exemplar_form", p)
}

// handleExemplarCreate registers a model; the form comes back with a
// message at each field on error.
func (s *Server) handleExemplarCreate(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.Errorf(apperr.EINVALID, "Biểu mẫu không hợp lệ.")
	}
	f := r.PostForm
	m := exemplar.Model{UnitCode: f.Get("unit"), Name: f.Get("name"), Kind: exemplar.Kind(f.Get("kind")), Holder: exemplar.Holder(f.Get("holder")),
		Field: exemplar.Field(f.Get("field")), Level: exemplar.Level(f.Get("level")), Phase: f.Get("phase"), Content: f.Get("content"), Goals: f.Get("goals")}
	errs := map[string]string{}
	if y := strings.TrimSpace(f.Get("year")); y != "" {
		if m.Year, err = strconv.Atoi(y); err != nil {
			errs["year"] = "Năm không hợp lệ."
		}
	}
	on := strings.TrimSpace(f.Get("registered_on"))
	if on != "" {
		if m.RegisteredOn, err = period.Parse(on); err != nil {
			errs["registered_on"] = "Ngày không hợp lệ (dạng 28/03/2019)."
		}
	}
	err = s.exemplars.Register(r.Context(), a, &m)
	if err == nil && len(errs) == 0 {
		setFlash(w, "Đã đăng ký "+strings.ToLower(m.Kind.Label())+" “"+m.Name+"”.")
		http.Redirect(w, r, exemplarURL(m.ID), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		if fe := apperr.FieldsOf(err); fe != nil {
			for k, v := range fe {
				if _, ok := errs[k]; !ok {
					errs[k] = v
				}
			}
		} else {
			return err
		}
	}
	at := m.RegisteredOn
	if at.IsZero() || at.After(s.today()) {
		at = s.today()
	}
	p, perr := s.exemplarForm(r, a, m, on, at)
	if perr != nil {
		return perr
	}
	p.Errors = errs
	p.Error = "Đăng ký chưa hợp lệ; chưa lưu. Xem các ô tô đỏ."
	status := http.StatusUnprocessableEntity
	if err != nil {
		p.Error = apperr.Message(err)
		status = statusOf(err)
	}
	return s.render(w, r, status, "exemplar_form", p)
}

type exemplarViewPage struct {
	page
	exemplarChoices
	M          *exemplar.Model
	UnitName   string
	Replicated []string
	CanWrite   bool
	Next       exemplar.Status // the step the form offers; "" at the end
	Step       exemplar.Step
	On         string
	Targets    []unitOption
	Selected   map[string]bool // the units ticked in the replication form
	Errors     map[string]string
	Error      string
	MaxDay     string
}

// exemplarView lays out a model's page; st, when not nil, is the step the
// user tried (after a failed post).
func (s *Server) exemplarView(r *http.Request, a *auth.Actor, m *exemplar.Model, st *exemplar.Step, on string) (*exemplarViewPage, error) {
	ctx := r.Context()
	today := s.today()
	// A step is recorded today while the unit exists; the steps of a unit
	// dissolved since (a 2019 district) are dated in its lifetime.
	ref := today
	if _, err := s.db.FindUnit(ctx, m.UnitCode, today); err != nil {
		ref = m.LastStepOn()
	}
	p := &exemplarViewPage{page: s.basePage(r, m.Name), exemplarChoices: choices, M: m, MaxDay: today.String(), On: ref.String(),
		UnitName: s.unitName(ctx, m.UnitCode, m.RegisteredOn)}
	replicatedOn := m.LastStepOn()
	for _, e := range m.Events {
		if e.Status == exemplar.StatusReplicated {
			replicatedOn = e.On
		}
	}
	for _, c := range m.ReplicatedTo {
		p.Replicated = append(p.Replicated, s.unitName(ctx, c, replicatedOn))
	}
	p.CanWrite = s.exemplars.CanWrite(ctx, a, m) == nil
	p.Next = m.Status.Next()
	if m.Status == exemplar.StatusReplicated {
		p.Next = exemplar.StatusReplicated // more units may copy it
	}
	if m.ReviewResult == exemplar.ReviewWeak {
		p.Next = "" // a weak model stops at its review
	}
	if st != nil {
		p.Step, p.On = *st, on
		p.Selected = map[string]bool{}
		for _, u := range st.Units {
			p.Selected[u] = true
		}
	}
	if p.CanWrite && p.Next == exemplar.StatusReplicated {
		ts, err := s.exemplars.ReplicationUnits(ctx, m, ref)
		if err != nil {
			return nil, err
		}
		p.Targets = unitOptions(ts)
		for i := range p.Targets {
			p.Targets[i].Disabled = p.Targets[i].Code == m.UnitCode
		}
	}
	return p, nil
}

func (s *Server) exemplarID(r *http.Request) (int64, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil || id <= 0 {
		return 0, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy mô hình, điển hình.")
	}
	return id, nil
}

// handleExemplar is a model's page: its registration, its history and the
// form of its next step.
func (s *Server) handleExemplar(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	id, err := s.exemplarID(r)
	if err != nil {
		return err
	}
	m, err := s.exemplars.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	p, err := s.exemplarView(r, a, m, nil, "")
	if err != nil {
		return err
	}
	return s.render(w, r, http.StatusOK, "exemplar_view", p)
}

// handleExemplarStep records the next step of a model's lifecycle.
func (s *Server) handleExemplarStep(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	id, err := s.exemplarID(r)
	if err != nil {
		return err
	}
	if err := r.ParseForm(); err != nil {
		return apperr.Errorf(apperr.EINVALID, "Biểu mẫu không hợp lệ.")
	}
	f := r.PostForm
	st := exemplar.Step{To: exemplar.Status(f.Get("to")), Note: f.Get("note"), Result: f.Get("result"),
		CommendLevel: exemplar.Level(f.Get("commend_level")), Award: f.Get("award"), DecisionNumber: f.Get("decision_number"), Units: f["units"]}
	st.Version, _ = strconv.Atoi(f.Get("version"))
	on := strings.TrimSpace(f.Get("on"))
	errs := map[string]string{}
	if on != "" {
		if st.On, err = period.Parse(on); err != nil {
			errs["on"] = "Ngày không hợp lệ (dạng 28/03/2019)."
		}
	}
	_, err = s.exemplars.Advance(r.Context(), a, id, &st)
	if err == nil && len(errs) == 0 {
		setFlash(w, "Đã ghi nhận bước “"+st.To.StepLabel()+"”.")
		http.Redirect(w, r, exemplarURL(id), http.StatusSeeOther)
		return nil
	}
	if err != nil {
		code := apperr.Code(err)
		if code != apperr.EINVALID && code != apperr.ECONFLICT {
			return err
		}
		for k, v := range apperr.FieldsOf(err) {
			if _, ok := errs[k]; !ok {
				errs[k] = v
			}
		}
	}
	// Show the page as it stands now, with what the user typed.
	cur, gerr := s.exemplars.Get(r.Context(), a, id)
	if gerr != nil {
		return gerr
	}
	p, perr := s.exemplarView(r, a, cur, &st, on)
	if perr != nil {
		return perr
	}
	p.Errors = errs
	p.Error = "Chưa ghi nhận được; xem các ô tô đỏ."
	status := http.StatusUnprocessableEntity
	if err != nil {
		p.Error, status = apperr.Message(err), statusOf(err)
	}
	return s.render(w, r, status, "exemplar_view", p)
}

type statsTable struct {
	ID       string
	Title    string
	Heading  string
	Rows     []exemplar.Bucket
	PerField bool // per-field columns
	Chart    template.HTML
}

type exemplarStatsPage struct {
	page
	exemplarChoices
	exemplarFilter
	Total   exemplar.Bucket
	Tables  []statsTable
	ListURL string
}

// handleExemplarStats counts the models by field, level, status, year and
// unit, as tables and bar charts.
func (s *Server) handleExemplarStats(w http.ResponseWriter, r *http.Request) error {
	a, q, err := s.exemplarRequest(r)
	if err != nil {
		return err
	}
	st, err := s.exemplars.Stats(r.Context(), a, q)
	if err != nil {
		return err
	}
	p := exemplarStatsPage{page: s.basePage(r, "Thống kê “Dân vận khéo”"), exemplarChoices: choices,
		exemplarFilter: s.exemplarFilterOf(r, a, q, st.Years, st.Scope, "/dan-van-kheo/thong-ke", "Xem"),
		Total:          st.Total, ListURL: withQuery("/dan-van-kheo", r.URL.RawQuery)}
	chart := func(title string, bs []exemplar.Bucket) template.HTML {
		var bars []bar
		top := 0
		for _, b := range bs {
			bars = append(bars, bar{Label: chartLabel(b.Label), Value: float64(b.Total), Note: vntext.FormatInt(int64(b.Total))})
			top = max(top, b.Total)
		}
		return barChart(title, bars, niceMax(float64(top)), "")
	}
	p.Tables = []statsTable{
		{ID: "theo-linh-vuc", Title: "Theo lĩnh vực", Heading: "Lĩnh vực", Rows: st.ByField, Chart: chart("Mô hình, điển hình theo lĩnh vực", st.ByField)},
		{ID: "theo-cap", Title: "Theo cấp", Heading: "Cấp", Rows: st.ByLevel, PerField: true, Chart: chart("Mô hình, điển hình theo cấp", st.ByLevel)},
		{ID: "theo-don-vi", Title: "Theo đơn vị", Heading: "Đơn vị", Rows: st.ByUnit, PerField: true},
		{ID: "theo-nam", Title: "Theo năm", Heading: "Năm", Rows: st.ByYear, PerField: true, Chart: chart("Mô hình, điển hình theo năm", st.ByYear)},
		{ID: "theo-trang-thai", Title: "Theo trạng thái", Heading: "Trạng thái", Rows: st.ByStatus, PerField: true, Chart: chart("Mô hình, điển hình theo trạng thái", st.ByStatus)},
	}
	// The unit chart shows the units that have models: a province has
	// dozens of units, most with none.
	var withModels []exemplar.Bucket
	for _, b := range st.ByUnit {
		if b.Total > 0 {
			withModels = append(withModels, b)
		}
	}
	if len(withModels) > 0 && len(withModels) <= 24 {
		p.Tables[2].Chart = chart("Mô hình, điển hình theo đơn vị", withModels)
	}
	return s.render(w, r, http.StatusOK, "exemplar_stats", p)
}

// niceMax rounds a chart's top up to 2, 4 or 10 times a power of ten, so
// that the top and the middle gridline are whole numbers of models.
func niceMax(x float64) float64 {
	p := 1.0
	for {
		for _, m := range []float64{2, 4, 10} {
			if m*p >= x {
				return m * p
			}
		}
		p *= 10
	}
}

// withQuery appends a query string when there is one.
func withQuery(path, q string) string {
	if q == "" {
		return path
	}
	return path + "?" + q
}

// chartLabel keeps chart labels readable under narrow bars.
func chartLabel(s string) string {
	const limit = 16
	r := []rune(s)
	if len(r) <= limit {
		return s
	}
	return string(r[:limit-1]) + "…"
}

type apiExemplarEvent struct {
	Status    string      `json:"status"`
	On        period.Date `json:"on"`
	Note      string      `json:"note,omitempty"`
	Detail    string      `json:"detail,omitempty"`
	CreatedBy string      `json:"created_by"`
}

type apiExemplar struct {
	ID             int64              `json:"id"`
	Unit           string             `json:"unit"`
	UnitName       string             `json:"unit_name"`
	Name           string             `json:"name"`
	Kind           string             `json:"kind"`
	Holder         string             `json:"holder"`
	Field          string             `json:"field"`
	Level          string             `json:"level"`
	Year           int                `json:"year"`
	Phase          string             `json:"phase"`
	Status         string             `json:"status"`
	RegisteredOn   period.Date        `json:"registered_on"`
	ReviewResult   string             `json:"review_result,omitempty"`
	CommendLevel   string             `json:"commend_level,omitempty"`
	Award          string             `json:"award,omitempty"`
	DecisionNumber string             `json:"decision_number,omitempty"`
	ReplicatedTo   []string           `json:"replicated_to"`
	Content        string             `json:"content,omitempty"`
	Goals          string             `json:"goals,omitempty"`
	Version        int                `json:"version,omitempty"`
	Events         []apiExemplarEvent `json:"events,omitempty"`
}

func toAPIExemplar(m *exemplar.Model, unitName string, full bool) apiExemplar {
	out := apiExemplar{ID: m.ID, Unit: m.UnitCode, UnitName: unitName, Name: m.Name, Kind: string(m.Kind), Holder: string(m.Holder),
		Field: string(m.Field), Level: string(m.Level), Year: m.Year, Phase: m.Phase, Status: string(m.Status), RegisteredOn: m.RegisteredOn,
		ReviewResult: m.ReviewResult, CommendLevel: m.CommendLevel, Award: m.Award, DecisionNumber: m.DecisionNumber, ReplicatedTo: m.ReplicatedTo}
	if out.ReplicatedTo == nil {
		out.ReplicatedTo = []string{}
	}
	if full {
		out.Content, out.Goals, out.Version = m.Content, m.Goals, m.Version
		out.Events = []apiExemplarEvent{}
		for _, e := range m.Events {
			out.Events = append(out.Events, apiExemplarEvent{Status: string(e.Status), On: e.On, Note: e.Note, Detail: e.Detail, CreatedBy: e.CreatedBy})
		}
	}
	return out
}

// apiExemplars is GET /api/v1/exemplars?unit=&year=&field= (also level,
// status, kind): the models within the caller's reach, like reports.
// An extension of the DESIGN contract.
func (s *Server) apiExemplars(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	v := r.URL.Query()
	q := exemplar.Query{Unit: strings.TrimSpace(v.Get("unit")), Field: exemplar.Field(v.Get("field")), Level: exemplar.Level(v.Get("level")),
		Status: exemplar.Status(v.Get("status")), Kind: exemplar.Kind(v.Get("kind"))}
	if y := strings.TrimSpace(v.Get("year")); y != "" {
		if q.Year, err = strconv.Atoi(y); err != nil {
			return apperr.Invalid("Năm không hợp lệ.", map[string]string{"year": "Cần một năm, ví dụ 2019."})
		}
	}
	l, err := s.exemplars.List(r.Context(), a, q)
	if err != nil {
		return err
	}
	out := make([]apiExemplar, 0, len(l.Models))
	for i := range l.Models {
		m := &l.Models[i]
		out = append(out, toAPIExemplar(m, l.Scope.Names[m.UnitCode], false))
	}
	return writeJSON(w, http.StatusOK, out)
}

// apiExemplar is GET /api/v1/exemplars/{id}: one model with its history.
func (s *Server) apiExemplar(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	id, err := s.exemplarID(r)
	if err != nil {
		return err
	}
	m, err := s.exemplars.Get(r.Context(), a, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toAPIExemplar(m, s.unitName(r.Context(), m.UnitCode, m.RegisteredOn), true))
}

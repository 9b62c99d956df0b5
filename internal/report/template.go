package report

import (
	"fmt"
	"slices"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

// Kind is the kind of report a template asks for (Decree 09/2019 Art. 7).
type Kind string

const (
	KindPeriodic Kind = "periodic" // định kỳ
	KindThematic Kind = "thematic" // chuyên đề
	KindAdHoc    Kind = "adhoc"    // đột xuất
)

// Label returns the Vietnamese name of the kind.
func (k Kind) Label() string {
	switch k {
	case KindPeriodic:
		return "Định kỳ"
	case KindThematic:
		return "Chuyên đề"
	case KindAdHoc:
		return "Đột xuất"
	}
	return string(k)
}

// Section is one part of the narrative outline ("I. Kết quả", ...).
type Section struct {
	Key   string `json:"key"`   // stable key: "ket_qua"
	Title string `json:"title"` // "I. Kết quả đạt được"
	Hint  string `json:"hint,omitempty"`
}

// DefaultOutline is the outline Decree 09/2019 Art. 7 gives a report.
var DefaultOutline = []Section{
	{Key: "ket_qua", Title: "I. Kết quả đạt được"},
	{Key: "ton_tai", Title: "II. Tồn tại, hạn chế, nguyên nhân"},
	{Key: "nhiem_vu", Title: "III. Nhiệm vụ trọng tâm kỳ tới"},
	{Key: "kien_nghi", Title: "IV. Kiến nghị, đề xuất"},
}

// Filers says which units must file a template: units of the listed kinds
// or sectors, plus the listed units, below the template's owner, as of the
// period's date. A rule applies to periods ending within [From, To] (zero:
// unbounded), so a template survives restructuring: districts filed until
// 30/06/2025, communes from 01/07/2025.
type Filers struct {
	Kinds   []org.Kind   `json:"kinds,omitempty"`
	Sectors []org.Sector `json:"sectors,omitempty"`
	Units   []string     `json:"units,omitempty"`
	Except  []string     `json:"except,omitempty"`
	From    period.Date  `json:"from,omitzero"`
	To      period.Date  `json:"to,omitzero"`
}

// Includes reports whether u must file for a period ending on at.
func (f Filers) Includes(u org.Unit, at period.Date) bool {
	if (!f.From.IsZero() && at.Before(f.From)) || (!f.To.IsZero() && at.After(f.To)) {
		return false
	}
	if slices.Contains(f.Except, u.Code) {
		return false
	}
	return slices.Contains(f.Units, u.Code) || slices.Contains(f.Kinds, u.Kind) ||
		(u.Sector != "" && slices.Contains(f.Sectors, u.Sector))
}

// MustFile reports whether u must file t for a period ending on at.
func (t *Template) MustFile(u org.Unit, at period.Date) bool {
	for _, f := range t.Filers {
		if f.Includes(u, at) {
			return true
		}
	}
	return false
}

// RuleType is the kind of a cross-value validation rule.
type RuleType string

const (
	RuleRequires RuleType = "requires" // A > 0 requires B > 0 ("money > 0 requires gifts > 0")
	RuleLTE      RuleType = "lte"      // A ≤ B ("trained ≤ invited")
	RuleRequired RuleType = "required" // A must be filled before submission
)

// Rule is a validation rule written as data.
type Rule struct {
	Type    RuleType `json:"type"`
	A       string   `json:"a"`
	B       string   `json:"b,omitempty"`
	Message string   `json:"message,omitempty"` // Vietnamese; a default is built when empty
}

// Template is a report form (mẫu báo cáo).
type Template struct {
	Code       string
	Name       string
	Kind       Kind
	PeriodType period.Type
	Calendar   period.Calendar
	Owner      string // the unit whose subtree files it (the commission's province)
	Outline    []Section
	Indicators []string // indicator codes, in form order
	Filers     []Filers
	Deadline   period.DeadlineRule
	Rules      []Rule
	Custom     []period.Period // windows of thematic and ad hoc reports
	Theme      string          // yearly theme shown on the form ("Năm Dân vận chính quyền")
	Retired    bool
	Version    int
}

// Validate checks a template against the indicator catalogue.
func (t *Template) Validate(catalogue map[string]Indicator) error {
	f := map[string]string{}
	t.Code = strings.ToUpper(strings.TrimSpace(t.Code))
	if !validCode(t.Code) {
		f["code"] = "Mã mẫu báo cáo gồm 1–40 ký tự: chữ cái không dấu, số, gạch dưới, gạch ngang."
	}
	t.Name = vntext.Normalize(t.Name)
	if t.Name == "" {
		f["name"] = "Cần tên mẫu báo cáo."
	}
	switch t.Kind {
	case KindPeriodic:
		if t.PeriodType == period.Custom {
			f["period_type"] = "Báo cáo định kỳ cần loại kỳ (tháng, quý, 6 tháng, 9 tháng, năm)."
		}
	case KindThematic, KindAdHoc:
	default:
		f["kind"] = "Loại báo cáo không hợp lệ."
	}
	if t.Owner == "" {
		f["owner"] = "Cần đơn vị chủ trì mẫu báo cáo."
	}
	seen := map[string]bool{}
	for _, s := range t.Outline {
		if s.Key == "" || seen[s.Key] {
			f["outline"] = "Mục lục đề cương bị trùng hoặc thiếu mã mục."
		}
		seen[s.Key] = true
	}
	seen = map[string]bool{}
	for _, c := range t.Indicators {
		if _, ok := catalogue[c]; !ok {
			f["indicators"] = fmt.Sprintf("Không có chỉ tiêu mã %s.", c)
		}
		if seen[c] {
			f["indicators"] = fmt.Sprintf("Chỉ tiêu %s bị lặp.", c)
		}
		seen[c] = true
	}
	for i, r := range t.Rules {
		key := fmt.Sprintf("rules[%d]", i)
		if !seen[r.A] || (r.Type != RuleRequired && !seen[r.B]) {
			f[key] = "Quy tắc kiểm tra nhắc đến chỉ tiêu không có trong mẫu."
		}
		switch r.Type {
		case RuleRequires, RuleLTE, RuleRequired:
		default:
			f[key] = "Loại quy tắc kiểm tra không hợp lệ."
		}
	}
	if err := t.Deadline.Validate(); err != nil {
		f["deadline"] = err.Error()
	}
	if len(f) > 0 {
		return apperr.Invalid("Mẫu báo cáo chưa hợp lệ.", f)
	}
	return nil
}

// Period returns the template's period with the given ID.
func (t *Template) Period(id string) (period.Period, error) {
	if t.PeriodType == period.Custom || t.Kind != KindPeriodic {
		for _, p := range t.Custom {
			if p.ID == id {
				return p, nil
			}
		}
		if t.PeriodType == period.Custom {
			return period.Period{}, apperr.Errorf(apperr.ENOTFOUND, "Mẫu %s không có kỳ %s.", t.Code, id)
		}
	}
	p, err := period.ParseID(id, t.Calendar)
	if err != nil {
		return period.Period{}, apperr.Errorf(apperr.ENOTFOUND, "%s", err.Error())
	}
	if p.Type != t.PeriodType {
		return period.Period{}, apperr.Errorf(apperr.ENOTFOUND, "Mẫu %s báo cáo theo %s, không có kỳ %s.", t.Code, strings.ToLower(t.PeriodType.Label()), id)
	}
	return p, nil
}

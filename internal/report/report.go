package report

import (
	"context"
	"fmt"
	"math"
	"slices"
	"sort"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/vntext"
)

// Status is where a report is in its workflow.
type Status string

const (
	StatusDraft     Status = "draft"
	StatusSubmitted Status = "submitted"
	StatusAccepted  Status = "accepted"
	StatusReturned  Status = "returned" // back with the unit, editable, with a reason
)

// Label returns the Vietnamese name of the status.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "Đang soạn"
	case StatusSubmitted:
		return "Đã gửi"
	case StatusAccepted:
		return "Đã tiếp nhận"
	case StatusReturned:
		return "Bị trả lại"
	}
	return string(s)
}

// Editable reports whether the unit may still change the report.
func (s Status) Editable() bool { return s == StatusDraft || s == StatusReturned }

// Key names one report: one unit × template × period.
type Key struct {
	Template string
	Period   string
	Unit     string
}

func (k Key) String() string { return k.Template + "/" + k.Period + "/" + k.Unit }

// Report is one unit's report for one template and period.
type Report struct {
	Key
	UnitName     string // the unit's name when it filed: kept across renames
	Status       Status
	Version      int // 0: not started
	Values       map[string]Value
	Comments     map[string]string // per indicator code
	Narrative    map[string]string // per outline section key
	Deadline     time.Time         // end of the deadline day, Vietnam time
	SubmittedAt  time.Time
	OnTime       bool
	AcceptedAt   time.Time
	ReturnReason string
	UpdatedAt    time.Time
	UpdatedBy    string
}

// NewReport is the empty draft of a report not started yet (version 0).
func NewReport(k Key) *Report {
	return &Report{Key: k, Status: StatusDraft, Values: map[string]Value{}, Comments: map[string]string{}, Narrative: map[string]string{}}
}

// Draft is what a save carries: the version it was based on and the
// content. Values are already parsed; ParseErrors holds the cells that did
// not parse, keyed by indicator code.
type Draft struct {
	Version int
	Values  map[string]Value
	// Raw holds values still to be read by their indicator's type (decoded
	// JSON: numbers, strings, booleans, nil). The service reads them only
	// after it has authorised the save, so a caller without the right
	// learns nothing about the form from error messages.
	Raw       map[string]any
	Comments  map[string]string
	Narrative map[string]string
}

// CheckDraft validates a draft's values against the template: each value's
// type and range. It returns per-field Vietnamese messages, keyed
// "values.CODE" (and "narrative.KEY"), or nil. Unknown codes are errors.
func CheckDraft(t *Template, cat map[string]Indicator, d *Draft) map[string]string {
	f := map[string]string{}
	inTemplate := make(map[string]bool, len(t.Indicators))
	for _, c := range t.Indicators {
		inTemplate[c] = true
	}
	for code, v := range d.Values {
		if !inTemplate[code] {
			f["values."+code] = fmt.Sprintf("Mẫu báo cáo không có chỉ tiêu mã %s.", code)
			continue
		}
		ind := cat[code]
		if msg := ind.Check(v); msg != "" {
			f["values."+code] = msg
		}
	}
	for code := range d.Comments {
		if !inTemplate[code] {
			f["comments."+code] = fmt.Sprintf("Mẫu báo cáo không có chỉ tiêu mã %s.", code)
		}
	}
	for key, text := range d.Narrative {
		if !slices.ContainsFunc(t.Outline, func(s Section) bool { return s.Key == key }) && key != TasksSection {
			f["narrative."+key] = fmt.Sprintf("Đề cương không có mục %q.", key)
		} else if len([]rune(text)) > 200000 {
			f["narrative."+key] = "Nội dung quá dài (tối đa 200.000 ký tự)."
		}
	}
	if len(f) == 0 {
		return nil
	}
	return f
}

// TasksSection is the narrative key of "Kết quả thực hiện nhiệm vụ được
// giao", filled from the unit's open tasks (issue 5).
const TasksSection = "nhiem_vu_duoc_giao"

// CheckSubmit applies the rules that must hold before submission: required
// values and the template's cross rules. Messages are keyed like CheckDraft.
func CheckSubmit(t *Template, cat map[string]Indicator, r *Report) map[string]string {
	f := map[string]string{}
	for _, rule := range t.Rules {
		a, b := r.Values[rule.A], r.Values[rule.B]
		ia, ib := cat[rule.A], cat[rule.B]
		switch rule.Type {
		case RuleRequired:
			if !a.Set {
				f["values."+rule.A] = orDefault(rule.Message, "Chỉ tiêu này bắt buộc phải nhập.")
			}
		case RuleRequires:
			if a.Set && a.Number(ia.Type) > 0 && (!b.Set || b.Number(ib.Type) <= 0) {
				f["values."+rule.B] = orDefault(rule.Message, fmt.Sprintf("Khi \"%s\" lớn hơn 0 thì \"%s\" phải lớn hơn 0.", ia.Name, ib.Name))
			}
		case RuleLTE:
			if a.Set && b.Set && a.Number(ia.Type) > b.Number(ib.Type) {
				f["values."+rule.A] = orDefault(rule.Message, fmt.Sprintf("\"%s\" không được lớn hơn \"%s\".", ia.Name, ib.Name))
			}
		}
	}
	if len(f) == 0 {
		return nil
	}
	return f
}

func orDefault(s, d string) string {
	if s != "" {
		return s
	}
	return d
}

// Outlier flags a value far from the unit's own history, for a comment.
// Robust: the median and the median absolute deviation of the previous
// values, so one odd quarter in the history does not hide the next one.
// Needs at least 3 previous values; flags when the value is more than 5
// scaled MADs from the median, or when the history is flat and the value
// differs from it by more than half.
func Outlier(history []float64, x float64) (bool, float64) {
	if len(history) < 3 {
		return false, 0
	}
	h := slices.Clone(history)
	sort.Float64s(h)
	med := median(h)
	dev := make([]float64, len(h))
	for i, v := range h {
		dev[i] = math.Abs(v - med)
	}
	sort.Float64s(dev)
	mad := 1.4826 * median(dev)
	if mad == 0 {
		return math.Abs(x-med) > 0.5*math.Max(math.Abs(med), 1), med
	}
	return math.Abs(x-med)/mad > 5, med
}

func median(sorted []float64) float64 {
	n := len(sorted)
	if n%2 == 1 {
		return sorted[n/2]
	}
	return (sorted[n/2-1] + sorted[n/2]) / 2
}

// OutlierMessage is the Vietnamese note shown beside a flagged value.
func OutlierMessage(t ValueType, median float64) string {
	return fmt.Sprintf("Giá trị khác nhiều so với các kỳ trước (trung vị %s). Vui lòng ghi chú lý do.", vntext.FormatDecimal(median, decimals(median)))
}

// Version is a kept version of a report: every submission is kept.
type Version struct {
	Key
	Version   int
	Status    Status
	Values    map[string]Value
	Comments  map[string]string
	Narrative map[string]string
	At        time.Time
	By        string
	Note      string // return reason, reopen reason
}

// Change is one difference between two versions.
type Change struct {
	Field  string // indicator code or "narrative.KEY" or "comments.CODE"
	Label  string
	Before string
	After  string
}

// Diff lists what changed from a to b, in form order.
func Diff(t *Template, cat map[string]Indicator, a, b *Version) []Change {
	var out []Change
	for _, code := range t.Indicators {
		ind := cat[code]
		x, y := Format(ind.Type, a.Values[code]), Format(ind.Type, b.Values[code])
		if x != y {
			out = append(out, Change{Field: code, Label: ind.Name, Before: x, After: y})
		}
		if a.Comments[code] != b.Comments[code] {
			out = append(out, Change{Field: "comments." + code, Label: "Ghi chú: " + ind.Name, Before: a.Comments[code], After: b.Comments[code]})
		}
	}
	for _, s := range t.Outline {
		if a.Narrative[s.Key] != b.Narrative[s.Key] {
			out = append(out, Change{Field: "narrative." + s.Key, Label: s.Title, Before: a.Narrative[s.Key], After: b.Narrative[s.Key]})
		}
	}
	return out
}

// Conflict is returned (as the Err of an ECONFLICT *apperr.Error) when a save
// was based on a stale version: it carries the current report so the user
// sees both, and nothing is overwritten.
type Conflict struct {
	Current *Report
}

func (c *Conflict) Error() string {
	return fmt.Sprintf("stale version; current is %d", c.Current.Version)
}

// ConflictError wraps the current report in an ECONFLICT error.
func ConflictError(cur *Report) error {
	return &apperr.Error{Code: apperr.ECONFLICT, Message: fmt.Sprintf("Báo cáo vừa được lưu bởi %s (phiên bản %d). Bản của bạn chưa được lưu; hãy xem bản hiện tại và nhập lại thay đổi.", cur.UpdatedBy, cur.Version), Err: &Conflict{Current: cur}}
}

// LockedError is the ECONFLICT for a change to a report that is not editable.
func LockedError(r *Report) error {
	return apperr.Errorf(apperr.ECONFLICT, "Báo cáo của %s đang ở trạng thái \"%s\" nên không sửa được.", r.UnitName, r.Status.Label())
}

// Store persists templates and reports. Implemented by sqlstore.
type Store interface {
	ListIndicators(ctx context.Context) ([]Indicator, error)
	CreateIndicator(ctx context.Context, ind *Indicator) error
	UpdateIndicator(ctx context.Context, ind *Indicator) error // ECONFLICT if stale; refuses a type change when data exists
	IndicatorHasData(ctx context.Context, code string) (bool, error)

	ListTemplates(ctx context.Context) ([]Template, error)
	FindTemplate(ctx context.Context, code string) (*Template, error)
	CreateTemplate(ctx context.Context, t *Template) error
	UpdateTemplate(ctx context.Context, t *Template) error

	// FindReport returns ENOTFOUND when the report was never saved.
	FindReport(ctx context.Context, k Key) (*Report, error)
	// ListReports returns the reports of a template and period (all units),
	// or of a unit (all templates and periods) when Key.Period is "".
	ListReports(ctx context.Context, f ReportFilter) ([]Report, error)
	// SaveReport writes r if the stored version equals base (0: none
	// stored), setting r.Version = base+1. ECONFLICT (with the current
	// report) when stale. keep writes a version row too. The audit entry
	// is written in the same transaction.
	SaveReport(ctx context.Context, r *Report, base int, action string, keep *Version) error
	// SaveReports applies several saves in one transaction: all or none.
	SaveReports(ctx context.Context, saves []Save) error
	ListVersions(ctx context.Context, k Key) ([]Version, error)
	// History returns the unit's earlier values of one indicator (newest
	// first), for outlier checks.
	History(ctx context.Context, k Key, periods []string) ([]Report, error)
}

// Save is one write of SaveReports.
type Save struct {
	Report *Report
	Base   int
	Before *Report // the state at Base, for the audit entry; nil: the store reads it
	Action string
	Keep   *Version
}

// ReportFilter selects reports.
type ReportFilter struct {
	Template string
	Period   string
	Unit     string
	Units    []string
	Statuses []Status
}

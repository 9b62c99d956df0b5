package exemplar

import (
	"fmt"
	"slices"
	"strings"

	"giaoban/internal/document"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

// Length limits of the registration and of the steps.
const (
	maxName    = 300
	maxText    = 20000
	maxAward   = 300
	maxNote    = 2000
	maxUnits   = 200
	maxDecided = 120
)

// Clean normalises the text of a registration: NFC with canonical tone
// placement, legacy TCVN3/VNI text decoded, single-line fields collapsed.
func (m *Model) Clean() {
	m.UnitCode = strings.TrimSpace(m.UnitCode)
	m.Name = vntext.Normalize(vntext.Fix(m.Name))
	m.Content = strings.TrimSpace(vntext.Fix(m.Content))
	m.Goals = strings.TrimSpace(vntext.Fix(m.Goals))
	m.Phase = strings.ReplaceAll(strings.TrimSpace(m.Phase), "–", "-")
}

// Check validates a registration made on day today and returns Vietnamese
// messages keyed by form field (unit, name, kind, holder, field, level,
// year, phase, registered_on, content, goals), or nil. An empty phase is
// set from the year. Call Clean first.
func (m *Model) Check(today period.Date) map[string]string {
	f := map[string]string{}
	if m.UnitCode == "" {
		f["unit"] = "Cần chọn đơn vị đăng ký."
	}
	switch n := len([]rune(m.Name)); {
	case n == 0:
		f["name"] = "Cần tên mô hình, điển hình."
	case n > maxName:
		f["name"] = fmt.Sprintf("Tên tối đa %d ký tự.", maxName)
	}
	if !slices.Contains(Kinds, m.Kind) {
		f["kind"] = "Chọn mô hình hoặc điển hình."
	}
	if !slices.Contains(Holders, m.Holder) {
		f["holder"] = "Chọn tập thể hoặc cá nhân."
	}
	if !slices.Contains(Fields, m.Field) {
		f["field"] = "Chọn lĩnh vực: kinh tế; văn hóa – xã hội; quốc phòng – an ninh; xây dựng hệ thống chính trị."
	}
	maxYear := today.Year() + 1
	yearOK := m.Year >= MinYear && m.Year <= maxYear
	if !yearOK {
		f["year"] = fmt.Sprintf("Năm đăng ký phải từ %d đến %d.", MinYear, maxYear)
	}
	switch {
	case m.RegisteredOn.IsZero():
		f["registered_on"] = "Cần ngày đăng ký."
	case m.RegisteredOn.After(today):
		f["registered_on"] = "Ngày đăng ký không được sau hôm nay."
	case yearOK && (m.RegisteredOn.Year() < m.Year-1 || m.RegisteredOn.Year() > m.Year):
		f["registered_on"] = fmt.Sprintf("Đăng ký cho năm %d phải làm trong năm %d hoặc cuối năm %d.", m.Year, m.Year, m.Year-1)
	}
	switch {
	case !slices.Contains(Levels, m.Level):
		f["level"] = "Chọn cấp: cấp tỉnh, cấp huyện, cấp xã hoặc cơ quan, đơn vị."
	case !ValidLevel(m.Level, m.Year, m.RegisteredOn):
		f["level"] = "Từ ngày 01/07/2025 không còn cấp huyện; chọn cấp tỉnh, cấp xã hoặc cơ quan, đơn vị."
	}
	if yearOK {
		want := PhaseOf(m.Year)
		switch {
		case m.Phase == "":
			m.Phase = want
		case !slices.Contains(Phases, m.Phase):
			f["phase"] = "Giai đoạn không hợp lệ."
		case m.Phase != want:
			f["phase"] = fmt.Sprintf("Năm %d thuộc giai đoạn %s, không thuộc giai đoạn %s.", m.Year, PhaseLabel(want), PhaseLabel(m.Phase))
		}
	}
	switch n := len([]rune(m.Content)); {
	case n == 0:
		f["content"] = "Cần nội dung đăng ký: việc làm cụ thể, cách làm, địa bàn, đối tượng."
	case n > maxText:
		f["content"] = fmt.Sprintf("Nội dung tối đa %s ký tự.", vntext.FormatInt(maxText))
	}
	if len([]rune(m.Goals)) > maxText {
		f["goals"] = fmt.Sprintf("Mục tiêu tối đa %s ký tự.", vntext.FormatInt(maxText))
	}
	if len(f) == 0 {
		return nil
	}
	return f
}

// Step is one move forward in a model's lifecycle, with what that step
// records.
type Step struct {
	To             Status
	On             period.Date // the day it happened (for a commendation, the decision's date)
	Note           string
	Result         string // review: ReviewGood or ReviewWeak
	CommendLevel   Level  // commendation
	Award          string // commendation: "Bằng khen của Chủ tịch UBND tỉnh"
	DecisionNumber string // commendation: "Số: 15/QĐ-UBND"
	Units          []string
	Version        int // the version the step was based on
}

// Clean normalises a step's text.
func (st *Step) Clean() {
	st.Note = strings.TrimSpace(vntext.Fix(st.Note))
	st.Award = vntext.Normalize(vntext.Fix(st.Award))
	st.DecisionNumber = vntext.Normalize(vntext.Fix(st.DecisionNumber))
	var units []string
	for _, u := range st.Units {
		if u = strings.TrimSpace(u); u != "" && !slices.Contains(units, u) {
			units = append(units, u)
		}
	}
	st.Units = units
}

// OrderError says why a step is out of order ("" when it is the next one):
// the lifecycle only goes forward, one step at a time, and a model judged
// weak stops at its review. Replication may be recorded again, to more
// units.
func (m *Model) OrderError(to Status) string {
	if to.Order() < 0 {
		return "Bước không hợp lệ."
	}
	if to == StatusReplicated && m.Status == StatusReplicated {
		return ""
	}
	if to.Order() <= m.Status.Order() {
		return fmt.Sprintf("Mô hình đã ở bước “%s”; không quay lại bước trước.", m.Status.Label())
	}
	if next := m.Status.Next(); to != next {
		return fmt.Sprintf("Chưa thể chuyển sang “%s”: bước tiếp theo là “%s”.", to.Label(), next.StepLabel())
	}
	if (to == StatusCommended || to == StatusReplicated) && m.ReviewResult == ReviewWeak {
		return "Mô hình được đánh giá yếu, chưa hiệu quả nên không khen thưởng, nhân rộng."
	}
	return ""
}

// CheckStep validates the fields of a step on m made on day today (the
// order is OrderError's). Messages are keyed by form field (on, note,
// result, commend_level, award, decision_number, units). A decision number
// that reads as an official number is rewritten in its canonical form
// ("Số: 15/QĐ-UBND"); any other non-empty text is kept as typed.
func (m *Model) CheckStep(st *Step, today period.Date) map[string]string {
	f := map[string]string{}
	last := m.LastStepOn()
	switch {
	case st.On.IsZero():
		f["on"] = "Cần ngày thực hiện."
	case st.On.After(today):
		f["on"] = "Ngày không được sau hôm nay."
	case st.On.Before(last):
		f["on"] = "Ngày không được trước bước trước (" + last.VN() + ")."
	}
	if len([]rune(st.Note)) > maxNote {
		f["note"] = fmt.Sprintf("Ghi chú tối đa %s ký tự.", vntext.FormatInt(maxNote))
	}
	switch st.To {
	case StatusReviewed:
		if st.Result != ReviewGood && st.Result != ReviewWeak {
			f["result"] = "Chọn kết quả đánh giá: tốt, hiệu quả hoặc yếu, chưa hiệu quả."
		}
	case StatusCommended:
		switch {
		case !slices.Contains(CommendLevels, st.CommendLevel):
			f["commend_level"] = "Chọn cấp khen thưởng."
		case st.CommendLevel == LevelDistrict && !st.On.IsZero() && !st.On.Before(DistrictAbolished):
			f["commend_level"] = "Từ ngày 01/07/2025 không còn cấp huyện."
		}
		switch n := len([]rune(st.Award)); {
		case n == 0:
			f["award"] = "Cần hình thức khen thưởng (ví dụ: Bằng khen của Chủ tịch UBND tỉnh)."
		case n > maxAward:
			f["award"] = fmt.Sprintf("Hình thức khen thưởng tối đa %d ký tự.", maxAward)
		}
		switch n := len([]rune(st.DecisionNumber)); {
		case n == 0:
			f["decision_number"] = "Cần số quyết định khen thưởng (ví dụ: Số: 15/QĐ-UBND)."
		case n > maxDecided:
			f["decision_number"] = fmt.Sprintf("Số quyết định tối đa %d ký tự.", maxDecided)
		default:
			if num, err := document.ParseNumber(st.DecisionNumber); err == nil {
				st.DecisionNumber = num.Text
			}
		}
	case StatusReplicated:
		switch {
		case len(st.Units) == 0:
			f["units"] = "Chọn ít nhất một đơn vị được nhân rộng."
		case len(st.Units) > maxUnits:
			f["units"] = fmt.Sprintf("Tối đa %d đơn vị mỗi lần.", maxUnits)
		case slices.Contains(st.Units, m.UnitCode):
			f["units"] = "Đơn vị nhân rộng phải khác đơn vị đăng ký."
		}
	}
	if len(f) == 0 {
		return nil
	}
	return f
}

// Apply moves m to st.To and records the step's fields; detail is the
// event's Vietnamese record (unit names for a replication are the
// caller's). Call after OrderError and CheckStep.
func (m *Model) Apply(st *Step, unitNames []string) *Event {
	ev := &Event{ExemplarID: m.ID, Status: st.To, On: st.On, Note: st.Note}
	switch st.To {
	case StatusReviewed:
		m.ReviewResult = st.Result
		ev.Detail = "Kết quả đánh giá: " + ReviewLabel(st.Result) + "."
	case StatusCommended:
		m.CommendLevel, m.Award, m.DecisionNumber = string(st.CommendLevel), st.Award, st.DecisionNumber
		ev.Detail = fmt.Sprintf("%s (khen thưởng %s), quyết định %s.", st.Award, CommendLevelText(st.CommendLevel), st.DecisionNumber)
	case StatusReplicated:
		for _, u := range st.Units {
			if !slices.Contains(m.ReplicatedTo, u) {
				m.ReplicatedTo = append(m.ReplicatedTo, u)
			}
		}
		ev.Detail = "Nhân rộng đến: " + strings.Join(unitNames, "; ") + "."
	}
	m.Status = st.To
	return ev
}

// CommendLevelText is a commendation level inside a sentence: "cấp tỉnh",
// "cấp Trung ương".
func CommendLevelText(l Level) string {
	if l == LevelCentral {
		return "cấp Trung ương"
	}
	return strings.ToLower(l.Label())
}

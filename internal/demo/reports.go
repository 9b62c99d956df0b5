package demo

import (
	"context"
	"fmt"
	"slices"
	"time"

	"giaoban/internal/exemplar"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
)

// Template is the demo's quarterly template code.
const Template = "BCQ-DV"

func f64(x float64) *float64 { return &x }

// Indicators is the demo's catalogue: the seed article's figures first.
var Indicators = []report.Indicator{
	{Code: "DOAN_THAM_TET", Name: "Đoàn công tác thăm, chúc Tết gia đình chính sách, hộ có hoàn cảnh khó khăn", Unit: "đoàn", Type: report.TypeInteger, Aggregation: report.AggSum, Section: "An sinh xã hội"},
	{Code: "DOAN_KIEM_TRA", Name: "Đoàn kiểm tra các lực lượng trực phục vụ Tết", Unit: "đoàn", Type: report.TypeInteger, Aggregation: report.AggSum, Section: "An sinh xã hội"},
	{Code: "QUA_TANG", Name: "Quà tặng trao cho gia đình chính sách, hộ khó khăn", Unit: "lượt", Type: report.TypeInteger, Aggregation: report.AggSum, Section: "An sinh xã hội"},
	{Code: "KINH_PHI", Name: "Kinh phí thăm, tặng quà", Unit: "đồng", Type: report.TypeMoney, Aggregation: report.AggSum, Section: "An sinh xã hội"},
	{Code: "LOP_TAP_HUAN", Name: "Lớp tập huấn, bồi dưỡng cán bộ làm công tác dân vận", Unit: "lớp", Type: report.TypeInteger, Aggregation: report.AggSum, Section: "Tập huấn, bồi dưỡng"},
	{Code: "HV_TRIEU_TAP", Name: "Cán bộ được triệu tập tập huấn", Unit: "người", Type: report.TypeInteger, Aggregation: report.AggSum, Section: "Tập huấn, bồi dưỡng"},
	{Code: "HV_THAM_DU", Name: "Cán bộ tham dự tập huấn", Unit: "người", Type: report.TypeInteger, Aggregation: report.AggSum, Section: "Tập huấn, bồi dưỡng"},
	{Code: "MO_HINH_DVK", Name: "Mô hình, điển hình \"Dân vận khéo\" đăng ký mới", Unit: "mô hình", Type: report.TypeInteger, Aggregation: report.AggSum, Section: "Dân vận khéo"},
	{Code: "DON_THU", Name: "Đơn thư, kiến nghị của nhân dân tiếp nhận", Unit: "đơn", Type: report.TypeInteger, Aggregation: report.AggSum, Section: "Tiếp dân, giải quyết đơn thư"},
	{Code: "DON_THU_GQ", Name: "Đơn thư, kiến nghị đã giải quyết", Unit: "đơn", Type: report.TypeInteger, Aggregation: report.AggSum, Section: "Tiếp dân, giải quyết đơn thư"},
	{Code: "TY_LE_GQ", Name: "Tỷ lệ đơn thư được giải quyết", Unit: "%", Type: report.TypePercent, Aggregation: report.AggAverage, Section: "Tiếp dân, giải quyết đơn thư", Max: f64(100)},
	{Code: "DOI_THOAI", Name: "Hội nghị đối thoại giữa người đứng đầu cấp ủy, chính quyền với nhân dân", Unit: "cuộc", Type: report.TypeInteger, Aggregation: report.AggSum, Section: "Quy chế dân chủ ở cơ sở"},
	{Code: "KH_QCDC", Name: "Đã ban hành kế hoạch thực hiện Quy chế dân chủ ở cơ sở năm", Unit: "", Type: report.TypeBoolean, Aggregation: report.AggSum, Section: "Quy chế dân chủ ở cơ sở"},
	{Code: "NOI_BAT", Name: "Kết quả nổi bật trong kỳ", Unit: "", Type: report.TypeText, Aggregation: report.AggNone, Section: "Kết quả nổi bật"},
}

// QuarterlyTemplate is the demo's "Báo cáo công tác dân vận quý" on the
// Decree 09 calendar.
func QuarterlyTemplate() *report.Template {
	codes := make([]string, len(Indicators))
	for i, ind := range Indicators {
		codes[i] = ind.Code
	}
	// The Dân vận khéo figures the register already knows: filled in from
	// it, never typed (exemplar.Derived).
	for _, ind := range exemplar.ReportIndicators() {
		codes = append(codes, ind.Code)
	}
	bodies := []org.Kind{org.KindFront, org.KindMassOrg, org.KindArmedForces, org.KindGovernment}
	return &report.Template{
		Code: Template, Name: "Báo cáo công tác dân vận quý", Kind: report.KindPeriodic,
		PeriodType: period.Quarter, Calendar: period.Decree09, Owner: Province,
		Outline: report.DefaultOutline, Indicators: codes,
		Filers: []report.Filers{
			{Kinds: append([]org.Kind{org.KindDistrict}, bodies...), To: period.MustParse("2025-06-30")},
			{Kinds: append([]org.Kind{org.KindCommune}, bodies...), From: org.Reform2025},
		},
		Deadline: period.DeadlineRule{Kind: "working_days_after", Days: 3},
		Rules: []report.Rule{
			{Type: report.RuleRequires, A: "KINH_PHI", B: "QUA_TANG"},
			{Type: report.RuleLTE, A: "HV_THAM_DU", B: "HV_TRIEU_TAP"},
			{Type: report.RuleLTE, A: "DON_THU_GQ", B: "DON_THU"},
			{Type: report.RuleRequired, A: "KH_QCDC"},
		},
		Theme: "Năm Dân vận chính quyền 2019",
	}
}

// figures is one unit's Q1/2019 figures for the seed's indicators:
// delegations, inspection teams, gifts, money (đồng).
type figures struct {
	unit                        string
	delegations, inspections    int64
	gifts                       int64
	money                       int64
	courses, invited, attended  int64
	models, petitions, resolved int64
	dialogues                   int64
	highlight                   string
}

// q1 2019: over the 20 reports that are counted (accepted, one of them
// late) the totals are the seed's: 12 delegations, 8 inspection teams,
// 62,350 gifts ("trên 62 nghìn lượt quà"), 26,180,000,000 đồng ("trên 26 tỷ
// đồng"). Tỉnh đoàn's report is returned (not counted) and Hội Cựu chiến
// binh has not filed.
var q1 = []figures{
	{"178", 0, 0, 4200, 1_950_000_000, 2, 140, 132, 3, 41, 38, 4, "Thành phố tổ chức chương trình \"Tết vì người nghèo\" tại các phường."},
	{"180", 0, 0, 3650, 1_720_000_000, 1, 90, 85, 2, 25, 22, 3, "Huyện Tràng Định vận động xây 12 nhà đại đoàn kết."},
	{"181", 0, 0, 3100, 1_480_000_000, 1, 80, 80, 1, 19, 19, 2, "Bình Gia duy trì mô hình \"Dân vận khéo\" trong xây dựng nông thôn mới."},
	{"182", 0, 0, 2950, 1_390_000_000, 1, 75, 70, 2, 22, 20, 2, "Văn Lãng phối hợp giữ gìn an ninh trật tự vùng biên giới dịp Tết."},
	{"183", 0, 0, 4380, 2_060_000_000, 2, 120, 116, 3, 37, 33, 4, "Cao Lộc tổ chức tốt các hoạt động thăm hỏi, tặng quà tại cửa khẩu."},
	{"184", 0, 0, 2800, 1_310_000_000, 1, 70, 66, 1, 18, 17, 2, "Văn Quan triển khai kế hoạch thực hiện Quy chế dân chủ năm 2019."},
	{"185", 0, 0, 3320, 1_540_000_000, 1, 85, 85, 2, 24, 24, 3, "Bắc Sơn phát huy vai trò người có uy tín trong đồng bào dân tộc thiểu số."},
	{"186", 0, 0, 4510, 2_120_000_000, 2, 130, 121, 2, 44, 39, 4, "Hữu Lũng vận động nhân dân hiến đất làm đường giao thông nông thôn."},
	{"187", 0, 0, 3470, 1_620_000_000, 1, 95, 90, 2, 27, 25, 3, "Chi Lăng tổ chức đối thoại với nhân dân về giải phóng mặt bằng cao tốc."},
	{"188", 0, 0, 3880, 1_830_000_000, 1, 100, 94, 2, 31, 28, 3, "Lộc Bình triển khai mô hình \"Dân vận khéo\" trong phát triển kinh tế hộ."},
	{"189", 0, 0, 2240, 1_050_000_000, 1, 60, 58, 1, 14, 14, 2, "Đình Lập tuyên truyền, vận động đồng bào không xuất cảnh trái phép."},
	{Front, 2, 0, 9600, 2_900_000_000, 1, 60, 58, 1, 12, 12, 1, "Ủy ban MTTQ tỉnh chuẩn bị Đại hội đại biểu MTTQ các cấp nhiệm kỳ 2019–2024."},
	{Farmers, 1, 0, 2300, 520_000_000, 1, 50, 48, 1, 6, 6, 0, "Hội Nông dân hỗ trợ vốn, giống cho hội viên khó khăn."},
	{Women, 1, 0, 2600, 560_000_000, 1, 55, 55, 1, 4, 4, 0, "Hội LHPN tặng quà phụ nữ nghèo, đơn thân dịp Tết."},
	{Youth, 1, 0, 1400, 310_000_000, 2, 120, 118, 1, 3, 3, 0, "Tỉnh đoàn tổ chức chương trình \"Xuân tình nguyện\" tại các xã biên giới."},
	{Veterans, 0, 0, 700, 140_000_000, 1, 40, 40, 1, 2, 2, 0, "Hội Cựu chiến binh thăm hỏi hội viên ốm đau, có hoàn cảnh khó khăn."},
	{Labour, 1, 0, 3100, 890_000_000, 1, 40, 40, 0, 5, 5, 0, "Liên đoàn Lao động tổ chức \"Tết Sum vầy\" cho công nhân lao động."},
	{Military, 1, 2, 950, 210_000_000, 0, 0, 0, 1, 2, 2, 0, "Bộ CHQS tỉnh tổ chức \"Xuân biên giới – Tết quân dân\"."},
	{BorderGuard, 1, 2, 1200, 240_000_000, 0, 0, 0, 1, 3, 3, 1, "BĐBP tỉnh thực hiện chương trình \"Xuân biên phòng ấm lòng dân bản\"."},
	{Police, 1, 3, 800, 150_000_000, 0, 0, 0, 1, 8, 8, 0, "Công an tỉnh bảo đảm an ninh trật tự, an toàn giao thông dịp Tết."},
	{Ethnic, 0, 0, 1500, 400_000_000, 1, 45, 45, 0, 3, 3, 1, "Ban Dân tộc thăm, tặng quà người có uy tín; chuẩn bị Đại hội Dân tộc thiểu số tỉnh năm 2019."},
	{Government, 4, 1, 1800, 2_240_000_000, 0, 0, 0, 0, 16, 15, 2, "UBND tỉnh chỉ đạo tăng cường kỷ luật, kỷ cương hành chính, thực hiện chủ đề \"Năm Dân vận chính quyền\"."},
}

// Late and returned units of Q1/2019.
const (
	lateUnit     = "189"    // Đình Lập submitted after the deadline; accepted
	returnedUnit = Youth    // Tỉnh đoàn: returned for a fix
	missingUnit  = Veterans // Hội Cựu chiến binh: not filed
	returnReason = "Đề nghị bổ sung số liệu lớp tập huấn và số cán bộ tham dự; số tham dự đang lớn hơn số được triệu tập."
)

func (f figures) values(scale float64) map[string]report.Value {
	n := func(x int64) report.Value { return report.Value{Int: int64(float64(x)*scale + 0.5), Set: true} }
	v := map[string]report.Value{
		"DOAN_THAM_TET": n(f.delegations), "DOAN_KIEM_TRA": n(f.inspections), "QUA_TANG": n(f.gifts), "KINH_PHI": n(f.money),
		"LOP_TAP_HUAN": n(f.courses), "HV_TRIEU_TAP": n(f.invited), "HV_THAM_DU": n(f.attended), "MO_HINH_DVK": n(f.models),
		"DON_THU": n(f.petitions), "DON_THU_GQ": n(f.resolved), "DOI_THOAI": n(f.dialogues),
		"KH_QCDC": {Int: 1, Set: true},
	}
	if p := v["DON_THU"].Int; p > 0 {
		v["TY_LE_GQ"] = report.Value{Float: float64(int(float64(v["DON_THU_GQ"].Int)/float64(p)*1000+0.5)) / 10, Set: true}
	}
	if f.highlight != "" && scale == 1 {
		v["NOI_BAT"] = report.Value{Text: f.highlight, Set: true}
	}
	return v
}

func narrative(unitName, quarter string, f figures) map[string]string {
	return map[string]string{
		"ket_qua": fmt.Sprintf("Trong %s, %s tiếp tục quán triệt, triển khai các chủ trương của Đảng, chính sách, pháp luật của Nhà nước về công tác dân vận; "+
			"thực hiện chủ đề \"Năm Dân vận chính quyền\" 2019. %s", quarter, unitName, f.highlight),
		"ton_tai":   "Công tác phối hợp có lúc chưa chặt chẽ; việc nhân rộng các mô hình \"Dân vận khéo\" còn chậm; một số báo cáo gửi chưa đúng hạn.",
		"nhiem_vu":  "Tiếp tục tuyên truyền, vận động nhân dân thực hiện tốt các chủ trương của Đảng, chính sách, pháp luật của Nhà nước; tăng cường nắm bắt tình hình cơ sở; tổ chức tập huấn nghiệp vụ cho cán bộ làm công tác dân vận.",
		"kien_nghi": "Đề nghị Ban Dân vận Tỉnh ủy tiếp tục mở các lớp tập huấn nghiệp vụ, hướng dẫn xây dựng và nhân rộng mô hình \"Dân vận khéo\".",
	}
}

// ReportStore is what the demo report loader writes to.
type ReportStore interface {
	CreateIndicator(ctx context.Context, ind *report.Indicator) error
	CreateTemplate(ctx context.Context, t *report.Template) error
	SaveReport(ctx context.Context, r *report.Report, base int, action string, keep *report.Version) error
	FindUnit(ctx context.Context, code string, at period.Date) (*org.Unit, error)
	SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error)
}

// loadReports writes the template and the reports of Q1/2018, Q4/2018 and
// Q1/2019 (the seed's quarter), each through its real workflow states.
func loadReports(ctx context.Context, db ReportStore) error {
	for _, ind := range append(slices.Clone(Indicators), exemplar.ReportIndicators()...) {
		if err := ind.Validate(); err != nil {
			return err
		}
		if err := db.CreateIndicator(ctx, &ind); err != nil {
			return err
		}
	}
	t := QuarterlyTemplate()
	if err := db.CreateTemplate(ctx, t); err != nil {
		return err
	}
	quarters := []struct {
		id    string
		scale float64
	}{{"2018Q1", 0.83}, {"2018Q4", 0.57}, {"2019Q1", 1}}
	for _, q := range quarters {
		p, err := period.ParseID(q.id, period.Decree09)
		if err != nil {
			return err
		}
		deadline := t.Deadline.Deadline(p)
		for i, f := range q1 {
			if q.id == "2019Q1" && f.unit == missingUnit {
				continue
			}
			u, err := db.FindUnit(ctx, f.unit, p.End)
			if err != nil {
				return fmt.Errorf("demo report unit %s: %w", f.unit, err)
			}
			k := report.Key{Template: t.Code, Period: p.ID, Unit: f.unit}
			// Submitted on the deadline's eve, a few hours apart; the late
			// one three days after the deadline.
			submitted := time.Date(deadline.Year(), deadline.Month(), deadline.Day(), 8, 0, 0, 0, period.Vietnam).Add(time.Duration(i*25)*time.Minute).AddDate(0, 0, -1)
			if q.id == "2019Q1" && f.unit == lateUnit {
				submitted = submitted.AddDate(0, 0, 4)
			}
			accepted := time.Date(deadline.Year(), deadline.Month(), deadline.Day(), 15, 0, 0, 0, period.Vietnam).AddDate(0, 0, 5)
			r := &report.Report{Key: k, UnitName: u.Label(), Status: report.StatusDraft, Values: f.values(q.scale),
				Comments: map[string]string{}, Narrative: narrative(u.Label(), p.Label(), f), UpdatedAt: submitted.Add(-2 * time.Hour).UTC(), UpdatedBy: "demo"}
			if err := db.SaveReport(ctx, r, 0, "report.save", nil); err != nil {
				return err
			}
			r.Status, r.SubmittedAt, r.OnTime, r.UpdatedAt = report.StatusSubmitted, submitted.UTC(), period.OnTime(submitted, deadline), submitted.UTC()
			if err := db.SaveReport(ctx, r, r.Version, "report.submit", &report.Version{At: submitted.UTC(), By: "demo"}); err != nil {
				return err
			}
			if q.id == "2019Q1" && f.unit == returnedUnit {
				r.Status, r.ReturnReason, r.UpdatedAt, r.UpdatedBy = report.StatusReturned, returnReason, accepted.UTC(), "chuyenvien"
				r.Values["HV_THAM_DU"] = report.Value{Int: r.Values["HV_TRIEU_TAP"].Int + 5, Set: true}
				if err := db.SaveReport(ctx, r, r.Version, "report.return", &report.Version{At: accepted.UTC(), By: "chuyenvien", Note: returnReason}); err != nil {
					return err
				}
				continue
			}
			r.Status, r.AcceptedAt, r.UpdatedAt, r.UpdatedBy = report.StatusAccepted, accepted.UTC(), accepted.UTC(), "chuyenvien"
			if err := db.SaveReport(ctx, r, r.Version, "report.accept", &report.Version{At: accepted.UTC(), By: "chuyenvien"}); err != nil {
				return err
			}
		}
	}
	return loadRestructured(ctx, db, t)
}

// loadRestructured files Q1/2025 (districts still in place) and Q1/2026
// (districts gone, communes filing, the commission merged) so the
// consolidation can be compared across the 2025 restructuring both ways.
func loadRestructured(ctx context.Context, db ReportStore, t *report.Template) error {
	for _, q := range []string{"2025Q1", "2026Q1"} {
		p, err := period.ParseID(q, period.Decree09)
		if err != nil {
			return err
		}
		units, err := db.SubtreeAt(ctx, Province, p.End)
		if err != nil {
			return err
		}
		deadline := t.Deadline.Deadline(p)
		n := 0
		for _, u := range units {
			if !t.MustFile(u, p.End) {
				continue
			}
			n++
			// Deterministic, plausible figures: bodies as in 2019 grown a
			// little; districts and communes by their position.
			f := figures{unit: u.Code, gifts: int64(300 + 37*n%400), money: int64(60+11*n%90) * 1_000_000, courses: 1, invited: 40, attended: 38,
				models: int64(n % 3), petitions: int64(5 + n%7), resolved: int64(5 + n%7 - n%2), dialogues: int64(1 + n%2)}
			for _, b := range q1 {
				if b.unit == u.Code {
					f = b
					f.highlight = ""
				}
			}
			if u.Kind == org.KindDistrict || u.Kind == org.KindCommune {
				f.delegations, f.inspections = 0, 0
			}
			submitted := time.Date(deadline.Year(), deadline.Month(), deadline.Day(), 9, 0, 0, 0, period.Vietnam).AddDate(0, 0, -1).Add(time.Duration(n) * time.Minute)
			accepted := submitted.AddDate(0, 0, 4)
			r := &report.Report{Key: report.Key{Template: t.Code, Period: p.ID, Unit: u.Code}, UnitName: u.Label(),
				Status: report.StatusAccepted, Values: f.values(1.08), Comments: map[string]string{},
				Narrative: narrative(u.Label(), p.Label(), f), SubmittedAt: submitted.UTC(), OnTime: true, AcceptedAt: accepted.UTC(),
				UpdatedAt: accepted.UTC(), UpdatedBy: "demo"}
			if err := db.SaveReport(ctx, r, 0, "report.accept", &report.Version{At: accepted.UTC(), By: "demo"}); err != nil {
				return fmt.Errorf("demo %s %s: %w", q, u.Code, err)
			}
		}
	}
	return nil
}

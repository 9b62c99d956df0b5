package exemplar_test

import (
	"context"
	"slices"
	"strings"
	"testing"

	"giaoban/internal/apptest"
	"giaoban/internal/auth"
	"giaoban/internal/demo"
	"giaoban/internal/exemplar"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/sqlstore"
)

// dvkTemplate stores the demo's catalogue and quarterly template, and the
// same template with the register's indicators added, which it returns.
func dvkTemplate(t *testing.T, db *sqlstore.DB) *report.Template {
	t.Helper()
	ctx := context.Background()
	for _, ind := range append(slices.Clone(demo.Indicators), exemplar.ReportIndicators()...) {
		if err := db.CreateIndicator(ctx, &ind); err != nil {
			t.Fatalf("indicator %s: %v", ind.Code, err)
		}
	}
	if err := db.CreateTemplate(ctx, demo.QuarterlyTemplate()); err != nil {
		t.Fatal(err)
	}
	tpl := demo.QuarterlyTemplate()
	tpl.Code, tpl.Name = "DVK-THU", "Báo cáo thử có chỉ tiêu Dân vận khéo"
	for _, ind := range exemplar.ReportIndicators() {
		tpl.Indicators = append(tpl.Indicators, ind.Code)
	}
	if err := db.CreateTemplate(ctx, tpl); err != nil {
		t.Fatal(err)
	}
	return tpl
}

func TestDerivedIndicators(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		s := newService(t, db)
		tpl := dvkTemplate(t, db)
		reports := &report.Service{Store: db, Units: db, Authz: &auth.Authorizer{Units: &org.Service{Store: db}}, Now: s.Now,
			Derived: &exemplar.Derived{Store: db, Units: db}}

		reg := func(a *auth.Actor, unit, name string, year int, kind exemplar.Kind, field exemplar.Field, on string) *exemplar.Model {
			t.Helper()
			m := &exemplar.Model{UnitCode: unit, Name: name, Kind: kind, Holder: exemplar.Collective, Field: field,
				Level: exemplar.LevelDistrict, Year: year, RegisteredOn: period.MustParse(on), Content: "Nội dung đăng ký."}
			if err := s.Register(ctx, a, m); err != nil {
				t.Fatalf("register %s: %v", name, err)
			}
			return m
		}
		walk := func(a *auth.Actor, m *exemplar.Model, steps ...exemplar.Step) {
			t.Helper()
			for _, st := range steps {
				st.Version = mustGet(t, s, m.ID).Version
				if _, err := s.Advance(ctx, a, m.ID, &st); err != nil {
					t.Fatalf("%s → %s: %v", m.Name, st.To, err)
				}
			}
		}
		day := period.MustParse
		// Huyện Cao Lộc and one of its communes; the Q1/2019 window ends
		// on 14/03/2019.
		reg(caoloc, demo.CaoLoc, "Dân vận khéo trong phát triển kinh tế hộ", 2019, exemplar.KindModel, exemplar.FieldEconomy, "2019-02-20")
		reg(caoloc, demo.CaoLoc, "Bí thư chi bộ gương mẫu", 2019, exemplar.KindExemplar, exemplar.FieldCultureSociety, "2019-03-01")
		reg(caoloc, demo.CaoLoc, "Chi bộ bốn tốt", 2019, exemplar.KindModel, exemplar.FieldPoliticalSystem, "2019-04-10")
		reg(chuyenvien, "06184", "Tự quản an ninh cửa khẩu", 2019, exemplar.KindModel, exemplar.FieldDefenceSecurity, "2019-01-05")
		// A 2018 model commended on 20/12/2018, inside the Decree 09 year
		// 2019 (15/12/2018–14/12/2019), and replicated in January 2019.
		old := reg(caoloc, demo.CaoLoc, "Đường giao thông nông thôn", 2018, exemplar.KindModel, exemplar.FieldEconomy, "2018-02-01")
		walk(caoloc, old,
			exemplar.Step{To: exemplar.StatusLaunched, On: day("2018-03-01")},
			exemplar.Step{To: exemplar.StatusActive, On: day("2018-03-02")},
			exemplar.Step{To: exemplar.StatusReviewed, On: day("2018-11-30"), Result: exemplar.ReviewGood},
			exemplar.Step{To: exemplar.StatusCommended, On: day("2018-12-20"), CommendLevel: exemplar.LevelProvince, Award: "Bằng khen", DecisionNumber: "Số: 2315/QĐ-UBND"},
			exemplar.Step{To: exemplar.StatusReplicated, On: day("2019-01-20"), Units: []string{"06187"}})
		// The MTTQ: one model, not Cao Lộc's.
		reg(mttq, demo.Front, "Khu dân cư đoàn kết", 2019, exemplar.KindModel, exemplar.FieldEconomy, "2019-02-01")

		values := func(a *auth.Actor, periodID, unit string) (map[string]int64, *report.Report) {
			t.Helper()
			c, err := reports.Get(ctx, a, report.Key{Template: tpl.Code, Period: periodID, Unit: unit})
			if err != nil {
				t.Fatal(err)
			}
			out := map[string]int64{}
			for _, ind := range exemplar.ReportIndicators() {
				v := c.Report.Values[ind.Code]
				if !v.Set {
					t.Errorf("%s %s: %s not filled", periodID, unit, ind.Code)
				}
				if _, ok := c.Derived[ind.Code]; ok != c.Report.Status.Editable() {
					t.Errorf("%s %s: %s in Context.Derived: %v", periodID, unit, ind.Code, ok)
				}
				out[ind.Code] = v.Int
			}
			return out, c.Report
		}
		check := func(name string, got map[string]int64, want map[string]int64) {
			t.Helper()
			for code, w := range want {
				if got[code] != w {
					t.Errorf("%s: %s = %d, want %d", name, code, got[code], w)
				}
			}
		}
		q1, rep := values(caoloc, "2019Q1", demo.CaoLoc)
		check("Cao Lộc Q1/2019", q1, map[string]int64{exemplar.CodeModels: 2, exemplar.CodeExemplars: 1, exemplar.CodeEconomy: 1,
			exemplar.CodeCultureSociety: 1, exemplar.CodeDefenceSecurity: 1, exemplar.CodePoliticalSystem: 0,
			exemplar.CodeCommended: 1, exemplar.CodeReplicated: 1})
		if note := rep.Comments[exemplar.CodeModels]; !strings.Contains(note, "Tự động từ sổ theo dõi “Dân vận khéo”") || !strings.Contains(note, "14/03/2019") {
			t.Errorf("note: %q", note)
		}
		q2, _ := values(caoloc, "2019Q2", demo.CaoLoc)
		check("Cao Lộc Q2/2019", q2, map[string]int64{exemplar.CodeModels: 3, exemplar.CodePoliticalSystem: 1, exemplar.CodeCommended: 1})
		front, _ := values(chuyenvien, "2019Q1", demo.Front)
		check("MTTQ Q1/2019", front, map[string]int64{exemplar.CodeModels: 1, exemplar.CodeExemplars: 0, exemplar.CodeEconomy: 1, exemplar.CodeCommended: 0})

		// A save cannot put another number in; the note is kept.
		k := report.Key{Template: tpl.Code, Period: "2019Q1", Unit: demo.CaoLoc}
		saved, err := reports.Save(ctx, caoloc, k, &report.Draft{Values: map[string]report.Value{
			exemplar.CodeModels: {Int: 99, Set: true}, "QUA_TANG": {Int: 5, Set: true}, "KH_QCDC": {Int: 1, Set: true}},
			Comments: map[string]string{exemplar.CodeModels: "tự nhập"}})
		if err != nil {
			t.Fatal(err)
		}
		stored, err := db.FindReport(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		for _, r := range []*report.Report{saved, stored} {
			if r.Values[exemplar.CodeModels].Int != 2 || r.Values["QUA_TANG"].Int != 5 || r.Values[exemplar.CodeCommended].Int != 1 ||
				!strings.HasPrefix(r.Comments[exemplar.CodeModels], "Tự động") {
				t.Errorf("saved: %v %v", r.Values, r.Comments)
			}
		}
		// Submitting takes the figures of the moment; an accepted report
		// keeps them.
		reg(caoloc, demo.CaoLoc, "Mô hình đăng ký sau khi lưu", 2019, exemplar.KindModel, exemplar.FieldEconomy, "2019-03-05")
		sub, err := reports.Submit(ctx, caoloc, k)
		if err != nil {
			t.Fatal(err)
		}
		if sub.Values[exemplar.CodeModels].Int != 3 || sub.Values[exemplar.CodeEconomy].Int != 2 {
			t.Errorf("submitted: %v", sub.Values)
		}
		if _, err := reports.Accept(ctx, chuyenvien, k); err != nil {
			t.Fatal(err)
		}
		reg(caoloc, demo.CaoLoc, "Mô hình đăng ký sau khi tiếp nhận", 2019, exemplar.KindModel, exemplar.FieldEconomy, "2019-03-06")
		after, _ := values(caoloc, "2019Q1", demo.CaoLoc)
		check("accepted report", after, map[string]int64{exemplar.CodeModels: 3})

		// The demo template carries the codes too: its open Q2 report is
		// filled from the register; a service without a provider leaves
		// reports untouched.
		c, err := reports.Get(ctx, caoloc, report.Key{Template: demo.Template, Period: "2019Q2", Unit: demo.CaoLoc})
		if err != nil {
			t.Fatal(err)
		}
		if v, ok := c.Report.Values[exemplar.CodeModels]; !ok || !v.Set || v.Int < 3 {
			t.Errorf("demo template Q2: %v", c.Report.Values)
		}
		plain := *reports
		plain.Derived = nil
		c, err = plain.Get(ctx, caoloc, report.Key{Template: tpl.Code, Period: "2019Q2", Unit: demo.CaoLoc})
		if err != nil {
			t.Fatal(err)
		}
		if _, ok := c.Report.Values[exemplar.CodeModels]; ok {
			t.Errorf("without a provider: %v", c.Report.Values)
		}
	})
}

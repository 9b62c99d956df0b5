package exemplar_test

import (
	"context"
	"strconv"
	"strings"
	"testing"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/apptest"
	"giaoban/internal/audit"
	"giaoban/internal/auth"
	"giaoban/internal/demo"
	"giaoban/internal/exemplar"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
)

var (
	mttq       = &auth.Actor{Username: "mttq", UnitCode: demo.Front, Roles: []auth.Role{auth.RoleReporter}}
	caoloc     = &auth.Actor{Username: "caoloc", UnitCode: demo.CaoLoc, Roles: []auth.Role{auth.RoleReporter}}
	chuyenvien = &auth.Actor{Username: "chuyenvien", UnitCode: demo.MergedCommission, Roles: []auth.Role{auth.RoleCommission}}
	lanhdao    = &auth.Actor{Username: "lanhdao", UnitCode: demo.Province, Roles: []auth.Role{auth.RoleLeader}}
	bientap    = &auth.Actor{Username: "bientap", UnitCode: demo.MergedCommission, Roles: []auth.Role{auth.RoleEditor}}
	admin      = &auth.Actor{Username: "admin", Roles: []auth.Role{auth.RoleAdmin}}
)

// newService loads the demo's units (only them: the demo's own models
// would change the counts) into db and returns the register's service,
// its clock at apptest.Clock (25/11/2026).
func newService(t *testing.T, db *sqlstore.DB) *exemplar.Service {
	t.Helper()
	now := func() time.Time { return apptest.Clock }
	db.Now = now
	imp, err := demo.Units()
	if err != nil {
		t.Fatal(err)
	}
	if err := db.ImportUnits(context.Background(), imp); err != nil {
		t.Fatalf("import demo units: %v", err)
	}
	return &exemplar.Service{Store: db, Units: db, Authz: &auth.Authorizer{Units: &org.Service{Store: db}}, Now: now}
}

// model2019 is a valid 2019 registration of unit.
func model2019(unit, name string) *exemplar.Model {
	return &exemplar.Model{UnitCode: unit, Name: name, Kind: exemplar.KindModel, Holder: exemplar.Collective,
		Field: exemplar.FieldEconomy, Level: exemplar.LevelProvince, Year: 2019, RegisteredOn: period.MustParse("2019-02-20"),
		Content: "Vận động hội viên chuyển đổi cơ cấu cây trồng, liên kết tiêu thụ hồi, quế.", Goals: "100% hội viên tham gia."}
}

func must(t *testing.T, err error) {
	t.Helper()
	if err != nil {
		t.Fatal(err)
	}
}

func TestCheckMessages(t *testing.T) {
	today := period.MustParse("2026-11-25")
	valid := func() *exemplar.Model {
		m := model2019(demo.Front, "Dân vận khéo trong xây dựng nông thôn mới")
		m.Clean()
		return m
	}
	tests := []struct {
		name   string
		change func(m *exemplar.Model)
		field  string
		want   string
	}{
		{"no unit", func(m *exemplar.Model) { m.UnitCode = "" }, "unit", "Cần chọn đơn vị đăng ký."},
		{"no name", func(m *exemplar.Model) { m.Name = "" }, "name", "Cần tên mô hình, điển hình."},
		{"bad kind", func(m *exemplar.Model) { m.Kind = "x" }, "kind", "Chọn mô hình hoặc điển hình."},
		{"bad holder", func(m *exemplar.Model) { m.Holder = "" }, "holder", "Chọn tập thể hoặc cá nhân."},
		{"bad field", func(m *exemplar.Model) { m.Field = "sport" }, "field", "Chọn lĩnh vực: kinh tế; văn hóa – xã hội; quốc phòng – an ninh; xây dựng hệ thống chính trị."},
		{"year too early", func(m *exemplar.Model) { m.Year = 2009 }, "year", "Năm đăng ký phải từ 2016 đến 2027."},
		{"future day", func(m *exemplar.Model) { m.RegisteredOn = period.MustParse("2026-12-01") }, "registered_on", "Ngày đăng ký không được sau hôm nay."},
		{"day of another year", func(m *exemplar.Model) { m.RegisteredOn = period.MustParse("2020-01-05") }, "registered_on", "Đăng ký cho năm 2019 phải làm trong năm 2019 hoặc cuối năm 2018."},
		{"phase of another year", func(m *exemplar.Model) { m.Phase = "2021-2025" }, "phase", "Năm 2019 thuộc giai đoạn 2016–2020, không thuộc giai đoạn 2021–2025."},
		{"no content", func(m *exemplar.Model) { m.Content = "" }, "content", "Cần nội dung đăng ký: việc làm cụ thể, cách làm, địa bàn, đối tượng."},
		{"bad level", func(m *exemplar.Model) { m.Level = "hamlet" }, "level", "Chọn cấp: cấp tỉnh, cấp huyện, cấp xã hoặc cơ quan, đơn vị."},
		{"district in 2026", func(m *exemplar.Model) {
			m.Year, m.Level, m.RegisteredOn = 2026, exemplar.LevelDistrict, period.MustParse("2026-01-10")
		}, "level", "Từ ngày 01/07/2025 không còn cấp huyện; chọn cấp tỉnh, cấp xã hoặc cơ quan, đơn vị."},
		{"district registered after the reform", func(m *exemplar.Model) {
			m.Year, m.Level, m.RegisteredOn = 2025, exemplar.LevelDistrict, period.MustParse("2025-07-01")
		}, "level", "Từ ngày 01/07/2025 không còn cấp huyện; chọn cấp tỉnh, cấp xã hoặc cơ quan, đơn vị."},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			m := valid()
			tt.change(m)
			f := m.Check(today)
			if got := f[tt.field]; got != tt.want {
				t.Errorf("%s: got %q, want %q (all: %v)", tt.field, got, tt.want, f)
			}
		})
	}
	t.Run("valid", func(t *testing.T) {
		m := valid()
		if f := m.Check(today); f != nil {
			t.Fatalf("got %v, want no errors", f)
		}
		if m.Phase != "2016-2020" {
			t.Errorf("phase: got %q, want 2016-2020", m.Phase)
		}
	})
	t.Run("district before the reform", func(t *testing.T) {
		m := valid()
		m.Year, m.Level, m.RegisteredOn = 2025, exemplar.LevelDistrict, period.MustParse("2025-01-15")
		if f := m.Check(today); f != nil {
			t.Fatalf("got %v, want no errors", f)
		}
	})
}

func TestRegisterScope(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		s := newService(t, db)
		tests := []struct {
			name  string
			actor *auth.Actor
			unit  string
			want  string // error code, "" for success
		}{
			{"reporter, own unit", mttq, demo.Front, ""},
			{"reporter, another unit", mttq, demo.Farmers, apperr.EFORBIDDEN},
			{"district reporter, a province body", caoloc, demo.Front, apperr.EFORBIDDEN},
			{"commission, a body in scope", chuyenvien, demo.Farmers, ""},
			{"commission, a 2019 district", chuyenvien, demo.CaoLoc, ""},
			{"leader", lanhdao, demo.Front, apperr.EFORBIDDEN},
			{"editor", bientap, demo.Front, apperr.EFORBIDDEN},
			{"anonymous", nil, demo.Front, apperr.EUNAUTHORIZED},
			{"admin", admin, demo.Women, ""},
		}
		for i, tt := range tests {
			m := model2019(tt.unit, "Mô hình thử "+string(rune('A'+i)))
			err := s.Register(ctx, tt.actor, m)
			if got := apperr.Code(err); got != tt.want {
				t.Errorf("%s: got %q (%v), want %q", tt.name, got, err, tt.want)
			}
			if tt.want == "" && (m.ID == 0 || m.Version != 1 || m.Status != exemplar.StatusRegistered) {
				t.Errorf("%s: stored as %+v", tt.name, m)
			}
		}

		// The same name twice for one unit and year is a conflict, in any
		// tone placement.
		err := s.Register(ctx, mttq, model2019(demo.Front, "Mô hình thử a"))
		if !apperr.Is(err, apperr.ECONFLICT) || apperr.FieldsOf(err)["name"] == "" {
			t.Errorf("duplicate: got %v, want ECONFLICT on name", err)
		}
		// A unit that did not exist on the registration day.
		m := model2019(demo.MergedCommission, "Trước khi hợp nhất")
		err = s.Register(ctx, admin, m)
		if got := apperr.FieldsOf(err)["unit"]; got != "Đơn vị 20-BTGDV không tồn tại vào ngày 20/02/2019." {
			t.Errorf("unit before it existed: got %q (%v)", got, err)
		}

		// Reading: the owner, the commission, the leader and the admin; not
		// another reporter nor the editor.
		var own exemplar.Model
		if l, err := s.List(ctx, mttq, exemplar.Query{}); err != nil || len(l.Models) != 1 {
			t.Fatalf("mttq list: %v, %+v", err, l)
		} else {
			own = l.Models[0]
		}
		for _, a := range []*auth.Actor{mttq, chuyenvien, lanhdao, admin} {
			if _, err := s.Get(ctx, a, own.ID); err != nil {
				t.Errorf("%s reads the MTTQ model: %v", a.Username, err)
			}
		}
		for _, a := range []*auth.Actor{caoloc, bientap} {
			if _, err := s.Get(ctx, a, own.ID); !apperr.Is(err, apperr.EFORBIDDEN) {
				t.Errorf("%s reads the MTTQ model: got %v, want EFORBIDDEN", a.Username, err)
			}
		}
		if _, err := s.List(ctx, bientap, exemplar.Query{}); !apperr.Is(err, apperr.EFORBIDDEN) {
			t.Errorf("editor lists: got %v, want EFORBIDDEN", err)
		}
		if _, err := s.List(ctx, caoloc, exemplar.Query{Unit: demo.Front}); !apperr.Is(err, apperr.EFORBIDDEN) {
			t.Errorf("caoloc lists MTTQ: got %v, want EFORBIDDEN", err)
		}
		l, err := s.List(ctx, chuyenvien, exemplar.Query{Year: 2019})
		if err != nil || len(l.Models) != 4 {
			t.Errorf("commission list 2019: %v, %d models, want 4", err, len(l.Models))
		}
		l, err = s.List(ctx, caoloc, exemplar.Query{})
		if err != nil || len(l.Models) != 1 || l.Models[0].UnitCode != demo.CaoLoc {
			t.Errorf("caoloc list: %v, %+v", err, l.Models)
		}
	})
}

func TestLifecycle(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := audit.WithWho(context.Background(), audit.Who{Actor: "mttq"})
		s := newService(t, db)
		m := model2019(demo.Front, "Mặt trận với đồng bào dân tộc thiểu số")
		must(t, s.Register(ctx, mttq, m))
		day := func(d string) period.Date { return period.MustParse(d) }
		step := func(a *auth.Actor, st exemplar.Step) (*exemplar.Model, error) {
			if st.Version == 0 {
				st.Version = mustGet(t, s, m.ID).Version
			}
			return s.Advance(ctx, a, m.ID, &st)
		}
		wantCode := func(name string, err error, code string) {
			t.Helper()
			if got := apperr.Code(err); got != code {
				t.Errorf("%s: got %q (%v), want %q", name, got, err, code)
			}
		}
		wantField := func(name string, err error, field, msg string) {
			t.Helper()
			if got := apperr.FieldsOf(err)[field]; got != msg {
				t.Errorf("%s: %s: got %q (%v), want %q", name, field, got, err, msg)
			}
		}

		_, err := step(mttq, exemplar.Step{To: exemplar.StatusActive, On: day("2019-03-01")})
		wantCode("skip launch", err, apperr.ECONFLICT)
		if apperr.Message(err) != "Chưa thể chuyển sang “Đang thực hiện”: bước tiếp theo là “Ra mắt, triển khai”." {
			t.Errorf("skip message: %q", apperr.Message(err))
		}
		_, err = step(caoloc, exemplar.Step{To: exemplar.StatusLaunched, On: day("2019-03-01")})
		wantCode("another unit's reporter", err, apperr.EFORBIDDEN)
		_, err = step(mttq, exemplar.Step{To: exemplar.StatusLaunched, On: day("2019-03-01"), Version: 7})
		wantCode("stale version", err, apperr.ECONFLICT)
		_, err = step(mttq, exemplar.Step{To: exemplar.StatusLaunched, On: day("2019-01-01")})
		wantField("before registration", err, "on", "Ngày không được trước bước trước (20/02/2019).")
		_, err = step(mttq, exemplar.Step{To: exemplar.StatusLaunched})
		wantField("no day", err, "on", "Cần ngày thực hiện.")

		if _, err := step(mttq, exemplar.Step{To: exemplar.StatusLaunched, On: day("2019-03-01"), Note: "Ra mắt tại xã Cao Lâu"}); err != nil {
			t.Fatal(err)
		}
		_, err = step(mttq, exemplar.Step{To: exemplar.StatusRegistered, On: day("2019-03-02")})
		wantCode("back to registered", err, apperr.ECONFLICT)
		if apperr.Message(err) != "Mô hình đã ở bước “Đã ra mắt”; không quay lại bước trước." {
			t.Errorf("back message: %q", apperr.Message(err))
		}
		_, err = step(mttq, exemplar.Step{To: exemplar.StatusLaunched, On: day("2019-03-02")})
		wantCode("launch twice", err, apperr.ECONFLICT)
		must(t, func() error {
			_, err := step(chuyenvien, exemplar.Step{To: exemplar.StatusActive, On: day("2019-04-01")})
			return err
		}())

		_, err = step(mttq, exemplar.Step{To: exemplar.StatusReviewed, On: day("2019-11-30")})
		wantField("review without result", err, "result", "Chọn kết quả đánh giá: tốt, hiệu quả hoặc yếu, chưa hiệu quả.")
		must(t, func() error {
			_, err := step(mttq, exemplar.Step{To: exemplar.StatusReviewed, On: day("2019-11-30"), Result: exemplar.ReviewGood})
			return err
		}())

		_, err = step(chuyenvien, exemplar.Step{To: exemplar.StatusCommended, On: day("2019-12-20")})
		wantField("commend without level", err, "commend_level", "Chọn cấp khen thưởng.")
		wantField("commend without award", err, "award", "Cần hình thức khen thưởng (ví dụ: Bằng khen của Chủ tịch UBND tỉnh).")
		wantField("commend without decision", err, "decision_number", "Cần số quyết định khen thưởng (ví dụ: Số: 15/QĐ-UBND).")
		got, err := step(chuyenvien, exemplar.Step{To: exemplar.StatusCommended, On: day("2019-12-20"), CommendLevel: exemplar.LevelProvince,
			Award: "Bằng khen của Chủ tịch UBND tỉnh", DecisionNumber: "số  2315/QĐ-UBND"})
		if err != nil {
			t.Fatal(err)
		}
		if got.DecisionNumber != "Số: 2315/QĐ-UBND" || got.Status != exemplar.StatusCommended || got.Version != 5 {
			t.Errorf("commended: number %q, status %s, version %d", got.DecisionNumber, got.Status, got.Version)
		}

		_, err = step(mttq, exemplar.Step{To: exemplar.StatusReplicated, On: day("2020-03-01")})
		wantField("replicate nowhere", err, "units", "Chọn ít nhất một đơn vị được nhân rộng.")
		_, err = step(mttq, exemplar.Step{To: exemplar.StatusReplicated, On: day("2020-03-01"), Units: []string{demo.Front}})
		wantField("replicate to itself", err, "units", "Đơn vị nhân rộng phải khác đơn vị đăng ký.")
		_, err = step(mttq, exemplar.Step{To: exemplar.StatusReplicated, On: day("2020-03-01"), Units: []string{"01"}})
		wantField("replicate outside", err, "units", "Đơn vị 01 không thuộc phạm vi nhân rộng của Ủy ban MTTQ Việt Nam tỉnh vào ngày 01/03/2020.")
		got, err = step(mttq, exemplar.Step{To: exemplar.StatusReplicated, On: day("2020-03-01"), Units: []string{demo.CaoLoc, "06184", demo.CaoLoc}})
		if err != nil {
			t.Fatal(err)
		}
		if len(got.ReplicatedTo) != 2 || got.Status != exemplar.StatusReplicated {
			t.Errorf("replicated: %+v", got.ReplicatedTo)
		}
		// Replication may be recorded again, to more units; never back.
		got, err = step(mttq, exemplar.Step{To: exemplar.StatusReplicated, On: day("2020-06-01"), Units: []string{"178"}})
		if err != nil || len(got.ReplicatedTo) != 3 {
			t.Fatalf("replicate again: %v, %v", err, got)
		}
		_, err = step(mttq, exemplar.Step{To: exemplar.StatusCommended, On: day("2020-06-02")})
		wantCode("back to commended", err, apperr.ECONFLICT)

		final, err := s.Get(ctx, lanhdao, m.ID)
		if err != nil {
			t.Fatal(err)
		}
		var statuses []string
		for _, e := range final.Events {
			statuses = append(statuses, string(e.Status))
		}
		if got, want := strings.Join(statuses, " "), "registered launched active reviewed commended replicated replicated"; got != want {
			t.Errorf("history: got %s, want %s", got, want)
		}
		if final.Events[1].Note != "Ra mắt tại xã Cao Lâu" || final.Events[4].Detail != "Bằng khen của Chủ tịch UBND tỉnh (khen thưởng cấp tỉnh), quyết định Số: 2315/QĐ-UBND." {
			t.Errorf("events: %+v", final.Events)
		}
		if !strings.HasPrefix(final.Events[5].Detail, "Nhân rộng đến: Huyện Cao Lộc; Thị trấn Đồng Đăng") {
			t.Errorf("replication detail: %q", final.Events[5].Detail)
		}
		entries, _, err := db.ListAudit(ctx, audit.Filter{Entity: "exemplar", EntityID: strconv.FormatInt(m.ID, 10)})
		if err != nil {
			t.Fatal(err)
		}
		if len(entries) != 7 {
			t.Errorf("audit entries: got %d, want 7", len(entries))
		}

		// A weak model stops at its review.
		w := model2019(demo.Front, "Mô hình chưa hiệu quả")
		must(t, s.Register(ctx, mttq, w))
		for _, st := range []exemplar.Step{{To: exemplar.StatusLaunched, On: day("2019-03-01")}, {To: exemplar.StatusActive, On: day("2019-03-02")},
			{To: exemplar.StatusReviewed, On: day("2019-11-30"), Result: exemplar.ReviewWeak}} {
			st.Version = mustGet(t, s, w.ID).Version
			if _, err := s.Advance(ctx, mttq, w.ID, &st); err != nil {
				t.Fatal(err)
			}
		}
		st := exemplar.Step{To: exemplar.StatusCommended, On: day("2019-12-20"), CommendLevel: exemplar.LevelProvince, Award: "Giấy khen",
			DecisionNumber: "QĐ khen thưởng cuối năm", Version: mustGet(t, s, w.ID).Version}
		_, err = s.Advance(ctx, chuyenvien, w.ID, &st)
		wantCode("commend a weak model", err, apperr.ECONFLICT)
	})
}

func mustGet(t *testing.T, s *exemplar.Service, id int64) *exemplar.Model {
	t.Helper()
	m, err := s.Get(context.Background(), admin, id)
	if err != nil {
		t.Fatal(err)
	}
	return m
}

func TestStats(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		s := newService(t, db)
		reg := func(unit, name string, year int, kind exemplar.Kind, field exemplar.Field, level exemplar.Level, on string) *exemplar.Model {
			t.Helper()
			m := &exemplar.Model{UnitCode: unit, Name: name, Kind: kind, Holder: exemplar.Collective, Field: field, Level: level,
				Year: year, RegisteredOn: period.MustParse(on), Content: "Nội dung."}
			must(t, s.Register(ctx, admin, m))
			return m
		}
		a := reg(demo.Front, "Khu dân cư đoàn kết", 2019, exemplar.KindModel, exemplar.FieldEconomy, exemplar.LevelProvince, "2019-02-01")
		reg(demo.Front, "Gương sáng bản làng", 2019, exemplar.KindExemplar, exemplar.FieldCultureSociety, exemplar.LevelProvince, "2019-02-02")
		reg(demo.CaoLoc, "Tự quản đường biên", 2019, exemplar.KindModel, exemplar.FieldDefenceSecurity, exemplar.LevelDistrict, "2019-02-03")
		reg("06184", "Chi bộ bốn tốt", 2019, exemplar.KindModel, exemplar.FieldPoliticalSystem, exemplar.LevelCommune, "2019-02-04")
		reg(demo.Farmers, "Chi hội nghề nghiệp", 2019, exemplar.KindModel, exemplar.FieldEconomy, exemplar.LevelAgency, "2019-02-05")
		reg("05977", "Phường văn minh", 2026, exemplar.KindModel, exemplar.FieldCultureSociety, exemplar.LevelCommune, "2026-01-10")
		st := exemplar.Step{To: exemplar.StatusLaunched, On: period.MustParse("2019-03-01"), Version: 1}
		if _, err := s.Advance(ctx, admin, a.ID, &st); err != nil {
			t.Fatal(err)
		}

		totals := func(bs []exemplar.Bucket) map[string]int {
			m := map[string]int{}
			for _, b := range bs {
				if b.Total > 0 {
					m[b.Key] = b.Total
				}
			}
			return m
		}
		eq := func(name string, got, want map[string]int) {
			t.Helper()
			if len(got) != len(want) {
				t.Errorf("%s: got %v, want %v", name, got, want)
				return
			}
			for k, v := range want {
				if got[k] != v {
					t.Errorf("%s: got %v, want %v", name, got, want)
					return
				}
			}
		}
		all, err := s.Stats(ctx, chuyenvien, exemplar.Query{})
		if err != nil {
			t.Fatal(err)
		}
		if all.Total.Total != 6 || all.Total.Models != 5 || all.Total.Exemplars != 1 {
			t.Errorf("total: %+v", all.Total)
		}
		eq("by field", totals(all.ByField), map[string]int{"economy": 2, "culture_society": 2, "defence_security": 1, "political_system": 1})
		eq("by level", totals(all.ByLevel), map[string]int{"province": 2, "district": 1, "commune": 2, "agency": 1})
		eq("by status", totals(all.ByStatus), map[string]int{"registered": 5, "launched": 1})
		eq("by year", totals(all.ByYear), map[string]int{"2019": 5, "2026": 1})
		// By unit: the province's direct subunits then and now; a commune
		// counts under its 2019 district.
		eq("by unit", totals(all.ByUnit), map[string]int{demo.Front: 2, demo.CaoLoc: 2, demo.Farmers: 1, "05977": 1})
		if got := all.ByField[0].ByField[0]; got != 2 {
			t.Errorf("economy × economy: %d", got)
		}

		district, err := s.Stats(ctx, lanhdao, exemplar.Query{Unit: demo.CaoLoc, Year: 2019})
		if err != nil {
			t.Fatal(err)
		}
		eq("Cao Lộc by unit", totals(district.ByUnit), map[string]int{demo.CaoLoc: 1, "06184": 1})
		if district.Scope.Groups[0].Code != demo.CaoLoc {
			t.Errorf("Cao Lộc first: %+v", district.Scope.Groups[:2])
		}
		economy, err := s.Stats(ctx, chuyenvien, exemplar.Query{Year: 2019, Field: exemplar.FieldEconomy})
		if err != nil || economy.Total.Total != 2 {
			t.Errorf("2019 economy: %v %+v", err, economy)
		}
		for _, tt := range []struct {
			a    *auth.Actor
			want int
		}{{mttq, 2}, {caoloc, 2}, {lanhdao, 6}, {admin, 6}} {
			st, err := s.Stats(ctx, tt.a, exemplar.Query{})
			if err != nil || st.Total.Total != tt.want {
				t.Errorf("%s: %v, total %+v, want %d", tt.a.Username, err, st, tt.want)
			}
		}
		if _, err := s.Stats(ctx, bientap, exemplar.Query{}); !apperr.Is(err, apperr.EFORBIDDEN) {
			t.Errorf("editor: got %v, want EFORBIDDEN", err)
		}
		if _, err := s.Stats(ctx, chuyenvien, exemplar.Query{Field: "sport"}); apperr.FieldsOf(err)["field"] == "" {
			t.Errorf("bad field: %v", err)
		}
	})
}

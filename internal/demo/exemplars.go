package demo

import (
	"context"
	"fmt"
	"time"

	"giaoban/internal/auth"
	"giaoban/internal/exemplar"
	"giaoban/internal/org"
	"giaoban/internal/period"
)

// ExemplarStore is what the demo's Dân vận khéo register writes to.
type ExemplarStore interface {
	exemplar.Store
	exemplar.Units
	org.Store
}

// demoModel is one 2019 registration with the steps it went through.
type demoModel struct {
	m     exemplar.Model
	steps []exemplar.Step
}

// loadExemplars registers the 2019 "Dân vận khéo" models and exemplars of
// the demo units, each through its real lifecycle steps; their counts feed
// the DVK_* indicators of every report still open.
func loadExemplars(ctx context.Context, db ExemplarStore, now period.Date) error {
	svc := &exemplar.Service{Store: db, Units: db, Authz: &auth.Authorizer{Units: &org.Service{Store: db}},
		Now: func() time.Time { return now.Time() }}
	sys := &auth.Actor{Username: "system", Roles: []auth.Role{auth.RoleAdmin}}
	d := period.MustParse
	models := []demoModel{
		{exemplar.Model{UnitCode: CaoLoc, Name: "Dân vận khéo trong dồn điền, đổi thửa, xây dựng nông thôn mới", Kind: exemplar.KindModel,
			Holder: exemplar.Collective, Field: exemplar.FieldEconomy, Level: exemplar.LevelDistrict, Year: 2019, RegisteredOn: d("2019-02-18"),
			Content: "Cán bộ, đảng viên gương mẫu đi đầu, vận động hộ dân dồn điền, đổi thửa, hiến đất làm đường giao thông nội đồng."},
			[]exemplar.Step{{To: exemplar.StatusLaunched, On: d("2019-03-08")}, {To: exemplar.StatusActive, On: d("2019-04-01")},
				{To: exemplar.StatusReviewed, On: d("2019-11-28"), Result: exemplar.ReviewGood},
				{To: exemplar.StatusCommended, On: d("2019-12-20"), CommendLevel: exemplar.LevelProvince, Award: "Bằng khen của Chủ tịch UBND tỉnh", DecisionNumber: "Số: 2315/QĐ-UBND"}}},
		{exemplar.Model{UnitCode: Government, Name: "Dân vận chính quyền: giải quyết thủ tục hành chính “một cửa” đúng hẹn, không phiền hà", Kind: exemplar.KindModel,
			Holder: exemplar.Collective, Field: exemplar.FieldPoliticalSystem, Level: exemplar.LevelProvince, Year: 2019, RegisteredOn: d("2019-01-22"),
			Content: "Công khai thủ tục, thời hạn giải quyết; xin lỗi người dân khi trễ hẹn; khảo sát mức độ hài lòng hằng quý."},
			[]exemplar.Step{{To: exemplar.StatusLaunched, On: d("2019-02-15")}, {To: exemplar.StatusActive, On: d("2019-03-01")}}},
		{exemplar.Model{UnitCode: Farmers, Name: "Chi hội nông dân nghề nghiệp trồng hồi, quế", Kind: exemplar.KindModel,
			Holder: exemplar.Collective, Field: exemplar.FieldEconomy, Level: exemplar.LevelAgency, Year: 2019, RegisteredOn: d("2019-02-25"),
			Content: "Liên kết hộ trồng hồi, quế theo chuỗi giá trị, chia sẻ kỹ thuật và đầu ra sản phẩm."},
			[]exemplar.Step{{To: exemplar.StatusLaunched, On: d("2019-03-20")}}},
		{exemplar.Model{UnitCode: Front, Name: "Vận động Nhân dân hiến đất, góp công làm đường giao thông nông thôn", Kind: exemplar.KindModel,
			Holder: exemplar.Collective, Field: exemplar.FieldEconomy, Level: exemplar.LevelProvince, Year: 2019, RegisteredOn: d("2019-03-05"),
			Content: "Mặt trận các cấp vận động nhân dân hiến đất, góp ngày công; công khai, dân chủ trong triển khai."}, nil},
		{exemplar.Model{UnitCode: BorderGuard, Name: "Đồn Biên phòng cùng già làng, trưởng bản tự quản đường biên, cột mốc", Kind: exemplar.KindModel,
			Holder: exemplar.Collective, Field: exemplar.FieldDefenceSecurity, Level: exemplar.LevelAgency, Year: 2019, RegisteredOn: d("2019-01-30"),
			Content: "Mỗi bản nhận tự quản một đoạn đường biên, cột mốc; tuần tra song phương cùng Đồn Biên phòng."},
			[]exemplar.Step{{To: exemplar.StatusLaunched, On: d("2019-02-20")}, {To: exemplar.StatusActive, On: d("2019-03-10")}}},
		{exemplar.Model{UnitCode: Women, Name: "Phụ nữ tham gia xóa bỏ hủ tục trong cưới hỏi, tang ma", Kind: exemplar.KindModel,
			Holder: exemplar.Collective, Field: exemplar.FieldCultureSociety, Level: exemplar.LevelAgency, Year: 2019, RegisteredOn: d("2019-03-12"),
			Content: "Tuyên truyền, vận động hội viên tổ chức cưới hỏi, tang ma văn minh, tiết kiệm."}, nil},
		{exemplar.Model{UnitCode: Police, Name: "Trưởng Công an xã bám dân, bám địa bàn vùng biên giới", Kind: exemplar.KindExemplar,
			Holder: exemplar.Individual, Field: exemplar.FieldDefenceSecurity, Level: exemplar.LevelAgency, Year: 2019, RegisteredOn: d("2019-02-28"),
			Content: "Nắm chắc tình hình từng hộ, giải quyết kịp thời mâu thuẫn trong nhân dân ngay tại cơ sở."}, nil},
	}
	for _, dm := range models {
		m := dm.m
		if err := svc.Register(ctx, sys, &m); err != nil {
			return fmt.Errorf("model %q: %w", m.Name, err)
		}
		for _, st := range dm.steps {
			st.Version = m.Version
			got, err := svc.Advance(ctx, sys, m.ID, &st)
			if err != nil {
				return fmt.Errorf("model %q, step %s: %w", m.Name, st.To, err)
			}
			m = *got
		}
	}
	return nil
}

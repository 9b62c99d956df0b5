package newsdraft

import (
	"strings"
	"testing"
	"time"

	"giaoban/internal/conference"
	"giaoban/internal/report"
	"giaoban/internal/vntext"
)

// seedInput is the conference of 28/3/2019 as the seed article tells it.
func seedInput() Input {
	c := &conference.Conference{
		Title:      "Hội nghị giao ban công tác dân vận quý I, triển khai nhiệm vụ quý II năm 2019",
		StartsAt:   time.Date(2019, 3, 28, 8, 0, 0, 0, vietnam),
		ChairName:  "Hoàng Văn Nghiệm",
		ChairTitle: "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh",
		Status:     conference.StatusConcluded,
		Attendance: []conference.Attendee{
			{PersonName: "Hoàng Văn Nghiệm", PersonTitle: "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh", Present: true},
			{PersonName: "Nguyễn Long Hải", PersonTitle: "Phó Chủ tịch UBND tỉnh", Present: true},
			{UnitCode: "20-MTTQ", PersonTitle: "Lãnh đạo Ủy ban MTTQ tỉnh", Present: true},
			{UnitCode: "20-HND", Present: true},
			{PersonName: "Vắng Mặt", PersonTitle: "Khách", Present: false},
		},
	}
	k := &conference.Conclusion{Items: []conference.Item{
		{Kind: conference.ItemAssessment, Text: "Ghi nhận những kết quả trong thực hiện công tác dân vận, đồng thời chỉ rõ một số tồn tại, hạn chế"},
		{Kind: conference.ItemDirective, Text: "Các cấp ủy đảng, chính quyền, đoàn thể tiếp tục tuyên truyền, thực hiện tốt các chủ trương của Đảng, chính sách pháp luật của Nhà nước"},
		{Kind: conference.ItemDirective, Text: "Thực hiện chủ đề công tác “Năm Dân vận chính quyền” 2019 kỷ cương, liêm chính, sáng tạo, bứt phá, hiệu quả"},
		{Kind: conference.ItemDirective, Text: "Tăng cường nắm bắt tình hình cơ sở", Addressees: []string{"20-CA"}},
		{Kind: conference.ItemDirective, Text: "Tiếp tục tổ chức tập huấn, bồi dưỡng nâng cao trình độ, năng lực cho đội ngũ cán bộ làm công tác dân vận"},
		{Kind: conference.ItemDirective, Text: "Tăng cường phối hợp giữa các cơ quan, đơn vị, tích cực nhân rộng các mô hình, cách làm hay"},
		{Kind: conference.ItemDirective, Text: "Mặt trận Tổ quốc phối hợp với các cơ quan tổ chức tốt Đại hội Đại biểu Ủy ban MTTQ Việt Nam các cấp nhiệm kỳ 2019 – 2024", Addressees: []string{"20-MTTQ"}},
		{Kind: conference.ItemDirective, Text: "Ban Dân tộc thực hiện tốt Đại hội Dân tộc thiểu số tỉnh năm 2019 đảm bảo yêu cầu", Addressees: []string{"20-BDT"}},
	}}
	ind := func(code, name, unit string, t report.ValueType) report.Indicator {
		return report.Indicator{Code: code, Name: name, Unit: unit, Type: t}
	}
	return Input{
		Conference: c, Conclusion: k, HostName: "Ban Dân vận Tỉnh ủy", PeriodLabel: "quý I/2019",
		Results: "Công tác dân vận tiếp tục được các cấp ủy đảng, chính quyền quan tâm đôn đốc triển khai thực hiện",
		Figures: []Figure{
			{ind("DOAN_THAM_TET", "Đoàn công tác thăm, chúc Tết gia đình chính sách, hộ có hoàn cảnh khó khăn", "đoàn", report.TypeInteger), report.Value{Int: 12, Set: true}},
			{ind("DOAN_KIEM_TRA", "Đoàn kiểm tra các lực lượng trực phục vụ Tết", "đoàn", report.TypeInteger), report.Value{Int: 8, Set: true}},
			{ind("QUA_TANG", "Quà tặng trao cho gia đình chính sách, hộ khó khăn", "lượt", report.TypeInteger), report.Value{Int: 62350, Set: true}},
			{ind("KINH_PHI", "Kinh phí thăm, tặng quà", "đồng", report.TypeMoney), report.Value{Int: 26_180_000_000, Set: true}},
			{ind("EMPTY", "Không có số", "lượt", report.TypeInteger), report.Value{}},
		},
		Author: "Thùy Linh",
	}
}

// TestSeedFacts: the draft of the demo conference carries every fact of the
// seed article.
func TestSeedFacts(t *testing.T) {
	d, err := Write(seedInput())
	if err != nil {
		t.Fatal(err)
	}
	text := d.Text()
	for _, fact := range []string{
		"Ngày 28/3/2019, Ban Dân vận Tỉnh ủy tổ chức hội nghị giao ban công tác dân vận quý I, triển khai nhiệm vụ quý II năm 2019.",
		"đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh; đồng chí Nguyễn Long Hải, Phó Chủ tịch UBND tỉnh; lãnh đạo các sở, ban, ngành, đoàn thể tỉnh.",
		"[Ảnh: Toàn cảnh hội nghị]",
		"Trong quý I/2019, công tác dân vận tiếp tục được các cấp ủy đảng, chính quyền quan tâm",
		"12 đoàn công tác thăm, chúc Tết", "8 đoàn kiểm tra các lực lượng trực phục vụ Tết",
		"trên 62 nghìn lượt quà tặng", "kinh phí thăm, tặng quà trên 26 tỷ đồng",
		"Tại hội nghị, các đại biểu đã trao đổi, thảo luận, đánh giá những kết quả đạt được trong quý I",
		"[Ảnh: Phó Bí thư Thường trực Tỉnh ủy phát biểu]",
		"Phát biểu chỉ đạo, đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy ghi nhận những kết quả",
		"Thời gian tới, đồng chí đề nghị các cấp ủy đảng, chính quyền, đoàn thể tiếp tục tuyên truyền",
		"“Năm Dân vận chính quyền” 2019 kỷ cương, liêm chính, sáng tạo, bứt phá, hiệu quả",
		"tăng cường nắm bắt tình hình cơ sở", "tập huấn, bồi dưỡng", "nhân rộng các mô hình, cách làm hay",
		"Mặt trận Tổ quốc phối hợp với các cơ quan tổ chức tốt Đại hội Đại biểu Ủy ban MTTQ Việt Nam các cấp nhiệm kỳ 2019 – 2024.",
		"Ban Dân tộc thực hiện tốt Đại hội Dân tộc thiểu số tỉnh năm 2019 đảm bảo yêu cầu.",
		"Thùy Linh",
	} {
		if !strings.Contains(text, fact) {
			t.Errorf("draft lacks %q\n%s", fact, text)
		}
	}
	if strings.Contains(text, "Vắng Mặt") || strings.Contains(text, "Không có số") {
		t.Error("the draft names an absent guest or an empty figure")
	}
	if d.Summary == "" || !strings.HasPrefix(d.Summary, "Ngày 28/3/2019") {
		t.Errorf("summary: %q", d.Summary)
	}
	if text != vntext.NormalizeText(text) {
		t.Error("the draft is not normalised text")
	}
}

func TestNotHeld(t *testing.T) {
	in := seedInput()
	in.Conference.Status = conference.StatusPlanned
	if _, err := Write(in); err == nil {
		t.Error("a planned conference was written up")
	}
}

func TestLowerFirst(t *testing.T) {
	for in, want := range map[string]string{
		"Hội nghị giao ban": "hội nghị giao ban", "HĐND tỉnh": "HĐND tỉnh", "Ban Dân tộc": "Ban Dân tộc",
		"Mặt trận Tổ quốc": "Mặt trận Tổ quốc", "Đoàn kiểm tra": "đoàn kiểm tra", "": "",
	} {
		if got := lowerFirst(in); got != want {
			t.Errorf("lowerFirst(%q) = %q, want %q", in, got, want)
		}
	}
}

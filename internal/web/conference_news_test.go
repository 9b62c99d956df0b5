package web_test

import (
	"html"
	"net/http"
	"strings"
	"testing"

	"giaoban/internal/apptest"
	"giaoban/internal/conference"
)

// TestConferenceNewsDraft: from the demo's conference of 28/3/2019, one
// click drafts the news article, and the draft carries every fact of the
// seed article, even though the demo has published its own article about
// the conference; a second click opens the same draft.
func TestConferenceNewsDraft(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	cs, err := srv.DB.ListConferences(t.Context(), conference.Filter{Period: "2019Q1"})
	if err != nil || len(cs) == 0 {
		t.Fatalf("demo conference: %v %v", cs, err)
	}
	url := "/hoi-nghi/" + itoa(cs[0].ID)
	c := srv.NewClient(t)
	c.Login("chuyenvien", "demo")
	if _, page := c.Get(url); !strings.Contains(page, `id="soan-tin"`) {
		t.Fatal("the conference page offers no news draft")
	}
	res := c.PostForm(url+"/soan-tin", nil)
	if res.StatusCode != http.StatusSeeOther || !strings.HasPrefix(res.Header.Get("Location"), "/bien-tap/tin/") {
		t.Fatalf("draft: %d %s", res.StatusCode, res.Header.Get("Location"))
	}
	edit := res.Header.Get("Location")
	_, page := c.Get(edit)
	page = html.UnescapeString(page)
	// A new draft, not the demo's published article about the conference.
	if !strings.Contains(page, "Trạng thái: Bản nháp") {
		t.Errorf("draft %s: want a new article in Bản nháp, not the published one", edit)
	}
	for _, fact := range []string{
		"Hội nghị giao ban công tác dân vận quý I, triển khai nhiệm vụ quý II năm 2019",
		"Ngày 28/3/2019, Ban Dân vận Tỉnh ủy tổ chức hội nghị giao ban công tác dân vận quý I, triển khai nhiệm vụ quý II năm 2019.",
		"đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh",
		"đồng chí Nguyễn Long Hải, Phó Chủ tịch UBND tỉnh", "lãnh đạo các sở, ban, ngành, đoàn thể tỉnh",
		"Toàn cảnh hội nghị", "Trong quý I/2019, công tác dân vận tiếp tục được các cấp ủy đảng, chính quyền quan tâm",
		"12 đoàn công tác thăm, chúc Tết", "8 đoàn kiểm tra các lực lượng trực phục vụ Tết",
		"trên 62 nghìn lượt quà tặng", "trên 26 tỷ đồng",
		"Tại hội nghị, các đại biểu đã trao đổi, thảo luận",
		"Phó Bí thư Thường trực Tỉnh ủy phát biểu",
		"Phát biểu chỉ đạo, đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy",
		"tiếp tục tuyên truyền, thực hiện tốt các chủ trương của Đảng, chính sách pháp luật của Nhà nước",
		"Năm Dân vận chính quyền", "kỷ cương, liêm chính, sáng tạo, bứt phá, hiệu quả",
		"tăng cường nắm bắt tình hình cơ sở", "tập huấn, bồi dưỡng nâng cao trình độ, năng lực cho đội ngũ cán bộ làm công tác dân vận",
		"tích cực nhân rộng các mô hình, cách làm hay",
		"Mặt trận Tổ quốc phối hợp với các cơ quan tổ chức tốt Đại hội Đại biểu Ủy ban MTTQ Việt Nam các cấp nhiệm kỳ 2019 – 2024",
		"Ban Dân tộc thực hiện tốt Đại hội Dân tộc thiểu số tỉnh năm 2019 đảm bảo yêu cầu",
	} {
		if !strings.Contains(page, fact) {
			t.Errorf("the draft lacks %q", fact)
		}
	}
	// Again: the same draft, not a second one.
	res = c.PostForm(url+"/soan-tin", nil)
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != edit {
		t.Errorf("second draft: %d %s, want the first %s", res.StatusCode, res.Header.Get("Location"), edit)
	}
}

package web_test

import (
	"context"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strings"
	"testing"

	"giaoban/internal/apptest"
	"giaoban/internal/demo"
	"giaoban/internal/exemplar"
	"giaoban/internal/sqlstore"
)

var exemplarLocation = regexp.MustCompile(`^/dan-van-kheo/(\d+)$`)

// TestExemplarPages walks the register through its pages and API: a
// commission officer records a 2019 model of the Farmers' Union, takes it
// one step, is refused a skipped step, the union's reporter sees it, the
// counts and the API show it, and the union's report form gets the figure
// with its note.
func TestExemplarPages(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := apptest.NewServer(t, db)
		cv := srv.NewClient(t)
		cv.Login("chuyenvien", "demo")
		hnd := srv.NewClient(t)
		hnd.Login("hoinongdan", "demo")
		tok := srv.APIToken(t, "chuyenvien", "demo")
		htok := srv.APIToken(t, "hoinongdan", "demo")

		// A template with the register's indicators (the demo's catalogue
		// has them). What the demo already registered for the union is the
		// baseline.
		ctx := context.Background()
		tpl := demo.QuarterlyTemplate()
		tpl.Code, tpl.Name = "DVK-THU", "Báo cáo thử có chỉ tiêu Dân vận khéo"
		if !slices.Contains(tpl.Indicators, exemplar.CodeModels) || !slices.Contains(tpl.Indicators, exemplar.CodeEconomy) {
			t.Fatalf("the demo template lacks the register's indicators: %v", tpl.Indicators)
		}
		if err := db.CreateTemplate(ctx, tpl); err != nil {
			t.Fatal(err)
		}
		models := func() int64 {
			t.Helper()
			code, body := srv.API(t, htok, "GET", "/api/v1/reports/DVK-THU/2019Q1/20-HND", "")
			var r struct {
				Values map[string]int64 `json:"values"`
			}
			if code != http.StatusOK || json.Unmarshal([]byte(body), &r) != nil {
				t.Fatalf("report api: %d %s", code, body)
			}
			return r.Values[exemplar.CodeModels]
		}
		baseModels := models()
		listed := func() int {
			t.Helper()
			code, body := srv.API(t, tok, "GET", "/api/v1/exemplars?unit=20-HND&year=2019&field=economy", "")
			var list []json.RawMessage
			if code != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil {
				t.Fatalf("api list: %d %s", code, body)
			}
			return len(list)
		}
		baseListed := listed()

		res, body := cv.Get("/dan-van-kheo/moi?ngay=2019-02-20")
		if res.StatusCode != http.StatusOK || !strings.Contains(body, `value="20-HND"`) || !strings.Contains(body, "Huyện Cao Lộc") {
			t.Fatalf("form: %d\n%.500s", res.StatusCode, body)
		}
		form := url.Values{"unit": {demo.Farmers}, "name": {""}, "kind": {"model"}, "holder": {"collective"}, "field": {"economy"},
			"level": {"district"}, "year": {"2026"}, "registered_on": {"2026-01-10"}, "content": {""}}
		res, body = cv.PostFormBody("/dan-van-kheo", form)
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Fatalf("invalid post: %d", res.StatusCode)
		}
		for _, msg := range []string{"Cần tên mô hình, điển hình.", "Từ ngày 01/07/2025 không còn cấp huyện; chọn cấp tỉnh, cấp xã hoặc cơ quan, đơn vị.",
			"Cần nội dung đăng ký: việc làm cụ thể, cách làm, địa bàn, đối tượng."} {
			if !strings.Contains(body, msg) {
				t.Errorf("invalid post: no %q", msg)
			}
		}

		form = url.Values{"unit": {demo.Farmers}, "name": {"Chi hội nông dân nghề nghiệp trồng hồi"}, "kind": {"model"}, "holder": {"collective"},
			"field": {"economy"}, "level": {"province"}, "year": {"2019"}, "registered_on": {"20/02/2019"},
			"content": {"Liên kết hội viên trồng, chế biến và tiêu thụ hồi."}, "goals": {"Thu nhập hội viên tăng 10%."}}
		res, _ = cv.PostFormBody("/dan-van-kheo", form)
		m := exemplarLocation.FindStringSubmatch(res.Header.Get("Location"))
		if res.StatusCode != http.StatusSeeOther || m == nil {
			t.Fatalf("register: %d %q", res.StatusCode, res.Header.Get("Location"))
		}
		page := "/dan-van-kheo/" + m[1]
		_, body = cv.Get(page)
		for _, want := range []string{"Chi hội nông dân nghề nghiệp trồng hồi", "Hội Nông dân tỉnh", "Đã đăng ký", "20/02/2019", "giai đoạn 2016–2020", "Ghi nhận: Ra mắt, triển khai"} {
			if !strings.Contains(body, want) {
				t.Errorf("model page: no %q", want)
			}
		}
		res, _ = cv.PostFormBody(page+"/buoc", url.Values{"version": {"1"}, "to": {"launched"}, "on": {"2019-03-01"}, "note": {"Ra mắt tại xã Mai Pha"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("launch: %d", res.StatusCode)
		}
		_, body = cv.Get(page)
		if !strings.Contains(body, `id="trang-thai">Đã ra mắt`) || !strings.Contains(body, "Ra mắt tại xã Mai Pha") {
			t.Errorf("after launch:\n%s", body)
		}
		res, body = cv.PostFormBody(page+"/buoc", url.Values{"version": {"2"}, "to": {"reviewed"}, "on": {"2019-03-02"}, "result": {"good"}})
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "Chưa thể chuyển sang “Đã đánh giá”: bước tiếp theo là “Đi vào hoạt động”.") {
			t.Errorf("skip: %d", res.StatusCode)
		}

		// The MTTQ's reporter cannot register for the Farmers' Union.
		mt := srv.NewClient(t)
		mt.Login("mttq", "demo")
		form.Set("name", "Mô hình của đơn vị khác")
		if res, _ := mt.PostFormBody("/dan-van-kheo", form); res.StatusCode != http.StatusForbidden {
			t.Errorf("mttq registers for 20-HND: %d", res.StatusCode)
		}
		if _, body := mt.Get("/dan-van-kheo"); strings.Contains(body, "trồng hồi") {
			t.Errorf("mttq sees the union's model")
		}
		if _, body := hnd.Get("/dan-van-kheo"); !strings.Contains(body, "Chi hội nông dân nghề nghiệp trồng hồi") {
			t.Errorf("the union does not see its model")
		}

		_, body = cv.Get("/dan-van-kheo/thong-ke?nam=2019&linh-vuc=economy")
		row := regexp.MustCompile(`<tr data-key="20-HND"><th scope="row">Hội Nông dân tỉnh</th><td class="num">(\d+)</td>`).FindStringSubmatch(body)
		if row == nil || row[1] != itoa(int64(baseListed+1)) || !strings.Contains(body, "<svg") {
			t.Errorf("stats: %v, want %d\n%s", row, baseListed+1, body)
		}

		if got := listed(); got != baseListed+1 {
			t.Errorf("api list: %d models, want %d", got, baseListed+1)
		}
		code, body := srv.API(t, tok, "GET", "/api/v1/exemplars?unit=20-HND&year=2019&field=economy&status=launched&kind=model", "")
		var list []struct {
			ID     int64  `json:"id"`
			Unit   string `json:"unit"`
			Status string `json:"status"`
			Field  string `json:"field"`
			Phase  string `json:"phase"`
		}
		if code != http.StatusOK || json.Unmarshal([]byte(body), &list) != nil || len(list) == 0 || list[0].Phase != "2016-2020" {
			t.Errorf("api list launched: %d %s", code, body)
		}
		code, body = srv.API(t, tok, "GET", "/api/v1/exemplars/"+m[1], "")
		var one struct {
			Events []struct {
				Status string `json:"status"`
				On     string `json:"on"`
			} `json:"events"`
		}
		if code != http.StatusOK || json.Unmarshal([]byte(body), &one) != nil || len(one.Events) != 2 || one.Events[1].On != "2019-03-01" {
			t.Errorf("api one: %d %s", code, body)
		}

		// The union's report form: the figure is there, with its note,
		// and a typed number does not replace it.
		want := baseModels + 1
		_, body = hnd.Get("/bao-cao/DVK-THU/2019Q1/20-HND")
		if !strings.Contains(body, `name="v.DVK_MO_HINH" value="`+itoa(want)+`"`) || !strings.Contains(body, "Tự động từ sổ theo dõi “Dân vận khéo”") {
			t.Errorf("report form, want %d:\n%s", want, body)
		}
		res, _ = hnd.PostFormBody("/bao-cao/DVK-THU/2019Q1/20-HND", url.Values{"version": {"0"}, "action": {"save"}, "v.DVK_MO_HINH": {"777"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
		if got := models(); got != want {
			t.Errorf("saved DVK_MO_HINH: got %d, want %d", got, want)
		}
	})
}

package web_test

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"net/http"
	"net/url"
	"os"
	"os/exec"
	"path/filepath"
	"strings"
	"testing"

	"giaoban/internal/apptest"
	"giaoban/internal/demo"
	"giaoban/internal/export/docx"
	"giaoban/internal/export/pdf"
)

// mustStatus fails the test unless res has status want.
func mustStatus(t *testing.T, what string, res *http.Response, body string, want int) {
	t.Helper()
	if res.StatusCode != want {
		t.Fatalf("%s: got %d, want %d\n%.600s", what, res.StatusCode, want, body)
	}
}

func mustContain(t *testing.T, what, body string, wants ...string) {
	t.Helper()
	for _, w := range wants {
		if !strings.Contains(body, w) {
			t.Errorf("%s lacks %q", what, w)
		}
	}
}

// docxText downloads a DOCX and returns its text.
func docxText(t *testing.T, c *apptest.Client, path string) string {
	t.Helper()
	res, body := c.Get(path)
	mustStatus(t, "GET "+path, res, body, http.StatusOK)
	text, err := docx.Text([]byte(body))
	if err != nil {
		t.Fatalf("%s: %v", path, err)
	}
	return text
}

// nextNumber is the text of the next number of docType in the 2015–2020
// series of the Ban Dân vận Tỉnh ủy: the demo may have issued some
// already, so tests count from what is there.
func nextNumber(t *testing.T, db *apptestDB, docType string) string {
	t.Helper()
	list, err := db.ListNumbers(context.Background(), "BDVTU", 1000)
	if err != nil {
		t.Fatal(err)
	}
	n := 0
	for _, x := range list {
		if x.Series.DocType == docType && x.Series.Key == "2015-2020" {
			n++
		}
	}
	return fmt.Sprintf("Số %02d-%s/BDVTU", n+1, docType)
}

// q1Form is the conference form of the seed's 28/3/2019 conference.
func q1Form() url.Values {
	return url.Values{"kind": {"quarterly"}, "ky": {"BCQ-DV/2019Q1"}, "ngay": {"2019-03-28"}, "gio": {"14:00"}, "gio_ket_thuc": {"17:30"},
		"place": {"Hội trường Tỉnh ủy Lạng Sơn"}, "chair_name": {"Hoàng Văn Nghiệm"}, "chair_title": {"Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh"},
		"inv_unit": {demo.Front, demo.Ethnic, demo.Farmers}, "inv_rows": {"1"}, "inv_name_0": {"Nguyễn Long Hải"}, "inv_pos_0": {"Phó Chủ tịch UBND tỉnh"},
		"ag_rows": {"2"}, "ag_title_0": {"Báo cáo kết quả công tác dân vận quý I, nhiệm vụ quý II năm 2019"}, "ag_presenter_0": {"Lãnh đạo Ban Dân vận Tỉnh ủy"},
		"ag_minutes_0": {"30"}, "ag_title_1": {"Thảo luận"}, "ag_minutes_1": {"chín mươi"}}
}

// TestConferenceFlow walks the cycle through the pages: the commission
// plans the conference, issues the invitation, takes attendance, drafts
// the notice with two items; the leader approves; the commission issues
// it with a number; the MTTQ gets its task; the notice is locked; the next
// quarter's conference reviews the task.
func TestConferenceFlow(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *apptestDB) {
		srv := apptest.NewServer(t, db)
		cv := srv.NewClient(t)
		cv.Login("chuyenvien", "demo")

		// The form for a 2019 date offers the 2019 units.
		res, body := cv.Get("/hoi-nghi/moi?ngay=2019-03-28")
		mustStatus(t, "new form", res, body, http.StatusOK)
		mustContain(t, "new form", body, "Ủy ban MTTQ Việt Nam tỉnh", "Huyện Cao Lộc", "Báo cáo công tác dân vận quý — Quý I/2019")

		// A row added by submitting, without JavaScript: nothing is saved.
		f := q1Form()
		f.Set("action", "them-ct")
		res, body = cv.PostFormBody("/hoi-nghi", f)
		mustStatus(t, "add agenda row", res, body, http.StatusOK)
		mustContain(t, "add agenda row", body, `name="ag_rows" value="4"`, "chưa lưu")
		// A duration that is not a number is refused on its row.
		f.Del("action")
		res, body = cv.PostFormBody("/hoi-nghi", f)
		mustStatus(t, "bad minutes", res, body, http.StatusUnprocessableEntity)
		mustContain(t, "bad minutes", body, "Thời lượng của nội dung thứ 2 phải là số phút.")
		f.Set("ag_minutes_1", "90")
		res, body = cv.PostFormBody("/hoi-nghi", f)
		mustStatus(t, "create", res, body, http.StatusSeeOther)
		page := res.Header.Get("Location")
		res, body = cv.Get(page)
		mustStatus(t, "conference page", res, body, http.StatusOK)
		mustContain(t, "conference page", body, "Hội nghị giao ban công tác dân vận quý I năm 2019", "Ban Dân vận Tỉnh ủy",
			`href="/tong-hop/BCQ-DV/2019Q1/20"`, "Thứ Năm, 28/03/2019, 14:00 – 17:30", "Nguyễn Long Hải", "Đang chuẩn bị")

		// The invitation letter: a draft, then numbered when issued.
		mustContain(t, "draft invitation", docxText(t, cv, page+"/giay-moi/docx"), "DỰ THẢO", "GIẤY MỜI")
		gm := nextNumber(t, db, "GM")
		res, body = cv.PostFormBody(page+"/giay-moi", url.Values{"version": {"1"}, "ngay": {"2019-03-20"}})
		mustStatus(t, "issue invitation", res, body, http.StatusSeeOther)
		text := docxText(t, cv, page+"/giay-moi/docx")
		mustContain(t, "invitation", text, "TỈNH ỦY LẠNG SƠN", "BAN DÂN VẬN", gm, "Lạng Sơn, ngày 20 tháng 3 năm 2019", "GIẤY MỜI",
			"Kính gửi:", "- Đồng chí Nguyễn Long Hải, Phó Chủ tịch UBND tỉnh;", "- Lãnh đạo Ủy ban MTTQ Việt Nam tỉnh;",
			"1. Thời gian: từ 14 giờ 00 đến 17 giờ 30, thứ Năm, ngày 28/3/2019.", "2. Địa điểm: Hội trường Tỉnh ủy Lạng Sơn.", "3. Nội dung:", "Nơi nhận:")
		if strings.Contains(text, "DỰ THẢO") {
			t.Error("issued invitation still marked as a draft")
		}

		// Attendance at the door: an absence needs its reason.
		att := url.Values{"version": {"2"}, "att_rows": {"3"},
			"att_unit_0": {demo.Front}, "att_fixed_0": {"1"}, "att_name_0": {"Lương Thị Hạnh"}, "att_title_0": {"Phó Chủ tịch"}, "att_present_0": {"1"},
			"att_unit_1": {demo.Ethnic}, "att_fixed_1": {"1"}, "att_name_1": {"Lộc Thị Mai"}, "att_present_1": {"1"},
			"att_unit_2": {demo.Farmers}, "att_fixed_2": {"1"}}
		res, body = cv.PostFormBody(page+"/diem-danh", att)
		mustStatus(t, "absence without reason", res, body, http.StatusUnprocessableEntity)
		mustContain(t, "absence without reason", body, "Ghi lý do vắng mặt.")
		att.Set("att_reason_2", "Đi công tác")
		res, body = cv.PostFormBody(page+"/diem-danh", att)
		mustStatus(t, "attendance", res, body, http.StatusSeeOther)
		_, body = cv.Get(page)
		mustContain(t, "held conference", body, "Đã tổ chức", "Có mặt: <strong>2</strong> · Vắng: <strong>1</strong>")

		// The notice: the default draft, then two items as rows.
		res, body = cv.Get(page + "/ket-luan")
		mustStatus(t, "new notice", res, body, http.StatusOK)
		mustContain(t, "new notice", body, "Thông báo kết luận của đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh tại hội nghị giao ban công tác dân vận quý I năm 2019")
		notice := url.Values{"version": {"0"}, "title": {"Thông báo kết luận của đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh tại hội nghị giao ban công tác dân vận quý I năm 2019"},
			"preamble":  {"Ngày 28/3/2019, Ban Dân vận Tỉnh ủy tổ chức hội nghị giao ban công tác dân vận quý I năm 2019."},
			"item_rows": {"2"}, "item_kind_0": {"assessment"}, "item_text_0": {"Ghi nhận những kết quả trong thực hiện công tác dân vận."},
			"item_kind_1": {"directive"}, "item_text_1": {"Mặt trận Tổ quốc phối hợp tổ chức tốt Đại hội MTTQ các cấp nhiệm kỳ 2019 – 2024."},
			"item_addr_1": {demo.Front}, "item_deadline_1": {"2019-09-30"},
			"closing": {"Ban Dân vận Tỉnh ủy thông báo để các cơ quan, đơn vị biết, thực hiện."}, "signer_name": {"Nguyễn Văn Tuấn"},
			"signer_title": {"Trưởng Ban Dân vận"}, "recipients": {"Thường trực Tỉnh ủy (b/c),\nCác cơ quan, đơn vị dự hội nghị,\nLưu Văn phòng."}}
		add := url.Values{}
		for k, v := range notice {
			add[k] = v
		}
		add.Set("action", "len-1")
		res, body = cv.PostFormBody(page+"/ket-luan", add)
		mustStatus(t, "move item", res, body, http.StatusOK)
		if i, j := strings.Index(body, "Mặt trận Tổ quốc phối hợp"), strings.Index(body, "Ghi nhận những kết quả"); i < 0 || j < 0 || i > j {
			t.Error("item 2 not moved up")
		}
		res, body = cv.PostFormBody(page+"/ket-luan", notice)
		mustStatus(t, "save notice", res, body, http.StatusSeeOther)
		draft := docxText(t, cv, page+"/ket-luan/docx")
		mustContain(t, "draft notice", draft, "DỰ THẢO", "-TB/BDVTU", "1. Ghi nhận", "2. Mặt trận Tổ quốc")
		tb := nextNumber(t, db, "TB")
		if strings.Contains(draft, tb) {
			t.Error("draft notice has a number")
		}

		// The commission cannot approve; the leader does.
		res, body = cv.PostFormBody(page+"/ket-luan/duyet", url.Values{"version": {"1"}})
		mustStatus(t, "commission approves", res, body, http.StatusForbidden)
		ld := srv.NewClient(t)
		ld.Login("lanhdao", "demo")
		_, body = ld.Get(page + "/ket-luan")
		mustContain(t, "leader's view", body, "Duyệt thông báo kết luận")
		res, body = ld.PostFormBody(page+"/ket-luan/duyet", url.Values{"version": {"1"}})
		mustStatus(t, "approve", res, body, http.StatusSeeOther)

		// Issued with the next number of the term; the conference is concluded.
		_, body = cv.Get(page + "/ket-luan")
		mustContain(t, "approved notice", body, "Ban hành, cấp số và giao nhiệm vụ")
		res, body = cv.PostFormBody(page+"/ket-luan/ban-hanh", url.Values{"version": {"2"}, "ngay": {"2019-03-29"}})
		mustStatus(t, "issue", res, body, http.StatusSeeOther)
		res, body = cv.Get(page + "/ket-luan")
		mustContain(t, "issued notice", body, "Đã ban hành thông báo kết luận "+tb+", ngày 29/03/2019; đã giao 1 nhiệm vụ",
			"Ủy ban MTTQ Việt Nam tỉnh", "30/09/2019", "Quá hạn chưa hoàn thành")
		text = docxText(t, cv, page+"/ket-luan/docx")
		mustContain(t, "issued notice", text, "TỈNH ỦY LẠNG SƠN", "BAN DÂN VẬN", "*", tb, "ĐẢNG CỘNG SẢN VIỆT NAM",
			"Lạng Sơn, ngày 29 tháng 3 năm 2019", "THÔNG BÁO", "Kết luận của đồng chí Hoàng Văn Nghiệm", "Ngày 28/3/2019, Ban Dân vận",
			"1. Ghi nhận những kết quả", "2. Mặt trận Tổ quốc phối hợp", "T/L BAN THƯỜNG VỤ", "TRƯỞNG BAN DÂN VẬN", "Nguyễn Văn Tuấn",
			"Nơi nhận:", "- Thường trực Tỉnh ủy (b/c),")
		if strings.Contains(text, "DỰ THẢO") {
			t.Error("issued notice still marked as a draft")
		}
		_, body = cv.Get(page)
		mustContain(t, "concluded conference", body, "Đã có thông báo kết luận", "đã khóa")

		// Locked: every change is refused with a clear message.
		notice.Set("version", "3")
		res, body = cv.PostFormBody(page+"/ket-luan", notice)
		mustStatus(t, "edit issued notice", res, body, http.StatusConflict)
		mustContain(t, "edit issued notice", body, "Thông báo kết luận đã ban hành ("+tb+") nên không sửa được nữa.")
		res, body = cv.PostFormBody(page+"/bien-ban", url.Values{"version": {"4"}, "minutes": {"x"}})
		mustStatus(t, "minutes of a concluded conference", res, body, http.StatusConflict)

		// The MTTQ, invited, is told of its task and reads the notice.
		mt := srv.NewClient(t)
		mt.Login("mttq", "demo")
		_, body = mt.Get("/thong-bao")
		mustContain(t, "MTTQ notifications", body, "Nhiệm vụ mới theo "+strings.TrimPrefix(tb, "Số ")+": Mặt trận Tổ quốc phối hợp", "/nhiem-vu/")
		res, body = mt.Get(page + "/ket-luan")
		mustStatus(t, "MTTQ reads the notice", res, body, http.StatusOK)
		if strings.Contains(body, "Ban hành, cấp số") || strings.Contains(body, "bieu-mau-ket-luan") {
			t.Error("MTTQ is offered to change the notice")
		}
		// Cao Lộc, not invited, sees nothing of it.
		cl := srv.NewClient(t)
		cl.Login("caoloc", "demo")
		for _, p := range []string{page, page + "/ket-luan", page + "/ket-luan/docx", page + "/giay-moi/docx"} {
			if res, _ := cl.Get(p); res.StatusCode != http.StatusForbidden {
				t.Errorf("Cao Lộc GET %s: %d", p, res.StatusCode)
			}
		}
		_, body = cl.Get("/hoi-nghi")
		if strings.Contains(body, "quý I năm 2019") {
			t.Error("Cao Lộc's list shows the province's conference")
		}

		// The next quarter's conference reviews the tasks of this notice.
		f = q1Form()
		f.Set("ky", "BCQ-DV/2019Q2")
		f.Set("ngay", "2019-06-27")
		f.Set("ag_minutes_1", "60")
		res, body = cv.PostFormBody("/hoi-nghi", f)
		mustStatus(t, "create Q2", res, body, http.StatusSeeOther)
		_, body = cv.Get(res.Header.Get("Location"))
		mustContain(t, "Q2 conference", body, "Kiểm điểm việc thực hiện kết luận kỳ trước", tb, `id="nhiem-vu-ky-truoc"`,
			`<tr class="overdue">`, "Quá hạn chưa hoàn thành", "Mặt trận Tổ quốc phối hợp tổ chức tốt")
	})
}

// TestConferenceAPI: the JSON shapes of DESIGN.md and the scope rules.
func TestConferenceAPI(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *apptestDB) {
		srv := apptest.NewServer(t, db)
		users := []string{"mttq", "caoloc", "lanhdao", "bientap"}
		listAPI := func(user, query string) []map[string]any {
			code, body := srv.API(t, srv.APIToken(t, user, "demo"), "GET", "/api/v1/conferences"+query, "")
			var l []map[string]any
			if code != http.StatusOK || json.Unmarshal([]byte(body), &l) != nil {
				t.Fatalf("%s lists: %d %s", user, code, body)
			}
			return l
		}
		before := map[string]int{}
		for _, u := range users {
			before[u] = len(listAPI(u, ""))
		}
		done, plan, _ := confFixtures(t, srv.DB)
		var got map[string]any
		for _, x := range listAPI("chuyenvien", "?period=2019Q1") {
			if x["id"] == float64(done.ID) {
				got = x
			}
			if x["period"] != "2019Q1" {
				t.Errorf("period filter: %v", x)
			}
		}
		want := map[string]any{"id": float64(done.ID), "title": "Hội nghị giao ban công tác dân vận quý I năm 2019", "date": "2019-03-28", "period": "2019Q1", "status": "concluded"}
		for k, v := range want {
			if got[k] != v {
				t.Errorf("list %s: got %v, want %v", k, got[k], v)
			}
		}
		if len(got) != len(want) {
			t.Errorf("list fields: %v", got)
		}
		// Scope: the MTTQ is invited to both; Cao Lộc to neither.
		for user, n := range map[string]int{"mttq": 2, "caoloc": 0, "lanhdao": 2, "bientap": 2} {
			if l := listAPI(user, ""); len(l)-before[user] != n {
				t.Errorf("%s sees %d new conferences, want %d", user, len(l)-before[user], n)
			}
		}
		tok := srv.APIToken(t, "mttq", "demo")
		code, body := srv.API(t, tok, "GET", "/api/v1/conferences/"+itoa(done.ID), "")
		if code != http.StatusOK {
			t.Fatalf("full: %d %s", code, body)
		}
		var full struct {
			ID       int64  `json:"id"`
			Kind     string `json:"kind"`
			StartsAt string `json:"starts_at"`
			EndsAt   any    `json:"ends_at"`
			Place    string `json:"place"`
			Chair    struct{ Name, Title string }
			Invitees []struct {
				Unit string `json:"unit"`
			} `json:"invitees"`
			Agenda     []map[string]any `json:"agenda"`
			Attendance []struct {
				Unit    string `json:"unit"`
				Present bool   `json:"present"`
			} `json:"attendance"`
			Papers []struct {
				Kind string `json:"kind"`
				URL  string `json:"url"`
				Data any    `json:"data"`
			} `json:"papers"`
			Conclusion *struct {
				Number string `json:"number"`
				Status string `json:"status"`
				Items  []struct {
					Seq  int    `json:"seq"`
					Kind string `json:"kind"`
				} `json:"items"`
			} `json:"conclusion"`
		}
		if err := json.Unmarshal([]byte(body), &full); err != nil {
			t.Fatal(err)
		}
		if full.Kind != "quarterly" || full.StartsAt != "2019-03-28T08:00:00+07:00" || full.EndsAt != nil || full.Chair.Name != "Hoàng Văn Nghiệm" ||
			len(full.Invitees) != 2 || len(full.Agenda) != 1 || len(full.Attendance) != 1 || !full.Attendance[0].Present {
			t.Errorf("full: %+v", full)
		}
		if len(full.Papers) != 2 || full.Papers[0].Kind != "consolidation" || full.Papers[0].URL != "/tong-hop/BCQ-DV/2019Q1/20" || full.Papers[1].Data != nil {
			t.Errorf("papers: %+v", full.Papers)
		}
		if full.Conclusion == nil || full.Conclusion.Status != "issued" || !strings.HasSuffix(full.Conclusion.Number, "-TB/BDVTU") || len(full.Conclusion.Items) != 1 {
			t.Errorf("conclusion: %+v", full.Conclusion)
		}
		// No draft notice reaches an invited reporter.
		code, body = srv.API(t, tok, "GET", "/api/v1/conferences/"+itoa(plan.ID), "")
		if code != http.StatusOK || !strings.Contains(body, `"conclusion":null`) {
			t.Errorf("planned conference: %d %s", code, body)
		}
		code, _ = srv.API(t, srv.APIToken(t, "caoloc", "demo"), "GET", "/api/v1/conferences/"+itoa(done.ID), "")
		if code != http.StatusForbidden {
			t.Errorf("Cao Lộc reads the province's conference: %d", code)
		}
		code, body = srv.API(t, tok, "GET", "/api/v1/conferences/"+itoa(done.ID)+"/conclusion/docx", "")
		if code != http.StatusOK {
			t.Fatalf("docx: %d", code)
		}
		if text, err := docx.Text([]byte(body)); err != nil || !strings.Contains(text, "1. Ghi nhận kết quả quý I.") {
			t.Errorf("API docx: %v\n%s", err, text)
		}
	})
}

// TestConferenceCalendar: the iCalendar feed of a unit.
func TestConferenceCalendar(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	done, plan, _ := confFixtures(t, srv.DB)
	c := srv.NewClient(t)
	c.Login("mttq", "demo")
	res, body := c.Get("/lich/" + demo.Front + ".ics")
	mustStatus(t, "calendar", res, body, http.StatusOK)
	if ct := res.Header.Get("Content-Type"); ct != "text/calendar; charset=utf-8" {
		t.Errorf("content type %q", ct)
	}
	unfolded := strings.ReplaceAll(body, "\r\n ", "")
	mustContain(t, "calendar", unfolded, "BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "UID:conference-"+itoa(done.ID)+"@giaoban\r\n", "DTSTAMP:20261125T090000Z\r\n",
		"DTSTART:20190328T010000Z\r\n", "DTEND:20190328T013000Z\r\n", "SUMMARY:Hội nghị giao ban công tác dân vận quý I năm 2019\r\n",
		"LOCATION:Hội trường Tỉnh ủy\r\n", `DESCRIPTION:Chủ trì: đồng chí Hoàng Văn Nghiệm\, Phó Bí thư Thường trực Tỉnh ủy\n1. Báo cáo kết quả quý I`,
		"END:VCALENDAR\r\n")
	if !strings.Contains(body, "UID:conference-"+itoa(plan.ID)+"@giaoban") {
		t.Errorf("planned conference missing:\n%s", body)
	}
	for _, ln := range strings.Split(body, "\r\n") {
		if len(ln) > 75 || strings.Contains(ln, "\n") {
			t.Errorf("bad content line %q", ln)
		}
	}
}

// TestConferenceDOCXLibreOffice converts the notice and the invitation to
// PDF with LibreOffice and checks the text of the result.
func TestConferenceDOCXLibreOffice(t *testing.T) {
	if !pdf.Available() {
		if os.Getenv(apptest.RequireAllEnv) != "" {
			t.Fatal("LibreOffice is not installed but GIAOBAN_TEST_REQUIRE_ALL is set")
		}
		t.Skip("LibreOffice not installed")
	}
	srv := apptest.NewServer(t, apptest.NewDB(t))
	done, _, _ := confFixtures(t, srv.DB)
	done, err := srv.DB.FindConference(context.Background(), done.ID)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := srv.DB.FindConclusion(context.Background(), done.ID)
	if err != nil {
		t.Fatal(err)
	}
	c := srv.NewClient(t)
	c.Login("chuyenvien", "demo")
	for _, tt := range []struct {
		path string
		want []string
	}{
		{"/hoi-nghi/" + itoa(done.ID) + "/ket-luan/docx", []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "BAN DÂN VẬN", cl.NumberText, "THÔNG BÁO", "1. Ghi nhận kết quả quý I.", "T/L BAN THƯỜNG VỤ", "Nơi nhận:"}},
		{"/hoi-nghi/" + itoa(done.ID) + "/giay-moi/docx", []string{"ĐẢNG CỘNG SẢN VIỆT NAM", "GIẤY MỜI", done.InvitationNo, "Kính gửi:", "Lãnh đạo Ủy ban MTTQ Việt Nam tỉnh"}},
	} {
		res, body := c.Get(tt.path)
		mustStatus(t, tt.path, res, body, http.StatusOK)
		out, err := pdf.FromDOCX(context.Background(), []byte(body))
		if err != nil {
			t.Fatalf("%s: %v", tt.path, err)
		}
		if !bytes.HasPrefix(out, []byte("%PDF-")) || len(out) < 1000 {
			t.Fatalf("%s: not a PDF (%d bytes)", tt.path, len(out))
		}
		bin, err := exec.LookPath("pdftotext")
		if err != nil {
			if os.Getenv(apptest.RequireAllEnv) != "" {
				t.Fatal("pdftotext not installed and GIAOBAN_TEST_REQUIRE_ALL is set")
			}
			continue
		}
		file := filepath.Join(t.TempDir(), "out.pdf")
		if err := os.WriteFile(file, out, 0o600); err != nil {
			t.Fatal(err)
		}
		text, err := exec.Command(bin, "-layout", "-enc", "UTF-8", file, "-").Output()
		if err != nil {
			t.Fatalf("pdftotext: %v", err)
		}
		mustContain(t, tt.path+" as PDF", string(text), tt.want...)
	}
}

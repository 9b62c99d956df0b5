package main

import (
	"regexp"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
)

// TestBrowserConference is issue 5's flow, through the pages only:
// chuyenvien plans the Q3/2026 conference, takes attendance and drafts
// the conclusion notice with two items; lanhdao approves it; chuyenvien
// issues it with a number, which gives the MTTQ a task; mttq posts progress
// and proposes completion; chuyenvien confirms it, done on time; the task
// shows in the MTTQ's Q4/2026 report form.
func TestBrowserConference(t *testing.T) {
	ctx := newBrowser(t, 120*time.Second)
	m := startMain(t, sqlitePath(t), true)
	base := m.URL()
	b := newSession(t, ctx, base)
	const (
		directive = "Ủy ban MTTQ Việt Nam tỉnh chủ trì tổ chức lấy ý kiến Nhân dân về hoạt động của cán bộ, đảng viên ở khu dân cư."
		reportURL = "/bao-cao/BCQ-DV/2026Q4/20-MTTQ"
	)

	// 1. The commission plans the conference through the form.
	b.login("chuyenvien")
	do(t, ctx, "open the new conference form",
		chromedp.Navigate(base+"/hoi-nghi"),
		chromedp.WaitVisible(chromedp.CSS(`a[href="/hoi-nghi/moi"]`)),
		chromedp.Click(chromedp.CSS(`a[href="/hoi-nghi/moi"]`)),
		chromedp.WaitVisible(chromedp.ID("bieu-mau-hoi-nghi")),
	)
	do(t, ctx, "fill the conference form",
		chromedp.SetValue(chromedp.ID("kind"), "quarterly"),
		chromedp.SetValue(chromedp.ID("ky"), "BCQ-DV/2026Q3"),
		chromedp.SetValue(chromedp.ID("ngay"), "2026-10-15"),
		chromedp.SetValue(chromedp.ID("gio"), "08:00"),
		chromedp.SetValue(chromedp.ID("gio_ket_thuc"), "11:30"),
		chromedp.SendKeys(chromedp.ID("place"), "Hội trường Tỉnh ủy Lạng Sơn"),
		chromedp.SendKeys(chromedp.ID("chair_name"), "Hoàng Văn Nghiệm"),
		chromedp.SendKeys(chromedp.ID("chair_title"), "Phó Bí thư Thường trực Tỉnh ủy"),
		chromedp.Click(chromedp.CSS(`input[name="inv_unit"][value="20-MTTQ"]`)),
		chromedp.Click(chromedp.CSS(`input[name="inv_unit"][value="20-HND"]`)),
		chromedp.SendKeys(field("ag_title_0"), "Báo cáo kết quả công tác dân vận quý III, nhiệm vụ quý IV năm 2026"),
		chromedp.SendKeys(field("ag_presenter_0"), "Lãnh đạo Ban Tuyên giáo và Dân vận Tỉnh ủy"),
		chromedp.SendKeys(field("ag_minutes_0"), "30"),
		clearFlash,
		chromedp.Click(chromedp.ID("luu-hoi-nghi")),
		nextMessage,
	)
	b.noError("create the conference")
	confPath := location(t, ctx, base)
	if !regexp.MustCompile(`^/hoi-nghi/\d+$`).MatchString(confPath) {
		t.Fatalf("after create: at %s, want /hoi-nghi/{id}", confPath)
	}
	if h1 := b.text("heading", chromedp.CSS("main h1")); h1 != "Hội nghị giao ban công tác dân vận quý III năm 2026" {
		t.Errorf("conference heading: got %q, want the quarterly default title", h1)
	}
	if got := b.text("status", chromedp.CSS("#trang-thai-hoi-nghi")); got != "Đang chuẩn bị" {
		t.Errorf("new conference status: got %q, want Đang chuẩn bị", got)
	}
	facts := b.text("facts", chromedp.CSS("#thong-tin-hoi-nghi"))
	for _, w := range []string{"Quý III/2026", "15/10/2026, 08:00 – 11:30", "Ban Tuyên giáo và Dân vận Tỉnh ủy", "Đồng chí Hoàng Văn Nghiệm"} {
		if !strings.Contains(facts, w) {
			t.Errorf("conference facts: got %q, want %q in it", facts, w)
		}
	}

	// Attendance at the door: the MTTQ present, the Farmers' Union absent
	// with its reason.
	do(t, ctx, "take attendance",
		chromedp.WaitVisible(chromedp.ID("bieu-mau-diem-danh")),
		chromedp.SendKeys(field("att_name_0"), "Lương Thị Hạnh"),
		chromedp.SendKeys(field("att_title_0"), "Phó Chủ tịch Ủy ban MTTQ Việt Nam tỉnh"),
	)
	rows := get(t, ctx, "attendance units", chromedp.Evaluate[[]string](
		`Array.from(document.querySelectorAll('#bieu-mau-diem-danh input[name^="att_unit_"]')).map(i => i.value)`))
	if len(rows) < 2 || rows[0] != "20-MTTQ" || rows[1] != "20-HND" {
		t.Fatalf("attendance rows: got units %v, want 20-MTTQ then 20-HND (the invited units)", rows)
	}
	do(t, ctx, "mark the absence and save",
		chromedp.Click(field("att_present_1")),
		chromedp.SendKeys(field("att_reason_1"), "Đi công tác cơ sở"),
		clearFlash,
		chromedp.Click(chromedp.ID("luu-diem-danh")),
		nextMessage,
	)
	b.noError("attendance")
	if got := b.text("status", chromedp.CSS("#trang-thai-hoi-nghi")); got != "Đã tổ chức" {
		t.Errorf("after attendance: status %q, want Đã tổ chức", got)
	}
	if got := b.text("attendance counts", chromedp.CSS(`#diem-danh + p`)); got != "Có mặt: 1 · Vắng: 1" {
		t.Errorf("attendance counts: got %q, want Có mặt: 1 · Vắng: 1", got)
	}

	// The conclusion notice: an assessment, then a directive to the MTTQ.
	do(t, ctx, "open the notice editor",
		chromedp.Click(chromedp.ID("soan-ket-luan")),
		chromedp.WaitVisible(chromedp.ID("bieu-mau-ket-luan")),
	)
	if got := get(t, ctx, "default title", chromedp.Value(chromedp.ID("title"))); !strings.Contains(got, "tại hội nghị giao ban công tác dân vận quý III năm 2026") {
		t.Errorf("default notice title: got %q", got)
	}
	do(t, ctx, "write the first item and add a row",
		chromedp.SetValue(field("item_kind_0"), "assessment"),
		chromedp.SendKeys(field("item_text_0"), "Ghi nhận kết quả công tác dân vận quý III năm 2026 của các cơ quan, đơn vị."),
		chromedp.Click(chromedp.CSS(`#bieu-mau-ket-luan button[value="them-muc"]`)),
		chromedp.WaitVisible(field("item_text_1")),
	)
	if got := get(t, ctx, "kept item", chromedp.Value(field("item_text_0"))); !strings.HasPrefix(got, "Ghi nhận kết quả") {
		t.Fatalf("after adding a row: item 1 holds %q, want the text typed", got)
	}
	do(t, ctx, "write the directive",
		chromedp.SetValue(field("item_kind_1"), "directive"),
		chromedp.SendKeys(field("item_text_1"), directive),
		chromedp.SetValue(field("item_addr_1"), "20-MTTQ"),
		chromedp.SetValue(field("item_deadline_1"), "2026-12-31"),
		chromedp.Clear(chromedp.ID("signer_name")),
		chromedp.Clear(chromedp.ID("signer_title")),
		chromedp.SendKeys(chromedp.ID("signer_name"), "Nguyễn Văn Tuấn"),
		chromedp.SendKeys(chromedp.ID("signer_title"), "Trưởng Ban"),
		clearFlash,
		chromedp.Click(chromedp.ID("luu-ket-luan")),
		nextMessage,
	)
	b.noError("save the draft")
	if got := b.text("notice status", chromedp.CSS("#trang-thai-ket-luan")); !strings.HasPrefix(got, "Dự thảo") {
		t.Errorf("saved notice: status %q, want Dự thảo", got)
	}
	if got := get(t, ctx, "saved addressee", chromedp.Value(field("item_addr_1"))); got != "20-MTTQ" {
		t.Errorf("saved item 2 addressee: got %q, want 20-MTTQ", got)
	}
	b.logout()

	// 2. The leader approves it with the button on the page.
	b.login("lanhdao")
	do(t, ctx, "approve",
		chromedp.Navigate(base+confPath+"/ket-luan"),
		chromedp.WaitVisible(chromedp.ID("duyet-ket-luan")),
		clearFlash,
		chromedp.Click(chromedp.CSS(`#duyet-ket-luan button[type="submit"]`)),
		nextMessage,
	)
	b.noError("approve")
	if got := b.text("notice status", chromedp.CSS("#trang-thai-ket-luan")); !strings.HasPrefix(got, "Đã được lãnh đạo duyệt") {
		t.Errorf("approved notice: status %q, want Đã được lãnh đạo duyệt", got)
	}
	b.logout()

	// 3. The commission issues it on the day of the approval (the test
	// clock's 25/11/2026): a number in the merged commission's series, and
	// the task given.
	b.login("chuyenvien")
	do(t, ctx, "issue",
		chromedp.Navigate(base+confPath+"/ket-luan"),
		chromedp.WaitVisible(chromedp.ID("ban-hanh-ket-luan")),
		chromedp.SetValue(chromedp.ID("ngay-ban-hanh"), "2026-11-25"),
		clearFlash,
		chromedp.Click(chromedp.CSS(`#ban-hanh-ket-luan button[type="submit"]`)),
		nextMessage,
	)
	b.noError("issue")
	status := b.text("notice status", chromedp.CSS("#trang-thai-ket-luan"))
	number := regexp.MustCompile(`Số \d{2}-TB/BTGDVTU`).FindString(status)
	if !strings.HasPrefix(status, "Đã ban hành") || number == "" || !strings.Contains(status, "ngày 25/11/2026") {
		t.Fatalf("issued notice: status %q, want Đã ban hành with Số NN-TB/BTGDVTU, ngày 25/11/2026", status)
	}
	t.Logf("notice issued: %s", status)
	if got := b.flash("issue message"); !strings.Contains(got, number) || !strings.Contains(got, "đã giao 1 nhiệm vụ") {
		t.Errorf("issue message: got %q, want the number and one task given", got)
	}
	if n := get(t, ctx, "editor", chromedp.Evaluate[int](`document.querySelectorAll('#bieu-mau-ket-luan').length`)); n != 0 {
		t.Error("an issued notice still offers its editor")
	}
	items := b.text("issued text", chromedp.CSS("#noi-dung-ket-luan"))
	for _, w := range []string{"Ghi nhận kết quả công tác dân vận quý III", directive, "Ủy ban MTTQ Việt Nam tỉnh", "31/12/2026", "Nguyễn Văn Tuấn"} {
		if !strings.Contains(items, w) {
			t.Errorf("issued notice text: got %q, want %q in it", items, w)
		}
	}
	given := b.text("tasks given", chromedp.CSS("#nhiem-vu-da-giao"))
	if !strings.Contains(given, "Ủy ban MTTQ Việt Nam tỉnh") || !strings.Contains(given, "Đang thực hiện trong hạn") {
		t.Errorf("tasks given: got %q, want the MTTQ's task, open within its deadline", given)
	}
	b.logout()

	// 4. The MTTQ finds its task, posts progress, then proposes completion.
	b.login("mttq")
	do(t, ctx, "open Nhiệm vụ", chromedp.Navigate(base+"/nhiem-vu"), chromedp.WaitVisible(chromedp.ID("danh-sach-nhiem-vu")))
	taskPath := get(t, ctx, "task link", chromedp.Evaluate[string](`(() => {
		const tr = Array.from(document.querySelectorAll('#danh-sach-nhiem-vu tbody tr')).find(tr => tr.innerText.includes(`+jsString(directive)+`));
		return tr ? tr.querySelector('a').getAttribute('href') : '';
	})()`))
	if !regexp.MustCompile(`^/nhiem-vu/\d+$`).MatchString(taskPath) {
		t.Fatalf("Nhiệm vụ of the MTTQ: got link %q, want the new task listed", taskPath)
	}
	do(t, ctx, "open the task",
		chromedp.Click(chromedp.CSS(`#danh-sach-nhiem-vu tbody tr[data-id] a[href="`+taskPath+`"]`)),
		chromedp.WaitVisible(chromedp.ID("form-tien-do")),
	)
	if got := b.text("task content", chromedp.CSS("#noi-dung-nhiem-vu")); got != directive {
		t.Errorf("task content: got %q, want the directive", got)
	}
	do(t, ctx, "post progress",
		chromedp.SendKeys(chromedp.ID("text"), "Đã hướng dẫn Ban Công tác Mặt trận các khu dân cư tổ chức lấy ý kiến."),
		chromedp.Clear(chromedp.ID("percent")),
		chromedp.SendKeys(chromedp.ID("percent"), "60"),
		clearFlash,
		chromedp.Click(chromedp.ID("gui-tien-do")),
		nextMessage,
	)
	b.noError("progress")
	if got := b.flash("progress message"); got != "Đã cập nhật tiến độ." {
		t.Errorf("progress message: got %q", got)
	}
	do(t, ctx, "propose completion",
		chromedp.WaitVisible(chromedp.ID("form-tien-do")),
		chromedp.SendKeys(chromedp.ID("text"), "Đã tổ chức lấy ý kiến ở 100% khu dân cư; tổng hợp gửi Ban Tuyên giáo và Dân vận Tỉnh ủy."),
		chromedp.Clear(chromedp.ID("percent")),
		chromedp.SendKeys(chromedp.ID("percent"), "100"),
		chromedp.Click(chromedp.ID("propose")),
		clearFlash,
		chromedp.Click(chromedp.ID("gui-tien-do")),
		nextMessage,
	)
	b.noError("propose")
	if got := b.flash("propose message"); !strings.HasPrefix(got, "Đã đề nghị xác nhận hoàn thành") {
		t.Errorf("propose message: got %q", got)
	}
	if got := b.text("task facts", chromedp.CSS("dl.facts")); !strings.Contains(got, "Đã đề nghị hoàn thành, chờ xác nhận") || !strings.Contains(got, "100%") {
		t.Errorf("after the proposal: task facts %q, want it waiting for confirmation at 100%%", got)
	}
	b.logout()

	// 5. The commission confirms: done on time.
	b.login("chuyenvien")
	do(t, ctx, "confirm",
		chromedp.Navigate(base+taskPath),
		chromedp.WaitVisible(chromedp.ID("form-xac-nhan")),
		clearFlash,
		chromedp.Click(chromedp.ID("nut-xac-nhan")),
		nextMessage,
	)
	b.noError("confirm")
	if got := b.text("bucket", chromedp.CSS("#tinh-trang")); got != "Hoàn thành đúng hạn" {
		t.Errorf("confirmed task: got %q, want Hoàn thành đúng hạn", got)
	}
	if n := get(t, ctx, "forms", chromedp.Evaluate[int](`document.querySelectorAll('#form-xac-nhan, #form-tien-do').length`)); n != 0 {
		t.Error("a confirmed task still offers a progress or confirmation form")
	}
	history := b.text("history", chromedp.CSS("#qua-trinh"))
	for _, w := range []string{"Cập nhật tiến độ", "Đề nghị xác nhận hoàn thành", "Xác nhận hoàn thành"} {
		if !strings.Contains(history, w) {
			t.Errorf("task history: got %q, want %q in it", history, w)
		}
	}
	b.logout()

	// 6. The MTTQ's next quarterly report accounts for the task.
	b.login("mttq")
	do(t, ctx, "open Báo cáo của tôi", chromedp.Navigate(base+"/bao-cao"), chromedp.WaitVisible(chromedp.ID("bao-cao-cua-toi")))
	do(t, ctx, "open the Q4/2026 form",
		chromedp.Click(chromedp.CSS(`#bao-cao-cua-toi a[href="`+reportURL+`"]`)),
		chromedp.WaitVisible(chromedp.ID("trang-thai")),
	)
	if got := location(t, ctx, base); got != reportURL {
		t.Fatalf("report form: at %s, want %s", got, reportURL)
	}
	if got := b.text("task section", chromedp.CSS("#nhiem-vu-duoc-giao")); got != "Kết quả thực hiện nhiệm vụ được giao" {
		t.Errorf("task section heading: got %q", got)
	}
	id := strings.TrimPrefix(taskPath, "/nhiem-vu/")
	// The line as the user sees it: the cells' text and what the boxes hold.
	line := get(t, ctx, "task line", chromedp.Evaluate[string](`(() => {
		const tr = document.querySelector('#bang-nhiem-vu tr[data-task="`+id+`"]');
		return tr ? tr.innerText + ' ' + Array.from(tr.querySelectorAll('textarea, input')).map(e => e.value).join(' ') : '';
	})()`))
	t.Logf("report line of task %s: %q", id, line)
	for _, w := range []string{directive, "31/12/2026", "Hoàn thành đúng hạn", "Đã tổ chức lấy ý kiến ở 100% khu dân cư", "100"} {
		if !strings.Contains(line, w) {
			t.Errorf("task line in the report: got %q, want %q in it", line, w)
		}
	}
}

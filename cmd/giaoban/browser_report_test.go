package main

import (
	"net/http"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"time"

	"github.com/chromedp/chromedp"
	"github.com/xuri/excelize/v2"
)

// TestBrowserReportFlow is issue 3's flow: mttq fills the Q2/2019 form,
// saves, uploads an edited XLSX, submits; chuyenvien returns it with a
// reason; mttq fixes and resubmits; chuyenvien accepts; the report is
// locked.
func TestBrowserReportFlow(t *testing.T) {
	ctx := newBrowser(t, 90*time.Second)
	m := startMain(t, sqlitePath(t), true)
	base := m.URL()
	b := newSession(t, ctx, base)
	const form = "/bao-cao/BCQ-DV/2019Q2/20-MTTQ"

	status := func() string {
		t.Helper()
		return strings.TrimSpace(get(t, ctx, "status", chromedp.Text(chromedp.ID("trang-thai"))))
	}
	openForm := func() {
		t.Helper()
		do(t, ctx, "open the form", chromedp.Navigate(base+form), chromedp.WaitVisible(chromedp.ID("trang-thai")))
	}

	// 1. mttq finds the report among those due and fills it.
	b.login("mttq")
	do(t, ctx, "open Báo cáo của tôi", chromedp.Navigate(base+"/bao-cao"), chromedp.WaitVisible(chromedp.ID("bao-cao-cua-toi")))
	if list := get(t, ctx, "due list", chromedp.Text(chromedp.ID("bao-cao-cua-toi"))); !strings.Contains(list, "Quý II/2019") {
		t.Errorf("Báo cáo của tôi: got %q, want Quý II/2019 listed", list)
	}
	openForm()
	if got := status(); got != "Đang soạn" {
		t.Errorf("new report status: got %q, want Đang soạn", got)
	}
	do(t, ctx, "fill values",
		chromedp.SendKeys(field("v.DOAN_THAM_TET"), "3"),
		chromedp.SendKeys(field("v.QUA_TANG"), "4.200"),
		chromedp.SendKeys(field("v.KINH_PHI"), "1.250.000.000"),
		chromedp.SetValue(field("v.KH_QCDC"), "Có"),
		chromedp.SendKeys(field("n.ket_qua"), "Ủy ban MTTQ tỉnh tổ chức hội nghị hiệp thương chuẩn bị Đại hội."),
		clearFlash,
		chromedp.Click(chromedp.CSS(`button[value="save"]`)),
		nextMessage,
	)
	b.noError("save")
	if got := get(t, ctx, "saved value", chromedp.Value(field("v.KINH_PHI"))); got != "1.250.000.000" {
		t.Errorf("after save: KINH_PHI shows %q, want 1.250.000.000", got)
	}

	// 2. The same form downloaded as Excel, edited, uploaded back.
	tok := apiLogin(t, base, "mttq", "demo")
	req, _ := http.NewRequest("GET", base+"/api/v1/reports/BCQ-DV/2019Q2/20-MTTQ/xlsx", nil)
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err := http.DefaultClient.Do(req)
	if err != nil || res.StatusCode != 200 {
		t.Fatalf("download xlsx: %v %v", err, res)
	}
	wb, err := excelize.OpenReader(res.Body)
	res.Body.Close()
	if err != nil {
		t.Fatal(err)
	}
	rows, _ := wb.GetRows("Báo cáo")
	for i, row := range rows {
		if len(row) > 1 && row[1] == "QUA_TANG" {
			wb.SetCellStr("Báo cáo", "E"+itoaRow(i+1), "5.300")
		}
		if len(row) > 1 && row[1] == "DOAN_KIEM_TRA" {
			wb.SetCellInt("Báo cáo", "E"+itoaRow(i+1), 2)
		}
	}
	path := filepath.Join(t.TempDir(), "bao-cao-quy-2.xlsx")
	if err := wb.SaveAs(path); err != nil {
		t.Fatal(err)
	}
	do(t, ctx, "upload the workbook",
		chromedp.SetUploadFiles(chromedp.ID("tep-excel"), []string{path}),
		clearFlash,
		chromedp.Click(chromedp.CSS(`#tai-len-excel button[type="submit"]`)),
		nextMessage,
	)
	b.noError("upload")
	if got := get(t, ctx, "imported value", chromedp.Value(field("v.QUA_TANG"))); got != "5.300" {
		t.Errorf("after upload: QUA_TANG shows %q, want 5.300", got)
	}
	if got := get(t, ctx, "kept value", chromedp.Value(field("v.KINH_PHI"))); got != "1.250.000.000" {
		t.Errorf("after upload: KINH_PHI shows %q, want 1.250.000.000 (kept from the workbook)", got)
	}

	// 3. Submit.
	do(t, ctx, "submit", clearFlash, chromedp.Click(chromedp.CSS(`button[value="submit"]`)), nextMessage)
	b.noError("submit")
	if got := status(); got != "Đã gửi" {
		t.Fatalf("after submit: status %q, want Đã gửi", got)
	}
	if n := get(t, ctx, "inputs", chromedp.Evaluate[int](`document.querySelectorAll('#bieu-mau-bao-cao input[name^="v."]').length`)); n != 0 {
		t.Errorf("a submitted report still offers %d inputs to its unit", n)
	}
	b.logout()

	// 4. The commission returns it with a reason.
	b.login("chuyenvien")
	openForm()
	do(t, ctx, "return",
		chromedp.SendKeys(chromedp.ID("reason"), "Đề nghị bổ sung số đoàn kiểm tra dịp Tết."),
		clearFlash,
		chromedp.Click(chromedp.ID("tra-lai")),
		nextMessage,
	)
	b.noError("return")
	if got := status(); got != "Bị trả lại" {
		t.Fatalf("after return: status %q, want Bị trả lại", got)
	}
	b.logout()

	// 5. mttq sees the reason, fixes and resubmits.
	b.login("mttq")
	openForm()
	if reason := get(t, ctx, "reason", chromedp.Text(chromedp.ID("ly-do-tra-lai"))); !strings.Contains(reason, "bổ sung số đoàn kiểm tra") {
		t.Errorf("return reason shown: %q", reason)
	}
	do(t, ctx, "fix and resubmit",
		chromedp.SetValue(field("v.DOAN_KIEM_TRA"), "3"),
		clearFlash,
		chromedp.Click(chromedp.CSS(`button[value="submit"]`)),
		nextMessage,
	)
	b.noError("resubmit")
	if got := status(); got != "Đã gửi" {
		t.Fatalf("after resubmit: status %q, want Đã gửi", got)
	}
	b.logout()

	// 6. The commission accepts; the report is locked.
	b.login("chuyenvien")
	openForm()
	do(t, ctx, "accept", clearFlash, chromedp.Click(chromedp.ID("tiep-nhan")), nextMessage)
	b.noError("accept")
	if got := status(); got != "Đã tiếp nhận" {
		t.Fatalf("after accept: status %q, want Đã tiếp nhận", got)
	}
	if got := get(t, ctx, "accepted value", chromedp.Text(chromedp.CSS(`[id="v.DOAN_KIEM_TRA"]`))); got != "3" {
		t.Errorf("accepted DOAN_KIEM_TRA: got %q, want 3", got)
	}
	// Locked: a save through the API is refused with 409.
	body := `{"version": 99, "values": {"QUA_TANG": 1}}`
	req, _ = http.NewRequest("PUT", base+"/api/v1/reports/BCQ-DV/2019Q2/20-MTTQ", strings.NewReader(body))
	req.Header.Set("Authorization", "Bearer "+tok)
	res, err = http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusConflict {
		t.Errorf("save of an accepted report: got %d, want 409", res.StatusCode)
	}
	// Every step kept a version: submit, return, resubmit, accept.
	do(t, ctx, "versions", chromedp.Navigate(base+form+"/phien-ban"), chromedp.WaitVisible(chromedp.CSS("table.grid")))
	if n := get(t, ctx, "version rows", chromedp.Evaluate[int](`document.querySelectorAll('table.grid tbody tr').length`)); n != 4 {
		t.Errorf("kept versions: got %d, want 4", n)
	}
	shot := get(t, ctx, "screenshot", chromedp.FullScreenshot(90))
	os.WriteFile(filepath.Join(t.TempDir(), "versions.png"), shot, 0o644)
}

func itoaRow(n int) string {
	const digits = "0123456789"
	if n < 10 {
		return digits[n : n+1]
	}
	return itoaRow(n/10) + digits[n%10:n%10+1]
}

package web_test

import (
	"context"
	"database/sql"
	"encoding/json"
	"net/http"
	"net/url"
	"regexp"
	"slices"
	"strconv"
	"strings"
	"testing"

	"giaoban/internal/apptest"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/sqlstore"
	"giaoban/internal/task"
)

// storeTask stores a task entered by hand for lead, assigned on the test
// clock's day and monitored by the commission.
func storeTask(t *testing.T, srv *apptest.Server, lead, deadline string) *task.Task {
	t.Helper()
	tk := &task.Task{Content: "Tổ chức tốt Đại hội MTTQ các cấp nhiệm kỳ 2019–2024 (" + lead + ")", LeadUnit: lead, MonitorUnit: "20-BTGDV",
		SourceKind: task.SourceDocument, SourceNumber: "Số 15-TB/BDVTU", AssignedOn: period.Today(apptest.Clock), State: task.StateOpen,
		CreatedAt: apptest.Clock, CreatedBy: "chuyenvien", UpdatedAt: apptest.Clock, UpdatedBy: "chuyenvien"}
	if deadline == "" {
		tk.Ongoing = true
	} else {
		tk.Deadline = period.MustParse(deadline)
	}
	if err := srv.DB.CreateTask(context.Background(), tk); err != nil {
		t.Fatal(err)
	}
	return tk
}

// addEvidence posts a progress update with a PDF through the store and
// returns the file's id.
func addEvidence(t *testing.T, srv *apptest.Server, tk *task.Task) int64 {
	t.Helper()
	pct := 20
	tk.Version++
	tk.LastProgress, tk.Percent = "Đã xây dựng kế hoạch", pct
	evs := []task.Event{{Kind: task.EventProgress, On: tk.AssignedOn, Text: tk.LastProgress, Percent: &pct, CreatedAt: apptest.Clock, CreatedBy: "mttq",
		Evidence: []task.Evidence{{FileName: "ke-hoach.pdf", ContentType: "application/pdf", Size: 9, Data: []byte("%PDF-1.4\n")}}}}
	if err := srv.DB.UpdateTask(context.Background(), tk, tk.Version-1, evs); err != nil {
		t.Fatal(err)
	}
	return evs[0].Evidence[0].ID
}

func decode[T any](t *testing.T, body string) T {
	t.Helper()
	var v T
	if err := json.Unmarshal([]byte(body), &v); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
	return v
}

type apiTaskOut struct {
	ID           int64    `json:"id"`
	Content      string   `json:"content"`
	LeadUnit     string   `json:"lead_unit"`
	Deadline     *string  `json:"deadline"`
	Status       string   `json:"status"`
	Coordinating []string `json:"coordinating_units"`
	MonitorUnit  string   `json:"monitor_unit"`
	State        string   `json:"state"`
	Percent      int      `json:"percent"`
	LastProgress string   `json:"last_progress"`
	Version      int      `json:"version"`
	DoneOn       *string  `json:"done_on"`
	Source       struct {
		Kind   string `json:"kind"`
		Number string `json:"number"`
	} `json:"source"`
	Events []struct {
		Kind     string `json:"kind"`
		Date     string `json:"date"`
		Text     string `json:"text"`
		Percent  *int   `json:"percent"`
		Evidence []struct {
			FileName string `json:"file_name"`
		} `json:"evidence"`
	} `json:"events"`
}

func TestTaskAPI(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := apptest.NewServer(t, db)
		mine := storeTask(t, srv, "20-MTTQ", "2026-12-31")
		addEvidence(t, srv, mine)
		ongoing := storeTask(t, srv, "20-MTTQ", "")
		hnd := storeTask(t, srv, "20-HND", "2026-11-20") // overdue on 25/11/2026
		cv, mt := srv.APIToken(t, "chuyenvien", "demo"), srv.APIToken(t, "mttq", "demo")

		code, body := srv.API(t, cv, "GET", "/api/v1/tasks", "")
		if code != http.StatusOK {
			t.Fatalf("list: %d %s", code, body)
		}
		// The demo's 2019 tasks are listed too; the test's three are among them.
		mineIDs := map[int64]bool{mine.ID: true, ongoing.ID: true, hnd.ID: true}
		own := func(items []apiTaskOut) []int64 {
			var out []int64
			for _, it := range items {
				if mineIDs[it.ID] {
					out = append(out, it.ID)
				}
			}
			slices.Sort(out)
			return out
		}
		if got, want := own(decode[[]apiTaskOut](t, body)), sortedIDs(mine.ID, ongoing.ID, hnd.ID); !slices.Equal(got, want) {
			t.Fatalf("list has %v of the test's tasks, want %v: %s", got, want, body)
		}
		// Exactly the fields of the contract, on every item.
		raw := decode[[]map[string]any](t, body)
		for _, item := range raw {
			if len(item) != 5 || item["id"] == nil || item["content"] == nil || item["lead_unit"] == nil || item["status"] == nil {
				t.Errorf("item %v", item)
			}
			if _, ok := item["deadline"]; !ok {
				t.Errorf("no deadline key in %v", item)
			}
		}
		items := decode[[]apiTaskOut](t, body)
		byID := map[int64]apiTaskOut{}
		for _, it := range items {
			byID[it.ID] = it
		}
		if it := byID[hnd.ID]; it.Status != "overdue" || it.Deadline == nil || *it.Deadline != "2026-11-20" {
			t.Errorf("HND task %+v", it)
		}
		if it := byID[ongoing.ID]; it.Status != "open" || it.Deadline != nil {
			t.Errorf("ongoing task %+v", it)
		}
		code, body = srv.API(t, cv, "GET", "/api/v1/tasks?status=overdue", "")
		overdue := decode[[]apiTaskOut](t, body)
		if code != 200 || !slices.Equal(own(overdue), []int64{hnd.ID}) {
			t.Errorf("overdue: %d %s", code, body)
		}
		for _, it := range overdue {
			if it.Status != "overdue" {
				t.Errorf("overdue list has %+v", it)
			}
		}
		code, body = srv.API(t, cv, "GET", "/api/v1/tasks?status=late", "")
		if code != http.StatusUnprocessableEntity || !strings.Contains(body, `"status"`) {
			t.Errorf("unknown status: %d %s", code, body)
		}
		// A unit sees its own tasks only, and is refused another's.
		code, body = srv.API(t, mt, "GET", "/api/v1/tasks", "")
		mtItems := decode[[]apiTaskOut](t, body)
		if code != 200 || !slices.Equal(own(mtItems), sortedIDs(mine.ID, ongoing.ID)) {
			t.Errorf("MTTQ list: %d %s", code, body)
		}
		for _, it := range mtItems { // nor a demo task of another unit
			if tk, err := db.FindTask(context.Background(), it.ID); err != nil || tk.LeadUnit != "20-MTTQ" && !slices.Contains(tk.Coordinating, "20-MTTQ") {
				t.Errorf("MTTQ lists task %+v (%v)", tk, err)
			}
		}
		if code, body = srv.API(t, mt, "GET", "/api/v1/tasks?unit=20-HND", ""); code != http.StatusForbidden {
			t.Errorf("MTTQ lists HND's tasks: %d %s", code, body)
		}
		if code, body = srv.API(t, mt, "GET", "/api/v1/tasks/"+itoa(hnd.ID), ""); code != http.StatusForbidden {
			t.Errorf("MTTQ reads HND's task: %d %s", code, body)
		}
		code, body = srv.API(t, mt, "GET", "/api/v1/tasks/"+itoa(mine.ID), "")
		full := decode[apiTaskOut](t, body)
		if code != 200 || full.MonitorUnit != "20-BTGDV" || full.Coordinating == nil || full.Source.Kind != "document" || full.Source.Number != "Số 15-TB/BDVTU" ||
			len(full.Events) != 1 || full.Events[0].Evidence[0].FileName != "ke-hoach.pdf" || full.State != "open" || full.Version != 2 {
			t.Errorf("task: %d %s", code, body)
		}

		// Progress: never on another unit's task.
		if code, body = srv.API(t, mt, "POST", "/api/v1/tasks/"+itoa(hnd.ID)+"/progress", `{"text":"Đã làm thay","percent":50}`); code != http.StatusForbidden {
			t.Errorf("MTTQ posts on HND's task: %d %s", code, body)
		}
		if got, _ := db.FindTask(context.Background(), hnd.ID); got.Version != 1 || got.LastProgress != "" {
			t.Errorf("a refused post changed the task: %+v", got)
		}
		code, body = srv.API(t, mt, "POST", "/api/v1/tasks/"+itoa(mine.ID)+"/progress", `{"text":"Đã tổ chức 8/11 đại hội cấp huyện","percent":70}`)
		out := decode[apiTaskOut](t, body)
		if code != http.StatusCreated || out.Percent != 70 || out.LastProgress != "Đã tổ chức 8/11 đại hội cấp huyện" || len(out.Events) != 2 || out.Version != 3 {
			t.Fatalf("progress: %d %s", code, body)
		}
		if code, body = srv.API(t, mt, "POST", "/api/v1/tasks/"+itoa(mine.ID)+"/progress", `{"text":"cũ","version":2}`); code != http.StatusConflict {
			t.Errorf("stale version: %d %s", code, body)
		}
		if code, body = srv.API(t, mt, "POST", "/api/v1/tasks/"+itoa(mine.ID)+"/progress", `{"text":"x","percent":101}`); code != http.StatusUnprocessableEntity || !strings.Contains(body, `"percent"`) {
			t.Errorf("percent 101: %d %s", code, body)
		}
		code, body = srv.API(t, mt, "POST", "/api/v1/tasks/"+itoa(mine.ID)+"/progress", `{"text":"Hoàn thành","percent":100,"propose_done":true,"date":"2026-11-25"}`)
		out = decode[apiTaskOut](t, body)
		if code != http.StatusCreated || out.State != "proposed" || out.DoneOn == nil || *out.DoneOn != "2026-11-25" || out.Status != "open" {
			t.Errorf("propose: %d %s", code, body)
		}
		if code, body = srv.API(t, cv, "GET", "/api/v1/tasks/abc", ""); code != http.StatusNotFound {
			t.Errorf("bad id: %d %s", code, body)
		}
	})
}

var versionRe = regexp.MustCompile(`name="version" value="(\d+)"`)

func formVersionOf(t *testing.T, body string) string {
	t.Helper()
	m := versionRe.FindStringSubmatch(body)
	if m == nil {
		t.Fatalf("no version in the page:\n%.2000s", body)
	}
	return m[1]
}

// sortedIDs returns ids in increasing order.
func sortedIDs(ids ...int64) []int64 {
	slices.Sort(ids)
	return ids
}

// TestTaskPages walks the loop in the browser's forms: the commission
// assigns, the unit posts progress and proposes, the commission returns
// then confirms, and the dashboards show it.
func TestTaskPages(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := apptest.NewServer(t, db)
		cv := srv.NewClient(t)
		cv.Login("chuyenvien", "demo")
		res, body := cv.Get("/nhiem-vu/moi")
		if res.StatusCode != 200 || !strings.Contains(body, "Giao nhiệm vụ mới") || !strings.Contains(body, `value="20-MTTQ"`) {
			t.Fatalf("form: %d", res.StatusCode)
		}
		res, body = cv.PostFormBody("/nhiem-vu", url.Values{"content": {""}, "lead_unit": {""}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Cần ghi nội dung nhiệm vụ.") || !strings.Contains(body, "Chọn đơn vị chủ trì.") {
			t.Fatalf("invalid form: %d", res.StatusCode)
		}
		res, _ = cv.PostFormBody("/nhiem-vu", url.Values{"content": {"Tổ chức Đại hội MTTQ các cấp"}, "lead_unit": {"20-MTTQ"}, "coordinating": {"20-HND", "20-TD"},
			"deadline": {"2026-11-30"}, "source_number": {"Số 15-TB/BDVTU"}, "source_title": {"Thông báo kết luận"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("create: %d", res.StatusCode)
		}
		loc := res.Header.Get("Location")
		id, err := strconv.ParseInt(strings.TrimPrefix(loc, "/nhiem-vu/"), 10, 64)
		if err != nil {
			t.Fatalf("redirect to %q", loc)
		}
		tk, _ := db.FindTask(context.Background(), id)
		if tk.LeadUnit != "20-MTTQ" || len(tk.Coordinating) != 2 || tk.MonitorUnit != "20-BTGDV" {
			t.Fatalf("created %+v", tk)
		}

		mt := srv.NewClient(t)
		mt.Login("mttq", "demo")
		res, body = mt.Get("/nhiem-vu")
		if res.StatusCode != 200 || !strings.Contains(body, "Nhiệm vụ của đơn vị") || !strings.Contains(body, "Tổ chức Đại hội MTTQ các cấp") ||
			!strings.Contains(body, `class="due-soon"`) || !strings.Contains(body, "Cập nhật tiến độ") {
			t.Fatalf("unit's list: %d\n%.3000s", res.StatusCode, body)
		}
		_, body = mt.Get("/thong-bao")
		if !strings.Contains(body, "chủ trì nhiệm vụ") {
			t.Errorf("no assignment notification:\n%.2000s", body)
		}
		res, body = mt.Get(loc)
		if res.StatusCode != 200 || !strings.Contains(body, `id="form-tien-do"`) || strings.Contains(body, `id="form-xac-nhan"`) {
			t.Fatalf("task page for the owner: %d", res.StatusCode)
		}
		v := formVersionOf(t, body)
		res, body = mt.PostFormBody(loc+"/tien-do", url.Values{"version": {v}, "text": {""}, "percent": {"abc"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "Cần ghi nội dung tiến độ.") || !strings.Contains(body, "từ 0 đến 100") {
			t.Fatalf("bad progress: %d\n%.3000s", res.StatusCode, body)
		}
		res, _ = mt.PostFormBody(loc+"/tien-do", url.Values{"version": {v}, "text": {"Đã hoàn thành đại hội"}, "percent": {"100"}, "propose": {"1"}, "date": {"2026-11-25"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("propose: %d", res.StatusCode)
		}
		res, body = mt.PostFormBody(loc+"/tien-do", url.Values{"version": {v}, "text": {"bản cũ"}})
		if res.StatusCode != http.StatusConflict || !strings.Contains(body, "vừa được người khác cập nhật") {
			t.Errorf("stale form: %d", res.StatusCode)
		}
		// mttq cannot decide.
		if res, _ = mt.PostFormBody(loc+"/xac-nhan", url.Values{"version": {"2"}}); res.StatusCode != http.StatusForbidden {
			t.Errorf("owner confirms: %d", res.StatusCode)
		}
		res, body = cv.Get(loc)
		if !strings.Contains(body, `id="form-xac-nhan"`) || !strings.Contains(body, "ngày 25/11/2026") {
			t.Fatalf("monitor's page:\n%.3000s", body)
		}
		res, body = cv.PostFormBody(loc+"/tra-lai", url.Values{"version": {"2"}, "reason": {""}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "lý do") {
			t.Errorf("return without reason: %d", res.StatusCode)
		}
		if res, _ = cv.PostFormBody(loc+"/tra-lai", url.Values{"version": {"2"}, "reason": {"Thiếu biên bản"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("return: %d", res.StatusCode)
		}
		_, body = mt.Get(loc)
		v = formVersionOf(t, body)
		if res, _ = mt.PostFormBody(loc+"/tien-do", url.Values{"version": {v}, "text": {"Bổ sung biên bản"}, "propose": {"1"}, "date": {"2026-11-25"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("propose again: %d", res.StatusCode)
		}
		_, body = cv.Get(loc)
		v = formVersionOf(t, body)
		if res, _ = cv.PostFormBody(loc+"/xac-nhan", url.Values{"version": {v}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("confirm: %d", res.StatusCode)
		}
		_, body = mt.Get(loc)
		if !strings.Contains(body, "Hoàn thành đúng hạn") || strings.Contains(body, `id="form-tien-do"`) {
			t.Errorf("done page:\n%.3000s", body)
		}
		res, body = mt.Get(loc + "/dong-thoi-gian")
		for _, want := range []string{"Giao nhiệm vụ", "Đề nghị xác nhận hoàn thành", "Trả lại", "Thiếu biên bản", "Xác nhận hoàn thành", "Số 15-TB/BDVTU"} {
			if !strings.Contains(body, want) {
				t.Errorf("timeline lacks %q", want)
			}
		}

		// Dashboards.
		overdue := storeTask(t, srv, "20-HND", "2026-11-01")
		res, body = cv.Get("/nhiem-vu/tong-hop")
		if res.StatusCode != 200 || !strings.Contains(body, "<svg") || !strings.Contains(body, `id="theo-don-vi"`) || !strings.Contains(body, "Hội Nông dân tỉnh") ||
			!strings.Contains(body, `<tr class="overdue"><td><a href="/nhiem-vu/`+itoa(overdue.ID)) || !strings.Contains(body, "1/1 (100%)") {
			t.Errorf("summary: %d\n%.5000s", res.StatusCode, body)
		}
		ld := srv.NewClient(t)
		ld.Login("lanhdao", "demo")
		res, body = ld.Get("/lanh-dao?ky=2019Q1")
		for _, want := range []string{"Tình hình gửi báo cáo", "Số liệu chủ yếu so với cùng kỳ năm trước", "Quý I/2019", "Quá hạn chưa hoàn thành", "Đoàn công tác thăm"} {
			if !strings.Contains(body, want) {
				t.Errorf("leader page lacks %q", want)
			}
		}
		if res.StatusCode != 200 {
			t.Errorf("leader page %d", res.StatusCode)
		}
	})
}

// TestReportFormTasks: a unit with an open task saves its report with a
// line for it; the task gets the line as its latest progress and an event
// naming the report.
func TestReportFormTasks(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := apptest.NewServer(t, db)
		ctx := context.Background()
		tk := storeTask(t, srv, "20-MTTQ", "2026-12-31")
		storeTask(t, srv, "20-HND", "2026-12-31")
		mt := srv.NewClient(t)
		mt.Login("mttq", "demo")
		form := "/bao-cao/BCQ-DV/2026Q4/20-MTTQ"
		res, body := mt.Get(form)
		if res.StatusCode != 200 || !strings.Contains(body, "Kết quả thực hiện nhiệm vụ được giao") || !strings.Contains(body, `name="nv.`+itoa(tk.ID)+`.text"`) {
			t.Fatalf("form: %d\n%.3000s", res.StatusCode, body)
		}
		if strings.Contains(body, "(20-HND)") {
			t.Error("another unit's task in the form")
		}
		// A bad percent stops the save: nothing written.
		res, body = mt.PostFormBody(form, url.Values{"version": {"0"}, "nv." + itoa(tk.ID) + ".text": {"Đã tổ chức"}, "nv." + itoa(tk.ID) + ".percent": {"150"}})
		if res.StatusCode != http.StatusUnprocessableEntity || !strings.Contains(body, "từ 0 đến 100") {
			t.Fatalf("bad line: %d", res.StatusCode)
		}
		if r, err := db.FindReport(ctx, report.Key{Template: "BCQ-DV", Period: "2026Q4", Unit: "20-MTTQ"}); err == nil {
			t.Fatalf("report saved despite a bad task line: %+v", r)
		}
		res, _ = mt.PostFormBody(form, url.Values{"version": {"0"}, "n.ket_qua": {"Kết quả quý IV"},
			"nv." + itoa(tk.ID) + ".text": {"Đã tổ chức 9/11 đại hội cấp huyện"}, "nv." + itoa(tk.ID) + ".percent": {"80"}})
		if res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save: %d", res.StatusCode)
		}
		got, _ := db.FindTask(ctx, tk.ID)
		if got.LastProgress != "Đã tổ chức 9/11 đại hội cấp huyện" || got.Percent != 80 {
			t.Errorf("task after the report: %+v", got)
		}
		evs, _ := db.ListTaskEvents(ctx, tk.ID)
		if len(evs) != 1 || evs[0].Kind != task.EventReport || evs[0].ReportRef != "BCQ-DV/2026Q4/20-MTTQ" {
			t.Fatalf("events %+v", evs)
		}
		if _, err := db.FindReport(ctx, report.Key{Template: "BCQ-DV", Period: "2026Q4", Unit: "20-MTTQ"}); err != nil {
			t.Errorf("report not saved: %v", err)
		}
		// The form comes back pre-filled; saving it unchanged adds nothing.
		_, body = mt.Get(form)
		if !strings.Contains(body, "Đã tổ chức 9/11 đại hội cấp huyện</textarea>") {
			t.Errorf("not pre-filled:\n%.3000s", body)
		}
		v := formVersionOf(t, body)
		if res, _ = mt.PostFormBody(form, url.Values{"version": {v}, "nv." + itoa(tk.ID) + ".text": {"Đã tổ chức 9/11 đại hội cấp huyện"}, "nv." + itoa(tk.ID) + ".percent": {"80"}}); res.StatusCode != http.StatusSeeOther {
			t.Fatalf("save again: %d", res.StatusCode)
		}
		if evs, _ := db.ListTaskEvents(ctx, tk.ID); len(evs) != 1 {
			t.Errorf("an unchanged line made an event: %+v", evs)
		}
		// Another unit's task cannot be slipped into the form.
		hnd := storeTask(t, srv, "20-HND", "2026-12-31")
		_, body = mt.Get(form)
		v = formVersionOf(t, body)
		res, _ = mt.PostFormBody(form, url.Values{"version": {v}, "nv." + itoa(hnd.ID) + ".text": {"ghi hộ"}})
		if res.StatusCode != http.StatusUnprocessableEntity {
			t.Errorf("a line for HND's task: %d", res.StatusCode)
		}
		// The timeline links the line to the report.
		_, body = mt.Get("/nhiem-vu/" + itoa(tk.ID) + "/dong-thoi-gian")
		if !strings.Contains(body, `href="/bao-cao/BCQ-DV/2026Q4/20-MTTQ"`) || !strings.Contains(body, "Quý IV/2026") {
			t.Errorf("timeline:\n%.3000s", body)
		}
		// A report of a period before the task sees no section.
		_, body = mt.Get("/bao-cao/BCQ-DV/2019Q1/20-MTTQ")
		if strings.Contains(body, "Kết quả thực hiện nhiệm vụ được giao") {
			t.Error("a task assigned in 2026 shows in the 2019 report")
		}
	})
}

// TestTaskTimelineFromConclusion: the chain of a task made from a
// conclusion item: the period's report and consolidation, the conference,
// the conclusion item, the task and its progress.
func TestTaskTimelineFromConclusion(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := apptest.NewServer(t, db)
		rawExec(t, db,
			`INSERT INTO conference (id, title, kind, host_unit, template_code, period_id, starts_at, place, status, created_at, updated_at, updated_by)
			 VALUES (9001, 'Hội nghị giao ban công tác dân vận quý I năm 2019', 'quarterly', '20-BDV', 'BCQ-DV', '2019Q1', '2019-03-28T08:00:00+07:00', 'Hội trường Tỉnh ủy', 'concluded', '2019-03-20T00:00:00.000000Z', '2019-03-28T00:00:00.000000Z', 'chuyenvien')`,
			`INSERT INTO conference_paper (id, conference_id, kind, title, ref, created_at, created_by)
			 VALUES (9001, 9001, 'consolidation', 'Báo cáo tổng hợp quý I/2019', 'BCQ-DV/2019Q1/20', '2019-03-20T00:00:00.000000Z', 'chuyenvien')`,
			`INSERT INTO conclusion (id, conference_id, issuer_unit, title, status, number_text, issued_on, created_at, updated_at, updated_by)
			 VALUES (9001, 9001, '20-BDV', 'Thông báo kết luận của đồng chí Hoàng Văn Nghiệm', 'issued', 'Số 15-TB/BDVTU', '2019-04-05', '2019-03-29T00:00:00.000000Z', '2019-04-05T00:00:00.000000Z', 'chuyenvien')`,
			`INSERT INTO conclusion_item (id, conclusion_id, seq, kind, text, addressees, deadline)
			 VALUES (9001, 9001, 6, 'directive', 'Mặt trận Tổ quốc phối hợp tổ chức tốt Đại hội MTTQ các cấp nhiệm kỳ 2019–2024.', '["20-MTTQ"]', '2019-09-30')`)
		tk := &task.Task{Content: "Phối hợp tổ chức tốt Đại hội MTTQ các cấp nhiệm kỳ 2019–2024", LeadUnit: "20-MTTQ", MonitorUnit: "20-BDV",
			SourceKind: task.SourceConclusion, ConclusionItemID: 9001, SourceNumber: "Số 15-TB/BDVTU", AssignedOn: period.MustParse("2019-04-05"),
			Deadline: period.MustParse("2019-09-30"), State: task.StateOpen, CreatedAt: apptest.Clock, UpdatedAt: apptest.Clock, CreatedBy: "chuyenvien", UpdatedBy: "chuyenvien"}
		if err := db.CreateTask(context.Background(), tk); err != nil {
			t.Fatal(err)
		}
		addEvidence(t, srv, tk)
		mt := srv.NewClient(t)
		mt.Login("mttq", "demo")
		res, body := mt.Get("/nhiem-vu/" + itoa(tk.ID) + "/dong-thoi-gian")
		if res.StatusCode != 200 {
			t.Fatalf("timeline %d", res.StatusCode)
		}
		order := []string{"Quý I/2019", `href="/bao-cao/BCQ-DV/2019Q1/20-MTTQ"`, `href="/tong-hop/BCQ-DV/2019Q1/20"`,
			"ngày 28 tháng 3 năm 2019", "Hội nghị giao ban công tác dân vận quý I năm 2019",
			"Số 15-TB/BDVTU — Thông báo kết luận", "Mục 6: Mặt trận Tổ quốc phối hợp", "Giao nhiệm vụ", "Cập nhật tiến độ", "ke-hoach.pdf"}
		at := 0
		for _, want := range order {
			i := strings.Index(body[at:], want)
			if i < 0 {
				t.Fatalf("timeline lacks %q after position %d:\n%.4000s", want, at, body)
			}
			at += i
		}
		code, out := srv.API(t, srv.APIToken(t, "mttq", "demo"), "GET", "/api/v1/tasks/"+itoa(tk.ID), "")
		if code != 200 || !strings.Contains(out, `"conclusion_item_id":9001`) || !strings.Contains(out, `"item_seq":6`) || !strings.Contains(out, `"kind":"conclusion"`) {
			t.Errorf("api: %d %s", code, out)
		}
		// In 2026 the task is overdue (deadline 30/09/2019).
		if !strings.Contains(body, "Quá hạn chưa hoàn thành") {
			t.Error("bucket not shown")
		}
	})
}

// rawExec runs test-data statements through a connection of its own (the
// store has no raw access); statements carry no parameters.
func rawExec(t *testing.T, db *sqlstore.DB, stmts ...string) {
	t.Helper()
	driver, dsn := "sqlite", "file:"+db.DSN+"?_pragma=busy_timeout(10000)&_pragma=foreign_keys(1)"
	if db.Dialect() == "postgres" {
		driver, dsn = "pgx", db.DSN
	}
	conn, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	for _, s := range stmts {
		if _, err := conn.Exec(s); err != nil {
			t.Fatalf("%v\n%s", err, s)
		}
	}
}

// TestTaskReminders: the server's reminder run, with the date injected,
// tells the lead unit once 7 days before the deadline and once when
// overdue; the notifications link to the task.
func TestTaskReminders(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := apptest.NewServer(t, db)
		ctx := context.Background()
		// The demo's overdue task (Hội Nông dân, 2019) is reminded at the
		// first run; what follows counts only this test's task.
		if n, err := srv.Web.RunTaskReminders(ctx, period.MustParse("2026-11-25")); err != nil || n != 1 {
			t.Fatalf("first run: %d reminders, %v; want the demo's overdue task's", n, err)
		}
		tk := storeTask(t, srv, "20-MTTQ", "2026-12-10")
		for _, c := range []struct {
			day  string
			want int
		}{{"2026-12-02", 0}, {"2026-12-03", 1}, {"2026-12-04", 0}, {"2026-12-11", 1}, {"2026-12-12", 0}} {
			n, err := srv.Web.RunTaskReminders(ctx, period.MustParse(c.day))
			if err != nil || n != c.want {
				t.Fatalf("%s: %d reminders, %v; want %d", c.day, n, err, c.want)
			}
		}
		mt := srv.NewClient(t)
		mt.Login("mttq", "demo")
		_, body := mt.Get("/thong-bao")
		link := `href="/nhiem-vu/` + itoa(tk.ID) + `"`
		if strings.Count(body, link) != 2 || !strings.Contains(body, "sắp đến hạn") || !strings.Contains(body, "đã quá hạn") {
			t.Errorf("notifications:\n%.3000s", body)
		}
	})
}

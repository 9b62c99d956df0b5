package conference_test

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"sync"
	"testing"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/apptest"
	"giaoban/internal/auth"
	"giaoban/internal/conference"
	"giaoban/internal/demo"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
	"giaoban/internal/task"
)

// clock is the fixed "now" of these tests, as in the test servers.
var clock = apptest.Clock

var (
	chuyenvien = &auth.Actor{Username: "chuyenvien", UnitCode: demo.MergedCommission, Roles: []auth.Role{auth.RoleCommission}}
	lanhdao    = &auth.Actor{Username: "lanhdao", UnitCode: demo.Province, Roles: []auth.Role{auth.RoleLeader}}
	bientap    = &auth.Actor{Username: "bientap", UnitCode: demo.MergedCommission, Roles: []auth.Role{auth.RoleEditor}}
	mttq       = &auth.Actor{Username: "mttq", UnitCode: demo.Front, Roles: []auth.Role{auth.RoleReporter}}
	caoloc     = &auth.Actor{Username: "caoloc", UnitCode: demo.CaoLoc, Roles: []auth.Role{auth.RoleReporter}}
	admin      = &auth.Actor{Username: "admin", Roles: []auth.Role{auth.RoleAdmin}}
)

func newService(t *testing.T, db *sqlstore.DB) *conference.Service {
	t.Helper()
	db.Now = func() time.Time { return clock }
	if _, err := demo.Load(context.Background(), db, period.Today(clock)); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	return &conference.Service{Store: db, Units: db, Authz: &auth.Authorizer{Units: &org.Service{Store: db}}, Now: func() time.Time { return clock }}
}

func at(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, period.Vietnam)
	if err != nil {
		panic(err)
	}
	return t
}

// q1 is the seed's conference of 28/3/2019.
func q1() conference.Details {
	return conference.Details{Kind: conference.KindQuarterly, Template: "BCQ-DV", Period: "2019Q1",
		StartsAt: at("2019-03-28 08:00"), EndsAt: at("2019-03-28 11:30"), Place: "Hội trường Tỉnh ủy Lạng Sơn",
		ChairName: "Hoàng Văn Nghiệm", ChairTitle: "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh",
		Invitees: []conference.Invitee{{UnitCode: demo.Front}, {UnitCode: demo.Ethnic}, {UnitCode: demo.Farmers},
			{PersonName: "Nguyễn Long Hải", Position: "Phó Chủ tịch UBND tỉnh"}},
		Agenda: []conference.AgendaItem{{Title: "Báo cáo kết quả công tác dân vận quý I, nhiệm vụ quý II năm 2019", Presenter: "Lãnh đạo Ban Dân vận Tỉnh ủy", Minutes: 30},
			{Title: "Thảo luận", Minutes: 90}, {Title: "Phát biểu kết luận", Presenter: "Đồng chí Hoàng Văn Nghiệm", Minutes: 30}}}
}

// number is the text of the number k places ahead in the 2015–2020 series
// of docType of the Ban Dân vận Tỉnh ủy (k = 1: the next one): the demo
// may have issued some already, so tests count from what is there.
func number(t *testing.T, db *sqlstore.DB, docType string, k int) string {
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
	return fmt.Sprintf("Số %02d-%s/BDVTU", n+k, docType)
}

func mustCode(t *testing.T, err error, code string) *apperr.Error {
	t.Helper()
	if apperr.Code(err) != code {
		t.Fatalf("got error %v, want code %s", err, code)
	}
	var e *apperr.Error
	if err != nil {
		e = err.(*apperr.Error)
	}
	return e
}

// held creates a conference and records its attendance.
func held(t *testing.T, s *conference.Service, d conference.Details) *conference.Conference {
	t.Helper()
	ctx := context.Background()
	c, err := s.Create(ctx, chuyenvien, d)
	if err != nil {
		t.Fatalf("create: %v", err)
	}
	c, err = s.RecordAttendance(ctx, chuyenvien, c.ID, c.Version, []conference.Attendee{
		{UnitCode: demo.Front, PersonName: "Lương Thị Hạnh", PersonTitle: "Phó Chủ tịch", Present: true},
		{UnitCode: demo.Ethnic, PersonName: "Lộc Thị Mai", PersonTitle: "Trưởng ban", Present: true},
		{UnitCode: demo.Farmers, Present: false, AbsenceReason: "Đi công tác Trung ương"}})
	if err != nil {
		t.Fatalf("attendance: %v", err)
	}
	return c
}

func seedItems() []conference.Item {
	return []conference.Item{
		{Kind: conference.ItemAssessment, Text: "Ghi nhận những kết quả trong thực hiện công tác dân vận quý I năm 2019."},
		{Kind: conference.ItemDirective, Text: "Mặt trận Tổ quốc phối hợp với các cơ quan tổ chức tốt Đại hội Đại biểu Ủy ban MTTQ Việt Nam các cấp nhiệm kỳ 2019 – 2024.",
			Addressees: []string{demo.Front}, Deadline: period.MustParse("2019-09-30")},
		{Kind: conference.ItemDirective, Text: "Ban Dân tộc thực hiện tốt Đại hội Dân tộc thiểu số tỉnh năm 2019 đảm bảo yêu cầu.",
			Addressees: []string{demo.Ethnic}, Deadline: period.MustParse("2019-10-31")},
		{Kind: conference.ItemDirective, Text: "Tăng cường phối hợp, tích cực nhân rộng các mô hình, cách làm hay.",
			Addressees: []string{demo.Front, demo.Farmers}, Ongoing: true},
	}
}

// concluded drafts, approves and issues the conclusion of c.
func concluded(t *testing.T, s *conference.Service, c *conference.Conference, on string) *conference.Conclusion {
	t.Helper()
	ctx := context.Background()
	_, draft, err := s.Conclusion(ctx, chuyenvien, c.ID)
	if err != nil {
		t.Fatal(err)
	}
	cl, err := s.SaveConclusion(ctx, chuyenvien, c.ID, 0, conference.ConclusionEdit{Title: draft.Title, SignerName: "Nguyễn Văn Tuấn",
		SignerTitle: draft.SignerTitle, Preamble: draft.Preamble, Closing: draft.Closing, Recipients: draft.Recipients, Items: seedItems()})
	if err != nil {
		t.Fatalf("save conclusion: %v", err)
	}
	if cl, err = s.ApproveConclusion(ctx, lanhdao, c.ID, cl.Version); err != nil {
		t.Fatalf("approve: %v", err)
	}
	if cl, err = s.IssueConclusion(ctx, chuyenvien, c.ID, cl.Version, period.MustParse(on)); err != nil {
		t.Fatalf("issue: %v", err)
	}
	return cl
}

func TestCreateValidation(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := newService(t, db)
		ctx := context.Background()
		tests := []struct {
			name   string
			edit   func(d *conference.Details)
			fields map[string]string
		}{
			{"empty", func(d *conference.Details) { *d = conference.Details{} }, map[string]string{
				"title": "Chưa nhập tên hội nghị.", "kind": "Chọn loại hội nghị.", "starts_at": "Chưa nhập ngày, giờ họp.", "place": "Chưa nhập địa điểm."}},
			{"no period", func(d *conference.Details) { d.Template, d.Period = "", "" }, map[string]string{
				"period": "Hội nghị giao ban cần kỳ báo cáo để gắn báo cáo tổng hợp.", "title": "Chưa nhập tên hội nghị."}},
			{"bad period", func(d *conference.Details) { d.Period = "2019S1" }, map[string]string{
				"period": "Kỳ 2019S1 không phải kỳ của mẫu \"Báo cáo công tác dân vận quý\"."}},
			{"unknown template", func(d *conference.Details) { d.Template = "KHONG-CO" }, map[string]string{"template": "Không có mẫu báo cáo KHONG-CO."}},
			{"end before start", func(d *conference.Details) { d.EndsAt = at("2019-03-28 07:00") }, map[string]string{"ends_at": "Giờ kết thúc phải sau giờ bắt đầu."}},
			{"agenda row", func(d *conference.Details) { d.Agenda[1].Title = ""; d.Agenda[1].Presenter = "Ai đó" }, map[string]string{
				"agenda.2": "Nội dung thứ 2 của chương trình chưa có tên."}},
			{"unknown invitee", func(d *conference.Details) { d.Invitees[0].UnitCode = "20-KHONG" }, map[string]string{
				"invitees.1": "Đơn vị 20-KHONG không tồn tại vào ngày họp 28/03/2019."}},
			{"merged commission in 2019", func(d *conference.Details) { d.HostUnit = demo.MergedCommission }, map[string]string{
				"host": "Đơn vị 20-BTGDV không tồn tại vào ngày 28/03/2019."}},
		}
		for _, tt := range tests {
			t.Run(tt.name, func(t *testing.T) {
				d := q1()
				tt.edit(&d)
				_, err := s.Create(ctx, chuyenvien, d)
				e := mustCode(t, err, apperr.EINVALID)
				for k, v := range tt.fields {
					if e.Fields[k] != v {
						t.Errorf("field %s: got %q, want %q", k, e.Fields[k], v)
					}
				}
				if len(e.Fields) != len(tt.fields) {
					t.Errorf("got fields %v, want %v", e.Fields, tt.fields)
				}
			})
		}
		// Who may plan: the commission and the admin; a reporter, the leader
		// and the editor may not.
		for _, a := range []*auth.Actor{mttq, lanhdao, bientap, caoloc} {
			if _, err := s.Create(ctx, a, q1()); apperr.Code(err) != apperr.EFORBIDDEN {
				t.Errorf("%s creates: got %v, want forbidden", a.Username, err)
			}
		}
		// The admin has no commission to host: it names the host.
		d := q1()
		_, err := s.Create(ctx, admin, d)
		if e := mustCode(t, err, apperr.EINVALID); e.Fields["host"] == "" {
			t.Errorf("admin without host: got %v", e.Fields)
		}
		d.HostUnit = demo.Commission
		if c, err := s.Create(ctx, admin, d); err != nil || c.HostUnit != demo.Commission {
			t.Errorf("admin with host: %v %+v", err, c)
		}
	})
}

func TestConferenceLifecycle(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := newService(t, db)
		ctx := context.Background()
		c, err := s.Create(ctx, chuyenvien, q1())
		if err != nil {
			t.Fatal(err)
		}
		// In 2019 the merged commission acts through its predecessor.
		if c.HostUnit != demo.Commission || c.Status != conference.StatusPlanned || c.Version != 1 {
			t.Errorf("created: host %s status %s version %d", c.HostUnit, c.Status, c.Version)
		}
		if c.Title != "Hội nghị giao ban công tác dân vận quý I năm 2019" {
			t.Errorf("default title %q", c.Title)
		}
		if len(c.Papers) != 1 || c.Papers[0].Kind != conference.PaperConsolidation || c.Papers[0].Ref != "BCQ-DV/2019Q1/20" ||
			c.Papers[0].ConsolidationURL() != "/tong-hop/BCQ-DV/2019Q1/20" {
			t.Errorf("papers %+v", c.Papers)
		}
		if c.HasReview() {
			t.Error("first conference reviews nothing")
		}
		got, err := s.Get(ctx, chuyenvien, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		if len(got.Invitees) != 4 || len(got.Agenda) != 3 || !got.StartsAt.Equal(c.StartsAt) || got.Place != c.Place {
			t.Errorf("stored conference: %+v", got)
		}

		// Editing: a stale copy is refused, a reporter may not; the
		// consolidation paper follows the period, uploaded files stay.
		if _, err := s.AddPaper(ctx, chuyenvien, c.ID, "tham-luan.docx", "", []byte("tham luận")); err != nil {
			t.Fatal(err)
		}
		if _, err := s.AddPaper(ctx, chuyenvien, c.ID, "rong.txt", "", nil); apperr.Code(err) != apperr.EINVALID {
			t.Errorf("empty paper: %v", err)
		}
		d := q1()
		d.Period, d.Title = "2018Q4", "Hội nghị giao ban bổ sung"
		if _, err := s.Update(ctx, chuyenvien, c.ID, c.Version+1, d); apperr.Code(err) != apperr.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		if _, err := s.Update(ctx, mttq, c.ID, c.Version, d); apperr.Code(err) != apperr.EFORBIDDEN {
			t.Errorf("reporter updates: %v", err)
		}
		if c, err = s.Update(ctx, chuyenvien, c.ID, c.Version, d); err != nil {
			t.Fatal(err)
		}
		got, _ = s.Get(ctx, chuyenvien, c.ID)
		if got.Version != 2 || got.Title != d.Title || len(got.Papers) != 2 || got.Papers[0].Ref != "BCQ-DV/2018Q4/20" || got.Papers[1].FileName != "tham-luan.docx" {
			t.Errorf("updated: version %d title %q papers %+v", got.Version, got.Title, got.Papers)
		}
		d.Period, d.Title = "2019Q1", ""
		if c, err = s.Update(ctx, chuyenvien, c.ID, c.Version, d); err != nil || c.Title != "Hội nghị giao ban công tác dân vận quý I năm 2019" {
			t.Fatalf("update back: %v %+v", err, c)
		}

		// The invitation takes the next GM number; a stale copy is refused.
		if _, err := s.IssueInvitation(ctx, chuyenvien, c.ID, c.Version+1, period.MustParse("2019-03-20")); apperr.Code(err) != apperr.ECONFLICT {
			t.Errorf("stale invitation: %v", err)
		}
		if _, err := s.IssueInvitation(ctx, chuyenvien, c.ID, c.Version, period.MustParse("2019-03-29")); apperr.Code(err) != apperr.EINVALID {
			t.Errorf("invitation after the day: %v", err)
		}
		if _, err := s.IssueInvitation(ctx, mttq, c.ID, c.Version, period.MustParse("2019-03-20")); apperr.Code(err) != apperr.EFORBIDDEN {
			t.Errorf("reporter issues invitation: %v", err)
		}
		gm := number(t, db, "GM", 1)
		c, err = s.IssueInvitation(ctx, chuyenvien, c.ID, c.Version, period.MustParse("2019-03-20"))
		if err != nil {
			t.Fatal(err)
		}
		if c.InvitationNo != gm || c.Status != conference.StatusInvited {
			t.Errorf("invitation: %q %s", c.InvitationNo, c.Status)
		}
		if got, _ := s.Get(ctx, chuyenvien, c.ID); got.InvitationNo != c.InvitationNo || got.InvitationOn != period.MustParse("2019-03-20") || got.Version != 4 {
			t.Errorf("stored invitation: %q %v version %d", got.InvitationNo, got.InvitationOn, got.Version)
		}
		if _, err := s.IssueInvitation(ctx, chuyenvien, c.ID, c.Version, period.MustParse("2019-03-20")); apperr.Code(err) != apperr.ECONFLICT {
			t.Errorf("second invitation: %v", err)
		}

		// Attendance: an absence needs its reason; recording it marks the
		// conference held.
		_, err = s.RecordAttendance(ctx, chuyenvien, c.ID, c.Version, []conference.Attendee{{UnitCode: demo.Farmers}})
		if e := mustCode(t, err, apperr.EINVALID); e.Fields["attendance.1"] != "Ghi lý do vắng mặt." {
			t.Errorf("absence without reason: %v", e.Fields)
		}
		c, err = s.RecordAttendance(ctx, chuyenvien, c.ID, c.Version, []conference.Attendee{
			{UnitCode: demo.Front, PersonName: "Lương Thị Hạnh", PersonTitle: "Phó Chủ tịch", Present: true},
			{UnitCode: demo.Farmers, AbsenceReason: "Đi công tác"}})
		if err != nil {
			t.Fatal(err)
		}
		if c.Status != conference.StatusHeld || len(c.Attendance) != 2 {
			t.Errorf("after attendance: %s %+v", c.Status, c.Attendance)
		}
		// Only forward: no invitation once held, no second "held".
		if _, err := s.IssueInvitation(ctx, chuyenvien, c.ID, c.Version, period.MustParse("2019-03-20")); apperr.Code(err) != apperr.ECONFLICT {
			t.Errorf("invitation after held: %v", err)
		}
		if _, err := s.MarkHeld(ctx, chuyenvien, c.ID, c.Version); apperr.Code(err) != apperr.ECONFLICT {
			t.Errorf("held twice: %v", err)
		}
		if c, err = s.SaveMinutes(ctx, chuyenvien, c.ID, c.Version, "Hội nghị bắt đầu lúc 8 giờ.\r\nCác đại biểu thảo luận."); err != nil {
			t.Fatal(err)
		}
		if c.Minutes != "Hội nghị bắt đầu lúc 8 giờ.\nCác đại biểu thảo luận." {
			t.Errorf("minutes %q", c.Minutes)
		}
	})
}

func TestConclusionWorkflow(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := newService(t, db)
		ctx := context.Background()
		c := held(t, s, q1())

		_, draft, err := s.Conclusion(ctx, chuyenvien, c.ID)
		if err != nil {
			t.Fatal(err)
		}
		wantTitle := "Thông báo kết luận của đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh tại hội nghị giao ban công tác dân vận quý I năm 2019"
		if draft.ID != 0 || draft.Title != wantTitle || draft.SignerTitle != "Trưởng Ban Dân vận" || !strings.Contains(draft.Recipients, "Thường trực Tỉnh ủy") {
			t.Errorf("default draft: %+v", draft)
		}
		// Reporters do not see drafts, even of a conference they attend.
		if _, _, err := s.Conclusion(ctx, mttq, c.ID); apperr.Code(err) != apperr.ENOTFOUND {
			t.Errorf("reporter reads missing draft: %v", err)
		}

		edit := conference.ConclusionEdit{Title: draft.Title, SignerTitle: draft.SignerTitle, Preamble: draft.Preamble, Items: seedItems()}
		bad := edit
		bad.Items = []conference.Item{
			{Kind: conference.ItemAssessment, Text: "Đánh giá", Addressees: []string{demo.Front}},
			{Kind: conference.ItemDirective, Text: "Việc", Addressees: []string{demo.Front}},
			{Kind: conference.ItemDirective, Text: "Việc", Addressees: []string{demo.Front}, Ongoing: true, Deadline: period.MustParse("2019-06-30")},
			{Kind: conference.ItemDirective, Text: "Việc", Addressees: []string{"20-KHONG"}, Ongoing: true},
			{Kind: conference.ItemDirective, Text: "Việc", Addressees: []string{demo.Front}, Deadline: period.MustParse("2019-01-31")},
			{Kind: conference.ItemDirective, Addressees: []string{demo.Front}, Ongoing: true},
		}
		_, err = s.SaveConclusion(ctx, chuyenvien, c.ID, 0, bad)
		e := mustCode(t, err, apperr.EINVALID)
		want := map[string]string{
			"items.1": "Mục 1 là đánh giá chung nên không giao đơn vị thực hiện hay thời hạn; chọn loại \"chỉ đạo, giao nhiệm vụ\".",
			"items.2": "Mục 2 giao việc cho đơn vị nên cần thời hạn hoàn thành hoặc chọn \"thường xuyên\".",
			"items.3": "Mục 3: chọn hoặc thời hạn, hoặc \"thường xuyên\", không chọn cả hai.",
			"items.4": "Mục 4: đơn vị 20-KHONG không tồn tại vào ngày họp 28/03/2019.",
			"items.5": "Thời hạn của mục 5 (31/01/2019) trước ngày họp 28/03/2019.",
			"items.6": "Mục 6 chưa có nội dung.",
		}
		for k, v := range want {
			if e.Fields[k] != v {
				t.Errorf("%s: got %q, want %q", k, e.Fields[k], v)
			}
		}
		for _, a := range []*auth.Actor{mttq, caoloc, lanhdao, bientap} {
			if _, err := s.SaveConclusion(ctx, a, c.ID, 0, edit); apperr.Code(err) != apperr.EFORBIDDEN {
				t.Errorf("%s drafts: %v", a.Username, err)
			}
		}
		cl, err := s.SaveConclusion(ctx, chuyenvien, c.ID, 0, edit)
		if err != nil {
			t.Fatal(err)
		}
		if len(cl.Items) != 4 || cl.Items[3].Seq != 4 || cl.Items[1].ID == 0 {
			t.Errorf("items %+v", cl.Items)
		}
		// Approval needs a signer and a leader.
		_, err = s.ApproveConclusion(ctx, lanhdao, c.ID, cl.Version)
		if e := mustCode(t, err, apperr.EINVALID); e.Fields["signer_name"] != "Chưa nhập họ tên người ký." {
			t.Errorf("approve without signer: %v", e.Fields)
		}
		edit.SignerName = "Nguyễn Văn Tuấn"
		if cl, err = s.SaveConclusion(ctx, chuyenvien, c.ID, cl.Version, edit); err != nil {
			t.Fatal(err)
		}
		if _, err := s.ApproveConclusion(ctx, chuyenvien, c.ID, cl.Version); apperr.Code(err) != apperr.EFORBIDDEN {
			t.Errorf("commission approves: %v", err)
		}
		if _, err := s.IssueConclusion(ctx, chuyenvien, c.ID, cl.Version, period.MustParse("2019-03-29")); apperr.Code(err) != apperr.ECONFLICT {
			t.Errorf("issue a draft: %v", err)
		}
		if cl, err = s.ApproveConclusion(ctx, lanhdao, c.ID, cl.Version); err != nil {
			t.Fatal(err)
		}
		if cl.Status != conference.ConclusionApproved || cl.ApprovedBy != "lanhdao" {
			t.Errorf("approved: %s by %s", cl.Status, cl.ApprovedBy)
		}
		if _, err := s.IssueConclusion(ctx, lanhdao, c.ID, cl.Version, period.MustParse("2019-03-29")); apperr.Code(err) != apperr.EFORBIDDEN {
			t.Errorf("leader issues: %v", err)
		}
		if _, err := s.IssueConclusion(ctx, chuyenvien, c.ID, cl.Version, period.MustParse("2019-10-01")); apperr.Code(err) != apperr.EINVALID {
			t.Errorf("issue after a deadline: %v", err)
		}
		tb := number(t, db, "TB", 1)
		cl, err = s.IssueConclusion(ctx, chuyenvien, c.ID, cl.Version, period.MustParse("2019-03-29"))
		if err != nil {
			t.Fatal(err)
		}
		if cl.NumberText != tb || cl.Status != conference.ConclusionIssued || cl.IssuedOn != period.MustParse("2019-03-29") {
			t.Errorf("issued: %q %s %v", cl.NumberText, cl.Status, cl.IssuedOn)
		}
		if got, _ := s.Get(ctx, chuyenvien, c.ID); got.Status != conference.StatusConcluded {
			t.Errorf("conference status %s", got.Status)
		}

		// One task per addressee of each directive item.
		ts, err := db.TasksOfConclusion(ctx, cl.ID)
		if err != nil {
			t.Fatal(err)
		}
		type row struct {
			lead, monitor, deadline string
			ongoing                 bool
		}
		var rows []row
		for _, tk := range ts {
			rows = append(rows, row{tk.LeadUnit, tk.MonitorUnit, tk.Deadline.String(), tk.Ongoing})
			if tk.SourceKind != task.SourceConclusion || tk.SourceNumber != tb || tk.SourceTitle != cl.Title ||
				tk.AssignedOn != period.MustParse("2019-03-29") || tk.State != task.StateOpen || tk.Percent != 0 || tk.ConclusionItemID == 0 {
				t.Errorf("task %+v", tk)
			}
		}
		zero := period.Date{}.String()
		wantRows := []row{{demo.Front, demo.Commission, "2019-09-30", false}, {demo.Ethnic, demo.Commission, "2019-10-31", false},
			{demo.Front, demo.Commission, zero, true}, {demo.Farmers, demo.Commission, zero, true}}
		if !slices.Equal(rows, wantRows) {
			t.Errorf("tasks:\n got %v\nwant %v", rows, wantRows)
		}
		ns, err := db.ListNotifications(ctx, demo.Front, 10)
		if err != nil {
			t.Fatal(err)
		}
		assigned := 0
		for _, n := range ns {
			if strings.HasPrefix(n.Message, "Nhiệm vụ mới theo "+strings.TrimPrefix(tb, "Số ")+":") && strings.HasPrefix(n.Link, "/nhiem-vu/") {
				assigned++
			}
		}
		if assigned != 2 {
			t.Errorf("MTTQ got %d assignment notifications, want 2: %+v", assigned, ns)
		}

		// Locked: every change is refused, by the service and by the store.
		for name, err := range map[string]error{
			"save":    second(s.SaveConclusion(ctx, chuyenvien, c.ID, cl.Version, edit)),
			"approve": second(s.ApproveConclusion(ctx, lanhdao, c.ID, cl.Version)),
			"issue":   second(s.IssueConclusion(ctx, chuyenvien, c.ID, cl.Version, period.MustParse("2019-03-30"))),
			"store":   db.UpdateConclusion(ctx, cl, cl.Version, "conclusion.update", "x"),
		} {
			if e := mustCode(t, err, apperr.ECONFLICT); !strings.Contains(e.Message, "đã ban hành ("+tb+") nên không sửa được nữa") {
				t.Errorf("%s after issue: %q", name, e.Message)
			}
		}
		got, _ := s.Get(ctx, chuyenvien, c.ID)
		if _, err := s.SaveMinutes(ctx, chuyenvien, c.ID, got.Version, "x"); apperr.Code(err) != apperr.ECONFLICT {
			t.Errorf("minutes after conclusion: %v", err)
		}
		// The invited reporter now reads the issued notice.
		if _, vis, err := s.Conclusion(ctx, mttq, c.ID); err != nil || vis.NumberText != cl.NumberText {
			t.Errorf("reporter reads issued notice: %v", err)
		}

		// The next quarter's conference reviews these tasks.
		d := q1()
		d.Period, d.StartsAt, d.EndsAt = "2019Q2", at("2019-06-27 08:00"), time.Time{}
		next, err := s.Create(ctx, chuyenvien, d)
		if err != nil {
			t.Fatal(err)
		}
		if !next.HasReview() || next.Agenda[len(next.Agenda)-1].Title != "Kiểm điểm việc thực hiện kết luận kỳ trước" {
			t.Errorf("next agenda %+v", next.Agenda)
		}
		r, err := s.ReviewOf(ctx, next)
		if err != nil || r == nil {
			t.Fatalf("review: %v %v", r, err)
		}
		if r.Conclusion.ID != cl.ID || len(r.Tasks) != 4 || r.Counts[task.BucketOverdue] != 2 || r.Counts[task.BucketOpen] != 2 {
			t.Errorf("review: %+v", r.Counts)
		}
		// A conference of the same period reviews nothing.
		d.Period, d.StartsAt, d.Kind, d.Title = "2019Q1", at("2019-03-30 08:00"), conference.KindThematic, "Hội nghị chuyên đề"
		if same, err := s.Create(ctx, chuyenvien, d); err != nil || same.HasReview() {
			t.Errorf("same period: %v %+v", err, same)
		}
	})
}

func second[T any](_ T, err error) error { return err }

func hasConference(cs []conference.Conference, id int64) bool {
	return slices.ContainsFunc(cs, func(c conference.Conference) bool { return c.ID == id })
}

// TestReadRule: the host's readers see a conference; a reporter only when
// its unit is invited or in the attendance.
func TestReadRule(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := newService(t, db)
		ctx := context.Background()
		c, err := s.Create(ctx, chuyenvien, q1())
		if err != nil {
			t.Fatal(err)
		}
		for _, tt := range []struct {
			a    *auth.Actor
			want string
		}{{chuyenvien, ""}, {lanhdao, ""}, {bientap, ""}, {admin, ""}, {mttq, ""}, {caoloc, apperr.EFORBIDDEN}, {nil, apperr.EUNAUTHORIZED}} {
			_, err := s.Get(ctx, tt.a, c.ID)
			if apperr.Code(err) != tt.want {
				t.Errorf("%v reads: got %v, want %q", tt.a, err, tt.want)
			}
			list, err := s.List(ctx, tt.a, conference.Filter{Period: "2019Q1"})
			if tt.a != nil && (err != nil || hasConference(list, c.ID) != (tt.want == "")) {
				t.Errorf("%s lists: %d %v", tt.a.Username, len(list), err)
			}
		}
		if _, err := s.Calendar(ctx, caoloc, demo.Front); apperr.Code(err) != apperr.EFORBIDDEN {
			t.Errorf("Cao Lộc reads MTTQ's calendar: %v", err)
		}
		// Cao Lộc becomes readable by its reporter once it attends.
		c, err = s.RecordAttendance(ctx, chuyenvien, c.ID, c.Version, []conference.Attendee{{UnitCode: demo.CaoLoc, PersonName: "Vi Văn Thành", Present: true}})
		if err != nil {
			t.Fatal(err)
		}
		if _, err := s.Get(ctx, caoloc, c.ID); err != nil {
			t.Errorf("attending reporter: %v", err)
		}
		// Reading is not managing.
		if _, err := s.SaveMinutes(ctx, caoloc, c.ID, c.Version, "x"); apperr.Code(err) != apperr.EFORBIDDEN {
			t.Errorf("reporter writes minutes: %v", err)
		}
		// The calendar of a unit lists what the caller may read.
		cal, err := s.Calendar(ctx, mttq, demo.Front)
		if err != nil || !hasConference(cal, c.ID) {
			t.Errorf("MTTQ calendar: %d %v", len(cal), err)
		}
		if cal, err := s.Calendar(ctx, chuyenvien, demo.Commission); err != nil || !hasConference(cal, c.ID) {
			t.Errorf("commission calendar: %d %v", len(cal), err)
		}
	})
}

// TestConcurrentIssue issues the conclusions of n conferences at once:
// they get exactly the n numbers after those already issued (1..n on an
// empty series), none reused or skipped.
func TestConcurrentIssue(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		s := newService(t, db)
		ctx := context.Background()
		const n = 8
		type ready struct{ conf, version int }
		var rs []ready
		for i := range n {
			d := q1()
			d.Kind, d.Title = conference.KindThematic, fmt.Sprintf("Hội nghị chuyên đề số %d", i+1)
			d.StartsAt, d.EndsAt = at(fmt.Sprintf("2019-03-%02d 08:00", 10+i)), time.Time{}
			c := held(t, s, d)
			cl, err := s.SaveConclusion(ctx, chuyenvien, c.ID, 0, conference.ConclusionEdit{Title: "Thông báo kết luận " + d.Title,
				SignerName: "Nguyễn Văn Tuấn", Items: seedItems()})
			if err != nil {
				t.Fatal(err)
			}
			if cl, err = s.ApproveConclusion(ctx, lanhdao, c.ID, cl.Version); err != nil {
				t.Fatal(err)
			}
			rs = append(rs, ready{int(c.ID), cl.Version})
		}
		first := number(t, db, "TB", 1)
		var wg sync.WaitGroup
		numbers := make([]string, n)
		errs := make([]error, n)
		start := make(chan struct{})
		for i, r := range rs {
			wg.Add(1)
			go func() {
				defer wg.Done()
				<-start
				cl, err := s.IssueConclusion(ctx, chuyenvien, int64(r.conf), r.version, period.MustParse("2019-03-29"))
				errs[i] = err
				if err == nil {
					numbers[i] = cl.NumberText
				}
			}()
		}
		close(start)
		wg.Wait()
		for i, err := range errs {
			if err != nil {
				t.Fatalf("issue %d: %v", i, err)
			}
		}
		slices.Sort(numbers)
		var base int
		fmt.Sscanf(first, "Số %d-", &base)
		for i, num := range numbers {
			if want := fmt.Sprintf("Số %02d-TB/BDVTU", base+i); num != want {
				t.Errorf("number %d: got %q, want %q (all: %v)", i+1, num, want, numbers)
			}
		}
		// Every issue made its tasks with its own number.
		for _, r := range rs {
			_, cl, err := s.Conclusion(ctx, chuyenvien, int64(r.conf))
			if err != nil {
				t.Fatal(err)
			}
			ts, err := db.TasksOfConclusion(ctx, cl.ID)
			if err != nil || len(ts) != 4 || ts[0].SourceNumber != cl.NumberText {
				t.Errorf("tasks of %s: %d %v", cl.NumberText, len(ts), err)
			}
		}
		// Two issues of the same notice racing: one wins, the other is
		// refused and consumes no number.
		d := q1()
		d.Kind, d.Title, d.StartsAt, d.EndsAt = conference.KindThematic, "Hội nghị chuyên đề cuối", at("2019-03-25 08:00"), time.Time{}
		c := held(t, s, d)
		cl, err := s.SaveConclusion(ctx, chuyenvien, c.ID, 0, conference.ConclusionEdit{Title: "Thông báo kết luận cuối", SignerName: "Nguyễn Văn Tuấn", Items: seedItems()})
		if err != nil {
			t.Fatal(err)
		}
		if cl, err = s.ApproveConclusion(ctx, lanhdao, c.ID, cl.Version); err != nil {
			t.Fatal(err)
		}
		var twice [2]error
		for i := range twice {
			wg.Add(1)
			go func() {
				defer wg.Done()
				_, twice[i] = s.IssueConclusion(ctx, chuyenvien, c.ID, cl.Version, period.MustParse("2019-03-29"))
			}()
		}
		wg.Wait()
		if (twice[0] == nil) == (twice[1] == nil) || apperr.Code(twice[0])+apperr.Code(twice[1]) != apperr.ECONFLICT {
			t.Errorf("racing issues of one notice: %v, %v", twice[0], twice[1])
		}
		if _, got, _ := s.Conclusion(ctx, chuyenvien, c.ID); got.NumberText != fmt.Sprintf("Số %02d-TB/BDVTU", base+n) {
			t.Errorf("racing issue numbered %q", got.NumberText)
		}
		list, err := db.ListNumbers(ctx, "BDVTU", 0)
		if err != nil {
			t.Fatal(err)
		}
		tb := 0
		for _, num := range list {
			if num.Series.DocType == "TB" && num.Series.Key == "2015-2020" {
				tb++
			}
		}
		if tb != base-1+n+1 {
			t.Errorf("%d TB numbers reserved, want %d", tb, base-1+n+1)
		}
	})
}

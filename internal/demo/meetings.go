package demo

import (
	"context"
	"fmt"
	"time"

	"giaoban/internal/audit"
	"giaoban/internal/auth"
	"giaoban/internal/conference"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/task"
)

// MeetingStore is what the demo conference loader writes to.
type MeetingStore interface {
	conference.Store
	task.Store
	conference.Units
	org.Store
}

// The conference of 28/3/2019 as the seed article tells it.
const (
	SeedConferenceTitle = "Hội nghị giao ban công tác dân vận quý I, triển khai nhiệm vụ quý II năm 2019"
	ChairName           = "Hoàng Văn Nghiệm"
	ChairTitle          = "Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh"
	GuestName           = "Nguyễn Long Hải"
	GuestTitle          = "Phó Chủ tịch UBND tỉnh"
)

// clock is the demo's stepping clock: each step of the 2019 story happens
// on its own day, so dates, buckets and numbers come out as they would
// have then.
type clock struct{ t time.Time }

func (c *clock) now() time.Time { return c.t }

func (c *clock) set(date string, hour int) {
	d := period.MustParse(date)
	c.t = time.Date(d.Time().Year(), d.Time().Month(), d.Time().Day(), hour, 0, 0, 0, period.Vietnam)
}

// meetingUnits gives the task rules the store's lookups and the
// restructuring walk.
type meetingUnits struct {
	db  MeetingStore
	org *org.Service
}

func (u meetingUnits) FindUnit(ctx context.Context, code string, at period.Date) (*org.Unit, error) {
	return u.db.FindUnit(ctx, code, at)
}

func (u meetingUnits) PredecessorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	return u.org.PredecessorsAt(ctx, code, at)
}

// loadMeetings replays steps 3–5 of the 2019 cycle: the Q1 conference of
// 28/3/2019 with its chair and attendance and the Q1 consolidation as
// working paper; the chair's conclusion notice with the seed's items,
// approved by the leader and issued with its number; the tasks it made;
// their progress in Q2/2019 (some done on time, one done late, one
// overdue); and the Q2 conference whose agenda reviews them.
func loadMeetings(ctx context.Context, db MeetingStore) (*conference.Conference, *conference.Conclusion, error) {
	clk := &clock{}
	orgs := &org.Service{Store: db}
	authz := &auth.Authorizer{Units: orgs}
	confs := &conference.Service{Store: db, Units: db, Authz: authz, Now: clk.now}
	tasks := &task.Service{Store: db, Units: meetingUnits{db, orgs}, Authz: authz, Now: clk.now}
	// In 2019 the commission's staff belonged to the Ban Dân vận (merged
	// into the Ban Tuyên giáo và Dân vận in 2025).
	cv := &auth.Actor{Username: "chuyenvien", UnitCode: Commission, Roles: []auth.Role{auth.RoleCommission}}
	ld := &auth.Actor{Username: "lanhdao", UnitCode: Province, Roles: []auth.Role{auth.RoleLeader}}
	as := func(a *auth.Actor) context.Context {
		return audit.WithWho(ctx, audit.Who{Actor: a.Username, IP: "127.0.0.1"})
	}

	// Planning and invitation, a week ahead.
	clk.set("2019-03-18", 9)
	c, err := confs.Create(as(cv), cv, conference.Details{
		Title: SeedConferenceTitle, Kind: conference.KindQuarterly, Template: "BCQ-DV", Period: "2019Q1",
		StartsAt: time.Date(2019, 3, 28, 8, 0, 0, 0, period.Vietnam), EndsAt: time.Date(2019, 3, 28, 11, 30, 0, 0, period.Vietnam),
		Place: "Hội trường Tỉnh ủy Lạng Sơn", ChairName: ChairName, ChairTitle: ChairTitle,
		Invitees: append([]conference.Invitee{
			{PersonName: ChairName, Position: ChairTitle},
			{PersonName: GuestName, Position: GuestTitle},
		}, bodyInvitees()...),
		Agenda: []conference.AgendaItem{
			{Title: "Báo cáo kết quả công tác dân vận quý I, phương hướng, nhiệm vụ quý II năm 2019", Presenter: "Lãnh đạo Ban Dân vận Tỉnh ủy", Minutes: 30},
			{Title: "Ý kiến trao đổi, thảo luận của các sở, ban, ngành, đoàn thể tỉnh", Presenter: "Đại biểu dự hội nghị", Minutes: 90},
			{Title: "Phát biểu chỉ đạo", Presenter: "Đồng chí " + ChairName + ", " + ChairTitle, Minutes: 30},
		},
	})
	if err != nil {
		return nil, nil, fmt.Errorf("conference: %w", err)
	}
	clk.set("2019-03-20", 9)
	if c, err = confs.IssueInvitation(as(cv), cv, c.ID, c.Version, period.MustParse("2019-03-20")); err != nil {
		return nil, nil, fmt.Errorf("invitation: %w", err)
	}

	// The conference itself: attendance at the door, then the minutes.
	clk.set("2019-03-28", 8)
	att := []conference.Attendee{
		{UnitCode: Province, PersonName: ChairName, PersonTitle: ChairTitle, Present: true},
		{UnitCode: Government, PersonName: GuestName, PersonTitle: GuestTitle, Present: true},
	}
	for _, b := range bodies {
		switch b.code {
		case Commission, PropagandaBoard, MergedCommission, Government:
			continue
		case Labour:
			att = append(att, conference.Attendee{UnitCode: b.code, AbsenceReason: "Bận công tác tại Trung ương"})
			continue
		}
		att = append(att, conference.Attendee{UnitCode: b.code, PersonTitle: "Lãnh đạo " + b.name, Present: true})
	}
	if c, err = confs.RecordAttendance(as(cv), cv, c.ID, c.Version, att); err != nil {
		return nil, nil, fmt.Errorf("attendance: %w", err)
	}
	clk.set("2019-03-28", 11)
	if c, err = confs.SaveMinutes(as(cv), cv, c.ID, c.Version, seedMinutes); err != nil {
		return nil, nil, fmt.Errorf("minutes: %w", err)
	}

	// The chair's conclusions: drafted the same afternoon, approved and
	// issued the next day.
	clk.set("2019-03-28", 15)
	_, draft, err := confs.Conclusion(as(cv), cv, c.ID)
	if err != nil {
		return nil, nil, fmt.Errorf("conclusion draft: %w", err)
	}
	cl, err := confs.SaveConclusion(as(cv), cv, c.ID, 0, conference.ConclusionEdit{
		Title: draft.Title, Preamble: draft.Preamble, Closing: draft.Closing, Recipients: draft.Recipients,
		SignerName: "Hoàng Thị Vinh", SignerTitle: draft.SignerTitle, Items: SeedConclusionItems(),
	})
	if err != nil {
		return nil, nil, fmt.Errorf("conclusion: %w", err)
	}
	clk.set("2019-03-29", 8)
	if cl, err = confs.ApproveConclusion(as(ld), ld, c.ID, cl.Version); err != nil {
		return nil, nil, fmt.Errorf("approve: %w", err)
	}
	clk.set("2019-03-29", 10)
	if cl, err = confs.IssueConclusion(as(cv), cv, c.ID, cl.Version, period.MustParse("2019-03-29")); err != nil {
		return nil, nil, fmt.Errorf("issue: %w", err)
	}

	// Q2/2019: the owners report progress; the commission confirms.
	made, err := db.TasksOfConclusion(ctx, cl.ID)
	if err != nil {
		return nil, nil, err
	}
	byLead := map[string]task.Task{}
	for _, t := range made {
		byLead[t.LeadUnit] = t
	}
	owner := func(unit string) *auth.Actor {
		name := "vanthu-" + unit // a clerk of a unit without a demo account
		for _, a := range Accounts {
			if a.Unit == unit {
				name = a.Username
			}
		}
		return &auth.Actor{Username: name, UnitCode: unit, Roles: []auth.Role{auth.RoleReporter}}
	}
	pct := func(n int) *int { return &n }
	for _, st := range progressSteps {
		t, ok := byLead[st.lead]
		if !ok {
			return nil, nil, fmt.Errorf("demo: no task for %s", st.lead)
		}
		clk.set(st.on, 16)
		if st.confirm {
			if _, err := tasks.Confirm(as(cv), cv, t.ID, 0, st.text); err != nil {
				return nil, nil, fmt.Errorf("confirm %s: %w", st.lead, err)
			}
			continue
		}
		a := owner(st.lead)
		if _, err := tasks.PostProgress(as(a), a, t.ID, task.Progress{Text: st.text, Percent: pct(st.percent), On: st.on, ProposeDone: st.propose}); err != nil {
			return nil, nil, fmt.Errorf("progress %s: %w", st.lead, err)
		}
	}
	// The Farmers' task stays overdue: the server's first reminder sweep
	// tells the Hội Nông dân so, as it would have.

	// The Q2 conference, planned: its agenda reviews the Q1 conclusion.
	clk.set("2019-06-17", 9)
	if _, err := confs.Create(as(cv), cv, conference.Details{
		Title: "Hội nghị giao ban công tác dân vận quý II, triển khai nhiệm vụ quý III năm 2019", Kind: conference.KindQuarterly,
		Template: "BCQ-DV", Period: "2019Q2",
		StartsAt: time.Date(2019, 6, 27, 8, 0, 0, 0, period.Vietnam), Place: "Hội trường Tỉnh ủy Lạng Sơn",
		ChairName: ChairName, ChairTitle: ChairTitle, Invitees: bodyInvitees(),
		Agenda: []conference.AgendaItem{
			{Title: "Báo cáo kết quả công tác dân vận quý II, phương hướng, nhiệm vụ quý III năm 2019", Presenter: "Lãnh đạo Ban Dân vận Tỉnh ủy", Minutes: 30},
		},
	}); err != nil {
		return nil, nil, fmt.Errorf("Q2 conference: %w", err)
	}
	c, err = confs.Get(as(cv), cv, c.ID)
	return c, cl, err
}

// bodyInvitees invites every provincial body that reports to the commission.
func bodyInvitees() []conference.Invitee {
	var out []conference.Invitee
	for _, b := range bodies {
		switch b.code {
		case Commission, PropagandaBoard, MergedCommission:
			continue
		}
		if b.from.After(period.MustParse("2019-03-28")) {
			continue
		}
		out = append(out, conference.Invitee{UnitCode: b.code})
	}
	return out
}

// seedMinutes is the conference's record, as the seed's discussion
// paragraph tells it.
const seedMinutes = `Hội nghị nghe Ban Dân vận Tỉnh ủy báo cáo kết quả công tác dân vận quý I, phương hướng, nhiệm vụ quý II năm 2019.
Các đại biểu đã trao đổi, thảo luận, đánh giá những kết quả đạt được trong quý I, đồng thời đưa ra các giải pháp nhằm thực hiện tốt công tác dân vận trong thời gian tới.
Đồng chí Hoàng Văn Nghiệm, Phó Bí thư Thường trực Tỉnh ủy, Chủ tịch HĐND tỉnh phát biểu chỉ đạo.`

// SeedConclusionItems are the chair's conclusions as the seed reports them;
// the items addressed to a body become its tasks.
func SeedConclusionItems() []conference.Item {
	d := period.MustParse
	return []conference.Item{
		{Kind: conference.ItemAssessment, Text: "Ghi nhận những kết quả trong thực hiện công tác dân vận, đồng thời chỉ rõ một số tồn tại, hạn chế"},
		{Kind: conference.ItemDirective, Text: "Các cấp ủy đảng, chính quyền, đoàn thể tiếp tục tuyên truyền, thực hiện tốt các chủ trương của Đảng, chính sách pháp luật của Nhà nước",
			Addressees: []string{Government}, Ongoing: true},
		{Kind: conference.ItemDirective, Text: "Thực hiện chủ đề công tác “Năm Dân vận chính quyền” 2019 kỷ cương, liêm chính, sáng tạo, bứt phá, hiệu quả",
			Addressees: []string{Women}, Deadline: d("2019-12-31")},
		{Kind: conference.ItemDirective, Text: "Tăng cường nắm bắt tình hình cơ sở", Addressees: []string{Police}, Ongoing: true},
		{Kind: conference.ItemDirective, Text: "Tiếp tục tổ chức tập huấn, bồi dưỡng nâng cao trình độ, năng lực cho đội ngũ cán bộ làm công tác dân vận",
			Addressees: []string{Youth}, Deadline: d("2019-06-30")},
		{Kind: conference.ItemDirective, Text: "Tăng cường phối hợp giữa các cơ quan, đơn vị, tích cực nhân rộng các mô hình, cách làm hay",
			Addressees: []string{Farmers}, Deadline: d("2019-06-30")},
		{Kind: conference.ItemDirective, Text: "Mặt trận Tổ quốc phối hợp với các cơ quan tổ chức tốt Đại hội Đại biểu Ủy ban MTTQ Việt Nam các cấp nhiệm kỳ 2019 – 2024",
			Addressees: []string{Front}, Deadline: d("2019-09-30")},
		{Kind: conference.ItemDirective, Text: "Ban Dân tộc thực hiện tốt Đại hội Dân tộc thiểu số tỉnh năm 2019 đảm bảo yêu cầu",
			Addressees: []string{Ethnic}, Deadline: d("2019-05-31")},
	}
}

// progressSteps are the owners' updates from Q2/2019 on and the
// commission's confirmations: the Youth Union's training, the Front's
// congresses and the Women's Union's theme done on time, the Ethnic
// Minorities Congress done late, the Farmers' replication of models
// overdue; the government's and the police's ongoing tasks stay open.
var progressSteps = []struct {
	lead, on, text   string
	percent          int
	propose, confirm bool
}{
	{lead: Youth, on: "2019-05-10", text: "Đã mở 02 lớp tập huấn nghiệp vụ công tác dân vận cho 180 cán bộ đoàn cơ sở.", percent: 60},
	{lead: Youth, on: "2019-06-20", text: "Hoàn thành 04 lớp tập huấn với 350 lượt cán bộ tham gia.", percent: 100, propose: true},
	{lead: Youth, on: "2019-06-25", text: "Xác nhận hoàn thành đúng hạn.", confirm: true},
	{lead: Ethnic, on: "2019-05-20", text: "Đã tổ chức đại hội điểm cấp huyện; chuẩn bị văn kiện Đại hội cấp tỉnh.", percent: 70},
	{lead: Ethnic, on: "2019-06-14", text: "Đại hội đại biểu các dân tộc thiểu số tỉnh lần thứ III đã tổ chức thành công ngày 13-14/6/2019.", percent: 100, propose: true},
	{lead: Ethnic, on: "2019-06-18", text: "Xác nhận hoàn thành, chậm so với thời hạn 31/5/2019.", confirm: true},
	{lead: Front, on: "2019-06-05", text: "Đã tổ chức xong đại hội MTTQ cấp xã ở 226/226 xã, phường, thị trấn; đang chuẩn bị đại hội cấp huyện.", percent: 50},
	{lead: Farmers, on: "2019-06-12", text: "Đã rà soát, lựa chọn 15 mô hình để nhân rộng; chưa triển khai.", percent: 30},
	{lead: Front, on: "2019-09-20", text: "Đại hội đại biểu MTTQ Việt Nam tỉnh Lạng Sơn lần thứ XV, nhiệm kỳ 2019 – 2024 đã thành công.", percent: 100, propose: true},
	{lead: Front, on: "2019-09-25", text: "Xác nhận hoàn thành đúng hạn.", confirm: true},
	{lead: Women, on: "2019-12-20", text: "Các cấp hội đã đăng ký và thực hiện 42 mô hình \"Dân vận chính quyền\" gắn với chủ đề năm.", percent: 100, propose: true},
	{lead: Women, on: "2019-12-26", text: "Xác nhận hoàn thành đúng hạn.", confirm: true},
}

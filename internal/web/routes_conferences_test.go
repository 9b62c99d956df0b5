package web_test

import (
	"context"
	"net/http"
	"net/url"
	"testing"
	"time"

	"giaoban/internal/apptest"
	"giaoban/internal/auth"
	"giaoban/internal/conference"
	"giaoban/internal/demo"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
)

// confService is a conference service over a test server's database, for
// setting up fixtures as the web server's own service would.
func confService(db *sqlstore.DB) *conference.Service {
	return &conference.Service{Store: db, Units: db, Authz: &auth.Authorizer{Units: &org.Service{Store: db}},
		Now: func() time.Time { return apptest.Clock }}
}

var (
	fixtureCommission = &auth.Actor{Username: "chuyenvien", UnitCode: demo.MergedCommission, Roles: []auth.Role{auth.RoleCommission}}
	fixtureLeader     = &auth.Actor{Username: "lanhdao", UnitCode: demo.Province, Roles: []auth.Role{auth.RoleLeader}}
)

func vnTime(s string) time.Time {
	t, err := time.ParseInLocation("2006-01-02 15:04", s, period.Vietnam)
	if err != nil {
		panic(err)
	}
	return t
}

// confFixtures makes two conferences of the province commission, both
// inviting the MTTQ (never Cao Lộc): concluded, a Q1/2019 conference with
// an uploaded paper, its invitation issued, held, and its notice issued
// (one assessment, so no task); planned, a Q2/2019 conference not yet
// invited.
func confFixtures(t *testing.T, db *sqlstore.DB) (concluded, planned *conference.Conference, paper *conference.Paper) {
	t.Helper()
	s := confService(db)
	ctx := context.Background()
	d := conference.Details{Kind: conference.KindQuarterly, Template: "BCQ-DV", Period: "2019Q1", StartsAt: vnTime("2019-03-28 08:00"),
		Place: "Hội trường Tỉnh ủy", ChairName: "Hoàng Văn Nghiệm", ChairTitle: "Phó Bí thư Thường trực Tỉnh ủy",
		Invitees: []conference.Invitee{{UnitCode: demo.Front}, {UnitCode: demo.Ethnic}},
		Agenda:   []conference.AgendaItem{{Title: "Báo cáo kết quả quý I", Minutes: 30}}}
	c, err := s.Create(ctx, fixtureCommission, d)
	if err != nil {
		t.Fatal(err)
	}
	if paper, err = s.AddPaper(ctx, fixtureCommission, c.ID, "tham-luan.pdf", "application/pdf", []byte("%PDF-1.4 tham luận")); err != nil {
		t.Fatal(err)
	}
	if c, err = s.IssueInvitation(ctx, fixtureCommission, c.ID, c.Version, period.MustParse("2019-03-20")); err != nil {
		t.Fatal(err)
	}
	if c, err = s.RecordAttendance(ctx, fixtureCommission, c.ID, c.Version, []conference.Attendee{{UnitCode: demo.Front, PersonName: "Lương Thị Hạnh", Present: true}}); err != nil {
		t.Fatal(err)
	}
	cl, err := s.SaveConclusion(ctx, fixtureCommission, c.ID, 0, conference.ConclusionEdit{Title: "Thông báo kết luận hội nghị giao ban quý I năm 2019",
		SignerName: "Nguyễn Văn Tuấn", SignerTitle: "Trưởng Ban Dân vận", Recipients: "Thường trực Tỉnh ủy (b/c),\nLưu Văn phòng.", Items: []conference.Item{{Kind: conference.ItemAssessment, Text: "Ghi nhận kết quả quý I."}}})
	if err != nil {
		t.Fatal(err)
	}
	if cl, err = s.ApproveConclusion(ctx, fixtureLeader, c.ID, cl.Version); err != nil {
		t.Fatal(err)
	}
	if _, err = s.IssueConclusion(ctx, fixtureCommission, c.ID, cl.Version, period.MustParse("2019-03-29")); err != nil {
		t.Fatal(err)
	}
	d.Period, d.StartsAt = "2019Q2", vnTime("2019-06-27 08:00")
	p, err := s.Create(ctx, fixtureCommission, d)
	if err != nil {
		t.Fatal(err)
	}
	return c, p, paper
}

func init() {
	routeProbes = append(routeProbes, func(t *testing.T, srv *apptest.Server) map[string][]probe {
		done, plan, paper := confFixtures(t, srv.DB)
		a, b := "/hoi-nghi/"+itoa(done.ID), "/hoi-nghi/"+itoa(plan.ID)
		// Who reads the province commission's conferences: the host's
		// readers (commission, leader, editor, admin) and the invited MTTQ;
		// never Cao Lộc, which is not invited.
		read := func(status, anon int, except ...any) map[string]int {
			return all(status, append([]any{"anon", anon, "caoloc", forbidden}, except...)...)
		}
		// Who manages them: the commission and the admin.
		manage := func(status, anon int) map[string]int {
			return all(forbidden, "anon", anon, "admin", status, "chuyenvien", status)
		}
		// The planned conference's notice does not exist: its organisers
		// get a new draft, its other readers nothing.
		draft := all(http.StatusNotFound, "anon", see, "admin", ok, "chuyenvien", ok, "caoloc", forbidden)
		stale := url.Values{"version": {"0"}}
		return map[string][]probe{
			"GET /hoi-nghi":      {{method: "GET", url: "/hoi-nghi", want: all(ok, "anon", see)}, {method: "GET", url: "/hoi-nghi?ky=2019Q1&trang-thai=concluded", want: all(ok, "anon", see)}},
			"GET /hoi-nghi/moi":  {{method: "GET", url: "/hoi-nghi/moi?ngay=2019-03-28", want: manage(ok, see)}},
			"POST /hoi-nghi":     {{method: "POST", url: "/hoi-nghi", form: url.Values{"title": {""}, "kind": {""}}, want: manage(invalid, unauth)}},
			"GET /hoi-nghi/{id}": {{method: "GET", url: a, want: read(ok, see)}, {method: "GET", url: b, want: read(ok, see)}, {method: "GET", url: "/hoi-nghi/999999", want: all(http.StatusNotFound, "anon", see)}},
			"GET /hoi-nghi/{id}/sua": {{method: "GET", url: b + "/sua", want: all(forbidden, "anon", see, "admin", ok, "chuyenvien", ok)},
				{method: "GET", url: a + "/sua", want: all(forbidden, "anon", see, "admin", conflict, "chuyenvien", conflict)}},
			"POST /hoi-nghi/{id}":                      {{method: "POST", url: b, form: stale, want: manage(conflict, unauth)}},
			"POST /hoi-nghi/{id}/diem-danh":            {{method: "POST", url: b + "/diem-danh", form: stale, want: manage(conflict, unauth)}},
			"POST /hoi-nghi/{id}/da-to-chuc":           {{method: "POST", url: b + "/da-to-chuc", form: stale, want: manage(conflict, unauth)}},
			"POST /hoi-nghi/{id}/bien-ban":             {{method: "POST", url: b + "/bien-ban", form: stale, want: manage(conflict, unauth)}},
			"POST /hoi-nghi/{id}/tai-lieu":             {{method: "POST", url: b + "/tai-lieu", want: manage(see, unauth)}},
			"GET /hoi-nghi/{id}/tai-lieu/{paper}":      {{method: "GET", url: a + "/tai-lieu/" + itoa(paper.ID), want: read(ok, see)}, {method: "GET", url: b + "/tai-lieu/" + itoa(paper.ID), want: read(http.StatusNotFound, see)}},
			"POST /hoi-nghi/{id}/tai-lieu/{paper}/xoa": {{method: "POST", url: a + "/tai-lieu/" + itoa(paper.ID) + "/xoa", want: manage(conflict, unauth)}},
			// The draft letter is for the host's readers, not the invitees.
			"GET /hoi-nghi/{id}/giay-moi/docx": {{method: "GET", url: a + "/giay-moi/docx", want: read(ok, see)},
				{method: "GET", url: b + "/giay-moi/docx", want: read(ok, see, "mttq", http.StatusNotFound)}},
			"POST /hoi-nghi/{id}/giay-moi": {{method: "POST", url: b + "/giay-moi", form: stale, want: manage(conflict, unauth)}},
			// Drafting the news is for those who edit news; a conference
			// not held yet has nothing to report.
			"POST /hoi-nghi/{id}/soan-tin": {{method: "POST", url: b + "/soan-tin", want: all(forbidden, "anon", unauth, "admin", conflict, "chuyenvien", conflict, "bientap", conflict)}},
			"GET /hoi-nghi/{id}/ket-luan":  {{method: "GET", url: a + "/ket-luan", want: read(ok, see)}, {method: "GET", url: b + "/ket-luan", want: draft}},
			// The issued notice is locked: those who could change it get 409.
			"POST /hoi-nghi/{id}/ket-luan": {{method: "POST", url: a + "/ket-luan", form: url.Values{"version": {"2"}, "title": {"Sửa"}}, want: manage(conflict, unauth)}},
			"POST /hoi-nghi/{id}/ket-luan/duyet": {{method: "POST", url: a + "/ket-luan/duyet", form: stale,
				want: all(forbidden, "anon", unauth, "admin", conflict, "lanhdao", conflict)}},
			"POST /hoi-nghi/{id}/ket-luan/ban-hanh": {{method: "POST", url: a + "/ket-luan/ban-hanh", form: url.Values{"version": {"0"}, "ngay": {"2019-03-30"}}, want: manage(conflict, unauth)}},
			"GET /hoi-nghi/{id}/ket-luan/docx":      {{method: "GET", url: a + "/ket-luan/docx", want: read(ok, see)}, {method: "GET", url: b + "/ket-luan/docx", want: draft}},
			"GET /lich/{file}": {{method: "GET", url: "/lich/" + demo.Front + ".ics", want: read(ok, see)},
				{method: "GET", url: "/lich/khong-phai-lich", want: all(http.StatusNotFound)}},
			"GET /api/v1/conferences":                      {{method: "GET", url: "/api/v1/conferences?period=2019Q1", want: all(ok, "anon", unauth)}},
			"GET /api/v1/conferences/{id}":                 {{method: "GET", url: "/api/v1/conferences/" + itoa(done.ID), want: read(ok, unauth)}},
			"GET /api/v1/conferences/{id}/conclusion/docx": {{method: "GET", url: "/api/v1/conferences/" + itoa(done.ID) + "/conclusion/docx", want: read(ok, unauth)}},
		}
	})
}

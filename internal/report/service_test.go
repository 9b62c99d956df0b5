package report_test

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"reflect"
	"slices"
	"strings"
	"testing"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/apptest"
	"giaoban/internal/audit"
	"giaoban/internal/auth"
	"giaoban/internal/demo"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/sqlstore"
)

// env is one demo database with a report.Service over it whose clock the
// test sets.
type env struct {
	t   *testing.T
	ctx context.Context
	db  *sqlstore.DB
	srv *apptest.Server
	svc *report.Service
	now time.Time
}

func newEnv(t *testing.T, db *sqlstore.DB) *env {
	t.Helper()
	e := &env{t: t, ctx: context.Background(), db: db, srv: apptest.NewServer(t, db), now: apptest.Clock}
	e.svc = &report.Service{Store: db, Units: db, Authz: &auth.Authorizer{Units: &org.Service{Store: db}}, Now: func() time.Time { return e.now }}
	return e
}

// actor returns the demo account's actor, read from the database.
func (e *env) actor(username string) *auth.Actor {
	e.t.Helper()
	u, err := e.db.FindUserByUsername(e.ctx, username)
	if err != nil {
		e.t.Fatalf("demo user %s: %v", username, err)
	}
	return auth.ActorOf(u)
}

// stored returns the stored report, or nil when none is stored.
func (e *env) stored(k report.Key) *report.Report {
	e.t.Helper()
	r, err := e.db.FindReport(e.ctx, k)
	if apperr.Is(err, apperr.ENOTFOUND) {
		return nil
	}
	if err != nil {
		e.t.Fatalf("find report %s: %v", k, err)
	}
	return r
}

func (e *env) audit(k report.Key) []audit.Entry {
	e.t.Helper()
	es, _, err := e.db.ListAudit(e.ctx, audit.Filter{Entity: "report", EntityID: k.String(), Limit: 500})
	if err != nil {
		e.t.Fatal(err)
	}
	slices.Reverse(es) // oldest first
	return es
}

func (e *env) versions(k report.Key) []report.Version {
	e.t.Helper()
	vs, err := e.db.ListVersions(e.ctx, k)
	if err != nil {
		e.t.Fatal(err)
	}
	return vs
}

// state is everything a refused operation must leave unchanged.
type state struct {
	report   *report.Report
	audit    int
	versions int
}

func (e *env) state(k report.Key) state {
	e.t.Helper()
	return state{e.stored(k), len(e.audit(k)), len(e.versions(k))}
}

func (e *env) unchanged(what string, k report.Key, before state) {
	e.t.Helper()
	after := e.state(k)
	if !reflect.DeepEqual(before.report, after.report) {
		e.t.Errorf("%s changed the stored report:\nbefore %+v\n after %+v", what, before.report, after.report)
	}
	if before.audit != after.audit || before.versions != after.versions {
		e.t.Errorf("%s: audit entries %d → %d, kept versions %d → %d; want unchanged", what, before.audit, after.audit, before.versions, after.versions)
	}
}

func wantCode(t *testing.T, what string, err error, code string) {
	t.Helper()
	if apperr.Code(err) != code {
		t.Fatalf("%s: got error %v (code %q), want %s", what, err, apperr.Code(err), code)
	}
}

func wantFields(t *testing.T, what string, err error, fields ...string) {
	t.Helper()
	wantCode(t, what, err, apperr.EINVALID)
	f := apperr.FieldsOf(err)
	if got := keys(f); !reflect.DeepEqual(got, slices.Sorted(slices.Values(fields))) {
		t.Fatalf("%s: got fields %v, want %v", what, f, fields)
	}
	for k, msg := range f {
		if msg == "" {
			t.Errorf("%s: field %s has no message", what, k)
		}
	}
}

// vnTime is a wall-clock time in Vietnam.
func vnTime(y int, m time.Month, d, h, min int) time.Time {
	return time.Date(y, m, d, h, min, 0, 0, period.Vietnam)
}

// auditAfter decodes an audit entry's after (or before) JSON.
func auditState(t *testing.T, s string) (status string, version int) {
	t.Helper()
	var x struct {
		Status  string          `json:"status"`
		Version int             `json:"version"`
		Values  json.RawMessage `json:"values"`
	}
	if err := json.Unmarshal([]byte(s), &x); err != nil {
		t.Fatalf("audit JSON %q: %v", s, err)
	}
	if _, err := report.DecodeValues(string(x.Values)); err != nil {
		t.Errorf("audit JSON %q: values do not decode: %v", s, err)
	}
	return x.Status, x.Version
}

// TestServiceWorkflow walks one report through every transition, each
// refused move beside the allowed one, on both databases.
func TestServiceWorkflow(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		ctx := e.ctx
		mttq, cv, leader := e.actor("mttq"), e.actor("chuyenvien"), e.actor("lanhdao")
		k := report.Key{Template: demo.Template, Period: "2019Q2", Unit: demo.Front}

		// Q2/2019 under Decree 09 ends on Friday 14/06/2019; 3 working
		// days after it is Wednesday 19/06/2019.
		c, err := e.svc.Get(ctx, mttq, k)
		if err != nil {
			t.Fatal(err)
		}
		if !c.Period.End.Equal(period.New(2019, 6, 14)) || !c.Deadline.Equal(period.New(2019, 6, 19)) {
			t.Fatalf("2019Q2: end %s, deadline %s; want 2019-06-14 and 2019-06-19", c.Period.End, c.Deadline)
		}
		if c.Report.Version != 0 || c.Report.Status != report.StatusDraft || e.stored(k) != nil {
			t.Fatalf("unstarted report: got version %d status %s", c.Report.Version, c.Report.Status)
		}
		if want := vnTime(2019, 6, 19, 23, 59); !c.Report.Deadline.Equal(want.Add(59 * time.Second)) {
			t.Errorf("report deadline %v, want the end of 19/06/2019 in Vietnam", c.Report.Deadline)
		}

		// An unsaved report cannot be submitted, accepted or returned, and
		// trying creates nothing.
		empty := e.state(k)
		_, err = e.svc.Submit(ctx, mttq, k)
		wantCode(t, "submit of an unsaved report", err, apperr.EINVALID)
		_, err = e.svc.Accept(ctx, cv, k)
		wantCode(t, "accept of an unsaved report", err, apperr.ECONFLICT)
		_, err = e.svc.Return(ctx, cv, k, "Thiếu số liệu")
		wantCode(t, "return of an unsaved report", err, apperr.ECONFLICT)
		e.unchanged("refused moves on an unsaved report", k, empty)
		if e.stored(k) != nil {
			t.Fatal("a refused move created the report")
		}

		// Save a draft: version 0 → 1. It breaks every cross rule, which a
		// draft may.
		broken := map[string]report.Value{
			"KINH_PHI":     intv(26_000_000_000),
			"HV_TRIEU_TAP": intv(40), "HV_THAM_DU": intv(50),
			"NOI_BAT": textv("Ủy ban MTTQ tỉnh tổ chức \"Tết vì người nghèo\"."),
		}
		e.now = vnTime(2019, 6, 17, 9, 0)
		r, err := e.svc.Save(ctx, mttq, k, &report.Draft{Version: 0, Values: broken, Narrative: map[string]string{"ket_qua": "  Kết quả quý II  "}})
		if err != nil {
			t.Fatalf("save draft: %v", err)
		}
		if r.Version != 1 || r.Status != report.StatusDraft || r.UpdatedBy != "mttq" {
			t.Fatalf("saved draft: version %d status %s by %s; want 1, draft, mttq", r.Version, r.Status, r.UpdatedBy)
		}
		got := e.stored(k)
		if got == nil || got.Version != 1 || !reflect.DeepEqual(got.Values, broken) || got.Narrative["ket_qua"] != "Kết quả quý II" {
			t.Fatalf("stored draft: %+v", got)
		}
		if got.Values["KINH_PHI"].Int != 26_000_000_000 {
			t.Errorf("money stored as %d, want 26000000000 exactly", got.Values["KINH_PHI"].Int)
		}
		if got.UnitName != "Ủy ban MTTQ Việt Nam tỉnh" {
			t.Errorf("unit name kept with the report: %q", got.UnitName)
		}

		// A stale save is refused with the current report, and nothing
		// changes.
		v1 := e.state(k)
		for _, stale := range []int{0, 2, 7} {
			_, err = e.svc.Save(ctx, mttq, k, &report.Draft{Version: stale, Values: map[string]report.Value{"QUA_TANG": intv(1)}})
			wantCode(t, "stale save", err, apperr.ECONFLICT)
			var conflict *report.Conflict
			if !errors.As(err, &conflict) || conflict.Current == nil {
				t.Fatalf("stale save (version %d): error %v carries no *report.Conflict", stale, err)
			}
			if conflict.Current.Version != 1 || !reflect.DeepEqual(conflict.Current.Values, broken) || conflict.Current.UpdatedBy != "mttq" {
				t.Errorf("conflict carries %+v, want the stored version 1", conflict.Current)
			}
			if msg := apperr.Message(err); !strings.Contains(msg, "phiên bản 1") {
				t.Errorf("conflict message %q does not name the current version", msg)
			}
		}
		e.unchanged("stale saves", k, v1)

		// Values out of range or unknown: EINVALID per field, nothing saved.
		_, err = e.svc.Save(ctx, mttq, k, &report.Draft{Version: 1, Values: map[string]report.Value{
			"QUA_TANG": intv(-1), "TY_LE_GQ": floatv(100.5), "KHONG_CO": intv(1)}})
		wantFields(t, "save of bad values", err, "values.QUA_TANG", "values.TY_LE_GQ", "values.KHONG_CO")
		_, err = e.svc.Save(ctx, mttq, k, &report.Draft{Version: 1, Narrative: map[string]string{"muc_la": "x"}})
		wantFields(t, "save of an unknown section", err, "narrative.muc_la")
		e.unchanged("refused saves", k, v1)

		// Submitting the draft that breaks the cross rules: 422 fields,
		// nothing changes.
		_, err = e.svc.Submit(ctx, mttq, k)
		wantFields(t, "submit of a broken draft", err, "values.QUA_TANG", "values.HV_THAM_DU", "values.KH_QCDC")
		e.unchanged("refused submit", k, v1)

		// Leaders read but never write; reporters never review.
		_, err = e.svc.Save(ctx, leader, k, &report.Draft{Version: 1})
		wantCode(t, "leader save", err, apperr.EFORBIDDEN)
		_, err = e.svc.Submit(ctx, leader, k)
		wantCode(t, "leader submit", err, apperr.EFORBIDDEN)
		_, err = e.svc.Accept(ctx, leader, k)
		wantCode(t, "leader accept", err, apperr.EFORBIDDEN)
		_, err = e.svc.Return(ctx, leader, k, "x")
		wantCode(t, "leader return", err, apperr.EFORBIDDEN)
		if _, err := e.svc.Get(ctx, leader, k); err != nil {
			t.Errorf("leader read: %v", err)
		}
		// Accept and return of a draft are refused.
		_, err = e.svc.Accept(ctx, cv, k)
		wantCode(t, "accept of a draft", err, apperr.ECONFLICT)
		_, err = e.svc.Return(ctx, cv, k, "Thiếu số liệu")
		wantCode(t, "return of a draft", err, apperr.ECONFLICT)
		e.unchanged("refused moves on a draft", k, v1)

		// Fix and save (1 → 2), then submit on the deadline day, at 23:30
		// in Vietnam (16:30 UTC): on time.
		fixed := map[string]report.Value{
			"KINH_PHI": intv(26_000_000_000), "QUA_TANG": intv(9600),
			"HV_TRIEU_TAP": intv(60), "HV_THAM_DU": intv(58), "KH_QCDC": intv(1), "TY_LE_GQ": floatv(97.5),
		}
		if r, err = e.svc.Save(ctx, mttq, k, &report.Draft{Version: 1, Values: fixed, Comments: map[string]string{"QUA_TANG": "Số liệu chính thức"}}); err != nil || r.Version != 2 {
			t.Fatalf("save fixed draft: %v (version %v)", err, r)
		}
		e.now = vnTime(2019, 6, 19, 23, 30)
		r, err = e.svc.Submit(ctx, mttq, k)
		if err != nil {
			t.Fatalf("submit: %v", err)
		}
		if r.Status != report.StatusSubmitted || r.Version != 3 || !r.OnTime || !r.SubmittedAt.Equal(e.now) {
			t.Fatalf("submitted on the deadline day: %+v; want submitted, version 3, on time", r)
		}
		if got := e.stored(k); got.Status != report.StatusSubmitted || !got.OnTime || !got.SubmittedAt.Equal(e.now) || !reflect.DeepEqual(got.Values, fixed) {
			t.Fatalf("stored after submit: %+v", got)
		}

		// A submitted report is locked: saving (at its current version) is
		// a conflict without a "current" (nothing is stale); it cannot be
		// submitted or accepted by the unit, nor returned without a reason.
		v3 := e.state(k)
		_, err = e.svc.Save(ctx, mttq, k, &report.Draft{Version: 3, Values: fixed})
		wantCode(t, "save of a submitted report", err, apperr.ECONFLICT)
		var conflict *report.Conflict
		if errors.As(err, &conflict) {
			t.Errorf("locked save answered as a stale version: %v", err)
		}
		_, err = e.svc.Submit(ctx, mttq, k)
		wantCode(t, "second submit", err, apperr.ECONFLICT)
		_, err = e.svc.Accept(ctx, mttq, k)
		wantCode(t, "reporter accept", err, apperr.EFORBIDDEN)
		_, err = e.svc.Return(ctx, mttq, k, "Tôi muốn sửa")
		wantCode(t, "reporter return", err, apperr.EFORBIDDEN)
		for _, reason := range []string{"", "   \n\t "} {
			_, err = e.svc.Return(ctx, cv, k, reason)
			wantFields(t, "return without a reason", err, "reason")
		}
		_, err = e.svc.Return(ctx, cv, k, strings.Repeat("dài ", 600))
		wantFields(t, "return with a too long reason", err, "reason")
		e.unchanged("refused moves on a submitted report", k, v3)

		// Returned with a reason (3 → 4): editable again, not acceptable.
		reason := "Đề nghị bổ sung số liệu đối thoại."
		e.now = vnTime(2019, 6, 20, 10, 0)
		if r, err = e.svc.Return(ctx, cv, k, "  "+reason+" "); err != nil {
			t.Fatalf("return: %v", err)
		}
		if r.Status != report.StatusReturned || r.Version != 4 || r.ReturnReason != reason || r.UpdatedBy != "chuyenvien" {
			t.Fatalf("returned: %+v", r)
		}
		v4 := e.state(k)
		_, err = e.svc.Accept(ctx, cv, k)
		wantCode(t, "accept of a returned report", err, apperr.ECONFLICT)
		_, err = e.svc.Return(ctx, cv, k, reason)
		wantCode(t, "return of a returned report", err, apperr.ECONFLICT)
		e.unchanged("refused moves on a returned report", k, v4)

		// The unit fixes it (4 → 5: still returned) and resubmits after
		// the deadline: midnight in Vietnam is 17:00 UTC on the 19th, and
		// already late (5 → 6).
		fixed["DOI_THOAI"] = intv(1)
		if r, err = e.svc.Save(ctx, mttq, k, &report.Draft{Version: 4, Values: fixed}); err != nil || r.Version != 5 || r.Status != report.StatusReturned {
			t.Fatalf("save of a returned report: %v, %+v; want version 5, still returned", err, r)
		}
		e.now = time.Date(2019, 6, 19, 17, 0, 0, 0, time.UTC)
		if r, err = e.svc.Submit(ctx, mttq, k); err != nil {
			t.Fatalf("resubmit: %v", err)
		}
		if r.Status != report.StatusSubmitted || r.Version != 6 || r.OnTime || r.ReturnReason != "" {
			t.Fatalf("resubmitted late: %+v; want submitted, version 6, late, reason cleared", r)
		}

		// Accepted (6 → 7) and locked.
		e.now = vnTime(2019, 6, 24, 15, 0)
		if r, err = e.svc.Accept(ctx, cv, k); err != nil {
			t.Fatalf("accept: %v", err)
		}
		if r.Status != report.StatusAccepted || r.Version != 7 || !r.AcceptedAt.Equal(e.now) {
			t.Fatalf("accepted: %+v", r)
		}
		v7 := e.state(k)
		_, err = e.svc.Save(ctx, mttq, k, &report.Draft{Version: 7, Values: fixed})
		wantCode(t, "save of an accepted report", err, apperr.ECONFLICT)
		_, err = e.svc.Save(ctx, cv, k, &report.Draft{Version: 7, Values: fixed})
		wantCode(t, "commission save of an accepted report", err, apperr.ECONFLICT)
		_, err = e.svc.Submit(ctx, mttq, k)
		wantCode(t, "submit of an accepted report", err, apperr.ECONFLICT)
		_, err = e.svc.Accept(ctx, cv, k)
		wantCode(t, "second accept", err, apperr.ECONFLICT)
		_, err = e.svc.Return(ctx, cv, k, "")
		wantFields(t, "reopen without a reason", err, "reason")
		_, err = e.svc.Return(ctx, mttq, k, "Mở lại giúp")
		wantCode(t, "reopen by the unit", err, apperr.EFORBIDDEN)
		e.unchanged("refused moves on an accepted report", k, v7)

		// Reopening an accepted report is a commission act with a reason
		// (7 → 8), audited as report.reopen.
		reopen := "Mở lại để điều chỉnh số liệu kinh phí theo quyết toán."
		if r, err = e.svc.Return(ctx, cv, k, reopen); err != nil {
			t.Fatalf("reopen: %v", err)
		}
		if r.Status != report.StatusReturned || r.Version != 8 || !r.AcceptedAt.IsZero() || r.ReturnReason != reopen {
			t.Fatalf("reopened: %+v", r)
		}

		// Every submission and review keeps a version.
		vs := e.versions(k)
		type kept struct {
			v      int
			status report.Status
			by     string
			note   string
		}
		var gotKept []kept
		for _, v := range vs {
			gotKept = append(gotKept, kept{v.Version, v.Status, v.By, v.Note})
		}
		wantKept := []kept{
			{3, report.StatusSubmitted, "mttq", ""},
			{4, report.StatusReturned, "chuyenvien", reason},
			{6, report.StatusSubmitted, "mttq", ""},
			{7, report.StatusAccepted, "chuyenvien", ""},
			{8, report.StatusReturned, "chuyenvien", reopen},
		}
		if !reflect.DeepEqual(gotKept, wantKept) {
			t.Errorf("kept versions:\n got %+v\nwant %+v", gotKept, wantKept)
		}
		if len(vs) == 5 {
			if !reflect.DeepEqual(vs[0].Values, map[string]report.Value{"KINH_PHI": intv(26_000_000_000), "QUA_TANG": intv(9600),
				"HV_TRIEU_TAP": intv(60), "HV_THAM_DU": intv(58), "KH_QCDC": intv(1), "TY_LE_GQ": floatv(97.5)}) {
				t.Errorf("version 3 values: %+v", vs[0].Values)
			}
			if vs[0].Comments["QUA_TANG"] != "Số liệu chính thức" {
				t.Errorf("version 3 comments: %+v", vs[0].Comments)
			}
			ch := report.Diff(c.Template, c.Catalogue, &vs[0], &vs[2])
			// The save of version 5 sent no comments: a save replaces the
			// whole content, so the comment is gone too.
			if len(ch) != 2 || ch[0].Field != "comments.QUA_TANG" || ch[0].After != "" ||
				ch[1].Field != "DOI_THOAI" || ch[1].Before != "" || ch[1].After != "1" {
				t.Errorf("diff of versions 3 and 6: %+v, want the comment removed and DOI_THOAI added", ch)
			}
		}

		// One audit entry per change, in order, with before and after.
		es := e.audit(k)
		wantActions := []string{"report.save", "report.save", "report.submit", "report.return", "report.save", "report.submit", "report.accept", "report.reopen"}
		var actions []string
		for _, a := range es {
			actions = append(actions, a.Action)
		}
		if !reflect.DeepEqual(actions, wantActions) {
			t.Fatalf("audit actions:\n got %v\nwant %v", actions, wantActions)
		}
		wantStatus := []report.Status{"draft", "draft", "submitted", "returned", "returned", "submitted", "accepted", "returned"}
		for i, a := range es {
			st, ver := auditState(t, a.After)
			if ver != i+1 || st != string(wantStatus[i]) {
				t.Errorf("audit %d (%s): after = version %d %s, want %d %s", i, a.Action, ver, st, i+1, wantStatus[i])
			}
			if i == 0 {
				if a.Before != "" {
					t.Errorf("audit of the first save: before = %q, want empty", a.Before)
				}
				continue
			}
			st, ver = auditState(t, a.Before)
			if ver != i || st != string(wantStatus[i-1]) {
				t.Errorf("audit %d (%s): before = version %d %s, want %d %s", i, a.Action, ver, st, i, wantStatus[i-1])
			}
		}
		if !strings.Contains(es[7].Summary, reopen) || !strings.Contains(es[3].Summary, reason) {
			t.Errorf("audit summaries do not carry the reasons: %q, %q", es[3].Summary, es[7].Summary)
		}
		if !strings.Contains(es[1].After, `"KINH_PHI":"i26000000000"`) {
			t.Errorf("audit after of a save does not carry the values: %s", es[1].After)
		}
	})
}

// TestServiceAccess checks who may read and write which unit's report, and
// which units file the template at all.
func TestServiceAccess(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		ctx := e.ctx
		mttq, caoloc, cv, leader, admin := e.actor("mttq"), e.actor("caoloc"), e.actor("chuyenvien"), e.actor("lanhdao"), e.actor("admin")
		k := report.Key{Template: demo.Template, Period: "2019Q2", Unit: demo.Front}
		vals := map[string]report.Value{"QUA_TANG": intv(5), "KINH_PHI": intv(1_000_000), "KH_QCDC": intv(1)}
		if _, err := e.svc.Save(ctx, mttq, k, &report.Draft{Values: vals}); err != nil {
			t.Fatal(err)
		}
		before := e.state(k)

		// Another unit's reporter can neither read nor save the MTTQ's
		// report, even one accepted long ago.
		_, err := e.svc.Get(ctx, caoloc, k)
		wantCode(t, "caoloc reads MTTQ", err, apperr.EFORBIDDEN)
		_, err = e.svc.Get(ctx, caoloc, report.Key{Template: demo.Template, Period: "2019Q1", Unit: demo.Front})
		wantCode(t, "caoloc reads MTTQ Q1", err, apperr.EFORBIDDEN)
		_, _, err = e.svc.Versions(ctx, caoloc, k)
		wantCode(t, "caoloc lists MTTQ versions", err, apperr.EFORBIDDEN)
		_, err = e.svc.Save(ctx, caoloc, k, &report.Draft{Version: 1, Values: vals})
		wantCode(t, "caoloc saves MTTQ", err, apperr.EFORBIDDEN)
		_, err = e.svc.Submit(ctx, caoloc, k)
		wantCode(t, "caoloc submits MTTQ", err, apperr.EFORBIDDEN)
		// Nor another body's reporter in the same province.
		_, err = e.svc.Save(ctx, e.actor("hoinongdan"), k, &report.Draft{Version: 1, Values: vals})
		wantCode(t, "Hội Nông dân saves MTTQ", err, apperr.EFORBIDDEN)
		_, err = e.svc.Save(ctx, leader, k, &report.Draft{Version: 1, Values: vals})
		wantCode(t, "leader saves", err, apperr.EFORBIDDEN)
		_, err = e.svc.Get(ctx, nil, k)
		wantCode(t, "anonymous read", err, apperr.EUNAUTHORIZED)
		_, err = e.svc.Save(ctx, nil, k, &report.Draft{Version: 1, Values: vals})
		wantCode(t, "anonymous save", err, apperr.EUNAUTHORIZED)
		e.unchanged("refused access", k, before)

		// caoloc files its own district's report.
		own := report.Key{Template: demo.Template, Period: "2019Q2", Unit: demo.CaoLoc}
		if r, err := e.svc.Save(ctx, caoloc, own, &report.Draft{Values: vals}); err != nil || r.Version != 1 {
			t.Fatalf("caoloc saves its own report: %v", err)
		}

		// The commission may save for units in its scope (collected by
		// e-mail) and review them; the admin may do everything.
		if r, err := e.svc.Save(ctx, cv, k, &report.Draft{Version: 1, Values: vals}); err != nil || r.Version != 2 || r.UpdatedBy != "chuyenvien" {
			t.Fatalf("commission saves MTTQ: %v", err)
		}
		if _, err := e.svc.Save(ctx, cv, own, &report.Draft{Version: 1, Values: vals}); err != nil {
			t.Fatalf("commission saves Cao Lộc: %v", err)
		}
		if _, err := e.svc.Submit(ctx, cv, own); err != nil {
			t.Fatalf("commission submits Cao Lộc: %v", err)
		}
		if _, err := e.svc.Accept(ctx, cv, own); err != nil {
			t.Fatalf("commission accepts Cao Lộc: %v", err)
		}
		if _, err := e.svc.Save(ctx, admin, k, &report.Draft{Version: 2, Values: vals}); err != nil {
			t.Fatalf("admin saves: %v", err)
		}

		// Units that do not file the template, or do not exist for the
		// period, and templates or periods that do not exist: ENOTFOUND,
		// for reads and writes alike, even for the admin.
		for _, nk := range []report.Key{
			{Template: demo.Template, Period: "2019Q2", Unit: demo.Commission},       // the commission does not file
			{Template: demo.Template, Period: "2019Q2", Unit: demo.Province},         // the province itself
			{Template: demo.Template, Period: "2019Q2", Unit: "KHONG-CO"},            // no such unit
			{Template: demo.Template, Period: "2026Q1", Unit: demo.CaoLoc},           // districts were dissolved on 01/07/2025
			{Template: demo.Template, Period: "2019Q2", Unit: demo.MergedCommission}, // did not exist in 2019
			{Template: "KHONG-CO", Period: "2019Q2", Unit: demo.Front},
			{Template: demo.Template, Period: "201906", Unit: demo.Front}, // a month, not a quarter
			{Template: demo.Template, Period: "2019Q5", Unit: demo.Front},
		} {
			_, err := e.svc.Get(ctx, admin, nk)
			wantCode(t, "get "+nk.String(), err, apperr.ENOTFOUND)
			_, err = e.svc.Save(ctx, admin, nk, &report.Draft{Values: vals})
			wantCode(t, "save "+nk.String(), err, apperr.ENOTFOUND)
			_, err = e.svc.Submit(ctx, admin, nk)
			wantCode(t, "submit "+nk.String(), err, apperr.ENOTFOUND)
			if r := e.stored(nk); r != nil {
				t.Errorf("%s: a report was stored", nk)
			}
		}
		// A unit that does not file gets ENOTFOUND before any
		// authorisation, so its reporter learns nothing more either.
		_, err = e.svc.Save(ctx, mttq, report.Key{Template: demo.Template, Period: "2019Q2", Unit: demo.Commission}, &report.Draft{Values: vals})
		wantCode(t, "reporter saves a non-filing unit", err, apperr.ENOTFOUND)
	})
}

// TestServiceCompleteness checks the demo's Q1/2019 figures over the
// province.
func TestServiceCompleteness(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		cv := e.actor("chuyenvien")
		comp, c, err := e.svc.Completeness(e.ctx, cv, report.Key{Template: demo.Template, Period: "2019Q1", Unit: demo.Province})
		if err != nil {
			t.Fatal(err)
		}
		if c.Period.ID != "2019Q1" {
			t.Errorf("period %s", c.Period.ID)
		}
		var missing, returned []string
		for _, u := range comp.Missing {
			missing = append(missing, u.Code)
		}
		for _, u := range comp.Returned {
			returned = append(returned, u.Code)
		}
		slices.Sort(missing)
		if comp.Expected != 22 || comp.Submitted != 20 || comp.Accepted != 20 || comp.OnTime != 19 || comp.Late != 1 ||
			!reflect.DeepEqual(missing, []string{demo.Veterans, demo.Youth}) || !reflect.DeepEqual(returned, []string{demo.Youth}) {
			t.Errorf("completeness Q1/2019 over %s: expected %d submitted %d accepted %d on time %d late %d missing %v returned %v;"+
				" want 22 20 20 19 1 [20-HCCB 20-TD] [20-TD]", demo.Province, comp.Expected, comp.Submitted, comp.Accepted, comp.OnTime, comp.Late, missing, returned)
		}
		if len(comp.Rows) != 22 {
			t.Errorf("rows: %d, want 22", len(comp.Rows))
		}
		for _, row := range comp.Rows {
			if row.Unit.Code == "189" && (row.Report == nil || row.Report.OnTime || row.Report.Status != report.StatusAccepted) {
				t.Errorf("Đình Lập (189): %+v, want accepted and late", row.Report)
			}
		}
		// Totals of the counted reports are the seed's.
		var gifts, money int64
		for _, row := range comp.Rows {
			if row.Report != nil && (row.Report.Status == report.StatusAccepted || row.Report.Status == report.StatusSubmitted) {
				gifts += row.Report.Values["QUA_TANG"].Int
				money += row.Report.Values["KINH_PHI"].Int
			}
		}
		if gifts < 62_000 || money < 26_000_000_000 {
			t.Errorf("Q1/2019 totals: %d gifts, %d đồng; want 62,000+ and 26,000,000,000+", gifts, money)
		}

		// A reporter sees its own unit's figure, not the province's.
		mttq := e.actor("mttq")
		_, _, err = e.svc.Completeness(e.ctx, mttq, report.Key{Template: demo.Template, Period: "2019Q1", Unit: demo.Province})
		wantCode(t, "reporter completeness of the province", err, apperr.EFORBIDDEN)
		own, _, err := e.svc.Completeness(e.ctx, mttq, report.Key{Template: demo.Template, Period: "2019Q1", Unit: demo.Front})
		if err != nil || own.Expected != 1 || own.Submitted != 1 || len(own.Missing) != 0 {
			t.Errorf("MTTQ's own completeness: %+v, %v", own, err)
		}
		// Q2/2019: nobody has filed yet.
		q2, _, err := e.svc.Completeness(e.ctx, cv, report.Key{Template: demo.Template, Period: "2019Q2", Unit: demo.Province})
		if err != nil || q2.Expected != 22 || q2.Submitted != 0 || len(q2.Missing) != 22 {
			t.Errorf("Q2/2019 completeness: %+v, %v", q2, err)
		}
	})
}

// TestServiceDueFor checks "Báo cáo của tôi" for the MTTQ on the test clock.
func TestServiceDueFor(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newEnv(t, db)
		mttq := e.actor("mttq")
		today := period.Today(apptest.Clock)
		due, err := e.svc.DueFor(e.ctx, mttq, demo.Front, today)
		if err != nil {
			t.Fatal(err)
		}
		byID := map[string]report.Due{}
		for _, d := range due {
			byID[d.Period.ID] = d
		}
		// The demo's history is listed with its state; the periods of the
		// last year are listed too, unfiled and overdue when past due.
		if d, ok := byID["2019Q1"]; !ok || d.Report == nil || d.Report.Status != report.StatusAccepted || d.Overdue {
			t.Errorf("2019Q1 due: %+v", d)
		}
		cur := period.For(period.Quarter, today, period.Decree09)
		if d, ok := byID[cur.Previous().ID]; !ok || d.Report != nil || !d.Overdue {
			t.Errorf("%s (previous quarter) due: %+v, want unfiled and overdue", cur.Previous().ID, d)
		}
		if d, ok := byID[cur.ID]; !ok || d.Overdue {
			t.Errorf("%s (current quarter) due: %+v, want listed, not overdue", cur.ID, d)
		}
		for i := 1; i < len(due); i++ {
			if due[i].Period.End.After(due[i-1].Period.End) {
				t.Errorf("due list not newest first at %d: %s after %s", i, due[i].Period.ID, due[i-1].Period.ID)
			}
		}
		// Another unit's list is empty for a reporter outside it.
		other, err := e.svc.DueFor(e.ctx, e.actor("caoloc"), demo.Front, today)
		if err != nil || len(other) != 0 {
			t.Errorf("caoloc's view of MTTQ's due list: %d items, %v; want none", len(other), err)
		}
	})
}

// apiJSON decodes an API body keeping numbers exact.
func apiJSON(t *testing.T, body string) map[string]any {
	t.Helper()
	dec := json.NewDecoder(strings.NewReader(body))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatalf("decode %q: %v", body, err)
	}
	return m
}

func fieldsOf(t *testing.T, m map[string]any) []string {
	t.Helper()
	f, _ := m["fields"].(map[string]any)
	var out []string
	for k, v := range f {
		if s, _ := v.(string); s == "" {
			t.Errorf("field %s has no message", k)
		}
		out = append(out, k)
	}
	slices.Sort(out)
	return out
}

// TestReportAPI drives the same workflow through the HTTP API.
func TestReportAPI(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := apptest.NewServer(t, db)
		ctx := context.Background()
		mttq, cv, caoloc := srv.APIToken(t, "mttq", "demo"), srv.APIToken(t, "chuyenvien", "demo"), srv.APIToken(t, "caoloc", "demo")
		k := report.Key{Template: demo.Template, Period: "2019Q2", Unit: demo.Front}
		path := "/api/v1/reports/" + k.Template + "/" + k.Period + "/" + k.Unit
		call := func(token, method, p, body string, want int) map[string]any {
			t.Helper()
			status, b := srv.API(t, token, method, p, body)
			if status != want {
				t.Fatalf("%s %s %s: got %d, want %d\n%s", method, p, body, status, want, b)
			}
			return apiJSON(t, b)
		}
		snapshot := func() state {
			r, err := db.FindReport(ctx, k)
			if apperr.Is(err, apperr.ENOTFOUND) {
				r = nil
			} else if err != nil {
				t.Fatal(err)
			}
			es, _, err := db.ListAudit(ctx, audit.Filter{Entity: "report", EntityID: k.String()})
			if err != nil {
				t.Fatal(err)
			}
			vs, err := db.ListVersions(ctx, k)
			if err != nil {
				t.Fatal(err)
			}
			return state{r, len(es), len(vs)}
		}
		same := func(what string, before state) {
			t.Helper()
			if after := snapshot(); !reflect.DeepEqual(before, after) {
				t.Errorf("%s changed the database:\nbefore %+v\n after %+v", what, before, after)
			}
		}

		m := call(mttq, "GET", path, "", 200)
		if m["version"] != json.Number("0") || m["status"] != "draft" || m["deadline"] != "2019-06-19" {
			t.Fatalf("GET unstarted: %v", m)
		}

		// Save: Vietnamese number strings, exact big money, booleans, and
		// TCVN3 text converted.
		m = call(mttq, "PUT", path, `{"version":0,"values":{"QUA_TANG":"9.600","KINH_PHI":26000000000,"HV_TRIEU_TAP":60,"HV_THAM_DU":65,
			"TY_LE_GQ":"97,5%","KH_QCDC":true,"NOI_BAT":"Céng hßa x· héi"},"narrative":{"ket_qua":"Tốt"},"comments":{"QUA_TANG":"ước"}}`, 200)
		vals, _ := m["values"].(map[string]any)
		if m["version"] != json.Number("1") || vals["KINH_PHI"] != json.Number("26000000000") || vals["QUA_TANG"] != json.Number("9600") ||
			vals["TY_LE_GQ"] != json.Number("97.5") || vals["KH_QCDC"] != true || vals["NOI_BAT"] != "Cộng hòa xã hội" {
			t.Fatalf("PUT answer: %v", m)
		}
		v1 := snapshot()
		if v1.report == nil || v1.report.Values["KINH_PHI"].Int != 26_000_000_000 || v1.audit != 1 {
			t.Fatalf("stored after PUT: %+v", v1)
		}

		// Stale version: 409 with the current report beside the error.
		m = call(mttq, "PUT", path, `{"version":0,"values":{"QUA_TANG":1}}`, 409)
		cur, _ := m["current"].(map[string]any)
		if m["code"] != apperr.ECONFLICT || cur == nil || cur["version"] != json.Number("1") || cur["unit"] != demo.Front {
			t.Fatalf("stale PUT: %v", m)
		}
		if cv, _ := cur["values"].(map[string]any); cv["KINH_PHI"] != json.Number("26000000000") {
			t.Errorf("stale PUT: current values %v", cur["values"])
		}
		same("stale PUT", v1)

		// Bad values: 422 with per-field messages keyed values.CODE,
		// nothing saved — both for values that do not parse and for values
		// out of range.
		m = call(mttq, "PUT", path, `{"version":1,"values":{"QUA_TANG":"nhiều","KHONG_CO":1,"KH_QCDC":"có lẽ","HV_THAM_DU":1.5}}`, 422)
		if f := fieldsOf(t, m); !reflect.DeepEqual(f, []string{"values.HV_THAM_DU", "values.KHONG_CO", "values.KH_QCDC", "values.QUA_TANG"}) {
			t.Errorf("unparsable values: fields %v", f)
		}
		m = call(mttq, "PUT", path, `{"version":1,"values":{"QUA_TANG":-5,"TY_LE_GQ":150}}`, 422)
		if f := fieldsOf(t, m); !reflect.DeepEqual(f, []string{"values.QUA_TANG", "values.TY_LE_GQ"}) {
			t.Errorf("out-of-range values: fields %v", f)
		}
		m = call(mttq, "PUT", path, `{"values":{"QUA_TANG":5}}`, 422)
		if f := fieldsOf(t, m); !reflect.DeepEqual(f, []string{"version"}) {
			t.Errorf("PUT without a version: fields %v", f)
		}
		call(mttq, "PUT", path, `{"version":1,"valeus":{}}`, 400)
		same("refused PUTs", v1)

		// Another unit's reporter: 403 for reading and writing.
		call(caoloc, "GET", path, "", 403)
		call(caoloc, "PUT", path, `{"version":1,"values":{"QUA_TANG":1}}`, 403)
		call(caoloc, "POST", path+"/submit", "", 403)
		call("", "GET", path, "", 401)
		same("refused access", v1)
		// A unit that does not file the template: 404.
		call(mttq, "GET", "/api/v1/reports/"+demo.Template+"/2019Q2/"+demo.Commission, "", 404)
		call(cv, "PUT", "/api/v1/reports/"+demo.Template+"/2019Q2/"+demo.Commission, `{"version":0,"values":{}}`, 404)

		// Submit breaking a cross rule (attended 65 > invited 60): 422.
		m = call(mttq, "POST", path+"/submit", "", 422)
		if f := fieldsOf(t, m); !reflect.DeepEqual(f, []string{"values.HV_THAM_DU"}) {
			t.Errorf("submit with a broken rule: fields %v", f)
		}
		same("refused submit", v1)
		call(cv, "POST", path+"/accept", "", 409) // a draft cannot be accepted

		// Fix, submit (the test clock is 2026: late), return, resubmit,
		// accept, locked.
		call(mttq, "PUT", path, `{"version":1,"values":{"QUA_TANG":9600,"KINH_PHI":26000000000,"HV_TRIEU_TAP":60,"HV_THAM_DU":58,"KH_QCDC":true}}`, 200)
		m = call(mttq, "POST", path+"/submit", "", 200)
		if m["status"] != "submitted" || m["version"] != json.Number("3") || m["on_time"] != false || m["submitted_at"] == nil {
			t.Fatalf("submit: %v", m)
		}
		call(mttq, "PUT", path, `{"version":3,"values":{"QUA_TANG":1}}`, 409) // locked
		call(mttq, "POST", path+"/accept", "", 403)
		m = call(cv, "POST", path+"/return", `{"reason":""}`, 422)
		if f := fieldsOf(t, m); !reflect.DeepEqual(f, []string{"reason"}) {
			t.Errorf("return without a reason: fields %v", f)
		}
		m = call(cv, "POST", path+"/return", `{"reason":"Bổ sung số hội nghị đối thoại."}`, 200)
		if m["status"] != "returned" || m["return_reason"] != "Bổ sung số hội nghị đối thoại." {
			t.Fatalf("return: %v", m)
		}
		call(mttq, "PUT", path, `{"version":4,"values":{"QUA_TANG":9600,"KINH_PHI":26000000000,"KH_QCDC":true,"DOI_THOAI":1}}`, 200)
		call(mttq, "POST", path+"/submit", "", 200)
		m = call(cv, "POST", path+"/accept", "", 200)
		if m["status"] != "accepted" || m["version"] != json.Number("7") || m["accepted_at"] == nil {
			t.Fatalf("accept: %v", m)
		}
		call(mttq, "PUT", path, `{"version":7,"values":{"QUA_TANG":1}}`, 409)
		call(cv, "POST", path+"/accept", "", 409)
		call(mttq, "POST", path+"/submit", "", 409)
		m = call(mttq, "GET", path, "", 200)
		if m["status"] != "accepted" || m["version"] != json.Number("7") {
			t.Fatalf("GET after accept: %v", m)
		}
		if vs, err := db.ListVersions(ctx, k); err != nil || len(vs) != 4 {
			t.Errorf("kept versions after submit, return, submit, accept: %d, %v; want 4", len(vs), err)
		}
		// The audit entries of API changes name the API user.
		es, _, err := db.ListAudit(ctx, audit.Filter{Entity: "report", EntityID: k.String()})
		if err != nil || len(es) != 7 {
			t.Fatalf("audit entries: %d, %v; want 7", len(es), err)
		}
		if es[0].Actor != "chuyenvien" || es[0].Action != "report.accept" || es[len(es)-1].Actor != "mttq" {
			t.Errorf("audit actors: newest %s %s, oldest %s", es[0].Actor, es[0].Action, es[len(es)-1].Actor)
		}

		// Completeness of the demo's Q1/2019 over the province.
		m = call(cv, "GET", "/api/v1/completeness/"+demo.Template+"/2019Q1/"+demo.Province, "", 200)
		b, _ := json.Marshal(map[string]any{"expected": m["expected"], "submitted": m["submitted"], "on_time": m["on_time"], "late": m["late"]})
		if !bytes.Equal(b, []byte(`{"expected":22,"late":1,"on_time":19,"submitted":20}`)) {
			t.Errorf("completeness: %s", b)
		}
		var missing []string
		for _, x := range m["missing"].([]any) {
			missing = append(missing, x.(string))
		}
		slices.Sort(missing)
		if !reflect.DeepEqual(missing, []string{demo.Veterans, demo.Youth}) {
			t.Errorf("missing: %v, want [20-HCCB 20-TD]", missing)
		}
		call(mttq, "GET", "/api/v1/completeness/"+demo.Template+"/2019Q1/"+demo.Province, "", 403)
	})
}

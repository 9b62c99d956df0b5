package web_test

import (
	"net/http"
	"net/url"
	"testing"

	"giaoban/internal/apptest"
)

// The authorisation lines of the task routes. The setup stores one task of
// the MTTQ (monitored by the commission) with an evidence file.
func init() {
	routeProbes = append(routeProbes, func(t *testing.T, srv *apptest.Server) map[string][]probe {
		tk := storeTask(t, srv, "20-MTTQ", "2026-12-31")
		evid := addEvidence(t, srv, tk)
		id := itoa(tk.ID)
		base := "/nhiem-vu/" + id
		notFound := http.StatusNotFound
		// Who reads the MTTQ's task: its unit, the commission, the leader,
		// the admin; not an editor, nor another unit.
		read := func(status, anon int) map[string]int {
			return all(status, "anon", anon, "bientap", forbidden, "caoloc", forbidden)
		}
		// Who may post its progress: its unit, the commission, the admin.
		owner := func(status, anon int) map[string]int {
			return all(status, "anon", anon, "bientap", forbidden, "caoloc", forbidden, "lanhdao", forbidden)
		}
		// Who decides as its monitor: the commission and the admin.
		monitor := func(status, anon int) map[string]int {
			return all(forbidden, "anon", anon, "admin", status, "chuyenvien", status)
		}
		return map[string][]probe{
			"GET /nhiem-vu": {{method: "GET", url: "/nhiem-vu", want: read(ok, see)},
				{method: "GET", url: "/nhiem-vu?tt=sai", want: all(http.StatusUnprocessableEntity, "anon", see)}},
			"GET /nhiem-vu/tong-hop": {{method: "GET", url: "/nhiem-vu/tong-hop", want: read(ok, see)},
				{method: "GET", url: "/nhiem-vu/tong-hop?nam=2026", want: read(ok, see)}},
			"GET /nhiem-vu/moi": {{method: "GET", url: "/nhiem-vu/moi", want: monitor(ok, see)}},
			"POST /nhiem-vu":    {{method: "POST", url: "/nhiem-vu", form: url.Values{"content": {""}}, want: monitor(invalid, unauth)}},
			"GET /nhiem-vu/{id}": {{method: "GET", url: base, want: read(ok, see)},
				{method: "GET", url: "/nhiem-vu/999999", want: all(notFound, "anon", see)}},
			"GET /nhiem-vu/{id}/dong-thoi-gian": {{method: "GET", url: base + "/dong-thoi-gian", want: read(ok, see)}},
			"GET /nhiem-vu/{id}/minh-chung/{eid}": {{method: "GET", url: base + "/minh-chung/" + itoa(evid), want: read(ok, see)},
				{method: "GET", url: base + "/minh-chung/999999", want: read(notFound, see)}},
			// A stale version: refused with 409 to those allowed, 403 to the others.
			"POST /nhiem-vu/{id}/tien-do":  {{method: "POST", url: base + "/tien-do", form: url.Values{"version": {"999"}, "text": {"x"}}, want: owner(conflict, unauth)}},
			"POST /nhiem-vu/{id}/xac-nhan": {{method: "POST", url: base + "/xac-nhan", form: url.Values{"version": {"999"}}, want: monitor(conflict, unauth)}},
			"POST /nhiem-vu/{id}/tra-lai":  {{method: "POST", url: base + "/tra-lai", form: url.Values{"version": {"999"}, "reason": {"x"}}, want: monitor(conflict, unauth)}},
			// Cao Lộc is a district gone since 2025: its reporter sees 2019, not today.
			"GET /lanh-dao": {{method: "GET", url: "/lanh-dao", want: all(ok, "anon", see, "bientap", forbidden, "caoloc", forbidden)},
				{method: "GET", url: "/lanh-dao?ky=2019Q1", want: all(ok, "anon", see, "bientap", forbidden)}},

			"GET /api/v1/tasks": {{method: "GET", url: "/api/v1/tasks", want: read(ok, unauth)},
				{method: "GET", url: "/api/v1/tasks?status=late", want: all(invalid, "anon", unauth)},
				{method: "GET", url: "/api/v1/tasks?unit=20-MTTQ&status=open", want: read(ok, unauth)},
				{method: "GET", url: "/api/v1/tasks?unit=20-HND", want: all(ok, "anon", unauth, "bientap", forbidden, "caoloc", forbidden, "mttq", forbidden)}},
			"GET /api/v1/tasks/{id}": {{method: "GET", url: "/api/v1/tasks/" + id, want: read(ok, unauth)}},
			// No text: refused with 422 to those allowed, 403 to the others.
			"POST /api/v1/tasks/{id}/progress": {{method: "POST", url: "/api/v1/tasks/" + id + "/progress", json: `{"text":"","percent":10}`, want: owner(invalid, unauth)}},
		}
	})
}

package web_test

import (
	"context"
	"net/http"
	"net/url"
	"strconv"
	"testing"
	"time"

	"giaoban/internal/apptest"
	"giaoban/internal/auth"
	"giaoban/internal/demo"
	"giaoban/internal/exemplar"
	"giaoban/internal/org"
	"giaoban/internal/period"
)

// registerProbeModel registers a 2019 model of the MTTQ for the probes.
func registerProbeModel(t *testing.T, srv *apptest.Server) *exemplar.Model {
	t.Helper()
	s := &exemplar.Service{Store: srv.DB, Units: srv.DB, Authz: &auth.Authorizer{Units: &org.Service{Store: srv.DB}},
		Now: func() time.Time { return apptest.Clock }}
	m := &exemplar.Model{UnitCode: demo.Front, Name: "Mô hình kiểm tra quyền truy cập", Kind: exemplar.KindModel, Holder: exemplar.Collective,
		Field: exemplar.FieldEconomy, Level: exemplar.LevelProvince, Year: 2019, RegisteredOn: period.MustParse("2019-02-20"),
		Content: "Vận động nhân dân hiến đất làm đường."}
	if err := s.Register(context.Background(), &auth.Actor{Username: "admin", Roles: []auth.Role{auth.RoleAdmin}}, m); err != nil {
		t.Fatal(err)
	}
	return m
}

func init() {
	routeProbes = append(routeProbes, func(t *testing.T, srv *apptest.Server) map[string][]probe {
		m := registerProbeModel(t, srv)
		id := strconv.FormatInt(m.ID, 10)
		readers := all(ok, "anon", see, "bientap", forbidden)
		return map[string][]probe{
			"GET /dan-van-kheo": {
				{method: "GET", url: "/dan-van-kheo", want: readers},
				{method: "GET", url: "/dan-van-kheo?don-vi=20-MTTQ&nam=2019&linh-vuc=economy", want: readMTTQ(ok, see)},
				{method: "GET", url: "/dan-van-kheo?don-vi=183&nam=2019", want: all(ok, "anon", see, "bientap", forbidden, "mttq", forbidden)},
			},
			"GET /dan-van-kheo/moi": {
				{method: "GET", url: "/dan-van-kheo/moi", want: all(ok, "anon", see, "bientap", forbidden, "lanhdao", forbidden)},
				{method: "GET", url: "/dan-van-kheo/moi?ngay=2019-02-20", want: all(ok, "anon", see, "bientap", forbidden, "lanhdao", forbidden)},
			},
			"POST /dan-van-kheo": {{method: "POST", url: "/dan-van-kheo", form: url.Values{"unit": {demo.Front}, "name": {""}}, want: writeMTTQ(invalid, unauth)}},
			"GET /dan-van-kheo/thong-ke": {
				{method: "GET", url: "/dan-van-kheo/thong-ke", want: readers},
				{method: "GET", url: "/dan-van-kheo/thong-ke?don-vi=20-MTTQ&nam=2019", want: readMTTQ(ok, see)},
			},
			"GET /dan-van-kheo/{id}": {
				{method: "GET", url: "/dan-van-kheo/" + id, want: readMTTQ(ok, see)},
				{method: "GET", url: "/dan-van-kheo/999999", want: all(http.StatusNotFound, "anon", see)},
			},
			"POST /dan-van-kheo/{id}/buoc": {{method: "POST", url: "/dan-van-kheo/" + id + "/buoc",
				form: url.Values{"version": {"0"}, "to": {"launched"}, "on": {"2019-03-01"}}, want: writeMTTQ(conflict, unauth)}},
			"GET /api/v1/exemplars": {
				{method: "GET", url: "/api/v1/exemplars", want: all(ok, "anon", unauth, "bientap", forbidden)},
				{method: "GET", url: "/api/v1/exemplars?unit=20-MTTQ&year=2019&field=economy", want: readMTTQ(ok, unauth)},
				{method: "GET", url: "/api/v1/exemplars?field=sport", want: all(invalid, "anon", unauth)},
			},
			"GET /api/v1/exemplars/{id}": {{method: "GET", url: "/api/v1/exemplars/" + id, want: readMTTQ(ok, unauth)}},
		}
	})
}

package web_test

import (
	"testing"

	"giaoban/internal/apptest"
)

// The search routes: the API is public (anonymous callers get published
// news only, see search_test.go), the internal page needs a login.
func init() {
	routeProbes = append(routeProbes, func(t *testing.T, srv *apptest.Server) map[string][]probe {
		return map[string][]probe{
			"GET /api/v1/search": {
				{method: "GET", url: "/api/v1/search?q=tinh+uy", want: all(ok)},
				{method: "GET", url: "/api/v1/search?q=tinh+uy&kind=khong-co", want: all(invalid)},
			},
			"GET /tim-kiem-noi-bo": {
				{method: "GET", url: "/tim-kiem-noi-bo?q=dan+van", want: all(ok, "anon", see)},
				{method: "GET", url: "/tim-kiem-noi-bo?q=dan+van&tu=31/02/2019", want: all(invalid, "anon", see)},
			},
		}
	})
}

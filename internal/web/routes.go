package web

import (
	"net/http"
)

// Route is one registered route. Public routes need no login; every other
// route's handler asks auth.Authorizer.Can before doing anything.
type Route struct {
	Method  string
	Pattern string
	Public  bool
}

// handler is a route handler that returns its error instead of writing it;
// fail renders errors in one place.
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(method, pattern string, public bool, h handler) {
	s.routes = append(s.routes, Route{Method: method, Pattern: pattern, Public: public})
	key := method + " " + pattern
	s.mux.HandleFunc(key, func(w http.ResponseWriter, r *http.Request) {
		reqCtx(r).route = key
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// registerRoutes is the one list of routes.
func (s *Server) registerRoutes() {
	const public, private = true, false

	// Operations.
	s.handle("GET", "/healthz", public, s.handleHealth)
	s.handle("GET", "/metrics", public, s.handleMetrics)
	s.handle("GET", "/static/{hash}/{name...}", public, s.handleStatic)

	// Public portal (issue 6 fills it in) and login.
	s.handle("GET", "/{$}", public, s.handleHome)
	s.handle("GET", "/dang-nhap", public, s.handleLoginForm)
	s.handle("POST", "/dang-nhap", public, s.handleLogin)
	s.handle("POST", "/dang-xuat", private, s.handleLogout)

	// Workspace.
	s.handle("GET", "/lam-viec", private, s.handleWorkspace)
	s.handle("GET", "/tai-khoan", private, s.handleAccount)
	s.handle("POST", "/tai-khoan/mat-khau", private, s.handleChangeOwnPassword)

	// Units.
	s.handle("GET", "/don-vi", private, s.handleUnits)
	s.handle("GET", "/don-vi/{code}", private, s.handleUnit)

	// Administration.
	s.handle("GET", "/quan-tri/tai-khoan", private, s.handleUsers)
	s.handle("GET", "/quan-tri/tai-khoan/moi", private, s.handleUserNew)
	s.handle("POST", "/quan-tri/tai-khoan", private, s.handleUserCreate)
	s.handle("GET", "/quan-tri/tai-khoan/{id}", private, s.handleUserEdit)
	s.handle("POST", "/quan-tri/tai-khoan/{id}", private, s.handleUserUpdate)
	s.handle("POST", "/quan-tri/tai-khoan/{id}/mat-khau", private, s.handleUserResetPassword)
	s.handle("GET", "/quan-tri/nhat-ky", private, s.handleAudit)

	// JSON API v1.
	s.handle("POST", "/api/v1/login", public, s.apiLogin)
	s.handle("POST", "/api/v1/logout", private, s.apiLogout)
	s.handle("GET", "/api/v1/me", private, s.apiMe)
	s.handle("GET", "/api/v1/units", private, s.apiUnits)
	s.handle("GET", "/api/v1/units/{code}", private, s.apiUnit)
	s.handle("GET", "/api/v1/units/{code}/history", private, s.apiUnitHistory)
	s.handle("GET", "/api/v1/audit", private, s.apiAudit)
}

// Package web is the HTTP layer: the server-rendered Vietnamese UI, the JSON
// API (v1), the public portal, health and metrics. Handlers parse and
// validate input, ask auth.Authorizer, call the domain services and render;
// they hold no business rules and no SQL.
package web

import (
	"context"
	"html/template"
	"log/slog"
	"net/http"
	"time"

	"giaoban/internal/auth"
	"giaoban/internal/conference"
	"giaoban/internal/exemplar"
	"giaoban/internal/news"
	"giaoban/internal/notify"
	"giaoban/internal/org"
	"giaoban/internal/report"
	"giaoban/internal/rollup"
	"giaoban/internal/sqlstore"
	"giaoban/internal/task"
)

// Config is what the server needs from the outside.
type Config struct {
	DB     *sqlstore.DB
	Logger *slog.Logger
	Now    func() time.Time
	Demo   bool // show the demo banner and the demo accounts on the login page
	// SecureCookies marks cookies Secure; on when served over HTTPS.
	SecureCookies bool
	// TrustProxy takes the client address from X-Forwarded-For (behind a
	// load balancer); off by default so a client cannot forge its address
	// to dodge login throttling.
	TrustProxy bool
	// Mailer sends reminder e-mail; nil: in-app notifications only.
	Mailer notify.Mailer
	// DemoAccounts lists the demo logins shown on the login page.
	DemoAccounts []DemoAccount
}

// DemoAccount is a demo login shown on the login page in demo mode.
type DemoAccount struct {
	Username, Role, Unit string
}

// Server serves every route.
type Server struct {
	cfg         Config
	db          *sqlstore.DB
	log         *slog.Logger
	now         func() time.Time
	auth        *auth.Service
	authz       *auth.Authorizer
	org         *org.Service
	reports     *report.Service
	rollup      *rollup.Service
	conferences *conference.Service
	search      searchCache // scope units of the search, index catch-up
	tasks       *task.Service
	exemplars   *exemplar.Service
	news        *news.Service
	bodies      consBodies
	pages       map[string]*template.Template
	static      *staticFiles
	metrics     *metrics
	mux         *http.ServeMux
	routes      []Route
	handler     http.Handler
}

// New builds the server; it fails if a template does not parse.
func New(cfg Config) (*Server, error) {
	if cfg.Now == nil {
		cfg.Now = time.Now
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	s := &Server{cfg: cfg, db: cfg.DB, log: cfg.Logger, now: cfg.Now, metrics: newMetrics()}
	s.org = &org.Service{Store: cfg.DB}
	s.auth = auth.NewService(cfg.DB, cfg.Now)
	s.authz = &auth.Authorizer{Units: s.org}
	s.reports = &report.Service{Store: cfg.DB, Units: cfg.DB, Authz: s.authz, Now: cfg.Now}
	s.rollup = &rollup.Service{Store: cfg.DB, Reports: s.reports, Units: rollupUnits{db: cfg.DB, org: s.org}, Authz: s.authz, Now: cfg.Now}
	s.conferences = &conference.Service{Store: cfg.DB, Units: cfg.DB, Authz: s.authz, Now: cfg.Now}
	s.tasks = s.newTaskService()
	s.exemplars = &exemplar.Service{Store: cfg.DB, Units: cfg.DB, Authz: s.authz, Now: cfg.Now}
	s.news = &news.Service{Store: cfg.DB, Index: cfg.DB, Authz: s.authz, Now: cfg.Now}
	s.reports.Derived = &exemplar.Derived{Store: cfg.DB, Units: cfg.DB}
	var err error
	if s.static, err = loadStatic(); err != nil {
		return nil, err
	}
	if s.pages, err = parseTemplates(s.static); err != nil {
		return nil, err
	}
	s.mux = http.NewServeMux()
	s.registerRoutes()
	s.handler = s.withMiddleware(s.mux)
	return s, nil
}

// ServeHTTP makes the Server an http.Handler.
func (s *Server) ServeHTTP(w http.ResponseWriter, r *http.Request) { s.handler.ServeHTTP(w, r) }

// Routes lists every registered route, for the authorisation table test.
func (s *Server) Routes() []Route { return s.routes }

// Sweep deletes expired sessions and old login failures; call it periodically.
func (s *Server) Sweep(ctx context.Context) {
	s.runTaskReminders(ctx)
	if n, err := s.db.DeleteExpiredSessions(ctx, s.now()); err != nil {
		s.log.Error("sweep sessions", "err", err)
	} else if n > 0 {
		s.log.Info("expired sessions deleted", "count", n)
	}
}

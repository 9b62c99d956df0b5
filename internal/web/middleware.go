package web

import (
	"context"
	"crypto/rand"
	"crypto/subtle"
	"encoding/hex"
	"fmt"
	"net"
	"net/http"
	"net/url"
	"runtime/debug"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/audit"
	"giaoban/internal/auth"
	"giaoban/internal/sqlstore"
)

// requestContext is what the middleware learns about a request.
type requestContext struct {
	requestID string
	ip        string
	actor     *auth.Actor
	user      *auth.User
	session   *auth.Session
	token     string
	bearer    bool // authenticated by Authorization header, not cookie
	flash     string
	route     string
}

type ctxKey struct{}

func reqCtx(r *http.Request) *requestContext {
	if rc, ok := r.Context().Value(ctxKey{}).(*requestContext); ok {
		return rc
	}
	return &requestContext{}
}

const sessionCookie = "giaoban_session"

func newRequestID() string {
	b := make([]byte, 8)
	rand.Read(b)
	return hex.EncodeToString(b)
}

// statusRecorder remembers the status for logs and metrics.
type statusRecorder struct {
	http.ResponseWriter
	status int
	bytes  int
}

func (s *statusRecorder) WriteHeader(code int) {
	if s.status == 0 {
		s.status = code
	}
	s.ResponseWriter.WriteHeader(code)
}

func (s *statusRecorder) Write(b []byte) (int, error) {
	if s.status == 0 {
		s.status = http.StatusOK
	}
	n, err := s.ResponseWriter.Write(b)
	s.bytes += n
	return n, err
}

// withMiddleware wraps the mux: request id, recovery, logging and metrics,
// security headers, cross-origin protection, then session loading.
func (s *Server) withMiddleware(next http.Handler) http.Handler {
	cop := http.NewCrossOriginProtection()
	cop.SetDenyHandler(http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		s.fail(w, r, apperr.Errorf(apperr.EFORBIDDEN, "Yêu cầu từ trang web khác bị từ chối (CSRF)."))
	}))
	inner := cop.Handler(s.loadSession(next))
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		start := time.Now()
		rc := &requestContext{requestID: newRequestID(), ip: s.clientIP(r)}
		ctx := context.WithValue(sqlstore.WithRequestCache(r.Context()), ctxKey{}, rc)
		r = r.WithContext(ctx)
		rec := &statusRecorder{ResponseWriter: w}
		// No request body beyond 32 MiB: uploads are checked against
		// smaller limits later, but nothing may exhaust memory first.
		if r.Body != nil {
			r.Body = http.MaxBytesReader(rec, r.Body, 32<<20)
		}
		h := rec.Header()
		h.Set("X-Request-Id", rc.requestID)
		h.Set("X-Content-Type-Options", "nosniff")
		h.Set("Referrer-Policy", "same-origin")
		h.Set("X-Frame-Options", "DENY")
		h.Set("Content-Security-Policy", "default-src 'self'; img-src 'self' data:; style-src 'self'; script-src 'self'; form-action 'self'; frame-ancestors 'none'; base-uri 'none'")
		defer func() {
			if p := recover(); p != nil {
				s.log.Error("panic", "path", r.URL.Path, "request_id", rc.requestID, "panic", p, "stack", string(debug.Stack()))
				if rec.status == 0 {
					s.fail(rec, r, fmt.Errorf("panic: %v", p))
				}
			}
			d := time.Since(start)
			route := rc.route
			if route == "" {
				route = "unmatched"
			}
			s.metrics.observe(route, rec.status, d)
			s.log.Info("request", "method", r.Method, "path", r.URL.Path, "route", route, "status", rec.status,
				"duration_ms", float64(d.Microseconds())/1000, "bytes", rec.bytes, "ip", rc.ip, "request_id", rc.requestID,
				"user", actorName(rc.actor))
		}()
		inner.ServeHTTP(rec, r)
	})
}

func actorName(a *auth.Actor) string {
	if a == nil {
		return ""
	}
	return a.Username
}

// clientIP is the peer address, or the first X-Forwarded-For hop when the
// server is configured to sit behind a trusted proxy.
func (s *Server) clientIP(r *http.Request) string {
	if s.cfg.TrustProxy {
		if xff := r.Header.Get("X-Forwarded-For"); xff != "" {
			return strings.TrimSpace(strings.Split(xff, ",")[0])
		}
	}
	host, _, err := net.SplitHostPort(r.RemoteAddr)
	if err != nil {
		return r.RemoteAddr
	}
	return host
}

// loadSession authenticates the request from the bearer token or the
// session cookie, and checks the CSRF token of cookie-authenticated
// state-changing requests. A missing or bad credential leaves the request
// anonymous; the handler's authorisation then decides.
func (s *Server) loadSession(next http.Handler) http.Handler {
	return http.HandlerFunc(func(w http.ResponseWriter, r *http.Request) {
		rc := reqCtx(r)
		if strings.HasPrefix(r.URL.Path, "/static/") || r.URL.Path == "/healthz" || r.URL.Path == "/metrics" {
			next.ServeHTTP(w, r)
			return
		}
		if !isAPI(r) {
			rc.flash = readFlash(w, r)
		}
		token := ""
		if h := r.Header.Get("Authorization"); strings.HasPrefix(h, "Bearer ") {
			token, rc.bearer = strings.TrimSpace(strings.TrimPrefix(h, "Bearer ")), true
		} else if c, err := r.Cookie(sessionCookie); err == nil {
			token = c.Value
		}
		if token != "" {
			sess, u, err := s.auth.Authenticate(r.Context(), token)
			switch {
			case err == nil:
				rc.session, rc.user, rc.actor, rc.token = sess, u, auth.ActorOf(u), token
			case apperr.Is(err, apperr.EUNAUTHORIZED):
				if rc.bearer {
					s.fail(w, r, err)
					return
				}
				http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1})
			default:
				s.fail(w, r, err)
				return
			}
		}
		if rc.actor != nil {
			ctx := audit.WithWho(r.Context(), audit.Who{Actor: rc.actor.Username, IP: rc.ip, RequestID: rc.requestID})
			r = r.WithContext(ctx)
		} else {
			ctx := audit.WithWho(r.Context(), audit.Who{Actor: "anonymous", IP: rc.ip, RequestID: rc.requestID})
			r = r.WithContext(ctx)
		}
		if unsafeMethod(r.Method) && rc.session != nil && !rc.bearer {
			// Defence in depth beside CrossOriginProtection: cookie-borne
			// sessions must also echo the session's CSRF token.
			got := r.Header.Get("X-CSRF-Token")
			if got == "" {
				got = r.FormValue("csrf")
			}
			if subtle.ConstantTimeCompare([]byte(got), []byte(rc.session.CSRFToken)) != 1 {
				s.fail(w, r, apperr.Errorf(apperr.EFORBIDDEN, "Phiên làm việc của biểu mẫu đã hết hạn. Vui lòng tải lại trang và thử lại."))
				return
			}
		}
		next.ServeHTTP(w, r)
	})
}

func unsafeMethod(m string) bool {
	return m != http.MethodGet && m != http.MethodHead && m != http.MethodOptions
}

func urlQueryEscape(s string) string { return url.QueryEscape(s) }

// safeNext returns a local redirect target, or the workspace.
func safeNext(next string) string {
	if next == "" || !strings.HasPrefix(next, "/") || strings.HasPrefix(next, "//") || strings.HasPrefix(next, "/\\") {
		return "/lam-viec"
	}
	return next
}

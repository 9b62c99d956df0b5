package apptest

import (
	"context"
	"encoding/json"
	"io"
	"log/slog"
	"net/http"
	"net/http/cookiejar"
	"net/http/httptest"
	"net/url"
	"regexp"
	"strings"
	"testing"
	"time"

	"giaoban/internal/demo"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
	"giaoban/internal/web"
)

// Server is a running web.Server over a real database with the demo loaded.
type Server struct {
	*httptest.Server
	DB  *sqlstore.DB
	Web *web.Server
}

// Clock is the fixed "now" of test servers: a weekday in the 2025–2026
// reporting year, after the restructuring.
var Clock = time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC)

// NewServer starts a test server on db with the demo loaded.
func NewServer(t testing.TB, db *sqlstore.DB) *Server {
	t.Helper()
	now := func() time.Time { return Clock }
	db.Now = now
	if _, err := demo.Load(context.Background(), db, period.Today(Clock)); err != nil {
		t.Fatalf("load demo: %v", err)
	}
	ws, err := web.New(web.Config{DB: db, Now: now, Demo: true, Logger: slog.New(slog.NewTextHandler(io.Discard, nil))})
	if err != nil {
		t.Fatal(err)
	}
	ts := httptest.NewServer(ws)
	t.Cleanup(ts.Close)
	return &Server{Server: ts, DB: db, Web: ws}
}

// Client is a browser-like client: it keeps cookies and sends the CSRF
// token (read from the last page) with every form.
type Client struct {
	*http.Client
	Base string
	CSRF string
	t    testing.TB
}

// NewClient returns an anonymous client of s.
func (s *Server) NewClient(t testing.TB) *Client {
	jar, _ := cookiejar.New(nil)
	return &Client{Client: &http.Client{Jar: jar, CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }},
		Base: s.URL, t: t}
}

var csrfRe = regexp.MustCompile(`name="csrf" value="([^"]+)"`)

// Login logs in through the form; it fails the test on error.
func (c *Client) Login(username, password string) {
	c.t.Helper()
	res := c.PostForm("/dang-nhap", url.Values{"username": {username}, "password": {password}})
	if res.StatusCode != http.StatusSeeOther {
		c.t.Fatalf("login %s: status %d", username, res.StatusCode)
	}
	c.Get("/lam-viec")
}

// Get fetches path and remembers the page's CSRF token.
func (c *Client) Get(path string) (*http.Response, string) {
	c.t.Helper()
	req, _ := http.NewRequest("GET", c.Base+path, nil)
	return c.Do(req)
}

// Do sends req and returns the response with its body read.
func (c *Client) Do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	res, err := c.Client.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	if m := csrfRe.FindSubmatch(b); m != nil {
		c.CSRF = string(m[1])
	}
	return res, string(b)
}

// PostForm posts a form with the CSRF token and the same-origin header a
// browser sends.
func (c *Client) PostForm(path string, form url.Values) *http.Response {
	c.t.Helper()
	res, _ := c.PostFormBody(path, form)
	return res
}

// PostFormBody is PostForm returning the body too.
func (c *Client) PostFormBody(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	if form == nil {
		form = url.Values{}
	}
	if c.CSRF != "" && form.Get("csrf") == "" {
		form.Set("csrf", c.CSRF)
	}
	req, _ := http.NewRequest("POST", c.Base+path, strings.NewReader(form.Encode()))
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.Do(req)
}

// APIToken logs in through the API and returns the bearer token.
func (s *Server) APIToken(t testing.TB, username, password string) string {
	t.Helper()
	res, err := http.Post(s.URL+"/api/v1/login", "application/json",
		strings.NewReader(`{"username":"`+username+`","password":"`+password+`"}`))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || out.Token == "" {
		t.Fatalf("api login %s: status %d, %v", username, res.StatusCode, err)
	}
	return out.Token
}

// API sends an API request with a bearer token and returns status and body.
func (s *Server) API(t testing.TB, token, method, path string, body string) (int, string) {
	t.Helper()
	var r io.Reader
	if body != "" {
		r = strings.NewReader(body)
	}
	req, _ := http.NewRequest(method, s.URL+path, r)
	if token != "" {
		req.Header.Set("Authorization", "Bearer "+token)
	}
	if body != "" {
		req.Header.Set("Content-Type", "application/json")
	}
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, _ := io.ReadAll(res.Body)
	return res.StatusCode, string(b)
}

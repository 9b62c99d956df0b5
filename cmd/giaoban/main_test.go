package main

import (
	"bytes"
	"context"
	"encoding/json"
	"errors"
	"io"
	"log/slog"
	"net"
	"net/http"
	"net/http/cookiejar"
	"net/url"
	"path/filepath"
	"regexp"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"giaoban/internal/apptest"
)

// syncBuffer is a log sink that tests read after the server has stopped.
type syncBuffer struct {
	mu  sync.Mutex
	buf bytes.Buffer
}

func (b *syncBuffer) Write(p []byte) (int, error) {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.Write(p)
}

func (b *syncBuffer) String() string {
	b.mu.Lock()
	defer b.mu.Unlock()
	return b.buf.String()
}

// startMain runs a Main on 127.0.0.1:0 over dsn (a SQLite path or a
// postgres:// URL) with the test clock, and closes it at cleanup. Its log
// and banner are printed only when the test fails.
func startMain(t *testing.T, dsn string, demoMode bool) *Main {
	t.Helper()
	logs := &syncBuffer{}
	m := NewMain(logs)
	m.Config.Addr = "127.0.0.1:0"
	m.Config.DB = dsn
	m.Config.Demo = demoMode
	m.Config.SecureCookies = false
	m.Config.TrustProxy = false
	m.Logger = slog.New(slog.NewTextHandler(logs, &slog.HandlerOptions{Level: slog.LevelDebug}))
	m.Now = func() time.Time { return apptest.Clock }
	ctx, cancel := context.WithCancel(context.Background())
	t.Cleanup(func() {
		cancel()
		if err := m.Close(); err != nil {
			t.Errorf("close: %v", err)
		}
		if t.Failed() {
			t.Logf("server %s log:\n%s", dsn, logs.String())
		}
	})
	if err := m.Run(ctx); err != nil {
		t.Fatalf("run: %v", err)
	}
	return m
}

// sqlitePath is a fresh SQLite file name in t.TempDir().
func sqlitePath(t *testing.T) string {
	t.Helper()
	return filepath.Join(t.TempDir(), "giaoban.db")
}

// webClient is a browser-like HTTP client of one server: it keeps cookies,
// does not follow redirects, and remembers the last page's CSRF token.
type webClient struct {
	t    *testing.T
	base string
	hc   *http.Client
	csrf string
}

func newWebClient(t *testing.T, base string) *webClient {
	jar, err := cookiejar.New(nil)
	if err != nil {
		t.Fatal(err)
	}
	return &webClient{t: t, base: base, hc: &http.Client{
		Jar:           jar,
		Timeout:       30 * time.Second,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse },
	}}
}

var csrfInput = regexp.MustCompile(`<input[^>]*name="csrf"[^>]*value="([^"]+)"`)

func (c *webClient) do(req *http.Request) (*http.Response, string) {
	c.t.Helper()
	res, err := c.hc.Do(req)
	if err != nil {
		c.t.Fatalf("%s %s: %v", req.Method, req.URL, err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		c.t.Fatalf("%s %s: read body: %v", req.Method, req.URL, err)
	}
	if m := csrfInput.FindSubmatch(b); m != nil {
		c.csrf = string(m[1])
	}
	return res, string(b)
}

func (c *webClient) get(path string) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodGet, c.base+path, nil)
	if err != nil {
		c.t.Fatal(err)
	}
	return c.do(req)
}

// post sends a form the way a browser on the same site does.
func (c *webClient) post(path string, form url.Values) (*http.Response, string) {
	c.t.Helper()
	req, err := http.NewRequest(http.MethodPost, c.base+path, strings.NewReader(form.Encode()))
	if err != nil {
		c.t.Fatal(err)
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin")
	return c.do(req)
}

// login logs in through the form and checks the redirect to the workspace.
func (c *webClient) login(username, password string) {
	c.t.Helper()
	res, body := c.post("/dang-nhap", url.Values{"username": {username}, "password": {password}, "next": {""}})
	if res.StatusCode != http.StatusSeeOther || res.Header.Get("Location") != "/lam-viec" {
		c.t.Fatalf("login %s: got %d %q, want 303 to /lam-viec\n%s", username, res.StatusCode, res.Header.Get("Location"), body)
	}
}

// sessionCookie returns the session cookie the jar holds for the server.
func (c *webClient) sessionCookie() *http.Cookie {
	c.t.Helper()
	u, _ := url.Parse(c.base)
	for _, k := range c.hc.Jar.Cookies(u) {
		if k.Name == "giaoban_session" {
			return k
		}
	}
	c.t.Fatalf("no session cookie for %s", c.base)
	return nil
}

// apiLogin returns a bearer token from POST /api/v1/login.
func apiLogin(t *testing.T, base, username, password string) string {
	t.Helper()
	body, _ := json.Marshal(map[string]string{"username": username, "password": password})
	res, err := http.Post(base+"/api/v1/login", "application/json", bytes.NewReader(body))
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	var out struct {
		Token string `json:"token"`
	}
	if err := json.NewDecoder(res.Body).Decode(&out); err != nil || res.StatusCode != http.StatusOK || out.Token == "" {
		t.Fatalf("api login %s: got status %d, err %v, token %q; want 200 with a token", username, res.StatusCode, err, out.Token)
	}
	return out.Token
}

// apiGet sends GET path with a bearer token and decodes a JSON body into out
// (when out is not nil); it returns the status.
func apiGet(t *testing.T, base, token, path string, out any) int {
	t.Helper()
	req, err := http.NewRequest(http.MethodGet, base+path, nil)
	if err != nil {
		t.Fatal(err)
	}
	req.Header.Set("Authorization", "Bearer "+token)
	res, err := http.DefaultClient.Do(req)
	if err != nil {
		t.Fatal(err)
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	if err != nil {
		t.Fatal(err)
	}
	if out != nil && res.StatusCode == http.StatusOK {
		if err := json.Unmarshal(b, out); err != nil {
			t.Fatalf("GET %s: decode %s: %v", path, b, err)
		}
	}
	return res.StatusCode
}

func TestServeGracefulShutdown(t *testing.T) {
	m := startMain(t, sqlitePath(t), false)
	addr := m.Listener.Addr().String()

	res, err := http.Get(m.URL() + "/healthz")
	if err != nil {
		t.Fatal(err)
	}
	res.Body.Close()
	if res.StatusCode != http.StatusOK {
		t.Fatalf("healthz: got %d, want %d", res.StatusCode, http.StatusOK)
	}

	// A request in flight when the shutdown begins: an API login whose
	// body arrives slowly, so that its handler is running (blocked reading
	// the body) when the context is cancelled. It must still get its answer.
	body := `{"username":"nobody","password":"not-a-password"}`
	conn, err := net.Dial("tcp", addr)
	if err != nil {
		t.Fatal(err)
	}
	defer conn.Close()
	head := "POST /api/v1/login HTTP/1.1\r\nHost: " + addr + "\r\nContent-Type: application/json\r\n" +
		"Connection: close\r\nContent-Length: " + strconv.Itoa(len(body)) + "\r\n\r\n"
	if _, err := io.WriteString(conn, head+body[:10]); err != nil {
		t.Fatal(err)
	}
	// Let the server accept it and start the handler; nothing shows that
	// from outside.
	time.Sleep(200 * time.Millisecond)

	ctx, cancel := context.WithCancel(context.Background())
	waited := make(chan error, 1)
	start := time.Now()
	go func() { waited <- m.Wait(ctx) }()
	cancel()

	// Shutdown closes the listener first: new connections are refused
	// while the one in flight is still served.
	deadline := time.Now().Add(5 * time.Second)
	for {
		c, err := net.DialTimeout("tcp", addr, time.Second)
		if err != nil {
			break
		}
		c.Close()
		if time.Now().After(deadline) {
			t.Fatalf("dial %s after cancel: got a connection, want refused", addr)
		}
		time.Sleep(20 * time.Millisecond)
	}
	select {
	case err := <-waited:
		t.Fatalf("Wait returned %v while a request was in flight, want it to wait", err)
	default:
	}

	if _, err := io.WriteString(conn, body[10:]); err != nil {
		t.Fatal(err)
	}
	conn.SetReadDeadline(time.Now().Add(5 * time.Second))
	reply, err := io.ReadAll(conn)
	if err != nil && !errors.Is(err, net.ErrClosed) {
		t.Fatalf("read reply: %v", err)
	}
	// No such user: the complete answer is a 401 with a JSON error.
	if got := string(reply); !strings.HasPrefix(got, "HTTP/1.1 401") || !strings.Contains(got, `"code"`) {
		t.Errorf("request in flight: got %q, want a 401 reply with a JSON error", got)
	}

	select {
	case err := <-waited:
		if err != nil {
			t.Errorf("Wait: got %v, want nil", err)
		}
	case <-time.After(10 * time.Second):
		t.Fatal("Wait did not return within 10 s of the cancel")
	}
	if d := time.Since(start); d > 10*time.Second {
		t.Errorf("shutdown took %v, want under 10 s", d)
	}
	if c, err := net.DialTimeout("tcp", addr, time.Second); err == nil {
		c.Close()
		t.Errorf("dial %s after Wait: got a connection, want refused", addr)
	}
}

func firstLine(s string) string {
	if i := strings.IndexByte(s, '\n'); i >= 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

func TestMainDemoRestart(t *testing.T) {
	path := sqlitePath(t)
	first := startMain(t, path, true)
	if err := first.Close(); err != nil {
		t.Fatalf("close: %v", err)
	}

	// A second start on the same file keeps the demo (and loads nothing
	// twice); the banner lists the demo accounts.
	logs := &syncBuffer{}
	m := NewMain(logs)
	m.Config.Addr, m.Config.DB, m.Config.Demo = "127.0.0.1:0", path, true
	m.Logger = slog.New(slog.NewTextHandler(logs, nil))
	m.Now = func() time.Time { return apptest.Clock }
	t.Cleanup(func() { m.Close() })
	if err := m.Run(context.Background()); err != nil {
		t.Fatalf("second run on the demo database: got %v, want nil", err)
	}
	if out := logs.String(); strings.Contains(out, "demo loaded") || !strings.Contains(out, "chuyenvien") {
		t.Errorf("second start: got log %q, want no reload and the demo accounts listed", out)
	}
	c := newWebClient(t, m.URL())
	c.login("chuyenvien", "demo")
	if res, _ := c.get("/lam-viec"); res.StatusCode != http.StatusOK {
		t.Errorf("/lam-viec after restart: got %d, want %d", res.StatusCode, http.StatusOK)
	}
}

func TestMainDemoRefusesOtherData(t *testing.T) {
	path := sqlitePath(t)
	dir := unitsDir(t, goodPre, goodPost, goodMapping)
	if _, stderr, err := runCLI(t, "", "import", "units", "--db", path, dir); err != nil {
		t.Fatalf("import units: %v (%s)", err, stderr)
	}
	m := NewMain(io.Discard)
	m.Config.Addr, m.Config.DB, m.Config.Demo = "127.0.0.1:0", path, true
	m.Logger = slog.New(slog.NewTextHandler(io.Discard, nil))
	m.Now = func() time.Time { return apptest.Clock }
	t.Cleanup(func() { m.Close() })
	err := m.Run(context.Background())
	if err == nil {
		t.Fatal("demo on a database with other units: got nil error, want a refusal")
	}
	if m.Listener != nil {
		t.Errorf("listener after the refusal: got %s, want none opened", m.Listener.Addr())
	}
	if n := unitCounts(t, path); n != [2]int{4, 2} {
		t.Errorf("units after the refusal: got %v, want %v (unchanged)", n, [2]int{4, 2})
	}
}

// When the server stops by itself (here: its listener fails), Wait returns
// the error at once instead of serving on until a signal.
func TestWaitReportsServeError(t *testing.T) {
	m := startMain(t, sqlitePath(t), false)
	if err := m.Listener.Close(); err != nil {
		t.Fatal(err)
	}
	ctx, cancel := context.WithTimeout(context.Background(), 3*time.Second)
	defer cancel()
	start := time.Now()
	err := m.Wait(ctx)
	if err == nil {
		t.Errorf("Wait after the listener failed: got nil after %v, want the serve error", time.Since(start).Round(time.Millisecond))
	}
	if d := time.Since(start); d > 2*time.Second {
		t.Errorf("Wait after the listener failed: returned after %v, want at once", d.Round(time.Millisecond))
	}
}

package main

import (
	"bytes"
	"context"
	"encoding/json"
	"net/http"
	"net/http/httptest"
	"strings"
	"sync/atomic"
	"testing"
	"time"
)

const (
	testUser     = "admin"
	testPassword = "mat-khau-dai-du"
	testCookie   = "giaoban_session"
	testToken    = "tok-123"
)

// fakeServer is a loopback server with the two login endpoints of Giao
// Ban and pages that want the session cookie or the bearer token.
type fakeServer struct {
	*httptest.Server
	pages  atomic.Int64 // page requests served
	logins atomic.Int64
}

func newFakeServer(t *testing.T) *fakeServer {
	t.Helper()
	f := &fakeServer{}
	mux := http.NewServeMux()
	mux.HandleFunc("POST /dang-nhap", func(w http.ResponseWriter, r *http.Request) {
		f.logins.Add(1)
		if r.Header.Get("Sec-Fetch-Site") != "same-origin" {
			http.Error(w, "csrf", http.StatusForbidden)
			return
		}
		if r.PostFormValue("username") != testUser || r.PostFormValue("password") != testPassword {
			http.Error(w, "sai mật khẩu", http.StatusUnauthorized)
			return
		}
		http.SetCookie(w, &http.Cookie{Name: "giaoban_flash", Path: "/", MaxAge: -1})
		http.SetCookie(w, &http.Cookie{Name: testCookie, Value: "sess-1", Path: "/", HttpOnly: true})
		http.Redirect(w, r, "/lam-viec", http.StatusSeeOther)
	})
	mux.HandleFunc("POST /api/v1/login", func(w http.ResponseWriter, r *http.Request) {
		f.logins.Add(1)
		var in struct{ Username, Password string }
		if json.NewDecoder(r.Body).Decode(&in) != nil || in.Username != testUser || in.Password != testPassword {
			http.Error(w, `{"error":"unauthorized"}`, http.StatusUnauthorized)
			return
		}
		json.NewEncoder(w).Encode(map[string]string{"token": testToken})
	})
	mux.HandleFunc("GET /tong-hop/page", func(w http.ResponseWriter, r *http.Request) {
		f.pages.Add(1)
		if c, err := r.Cookie(testCookie); err != nil || c.Value != "sess-1" {
			http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
			return
		}
		w.Write(bytes.Repeat([]byte("x"), 1000))
	})
	mux.HandleFunc("GET /api/v1/thing", func(w http.ResponseWriter, r *http.Request) {
		f.pages.Add(1)
		if r.Header.Get("Authorization") != "Bearer "+testToken {
			http.Error(w, "unauthorized", http.StatusUnauthorized)
			return
		}
		w.Write([]byte(`{"ok":true}`))
	})
	mux.HandleFunc("GET /slow", func(w http.ResponseWriter, r *http.Request) {
		f.pages.Add(1)
		time.Sleep(2 * time.Millisecond)
	})
	// Every third request fails.
	mux.HandleFunc("GET /flaky", func(w http.ResponseWriter, r *http.Request) {
		if f.pages.Add(1)%3 == 0 {
			http.Error(w, "boom", http.StatusInternalServerError)
		}
	})
	f.Server = httptest.NewServer(mux)
	t.Cleanup(f.Close)
	return f
}

func env(m map[string]string) func(string) string { return func(k string) string { return m[k] } }

var password = env(map[string]string{"LOADGEN_PASSWORD": testPassword})

func runArgs(t *testing.T, getenv func(string) string, args ...string) (*Stats, string, error) {
	t.Helper()
	var out, errOut bytes.Buffer
	st, err := run(context.Background(), args, getenv, &out, &errOut)
	return st, out.String() + errOut.String(), err
}

// checkStats: the figures are consistent with each other.
func checkStats(t *testing.T, st *Stats) {
	t.Helper()
	if st.ReqPerSec <= 0 || st.Elapsed <= 0 {
		t.Errorf("rate %.1f over %s", st.ReqPerSec, st.Elapsed)
	}
	if !(0 < st.P50 && st.P50 <= st.P90 && st.P90 <= st.P99 && st.P99 <= st.Max) {
		t.Errorf("percentiles out of order: p50 %s p90 %s p99 %s max %s", st.P50, st.P90, st.P99, st.Max)
	}
	if st.Max > 10*time.Second {
		t.Errorf("max latency %s on a trivial handler", st.Max)
	}
}

func TestRunWithSessionCookie(t *testing.T) {
	srv := newFakeServer(t)
	st, out, err := runArgs(t, password, "-url", srv.URL+"/tong-hop/page", "-user", testUser, "-c", "4", "-n", "300", "-d", "30s")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if st.Requests != 300 || st.Errors != 0 || st.Status[200] != 300 || st.StoppedBy != "count" {
		t.Fatalf("requests %d, errors %d, statuses %v, stopped by %s\n%s", st.Requests, st.Errors, st.Status, st.StoppedBy, out)
	}
	if got := srv.pages.Load(); got != 301 { // 300 + 1 warm-up
		t.Errorf("server saw %d page requests, want 301", got)
	}
	if len(st.Warmup) != 1 {
		t.Errorf("warm-up: %v", st.Warmup)
	}
	if st.Bytes != 300*1000 {
		t.Errorf("bytes %d", st.Bytes)
	}
	checkStats(t, st)
	for _, want := range []string{"requests:   300", "errors:     0", "req/s:", "p50 ", "p90 ", "p99 ", "max ", "session cookie of admin"} {
		if !strings.Contains(out, want) {
			t.Errorf("output lacks %q:\n%s", want, out)
		}
	}
}

func TestRunWithBearerTokenForAPI(t *testing.T) {
	srv := newFakeServer(t)
	st, out, err := runArgs(t, password, "-url", srv.URL+"/api/v1/thing", "-user", testUser, "-n", "50", "-warmup", "0")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if st.Requests != 50 || st.Errors != 0 || !strings.Contains(out, "bearer token") {
		t.Fatalf("requests %d, errors %d\n%s", st.Requests, st.Errors, out)
	}
	checkStats(t, st)
}

func TestRunStopsAtDuration(t *testing.T) {
	srv := newFakeServer(t)
	start := time.Now()
	st, out, err := runArgs(t, password, "-url", srv.URL+"/slow", "-c", "2", "-n", "100000", "-d", "300ms")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if took := time.Since(start); took > 5*time.Second {
		t.Errorf("run took %s with -d 300ms", took)
	}
	if st.StoppedBy != "time" || st.Requests == 0 || st.Requests >= 100000 || st.Errors != 0 {
		t.Fatalf("requests %d, errors %d, stopped by %s", st.Requests, st.Errors, st.StoppedBy)
	}
	if st.P50 < 2*time.Millisecond {
		t.Errorf("p50 %s below the handler's 2 ms sleep", st.P50)
	}
	checkStats(t, st)
}

func TestRunCountsErrors(t *testing.T) {
	srv := newFakeServer(t)
	st, out, err := runArgs(t, nil, "-url", srv.URL+"/flaky", "-c", "3", "-n", "90", "-warmup", "0")
	if err != nil {
		t.Fatalf("run: %v\n%s", err, out)
	}
	if st.Requests != 90 || st.Errors != 30 || st.Status[500] != 30 || !strings.Contains(out, "status 500: 30") {
		t.Fatalf("requests %d, errors %d, statuses %v\n%s", st.Requests, st.Errors, st.Status, out)
	}
}

func TestRunInterrupted(t *testing.T) {
	srv := newFakeServer(t)
	ctx, cancel := context.WithTimeout(context.Background(), 200*time.Millisecond)
	defer cancel()
	var out bytes.Buffer
	st, err := run(ctx, []string{"-url", srv.URL + "/slow", "-n", "100000", "-d", "1m", "-warmup", "0"}, nil, &out, &out)
	if err != nil {
		t.Fatal(err)
	}
	if st.StoppedBy != "interrupt" || st.Errors != 0 {
		t.Errorf("stopped by %s, errors %d\n%s", st.StoppedBy, st.Errors, out.String())
	}
}

func TestLoginFailures(t *testing.T) {
	srv := newFakeServer(t)
	wrong := env(map[string]string{"LOADGEN_PASSWORD": "sai"})
	for _, path := range []string{"/tong-hop/page", "/api/v1/thing"} {
		if _, out, err := runArgs(t, wrong, "-url", srv.URL+path, "-user", testUser); err == nil || !strings.Contains(err.Error(), "login") {
			t.Errorf("%s with a wrong password: err %v\n%s", path, err, out)
		}
	}
	if _, _, err := runArgs(t, env(nil), "-url", srv.URL+"/tong-hop/page", "-user", testUser); err == nil || !strings.Contains(err.Error(), "LOADGEN_PASSWORD") {
		t.Errorf("no password in the environment: err %v", err)
	}
	if srv.pages.Load() != 0 {
		t.Errorf("pages requested after a failed login: %d", srv.pages.Load())
	}
}

func TestRefusesNonLoopback(t *testing.T) {
	for _, u := range []string{
		"http://example.com/tong-hop/SYN-Q/2025Q4/S01",
		"http://10.0.0.1:8080/",
		"http://192.168.1.1/",
		"http://0.0.0.0:8080/",
		"http://[2001:db8::1]:8080/",
		"http://localhost.example.com/",
		"http://127.0.0.1.nip.io/",
		"https://giaoban.gov.vn/",
	} {
		_, _, err := runArgs(t, password, "-url", u, "-user", testUser)
		if err == nil || !strings.Contains(err.Error(), "not loopback") {
			t.Errorf("%s: err %v, want a refusal", u, err)
		}
	}
	for _, u := range []string{"ftp://127.0.0.1/", "http://admin:x@127.0.0.1/", "127.0.0.1:8080/tong-hop"} {
		if _, _, err := runArgs(t, password, "-url", u); err == nil {
			t.Errorf("%s: accepted", u)
		}
	}
	for _, u := range []string{"http://127.0.0.1:8080/", "http://127.9.8.7/", "http://[::1]:8080/", "http://localhost:8091/x", "https://LOCALHOST/"} {
		if _, err := checkURL(u); err != nil {
			t.Errorf("%s: %v", u, err)
		}
	}
}

// The dialler itself refuses a non-loopback address, whatever the URL
// said (a name that resolves elsewhere).
func TestDialerRefusesNonLoopback(t *testing.T) {
	cfg := &config{Conns: 1, Timeout: 2 * time.Second}
	c := newClient(cfg)
	_, err := c.Get("http://192.0.2.1:9/")
	if err == nil || !strings.Contains(err.Error(), "not a loopback address") {
		t.Fatalf("err %v", err)
	}
}

func TestBounds(t *testing.T) {
	srv := newFakeServer(t)
	for _, args := range [][]string{
		{"-n", "100001"}, {"-n", "0"}, {"-d", "6m"}, {"-d", "0s"}, {"-c", "0"}, {"-c", "1000"},
		{"-timeout", "0s"}, {"-warmup", "-1"}, {"extra"},
	} {
		if _, _, err := runArgs(t, password, append([]string{"-url", srv.URL + "/tong-hop/page"}, args...)...); err == nil {
			t.Errorf("%v accepted", args)
		}
	}
	if _, _, err := runArgs(t, password); err == nil || !strings.Contains(err.Error(), "-url") {
		t.Errorf("no -url: %v", err)
	}
	if srv.pages.Load() != 0 || srv.logins.Load() != 0 {
		t.Errorf("requests sent for refused arguments: %d pages, %d logins", srv.pages.Load(), srv.logins.Load())
	}
}

func TestPercentile(t *testing.T) {
	var d []time.Duration
	for i := 1; i <= 100; i++ {
		d = append(d, time.Duration(i)*time.Millisecond)
	}
	for p, want := range map[float64]time.Duration{50: 50 * time.Millisecond, 90: 90 * time.Millisecond, 99: 99 * time.Millisecond, 100: 100 * time.Millisecond} {
		if got := percentile(d, p); got != want {
			t.Errorf("p%v = %s, want %s", p, got, want)
		}
	}
	if percentile(nil, 99) != 0 || percentile(d[:1], 99) != time.Millisecond {
		t.Error("edge cases")
	}
}

// Command loadgen measures one page of a Giao Ban server running on this
// machine under concurrent load: c connections send GET requests until n
// requests are done or d has passed, then it prints the request rate and
// the latency percentiles.
//
//	LOADGEN_PASSWORD=... go run ./cmd/loadgen \
//	    -url http://127.0.0.1:8080/tong-hop/SYN-Q/2025Q4/S01 -user admin -c 10 -n 2000 -d 30s
//
// It only ever talks to loopback (127.0.0.0/8, ::1, localhost): the URL is
// refused otherwise, and every connection's address is checked again when
// it is dialled. Both the count and the time are bounded (at most 100,000
// requests and 5 minutes).
//
// It logs in first: through the login form (POST /dang-nhap) for pages,
// keeping the session cookie, or through POST /api/v1/login for a bearer
// token (-token, the default for /api/ URLs). The password is read from
// the environment variable named by -password-env, never from the command
// line. Without -user it sends anonymous requests.
package main

import (
	"context"
	"encoding/json"
	"errors"
	"flag"
	"fmt"
	"io"
	"maps"
	"math"
	"net"
	"net/http"
	"net/url"
	"os"
	"os/signal"
	"slices"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"time"
)

// Bounds of a run.
const (
	defaultConns    = 10
	defaultRequests = 1000
	defaultDuration = 30 * time.Second
	maxConns        = 200
	maxRequests     = 100_000
	maxDuration     = 5 * time.Minute
	maxTimeout      = 5 * time.Minute
	maxWarmup       = 100
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if _, err := run(ctx, os.Args[1:], os.Getenv, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, flag.ErrHelp) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "loadgen:", err)
		os.Exit(1)
	}
}

// config is one run's parameters, from the command line.
type config struct {
	URL      *url.URL
	User     string
	Password string
	Token    bool // log in through the API and send a bearer token
	Conns    int
	Requests int
	Duration time.Duration
	Timeout  time.Duration // of one request
	Warmup   int           // sequential requests before measuring, not counted
}

// Stats is what a run measured.
type Stats struct {
	Requests  int            // completed: a response was read, or the request failed
	Errors    int            // non-200 responses and failed requests
	Status    map[int]int    // responses by status
	Failures  map[string]int // failed requests by error (no response)
	Bytes     int64          // response bytes read
	Elapsed   time.Duration  // from the first request to the last answer
	ReqPerSec float64
	P50, P90  time.Duration
	P99, Max  time.Duration
	Warmup    []time.Duration // latency of each warm-up request
	StoppedBy string          // "count", "time" or "interrupt"
}

// run parses args, checks the URL is loopback, logs in, warms up, runs
// the load and prints the figures to stdout.
func run(ctx context.Context, args []string, getenv func(string) string, stdout, stderr io.Writer) (*Stats, error) {
	cfg, err := parseFlags(args, getenv, stderr)
	if err != nil {
		return nil, err
	}
	client := newClient(cfg)
	defer client.CloseIdleConnections()
	auth, err := login(ctx, client, cfg)
	if err != nil {
		return nil, err
	}
	mode := "anonymous"
	switch {
	case cfg.User != "" && cfg.Token:
		mode = "bearer token of " + cfg.User
	case cfg.User != "":
		mode = "session cookie of " + cfg.User
	}
	fmt.Fprintf(stdout, "GET %s\n%d connections, at most %d requests or %s; %s\n", cfg.URL, cfg.Conns, cfg.Requests, cfg.Duration, mode)
	st, err := load(ctx, client, cfg, auth)
	if err != nil {
		return nil, err
	}
	st.print(stdout)
	return st, nil
}

func parseFlags(args []string, getenv func(string) string, stderr io.Writer) (*config, error) {
	fs := flag.NewFlagSet("loadgen", flag.ContinueOnError)
	fs.SetOutput(stderr)
	rawURL := fs.String("url", "", "page to load, on loopback only: http://127.0.0.1:8080/tong-hop/SYN-Q/2025Q4/S01")
	user := fs.String("user", "", "log in as this user first (empty: anonymous requests)")
	passEnv := fs.String("password-env", "LOADGEN_PASSWORD", "environment variable holding the password")
	token := fs.Bool("token", false, "log in through POST /api/v1/login and send a bearer token instead of the session cookie (default for /api/ URLs)")
	conns := fs.Int("c", defaultConns, fmt.Sprintf("concurrent connections (1–%d)", maxConns))
	n := fs.Int("n", defaultRequests, fmt.Sprintf("stop after this many requests (1–%d)", maxRequests))
	d := fs.Duration("d", defaultDuration, fmt.Sprintf("stop sending after this long (at most %s)", maxDuration))
	timeout := fs.Duration("timeout", 60*time.Second, "timeout of one request")
	warmup := fs.Int("warmup", 1, fmt.Sprintf("requests sent one by one before measuring, not counted (0–%d); the server's first consolidation loads its data", maxWarmup))
	if err := fs.Parse(args); err != nil {
		return nil, err
	}
	if fs.NArg() > 0 {
		return nil, fmt.Errorf("unexpected argument %q", fs.Arg(0))
	}
	if *rawURL == "" {
		return nil, errors.New("-url is required")
	}
	u, err := checkURL(*rawURL)
	if err != nil {
		return nil, err
	}
	cfg := &config{URL: u, User: *user, Conns: *conns, Requests: *n, Duration: *d, Timeout: *timeout, Warmup: *warmup,
		Token: strings.HasPrefix(u.Path, "/api/")}
	fs.Visit(func(f *flag.Flag) {
		if f.Name == "token" {
			cfg.Token = *token
		}
	})
	switch {
	case cfg.Conns < 1 || cfg.Conns > maxConns:
		return nil, fmt.Errorf("-c %d: must be between 1 and %d", cfg.Conns, maxConns)
	case cfg.Requests < 1 || cfg.Requests > maxRequests:
		return nil, fmt.Errorf("-n %d: must be between 1 and %d", cfg.Requests, maxRequests)
	case cfg.Duration <= 0 || cfg.Duration > maxDuration:
		return nil, fmt.Errorf("-d %s: must be positive and at most %s", cfg.Duration, maxDuration)
	case cfg.Timeout <= 0 || cfg.Timeout > maxTimeout:
		return nil, fmt.Errorf("-timeout %s: must be positive and at most %s", cfg.Timeout, maxTimeout)
	case cfg.Warmup < 0 || cfg.Warmup > maxWarmup:
		return nil, fmt.Errorf("-warmup %d: must be between 0 and %d", cfg.Warmup, maxWarmup)
	}
	if cfg.User != "" {
		if *passEnv == "" {
			return nil, errors.New("-password-env is empty: name the environment variable holding the password")
		}
		cfg.Password = getenv(*passEnv)
		if cfg.Password == "" {
			return nil, fmt.Errorf("environment variable %s is empty: it must hold the password of %s", *passEnv, cfg.User)
		}
	}
	return cfg, nil
}

// checkURL parses raw and refuses anything but http(s) to a loopback
// host: 127.0.0.0/8, ::1 or localhost.
func checkURL(raw string) (*url.URL, error) {
	u, err := url.Parse(raw)
	if err != nil {
		return nil, fmt.Errorf("-url %q: %v", raw, err)
	}
	if u.Scheme != "http" && u.Scheme != "https" {
		return nil, fmt.Errorf("-url %q: the scheme must be http or https", raw)
	}
	if u.User != nil {
		return nil, fmt.Errorf("-url %q: no credentials in the URL; use -user and -password-env", raw)
	}
	host := u.Hostname()
	if !loopbackHost(host) {
		return nil, fmt.Errorf("-url %q: host %q is not loopback; loadgen only loads a server on this machine (127.0.0.0/8, ::1, localhost)", raw, host)
	}
	return u, nil
}

func loopbackHost(host string) bool {
	if strings.EqualFold(host, "localhost") {
		return true
	}
	ip := net.ParseIP(host)
	return ip != nil && ip.IsLoopback()
}

// newClient returns a client with exactly cfg.Conns connections, which
// follows no redirects and dials loopback addresses only (whatever
// "localhost" resolves to).
func newClient(cfg *config) *http.Client {
	dialer := &net.Dialer{
		Timeout: 5 * time.Second,
		Control: func(network, address string, _ syscall.RawConn) error {
			host, _, err := net.SplitHostPort(address)
			if err != nil {
				return err
			}
			if ip := net.ParseIP(host); ip == nil || !ip.IsLoopback() {
				return fmt.Errorf("refusing to connect to %s: not a loopback address", address)
			}
			return nil
		},
	}
	tr := &http.Transport{
		Proxy:               nil, // never through a proxy
		DialContext:         dialer.DialContext,
		MaxConnsPerHost:     cfg.Conns,
		MaxIdleConns:        cfg.Conns,
		MaxIdleConnsPerHost: cfg.Conns,
		IdleConnTimeout:     90 * time.Second,
		ForceAttemptHTTP2:   false,
	}
	return &http.Client{Transport: tr, Timeout: cfg.Timeout,
		CheckRedirect: func(*http.Request, []*http.Request) error { return http.ErrUseLastResponse }}
}

// credentials are what each request carries after login.
type credentials struct {
	cookies []*http.Cookie
	bearer  string
}

func (c *credentials) apply(req *http.Request) {
	for _, k := range c.cookies {
		req.AddCookie(k)
	}
	if c.bearer != "" {
		req.Header.Set("Authorization", "Bearer "+c.bearer)
	}
}

// login gets a session cookie through the login form, or a bearer token
// through the API.
func login(ctx context.Context, client *http.Client, cfg *config) (*credentials, error) {
	cred := &credentials{}
	if cfg.User == "" {
		return cred, nil
	}
	base := &url.URL{Scheme: cfg.URL.Scheme, Host: cfg.URL.Host}
	if cfg.Token {
		body, _ := json.Marshal(map[string]string{"username": cfg.User, "password": cfg.Password})
		req, err := http.NewRequestWithContext(ctx, "POST", base.JoinPath("/api/v1/login").String(), strings.NewReader(string(body)))
		if err != nil {
			return nil, err
		}
		req.Header.Set("Content-Type", "application/json")
		res, err := client.Do(req)
		if err != nil {
			return nil, fmt.Errorf("login: %w", err)
		}
		defer res.Body.Close()
		var out struct {
			Token string `json:"token"`
		}
		b, _ := io.ReadAll(io.LimitReader(res.Body, 1<<20))
		if res.StatusCode != http.StatusOK {
			return nil, fmt.Errorf("login through POST /api/v1/login as %s: status %d: %.200s", cfg.User, res.StatusCode, strings.TrimSpace(string(b)))
		}
		if err := json.Unmarshal(b, &out); err != nil || out.Token == "" {
			return nil, fmt.Errorf("login through POST /api/v1/login as %s: no token in the answer", cfg.User)
		}
		cred.bearer = out.Token
		return cred, nil
	}
	form := url.Values{"username": {cfg.User}, "password": {cfg.Password}}
	req, err := http.NewRequestWithContext(ctx, "POST", base.JoinPath("/dang-nhap").String(), strings.NewReader(form.Encode()))
	if err != nil {
		return nil, err
	}
	req.Header.Set("Content-Type", "application/x-www-form-urlencoded")
	req.Header.Set("Sec-Fetch-Site", "same-origin") // what a browser sends; the server's CSRF check wants it
	res, err := client.Do(req)
	if err != nil {
		return nil, fmt.Errorf("login: %w", err)
	}
	io.Copy(io.Discard, io.LimitReader(res.Body, 1<<20))
	res.Body.Close()
	if res.StatusCode != http.StatusSeeOther {
		return nil, fmt.Errorf("login through POST /dang-nhap as %s: status %d (wrong user or password?)", cfg.User, res.StatusCode)
	}
	for _, c := range res.Cookies() {
		if c.Value != "" && c.MaxAge >= 0 {
			cred.cookies = append(cred.cookies, &http.Cookie{Name: c.Name, Value: c.Value})
		}
	}
	if len(cred.cookies) == 0 {
		return nil, fmt.Errorf("login through POST /dang-nhap as %s: no session cookie in the answer", cfg.User)
	}
	return cred, nil
}

// result is one request's outcome.
type result struct {
	latency time.Duration
	status  int   // 0: failed
	err     error // when failed
	bytes   int64
}

// do sends one GET and reads the whole answer.
func do(ctx context.Context, client *http.Client, cfg *config, cred *credentials) result {
	req, err := http.NewRequestWithContext(ctx, "GET", cfg.URL.String(), nil)
	if err != nil {
		return result{err: err}
	}
	cred.apply(req)
	start := time.Now()
	res, err := client.Do(req)
	if err != nil {
		return result{latency: time.Since(start), err: err}
	}
	n, err := io.Copy(io.Discard, res.Body)
	res.Body.Close()
	r := result{latency: time.Since(start), status: res.StatusCode, bytes: n}
	if err != nil {
		r.status, r.err = 0, err
	}
	return r
}

// load warms up, then runs cfg.Conns workers until cfg.Requests requests
// are done or cfg.Duration has passed; requests in flight at the deadline
// finish (each within cfg.Timeout) and are counted.
func load(ctx context.Context, client *http.Client, cfg *config, cred *credentials) (*Stats, error) {
	st := &Stats{Status: map[int]int{}, Failures: map[string]int{}}
	for i := 0; i < cfg.Warmup; i++ {
		r := do(ctx, client, cfg, cred)
		if r.err != nil {
			return nil, fmt.Errorf("warm-up request: %w", r.err)
		}
		if r.status != http.StatusOK {
			return nil, fmt.Errorf("warm-up request: status %d", r.status)
		}
		st.Warmup = append(st.Warmup, r.latency)
	}

	var (
		issued   atomic.Int64
		mu       sync.Mutex
		results  = make([]result, 0, cfg.Requests)
		wg       sync.WaitGroup
		start    = time.Now()
		deadline = start.Add(cfg.Duration)
	)
	for w := 0; w < min(cfg.Conns, cfg.Requests); w++ {
		wg.Go(func() {
			local := make([]result, 0, cfg.Requests/cfg.Conns+1)
			for ctx.Err() == nil && time.Now().Before(deadline) && issued.Add(1) <= int64(cfg.Requests) {
				r := do(ctx, client, cfg, cred)
				if r.err != nil && ctx.Err() != nil {
					break // interrupted: not the server's failure
				}
				local = append(local, r)
			}
			mu.Lock()
			results = append(results, local...)
			mu.Unlock()
		})
	}
	wg.Wait()
	st.Elapsed = time.Since(start)
	switch {
	case ctx.Err() != nil:
		st.StoppedBy = "interrupt"
	case len(results) >= cfg.Requests:
		st.StoppedBy = "count"
	default:
		st.StoppedBy = "time"
	}

	lat := make([]time.Duration, len(results))
	for i, r := range results {
		lat[i] = r.latency
		st.Bytes += r.bytes
		switch {
		case r.err != nil:
			st.Failures[r.err.Error()]++
		default:
			st.Status[r.status]++
		}
		if r.err != nil || r.status != http.StatusOK {
			st.Errors++
		}
	}
	st.Requests = len(results)
	slices.Sort(lat)
	st.P50, st.P90, st.P99 = percentile(lat, 50), percentile(lat, 90), percentile(lat, 99)
	if len(lat) > 0 {
		st.Max = lat[len(lat)-1]
	}
	if st.Elapsed > 0 {
		st.ReqPerSec = float64(st.Requests) / st.Elapsed.Seconds()
	}
	return st, nil
}

// percentile is the nearest-rank percentile of sorted latencies.
func percentile(sorted []time.Duration, p float64) time.Duration {
	if len(sorted) == 0 {
		return 0
	}
	i := int(math.Ceil(p/100*float64(len(sorted)))) - 1
	return sorted[max(0, min(i, len(sorted)-1))]
}

func ms(d time.Duration) string { return fmt.Sprintf("%.1f ms", float64(d.Microseconds())/1000) }

func (st *Stats) print(w io.Writer) {
	for i, d := range st.Warmup {
		fmt.Fprintf(w, "warm-up %d:  %s (not counted)\n", i+1, ms(d))
	}
	fmt.Fprintf(w, "requests:   %d in %.2f s (stopped by %s)\n", st.Requests, st.Elapsed.Seconds(), st.StoppedBy)
	fmt.Fprintf(w, "errors:     %d (non-200 or failed)\n", st.Errors)
	for _, code := range slices.Sorted(maps.Keys(st.Status)) {
		if code != http.StatusOK {
			fmt.Fprintf(w, "  status %d: %d\n", code, st.Status[code])
		}
	}
	for _, msg := range slices.Sorted(maps.Keys(st.Failures)) {
		fmt.Fprintf(w, "  failed: %d × %s\n", st.Failures[msg], msg)
	}
	fmt.Fprintf(w, "req/s:      %.1f\n", st.ReqPerSec)
	fmt.Fprintf(w, "latency:    p50 %s  p90 %s  p99 %s  max %s\n", ms(st.P50), ms(st.P90), ms(st.P99), ms(st.Max))
	if st.Requests > 0 {
		fmt.Fprintf(w, "response:   %.1f KB average\n", float64(st.Bytes)/float64(st.Requests)/1024)
	}
}

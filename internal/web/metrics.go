package web

import (
	"fmt"
	"io"
	"runtime"
	"sort"
	"strconv"
	"sync"
	"time"

	"giaoban/internal/sqlstore"
)

// metrics keeps request counts and latency histograms per route, written in
// the Prometheus text format by hand: the format is simple and a client
// library would be the biggest dependency in the binary.
type metrics struct {
	mu      sync.Mutex
	start   time.Time
	counts  map[routeStatus]uint64
	buckets map[string]*histogram
}

type routeStatus struct {
	route  string
	status int
}

var latencyBounds = []float64{0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5}

type histogram struct {
	counts []uint64 // per bound, non-cumulative; last is +Inf
	sum    float64
	n      uint64
}

func newMetrics() *metrics {
	return &metrics{start: time.Now(), counts: map[routeStatus]uint64{}, buckets: map[string]*histogram{}}
}

func (m *metrics) observe(route string, status int, d time.Duration) {
	m.mu.Lock()
	defer m.mu.Unlock()
	m.counts[routeStatus{route, status}]++
	h := m.buckets[route]
	if h == nil {
		h = &histogram{counts: make([]uint64, len(latencyBounds)+1)}
		m.buckets[route] = h
	}
	sec := d.Seconds()
	i := sort.SearchFloat64s(latencyBounds, sec)
	h.counts[i]++
	h.sum += sec
	h.n++
}

func (m *metrics) write(w io.Writer, db *sqlstore.DB) {
	m.mu.Lock()
	defer m.mu.Unlock()
	fmt.Fprintln(w, "# HELP giaoban_http_requests_total HTTP requests by route and status.")
	fmt.Fprintln(w, "# TYPE giaoban_http_requests_total counter")
	keys := make([]routeStatus, 0, len(m.counts))
	for k := range m.counts {
		keys = append(keys, k)
	}
	sort.Slice(keys, func(i, j int) bool {
		if keys[i].route != keys[j].route {
			return keys[i].route < keys[j].route
		}
		return keys[i].status < keys[j].status
	})
	for _, k := range keys {
		fmt.Fprintf(w, "giaoban_http_requests_total{route=%q,status=\"%d\"} %d\n", k.route, k.status, m.counts[k])
	}
	fmt.Fprintln(w, "# HELP giaoban_http_request_duration_seconds HTTP request latency by route.")
	fmt.Fprintln(w, "# TYPE giaoban_http_request_duration_seconds histogram")
	routes := make([]string, 0, len(m.buckets))
	for r := range m.buckets {
		routes = append(routes, r)
	}
	sort.Strings(routes)
	for _, r := range routes {
		h := m.buckets[r]
		var cum uint64
		for i, b := range latencyBounds {
			cum += h.counts[i]
			fmt.Fprintf(w, "giaoban_http_request_duration_seconds_bucket{route=%q,le=\"%s\"} %d\n", r, strconv.FormatFloat(b, 'g', -1, 64), cum)
		}
		cum += h.counts[len(latencyBounds)]
		fmt.Fprintf(w, "giaoban_http_request_duration_seconds_bucket{route=%q,le=\"+Inf\"} %d\n", r, cum)
		fmt.Fprintf(w, "giaoban_http_request_duration_seconds_sum{route=%q} %g\n", r, h.sum)
		fmt.Fprintf(w, "giaoban_http_request_duration_seconds_count{route=%q} %d\n", r, h.n)
	}
	var ms runtime.MemStats
	runtime.ReadMemStats(&ms)
	fmt.Fprintln(w, "# TYPE giaoban_uptime_seconds gauge")
	fmt.Fprintf(w, "giaoban_uptime_seconds %g\n", time.Since(m.start).Seconds())
	fmt.Fprintln(w, "# TYPE go_goroutines gauge")
	fmt.Fprintf(w, "go_goroutines %d\n", runtime.NumGoroutine())
	fmt.Fprintln(w, "# TYPE go_memstats_heap_alloc_bytes gauge")
	fmt.Fprintf(w, "go_memstats_heap_alloc_bytes %d\n", ms.HeapAlloc)
	st := db.Stats()
	fmt.Fprintln(w, "# TYPE giaoban_db_open_connections gauge")
	fmt.Fprintf(w, "giaoban_db_open_connections{dialect=%q} %d\n", db.Dialect(), st.OpenConnections)
	fmt.Fprintln(w, "# TYPE giaoban_db_wait_count_total counter")
	fmt.Fprintf(w, "giaoban_db_wait_count_total{dialect=%q} %d\n", db.Dialect(), st.WaitCount)
}

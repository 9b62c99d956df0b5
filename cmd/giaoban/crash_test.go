package main

import (
	"bytes"
	"context"
	"encoding/json"
	"fmt"
	"io"
	"net"
	"net/http"
	"os"
	"os/exec"
	"path/filepath"
	"reflect"
	"strings"
	"sync"
	"sync/atomic"
	"syscall"
	"testing"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/apptest"
	"giaoban/internal/audit"
	"giaoban/internal/demo"
	"giaoban/internal/report"
	"giaoban/internal/sqlstore"
)

// TestCrashDuringSaves kills the real server process with SIGKILL in the
// middle of a burst of concurrent report saves through the API, restarts
// it on the same database, and checks that every save that was answered
// 200 is there, that no report is half-written, and that the database is
// sound (PRAGMA integrity_check on SQLite). On PostgreSQL too when
// GIAOBAN_TEST_POSTGRES is set.
func TestCrashDuringSaves(t *testing.T) {
	if testing.Short() {
		t.Skip("builds and runs the server binary")
	}
	bin := crashBuild(t)
	t.Run("sqlite", func(t *testing.T) {
		crashRun(t, bin, filepath.Join(t.TempDir(), "crash.db"))
	})
	t.Run("postgres", func(t *testing.T) {
		crashRun(t, bin, apptest.PostgresDSN(t))
	})
}

// crashBuild builds the server binary once into a temporary directory.
func crashBuild(t *testing.T) string {
	t.Helper()
	bin := filepath.Join(t.TempDir(), "tmp", "giaoban")
	cmd := exec.Command("go", "build", "-o", bin, ".")
	if out, err := cmd.CombinedOutput(); err != nil {
		t.Fatalf("go build: %v\n%s", err, out)
	}
	return bin
}

// crashProc is one server process.
type crashProc struct {
	cmd    *exec.Cmd
	base   string
	log    *syncBuffer
	exited chan struct{} // closed when the process has exited
	err    error         // its exit status, once exited is closed
}

func crashFreeAddr(t *testing.T) string {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	addr := ln.Addr().String()
	ln.Close()
	return addr
}

// crashStart starts `giaoban serve` on dsn and waits for /healthz.
func crashStart(t *testing.T, bin, dsn string, withDemo bool) *crashProc {
	t.Helper()
	addr := crashFreeAddr(t)
	args := []string{"serve", "--db", dsn, "--addr", addr, "--log-level", "info"}
	if withDemo {
		args = append(args, "--demo")
	}
	cmd := exec.Command(bin, args...)
	// The server's own settings come from the flags only.
	for _, kv := range os.Environ() {
		if !strings.HasPrefix(kv, "GIAOBAN_") {
			cmd.Env = append(cmd.Env, kv)
		}
	}
	p := &crashProc{cmd: cmd, base: "http://" + addr, log: &syncBuffer{}, exited: make(chan struct{})}
	cmd.Stdout, cmd.Stderr = p.log, p.log
	if err := cmd.Start(); err != nil {
		t.Fatal(err)
	}
	go func() {
		p.err = cmd.Wait()
		close(p.exited)
	}()
	t.Cleanup(func() {
		select {
		case <-p.exited:
		default:
			cmd.Process.Kill()
			<-p.exited
		}
		if t.Failed() {
			t.Logf("server %s log:\n%s", addr, p.log.String())
		}
	})
	deadline := time.Now().Add(20 * time.Second)
	for {
		select {
		case <-p.exited:
			t.Fatalf("server exited before answering: %v\n%s", p.err, p.log.String())
		default:
		}
		res, err := http.Get(p.base + "/healthz")
		if err == nil {
			res.Body.Close()
			if res.StatusCode == http.StatusOK {
				return p
			}
		}
		if time.Now().After(deadline) {
			t.Fatalf("server not healthy after 20 s: %v\n%s", err, p.log.String())
		}
		time.Sleep(20 * time.Millisecond)
	}
}

// kill sends SIGKILL and waits for the process to be gone.
func (p *crashProc) kill(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGKILL); err != nil {
		t.Fatalf("kill: %v", err)
	}
	<-p.exited
	if ws, ok := p.cmd.ProcessState.Sys().(syscall.WaitStatus); !ok || !ws.Signaled() || ws.Signal() != syscall.SIGKILL {
		t.Fatalf("server did not die of SIGKILL: %v (%v)", p.err, p.cmd.ProcessState)
	}
}

// stop shuts the server down gracefully (SIGTERM).
func (p *crashProc) stop(t *testing.T) {
	t.Helper()
	if err := p.cmd.Process.Signal(syscall.SIGTERM); err != nil {
		t.Fatalf("terminate: %v", err)
	}
	select {
	case <-p.exited:
		if p.err != nil {
			t.Errorf("server exit after SIGTERM: %v", p.err)
		}
	case <-time.After(25 * time.Second):
		t.Fatal("server did not stop within 25 s of SIGTERM")
	}
}

// crashPeriods are the periods the burst writes: quarters the demo has no
// report for, 5 for each of 8 writers.
func crashPeriods() []string {
	var out []string
	for _, y := range []int{2010, 2011, 2012, 2013, 2014, 2020, 2021, 2022, 2023, 2024} {
		for q := 1; q <= 4; q++ {
			out = append(out, fmt.Sprintf("%dQ%d", y, q))
		}
	}
	return out
}

// crashValues are the recognisable values of version v of period number
// pi: every indicator says which save it came from, so a report mixing two
// saves, or missing an indicator, is caught. The money is above 2^53, so a
// value passing through float64 anywhere would be caught too.
func crashValues(pi, v int) map[string]any {
	return map[string]any{
		"DOAN_THAM_TET": int64(v),
		"QUA_TANG":      int64(pi*100_000 + v),
		"KINH_PHI":      int64(26_000_000_000_000_000 + pi*1_000_000 + v),
		"KH_QCDC":       v%2 == 1,
		"NOI_BAT":       fmt.Sprintf("Lưu lần %d kỳ số %d — “Dân vận khéo”", v, pi),
	}
}

// crashValuesOf turns decoded JSON values into the same Go types as
// crashValues.
func crashValuesOf(raw map[string]any) map[string]any {
	out := map[string]any{}
	for k, x := range raw {
		if strings.HasPrefix(k, "DVK_") {
			continue // filled from the Dân vận khéo register, not saved by the writer
		}
		if n, ok := x.(json.Number); ok {
			i, err := n.Int64()
			if err != nil {
				out[k] = n.String()
				continue
			}
			out[k] = i
			continue
		}
		out[k] = x
	}
	return out
}

// crashStoredValues is crashValuesOf for a stored report.
func crashStoredValues(r *report.Report) map[string]any {
	out := map[string]any{}
	for k, v := range r.Values {
		if strings.HasPrefix(k, "DVK_") {
			continue // filled from the Dân vận khéo register, not by the writer
		}
		switch k {
		case "KH_QCDC":
			out[k] = v.Int != 0
		case "NOI_BAT":
			out[k] = v.Text
		default:
			out[k] = v.Int
		}
	}
	return out
}

// crashPut saves a report of the MTTQ through the API.
func crashPut(client *http.Client, base, token, period string, body []byte) (int, []byte, error) {
	req, err := http.NewRequest(http.MethodPut, base+"/api/v1/reports/"+demo.Template+"/"+period+"/"+demo.Front, bytes.NewReader(body))
	if err != nil {
		return 0, nil, err
	}
	req.Header.Set("Authorization", "Bearer "+token)
	req.Header.Set("Content-Type", "application/json")
	res, err := client.Do(req)
	if err != nil {
		return 0, nil, err
	}
	defer res.Body.Close()
	b, err := io.ReadAll(res.Body)
	return res.StatusCode, b, err
}

type crashAck struct {
	version   int // last version answered 200 (0: none)
	attempted int // last version sent
}

func crashLogin(t *testing.T, base string) string {
	t.Helper()
	return apiLogin(t, base, "mttq", demo.Password)
}

func crashRun(t *testing.T, bin, dsn string) {
	ctx := context.Background()
	start := time.Now()
	srv := crashStart(t, bin, dsn, true)
	if !strings.Contains(srv.log.String(), "demo loaded") {
		t.Fatalf("first start: no \"demo loaded\" in the log:\n%s", srv.log.String())
	}
	token := crashLogin(t, srv.base)
	periods := crashPeriods()
	const writers = 8

	client := &http.Client{Timeout: 10 * time.Second, Transport: &http.Transport{MaxIdleConnsPerHost: writers * 2}}
	defer client.CloseIdleConnections()
	base, tok := srv.base, token
	put := func(period string, body []byte) (int, []byte, error) {
		return crashPut(client, base, tok, period, body)
	}

	acks := make([]crashAck, len(periods)) // each index written by one writer only
	var killed atomic.Bool
	var saves atomic.Int64
	var wg sync.WaitGroup
	errs := make(chan string, writers)
	started := make(chan struct{}, writers)
	for w := 0; w < writers; w++ {
		wg.Add(1)
		go func(w int) {
			defer wg.Done()
			first := true
			for v := 1; ; v++ {
				for pi := w; pi < len(periods); pi += writers {
					if killed.Load() {
						return
					}
					body, _ := json.Marshal(map[string]any{"version": v - 1, "values": crashValues(pi, v)})
					acks[pi].attempted = v
					status, b, err := put(periods[pi], body)
					if err != nil {
						if !killed.Load() {
							errs <- fmt.Sprintf("PUT %s v%d before the kill: %v", periods[pi], v, err)
						}
						return
					}
					if status != http.StatusOK {
						errs <- fmt.Sprintf("PUT %s v%d: status %d: %s", periods[pi], v, status, b)
						return
					}
					dec := json.NewDecoder(bytes.NewReader(b))
					dec.UseNumber()
					var got struct {
						Version int            `json:"version"`
						Values  map[string]any `json:"values"`
					}
					if err := dec.Decode(&got); err != nil || got.Version != v || !reflect.DeepEqual(crashValuesOf(got.Values), crashValues(pi, v)) {
						errs <- fmt.Sprintf("PUT %s v%d: answer %s (%v)", periods[pi], v, b, err)
						return
					}
					acks[pi].version = v
					saves.Add(1)
					if first {
						first = false
						started <- struct{}{}
					}
				}
			}
		}(w)
	}
	// Kill once every writer has had a save answered and ~300 ms of burst
	// have passed.
	for range writers {
		select {
		case <-started:
		case e := <-errs:
			killed.Store(true)
			t.Fatal(e)
		case <-time.After(15 * time.Second):
			killed.Store(true)
			t.Fatal("writers did not get a save answered within 15 s")
		}
	}
	time.Sleep(300 * time.Millisecond)
	killed.Store(true)
	srv.kill(t)
	wg.Wait()
	close(errs)
	for e := range errs {
		t.Error(e)
	}
	if t.Failed() {
		return
	}
	inFlight := 0
	for _, a := range acks {
		if a.attempted > a.version {
			inFlight++
		}
	}
	t.Logf("%d saves answered 200 before SIGKILL (%d periods, %d saves in flight at the kill)", saves.Load(), len(periods), inFlight)
	if saves.Load() < writers*2 {
		t.Fatalf("only %d saves before the kill: the burst did not run", saves.Load())
	}

	// The database opens after the crash and passes the integrity check
	// before the server touches it again.
	if db, err := sqlstore.Open(ctx, dsn); err != nil {
		t.Fatalf("open after SIGKILL: %v", err)
	} else {
		if err := db.CheckIntegrity(ctx); err != nil {
			t.Errorf("after SIGKILL: %v", err)
		}
		db.Close()
	}

	// Restart with --demo: the demo is there and is not loaded again.
	srv = crashStart(t, bin, dsn, true)
	if strings.Contains(srv.log.String(), "demo loaded") {
		t.Errorf("restart loaded the demo again:\n%s", srv.log.String())
	}
	token = crashLogin(t, srv.base)
	check := func(where string, pi, version int, values map[string]any) {
		t.Helper()
		a := acks[pi]
		switch {
		case version < a.version:
			t.Errorf("%s %s: stored version %d, but version %d was answered 200: an acknowledged save was lost", where, periods[pi], version, a.version)
		case version > a.attempted:
			t.Errorf("%s %s: stored version %d, but only %d were sent", where, periods[pi], version, a.attempted)
		case version == 0:
			if len(values) != 0 {
				t.Errorf("%s %s: version 0 with values %v", where, periods[pi], values)
			}
		default:
			// The stored version is the acknowledged one, or the one in
			// flight at the kill (committed, answer lost): either way its
			// values are exactly those sent with it, all of them.
			if want := crashValues(pi, version); !reflect.DeepEqual(values, want) {
				t.Errorf("%s %s: version %d holds %v, want %v (half-written or mixed)", where, periods[pi], version, values, want)
			}
		}
	}
	committedInFlight := 0
	for pi, p := range periods {
		var got struct {
			Version int            `json:"version"`
			Status  string         `json:"status"`
			Values  map[string]any `json:"values"`
		}
		req, _ := http.NewRequest(http.MethodGet, srv.base+"/api/v1/reports/"+demo.Template+"/"+p+"/"+demo.Front, nil)
		req.Header.Set("Authorization", "Bearer "+token)
		res, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		dec := json.NewDecoder(res.Body)
		dec.UseNumber()
		err = dec.Decode(&got)
		res.Body.Close()
		if res.StatusCode != http.StatusOK || err != nil {
			t.Fatalf("GET %s after restart: %d, %v", p, res.StatusCode, err)
		}
		if got.Status != string(report.StatusDraft) {
			t.Errorf("GET %s: status %s, want draft", p, got.Status)
		}
		check("API", pi, got.Version, crashValuesOf(got.Values))
		if got.Version > acks[pi].version {
			committedInFlight++
		}
	}
	t.Logf("after restart: %d saves in flight at the kill were committed, %d were not", committedInFlight, inFlight-committedInFlight)
	// The restarted server takes saves again where the data left off.
	var cur struct {
		Version int `json:"version"`
	}
	apiGet(t, srv.base, token, "/api/v1/reports/"+demo.Template+"/"+periods[0]+"/"+demo.Front, &cur)
	body, _ := json.Marshal(map[string]any{"version": cur.Version, "values": crashValues(0, cur.Version+1)})
	if status, b, err := crashPut(http.DefaultClient, srv.base, token, periods[0], body); err != nil || status != http.StatusOK {
		t.Errorf("save after restart: %d %s %v", status, b, err)
	}
	acks[0].version, acks[0].attempted = cur.Version+1, cur.Version+1
	srv.stop(t)

	// Read the database directly: every report decodes, matches what the
	// API said, and has exactly one audit entry per save (written in the
	// same transaction); the file passes the integrity check.
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.CheckIntegrity(ctx); err != nil {
		t.Errorf("after restart: %v", err)
	}
	for pi, p := range periods {
		k := report.Key{Template: demo.Template, Period: p, Unit: demo.Front}
		r, err := db.FindReport(ctx, k)
		version := 0
		values := map[string]any{}
		if err == nil {
			version, values = r.Version, crashStoredValues(r)
		} else if !apperr.Is(err, apperr.ENOTFOUND) {
			t.Fatalf("find %s: %v", k, err)
		}
		check("store", pi, version, values)
		es, n, err := db.ListAudit(ctx, audit.Filter{Entity: "report", EntityID: k.String(), Action: "report.save", Limit: 500})
		if err != nil {
			t.Fatal(err)
		}
		if n != version {
			t.Errorf("%s: %d audit entries for %d saves", k, n, version)
		}
		for _, e := range es {
			if e.Actor != "mttq" || e.After == "" {
				t.Errorf("%s: audit entry %+v", k, e)
			}
		}
	}
	t.Logf("crash test on %s took %v", map[bool]string{true: "PostgreSQL", false: "SQLite"}[sqlstore.IsPostgres(dsn)], time.Since(start).Round(time.Millisecond))
}

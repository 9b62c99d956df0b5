package sqlstore

import (
	"context"
	"fmt"
	"strings"
	"sync"

	"giaoban/internal/report"
	"giaoban/internal/rollup"
)

// Consolidation reads whole periods of reports: a country quarter is 20,000
// reports × 100 values, and SQL GROUP BY over that takes about a second on
// SQLite. So each server keeps, per template and period, a columnar
// rollup.Matrix of every report, built once from the database and then
// caught up incrementally: every report write stores the 'reports'
// generation it took as its seq, and a read that sees the generation moved
// loads only the rows with a larger seq. A report accepted a moment ago —
// on this server or another — is in the next answer.
//
// Matrices are immutable once handed out: a catch-up clones, applies the
// changed rows and swaps the pointer, so a consolidation in progress keeps
// one consistent state.

type matrixKey struct{ template, period string }

type matrixEntry struct {
	m   *rollup.Matrix
	seq int64 // highest seq applied
	gen int64 // generation last checked
}

type matrixCache struct {
	mu      sync.Mutex
	entries map[matrixKey]*matrixEntry
	loading map[matrixKey]*sync.Mutex
}

// maxMatrices bounds memory: a country quarter is ~40 MB.
const maxMatrices = 48

// Matrix returns the reports of a template and period as a columnar matrix,
// current as of this call.
func (db *DB) Matrix(ctx context.Context, t *report.Template, cat map[string]report.Indicator, periodID string) (*rollup.Matrix, error) {
	gen, err := db.generation(ctx, "reports")
	if err != nil {
		return nil, err
	}
	key := matrixKey{t.Code, periodID}
	c := &db.matrices
	c.mu.Lock()
	if c.entries == nil {
		c.entries, c.loading = map[matrixKey]*matrixEntry{}, map[matrixKey]*sync.Mutex{}
	}
	e := c.entries[key]
	if e != nil && e.gen == gen {
		m := e.m
		c.mu.Unlock()
		return m, nil
	}
	// One loader per key: concurrent readers wait for it instead of each
	// reading the whole period.
	lk := c.loading[key]
	if lk == nil {
		lk = &sync.Mutex{}
		c.loading[key] = lk
	}
	c.mu.Unlock()
	lk.Lock()
	defer lk.Unlock()

	c.mu.Lock()
	e = c.entries[key]
	c.mu.Unlock()
	if e != nil && e.gen == gen {
		return e.m, nil
	}
	var base *rollup.Matrix
	var since int64 = -1
	if e != nil && sameColumns(e.m, t) {
		base, since = e.m, e.seq
	}
	q := strings.Replace(reportSelect, " FROM report", ", seq FROM report", 1) + ` WHERE template_code = ? AND period_id = ? AND seq > ? ORDER BY seq`
	rows, err := db.read.QueryContext(ctx, db.rebind(q), t.Code, periodID, since)
	if err != nil {
		return nil, fmt.Errorf("load matrix %s/%s: %w", t.Code, periodID, err)
	}
	defer rows.Close()
	var changed []*report.Report
	seq := since
	for rows.Next() {
		// The seq of the rows actually read, not MAX(seq) afterwards: a
		// write committed in between would otherwise be skipped for good.
		var rowSeq int64
		r, err := scanReport(withExtra{rows, &rowSeq})
		if err != nil {
			return nil, err
		}
		changed = append(changed, r)
		seq = max(seq, rowSeq)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	var m *rollup.Matrix
	switch {
	case base == nil:
		m = rollup.NewMatrix(t, cat, periodID)
	case len(changed) == 0:
		m = base
	default:
		m = base.Clone()
	}
	for _, r := range changed {
		m.Put(r)
	}
	c.mu.Lock()
	if len(c.entries) >= maxMatrices && c.entries[key] == nil {
		for k := range c.entries { // evict one; the cache is small
			delete(c.entries, k)
			break
		}
	}
	c.entries[key] = &matrixEntry{m: m, seq: seq, gen: gen}
	c.mu.Unlock()
	return m, nil
}

// sameColumns reports whether a cached matrix still has the template's
// indicators; a template edit rebuilds it.
func sameColumns(m *rollup.Matrix, t *report.Template) bool {
	if len(m.Codes) != len(t.Indicators) {
		return false
	}
	for i, c := range t.Indicators {
		if m.Codes[i] != c {
			return false
		}
	}
	return true
}

// withExtra scans one more trailing column into extra.
type withExtra struct {
	s     scanner
	extra any
}

func (w withExtra) Scan(dest ...any) error { return w.s.Scan(append(dest, w.extra)...) }

package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"sort"
	"strconv"
	"strings"
	"sync"
	"time"

	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/search"
)

// The index mirrors records that other parts of the store own — report
// narratives, conferences, conclusions, tasks and Dân vận khéo models —
// without hooks in their code: CatchUp reads what changed since its last
// run and re-indexes it.
//
//   - Reports carry the 'reports' generation of their last write as seq
//     (see matrices.go), so the index keeps the highest seq it has seen and
//     reads only rows above it. Submitted and accepted reports with a
//     narrative are indexed; a report returned or reopened is removed.
//   - The other tables have an updated_at and a version that every update
//     bumps. A signature (row count, sum of versions, latest updated_at)
//     tells cheaply whether anything changed; if so the rows updated since
//     the previous latest updated_at (less a margin for transactions that
//     committed late) are re-indexed and documents whose row is gone are
//     removed.

// catchUpLocks serialises catch-ups per database within this process;
// concurrent processes only repeat idempotent work.
var catchUpLocks sync.Map // *DB → *sync.Mutex

// lateCommit is how far before the last seen updated_at a catch-up looks
// again, for a transaction that stamped its rows earlier than it committed.
const lateCommit = 10 * time.Minute

// CatchUp brings the index up to date with reports, conferences,
// conclusions, tasks and models.
func (db *DB) CatchUp(ctx context.Context) error {
	mu, _ := catchUpLocks.LoadOrStore(db, &sync.Mutex{})
	mu.(*sync.Mutex).Lock()
	defer mu.(*sync.Mutex).Unlock()
	if _, err := db.ReindexReports(ctx); err != nil {
		return err
	}
	for _, src := range recordSources {
		if err := db.reindexRecords(ctx, src); err != nil {
			return fmt.Errorf("index %s: %w", src.table, err)
		}
	}
	return nil
}

func (db *DB) searchState(ctx context.Context, name string) (string, error) {
	var v string
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT value FROM search_state WHERE name = ?`), name).Scan(&v)
	if err == sql.ErrNoRows {
		return "", nil
	}
	return v, err
}

func (db *DB) setSearchState(ctx context.Context, tx *sql.Tx, name, value string) error {
	_, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO search_state (name, value) VALUES (?, ?)
		ON CONFLICT (name) DO UPDATE SET value = EXCLUDED.value`), name, value)
	return err
}

// reportBatch is how many reports one catch-up step reads.
const reportBatch = 500

// ReindexReports indexes the narratives of reports written since the last
// call (all of them the first time) and returns how many reports it read.
func (db *DB) ReindexReports(ctx context.Context) (int, error) {
	state, err := db.searchState(ctx, "reports_seq")
	if err != nil {
		return 0, err
	}
	since := int64(-1)
	if state != "" {
		since, _ = strconv.ParseInt(state, 10, 64)
	}
	gen, err := db.readGeneration(ctx, "reports")
	if err != nil {
		return 0, err
	}
	if gen <= since {
		return 0, nil
	}
	read := 0
	for {
		rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT template_code, period_id, unit_code, unit_name, status, narrative, seq
			FROM report WHERE seq > ? ORDER BY seq LIMIT ?`), since, reportBatch)
		if err != nil {
			return read, fmt.Errorf("index reports: %w", err)
		}
		var docs []search.Doc
		var gone []string
		n := 0
		last := since
		for rows.Next() {
			var k report.Key
			var unitName, status, narrative string
			var seq int64
			if err := rows.Scan(&k.Template, &k.Period, &k.Unit, &unitName, &status, &narrative, &seq); err != nil {
				rows.Close()
				return read, err
			}
			n++
			last = max(last, seq)
			doc, ok := db.reportDoc(ctx, k, unitName, report.Status(status), narrative)
			if ok {
				docs = append(docs, doc)
			} else {
				gone = append(gone, k.String())
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return read, err
		}
		// Rows sharing the last seq (one bulk insert) may straddle the
		// batch: read the rest of that seq before moving the mark.
		if n == reportBatch {
			more, err := db.reportsAtSeq(ctx, last, docs, gone)
			if err != nil {
				return read, err
			}
			docs, gone = more.docs, more.gone
		}
		read += n
		if n == 0 {
			return read, nil
		}
		err = db.inTx(ctx, func(tx *sql.Tx) error {
			if err := db.indexDocsTx(ctx, tx, docs); err != nil {
				return err
			}
			if err := db.deleteDocsTx(ctx, tx, search.KindReport, gone); err != nil {
				return err
			}
			return db.setSearchState(ctx, tx, "reports_seq", strconv.FormatInt(last, 10))
		})
		if err != nil {
			return read, fmt.Errorf("index reports: %w", err)
		}
		since = last
		if n < reportBatch {
			return read, nil
		}
	}
}

type reportDocs struct {
	docs []search.Doc
	gone []string
}

// reportsAtSeq adds every report with exactly seq to docs and gone (those
// already there are replaced by the same document).
func (db *DB) reportsAtSeq(ctx context.Context, seq int64, docs []search.Doc, gone []string) (reportDocs, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT template_code, period_id, unit_code, unit_name, status, narrative
		FROM report WHERE seq = ?`), seq)
	if err != nil {
		return reportDocs{}, err
	}
	defer rows.Close()
	for rows.Next() {
		var k report.Key
		var unitName, status, narrative string
		if err := rows.Scan(&k.Template, &k.Period, &k.Unit, &unitName, &status, &narrative); err != nil {
			return reportDocs{}, err
		}
		if doc, ok := db.reportDoc(ctx, k, unitName, report.Status(status), narrative); ok {
			docs = append(docs, doc)
		} else {
			gone = append(gone, k.String())
		}
	}
	return reportDocs{docs, gone}, rows.Err()
}

// reportDoc is the document of a report's narrative; ok is false when the
// report is not to be searched (a draft, returned, or without narrative).
func (db *DB) reportDoc(ctx context.Context, k report.Key, unitName string, status report.Status, narrative string) (search.Doc, bool) {
	if status != report.StatusSubmitted && status != report.StatusAccepted {
		return search.Doc{}, false
	}
	var sections map[string]string
	if json.Unmarshal([]byte(narrative), &sections) != nil || len(sections) == 0 {
		return search.Doc{}, false
	}
	t, err := db.FindTemplate(ctx, k.Template)
	if err != nil {
		return search.Doc{}, false
	}
	label, end := k.Period, time.Time{}
	if p, err := t.Period(k.Period); err == nil {
		label = p.Label()
		end = dayStart(p.End)
	}
	var body strings.Builder
	add := func(title, text string) {
		if strings.TrimSpace(text) == "" {
			return
		}
		if body.Len() > 0 {
			body.WriteString("\n\n")
		}
		body.WriteString(title)
		body.WriteString("\n")
		body.WriteString(text)
	}
	seen := map[string]bool{}
	for _, s := range t.Outline {
		seen[s.Key] = true
		add(s.Title, sections[s.Key])
	}
	var rest []string
	for key := range sections {
		if !seen[key] {
			rest = append(rest, key)
		}
	}
	sort.Strings(rest)
	for _, key := range rest {
		title := key
		if key == report.TasksSection {
			title = "Kết quả thực hiện nhiệm vụ được giao"
		}
		add(title, sections[key])
	}
	if body.Len() == 0 {
		return search.Doc{}, false
	}
	return search.Doc{
		Kind:   search.KindReport,
		ID:     k.String(),
		Title:  t.Name + " — " + label + " — " + unitName,
		Body:   body.String(),
		URL:    "/bao-cao/" + k.Template + "/" + k.Period + "/" + k.Unit,
		Unit:   k.Unit,
		Date:   end,
		Period: k.Period,
	}, true
}

// recordSource is a table mirrored into the index.
type recordSource struct {
	kind  search.Kind
	table string
	// load returns the documents of the rows updated at or after since
	// ("" for all).
	load func(ctx context.Context, db *DB, since string) ([]search.Doc, error)
}

var recordSources = []recordSource{
	{search.KindConference, "conference", loadConferenceDocs},
	{search.KindConclusion, "conclusion", loadConclusionDocs},
	{search.KindTask, "task", loadTaskDocs},
	{search.KindExemplar, "exemplar", loadExemplarDocs},
}

// reindexRecords catches the index up with one table.
func (db *DB) reindexRecords(ctx context.Context, src recordSource) error {
	var count, versions int64
	var latest string
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*), COALESCE(SUM(version), 0), COALESCE(MAX(updated_at), '') FROM `+src.table).
		Scan(&count, &versions, &latest); err != nil {
		return err
	}
	sig := fmt.Sprintf("%d|%d|%s", count, versions, latest)
	key := src.table + "_sig"
	old, err := db.searchState(ctx, key)
	if err != nil || old == sig {
		return err
	}
	since := ""
	if parts := strings.SplitN(old, "|", 3); len(parts) == 3 && parts[2] != "" {
		since = db.timeString(parseTime(parts[2]).Add(-lateCommit))
	}
	docs, err := src.load(ctx, db, since)
	if err != nil {
		return err
	}
	// Documents whose row is gone.
	ids, err := db.queryStrings(ctx, `SELECT CAST(id AS TEXT) FROM `+src.table)
	if err != nil {
		return err
	}
	indexed, err := db.queryStrings(ctx, db.rebind(`SELECT doc_id FROM search_doc WHERE kind = ?`), string(src.kind))
	if err != nil {
		return err
	}
	live := make(map[string]bool, len(ids))
	for _, id := range ids {
		live[id] = true
	}
	var gone []string
	for _, id := range indexed {
		if !live[id] {
			gone = append(gone, id)
		}
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.indexDocsTx(ctx, tx, docs); err != nil {
			return err
		}
		if err := db.deleteDocsTx(ctx, tx, src.kind, gone); err != nil {
			return err
		}
		return db.setSearchState(ctx, tx, key, sig)
	})
}

func (db *DB) queryStrings(ctx context.Context, q string, args ...any) ([]string, error) {
	rows, err := db.read.QueryContext(ctx, q, args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return nil, err
		}
		out = append(out, s)
	}
	return out, rows.Err()
}

// sinceCond is the updated_at condition of a load ("" loads every row).
func sinceCond(alias, since string) (string, []any) {
	if since == "" {
		return "", nil
	}
	return ` WHERE ` + alias + `updated_at >= ?`, []any{since}
}

// joinText joins the non-empty parts with blank lines.
func joinText(parts ...string) string {
	var keep []string
	for _, p := range parts {
		if p = strings.TrimSpace(p); p != "" {
			keep = append(keep, p)
		}
	}
	return strings.Join(keep, "\n\n")
}

// vnDateTime parses a stored RFC 3339 time with any offset; zero if bad.
func vnDateTime(s string) time.Time {
	if t, err := time.Parse(time.RFC3339Nano, s); err == nil {
		return t
	}
	return time.Time{}
}

// civil turns a stored YYYY-MM-DD into the time the index keeps (midnight
// of the day in Vietnam, so that the date reads back the same there).
func civil(s string) time.Time {
	d, err := period.Parse(s)
	if err != nil {
		return time.Time{}
	}
	return dayStart(d)
}

// dayStart is midnight of d in Vietnam.
func dayStart(d period.Date) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, period.Vietnam)
}

func loadConferenceDocs(ctx context.Context, db *DB, since string) ([]search.Doc, error) {
	cond, args := sinceCond("", since)
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT id, title, host_unit, period_id, starts_at, place, chair_name, chair_title, minutes
		FROM conference`+cond+` ORDER BY id`), args...)
	if err != nil {
		return nil, err
	}
	type conf struct {
		id                                          int64
		title, host, per, starts, place, chair, ttl string
		minutes                                     string
	}
	var cs []conf
	for rows.Next() {
		var c conf
		if err := rows.Scan(&c.id, &c.title, &c.host, &c.per, &c.starts, &c.place, &c.chair, &c.ttl, &c.minutes); err != nil {
			rows.Close()
			return nil, err
		}
		cs = append(cs, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	docs := make([]search.Doc, 0, len(cs))
	for _, c := range cs {
		agenda, err := db.queryStrings(ctx, db.rebind(`SELECT title FROM conference_agenda WHERE conference_id = ? ORDER BY seq`), c.id)
		if err != nil {
			return nil, err
		}
		chair := strings.TrimSpace(c.ttl + " " + c.chair)
		id := strconv.FormatInt(c.id, 10)
		docs = append(docs, search.Doc{
			Kind:   search.KindConference,
			ID:     id,
			Title:  c.title,
			Body:   joinText(c.place, chair, strings.Join(agenda, "\n"), c.minutes),
			URL:    conferenceURL(c.id),
			Unit:   c.host,
			Date:   vnDateTime(c.starts),
			Period: c.per,
		})
	}
	return docs, nil
}

func loadConclusionDocs(ctx context.Context, db *DB, since string) ([]search.Doc, error) {
	cond, args := sinceCond("n.", since)
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT n.id, n.conference_id, n.issuer_unit, n.title, n.number_text, n.preamble, n.closing,
		c.starts_at, c.period_id
		FROM conclusion n JOIN conference c ON c.id = n.conference_id`+cond+` ORDER BY n.id`), args...)
	if err != nil {
		return nil, err
	}
	type concl struct {
		id, conf                                  int64
		unit, title, number, pre, closing, starts string
		per                                       string
	}
	var ns []concl
	for rows.Next() {
		var n concl
		if err := rows.Scan(&n.id, &n.conf, &n.unit, &n.title, &n.number, &n.pre, &n.closing, &n.starts, &n.per); err != nil {
			rows.Close()
			return nil, err
		}
		ns = append(ns, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	docs := make([]search.Doc, 0, len(ns))
	for _, n := range ns {
		items, err := db.queryStrings(ctx, db.rebind(`SELECT text FROM conclusion_item WHERE conclusion_id = ? ORDER BY seq`), n.id)
		if err != nil {
			return nil, err
		}
		title := n.title
		if n.number != "" {
			title = n.number + " — " + n.title
		}
		docs = append(docs, search.Doc{
			Kind:   search.KindConclusion,
			ID:     strconv.FormatInt(n.id, 10),
			Title:  title,
			Body:   joinText(n.pre, strings.Join(items, "\n"), n.closing),
			URL:    conclusionURL(n.conf),
			Unit:   n.unit,
			Date:   vnDateTime(n.starts),
			Period: n.per,
		})
	}
	return docs, nil
}

func loadTaskDocs(ctx context.Context, db *DB, since string) ([]search.Doc, error) {
	cond, args := sinceCond("", since)
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT id, content, lead_unit, source_number, source_title, assigned_on, last_progress
		FROM task`+cond+` ORDER BY id`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []search.Doc
	for rows.Next() {
		var id int64
		var content, lead, number, source, assigned, progress string
		if err := rows.Scan(&id, &content, &lead, &number, &source, &assigned, &progress); err != nil {
			return nil, err
		}
		docs = append(docs, search.Doc{
			Kind:  search.KindTask,
			ID:    strconv.FormatInt(id, 10),
			Title: shortTitle(content),
			Body:  joinText(content, strings.TrimSpace(number+" "+source), progress),
			URL:   taskURL(id),
			Unit:  lead,
			Date:  civil(assigned),
		})
	}
	return docs, rows.Err()
}

func loadExemplarDocs(ctx context.Context, db *DB, since string) ([]search.Doc, error) {
	cond, args := sinceCond("", since)
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT id, unit_code, name, content, goals, award, decision_number, registered_on
		FROM exemplar`+cond+` ORDER BY id`), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var docs []search.Doc
	for rows.Next() {
		var id int64
		var unit, name, content, goals, award, decision, registered string
		if err := rows.Scan(&id, &unit, &name, &content, &goals, &award, &decision, &registered); err != nil {
			return nil, err
		}
		docs = append(docs, search.Doc{
			Kind:  search.KindExemplar,
			ID:    strconv.FormatInt(id, 10),
			Title: name,
			Body:  joinText(content, goals, strings.TrimSpace(award+" "+decision)),
			URL:   exemplarURL(id),
			Unit:  unit,
			Date:  civil(registered),
		})
	}
	return docs, rows.Err()
}

// shortTitle is the first sentence of a text, at most about 120
// characters, cut at a word.
func shortTitle(s string) string {
	s = strings.Join(strings.Fields(s), " ")
	if i := strings.IndexAny(s, ".;\n"); i > 0 {
		s = s[:i]
	}
	r := []rune(s)
	if len(r) <= 120 {
		return s
	}
	cut := string(r[:120])
	if i := strings.LastIndexByte(cut, ' '); i > 60 {
		cut = cut[:i]
	}
	return cut + " …"
}

// The pages hits open. They follow the routes of the conference, task and
// model pages (routes_conferences.go, routes_tasks.go, routes_exemplars.go).
func conferenceURL(id int64) string { return "/hoi-nghi/" + strconv.FormatInt(id, 10) }
func conclusionURL(conferenceID int64) string {
	return "/hoi-nghi/" + strconv.FormatInt(conferenceID, 10) + "/ket-luan"
}
func taskURL(id int64) string     { return "/nhiem-vu/" + strconv.FormatInt(id, 10) }
func exemplarURL(id int64) string { return "/dan-van-kheo/" + strconv.FormatInt(id, 10) }

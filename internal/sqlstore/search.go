package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"sync"

	"giaoban/internal/period"
	"giaoban/internal/search"
)

// Search: search_doc holds each document as written and its filter
// columns; its folded keys (search.Key) are indexed by FTS5 on SQLite
// (search_fts, search_fts_title; the keys themselves in search_key) and by
// tsvectors with GIN indexes on PostgreSQL (migration 0010). A query is
// parsed once (search.Parse) and rendered for each database, so both find
// the same documents. The database only finds them — the newest first,
// counting up to search.MaxTotal, and the newest title matches — and
// search.Rank orders that pool in Go from the stored keys, the same way
// on both: the same documents in the same order, and no query pays for
// scoring every match (see search/rank.go).

var (
	_ search.Index   = (*DB)(nil)
	_ search.Indexer = (*DB)(nil)
)

// maxBodyBytes bounds what is indexed of a body (PostgreSQL caps a
// tsvector at 1 MB); the stored text is kept whole for snippets.
const maxBodyBytes = 512 << 10

// IndexDocs adds or replaces documents (by kind and ID) in one transaction.
func (db *DB) IndexDocs(ctx context.Context, docs []search.Doc) error {
	if len(docs) == 0 {
		return nil
	}
	for i := range docs {
		if docs[i].Kind == "" || docs[i].ID == "" {
			return fmt.Errorf("index document %d: kind and ID are required", i)
		}
	}
	return db.inTx(ctx, func(tx *sql.Tx) error { return db.indexDocsTx(ctx, tx, docs) })
}

func (db *DB) indexDocsTx(ctx context.Context, tx *sql.Tx, docs []search.Doc) error {
	if db.dialect.name == "postgres" {
		return db.indexDocsPG(ctx, tx, docs)
	}
	up, err := tx.PrepareContext(ctx, `INSERT INTO search_doc (kind, doc_id, title, body, url, unit, public, doc_time, period, legacy_id)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
		ON CONFLICT (kind, doc_id) DO UPDATE SET title = excluded.title, body = excluded.body, url = excluded.url,
			unit = excluded.unit, public = excluded.public, doc_time = excluded.doc_time, period = excluded.period,
			legacy_id = excluded.legacy_id
		RETURNING id`)
	if err != nil {
		return err
	}
	defer up.Close()
	keys, err := tx.PrepareContext(ctx, `INSERT OR REPLACE INTO search_key (id, doc_time, key_title, key_body) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer keys.Close()
	del, err := tx.PrepareContext(ctx, `DELETE FROM search_fts WHERE rowid = ?`)
	if err != nil {
		return err
	}
	defer del.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO search_fts (rowid, key_title, key_body, tags) VALUES (?, ?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	delTitle, err := tx.PrepareContext(ctx, `DELETE FROM search_fts_title WHERE rowid = ?`)
	if err != nil {
		return err
	}
	defer delTitle.Close()
	insTitle, err := tx.PrepareContext(ctx, `INSERT INTO search_fts_title (rowid, key_title, tags) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer insTitle.Close()
	for i := range docs {
		d := &docs[i]
		var id int64
		kt, kb := search.Key(d.Title), bodyKey(d.Body)
		if err := up.QueryRowContext(ctx, docArgs(db, d)...).Scan(&id); err != nil {
			return fmt.Errorf("index %s/%s: %w", d.Kind, d.ID, err)
		}
		if _, err := keys.ExecContext(ctx, id, docTime(db, d), kt, kb); err != nil {
			return fmt.Errorf("index %s/%s: %w", d.Kind, d.ID, err)
		}
		if _, err := del.ExecContext(ctx, -id); err != nil {
			return fmt.Errorf("index %s/%s: %w", d.Kind, d.ID, err)
		}
		if _, err := ins.ExecContext(ctx, -id, kt, kb, docTags(d)); err != nil {
			return fmt.Errorf("index %s/%s: %w", d.Kind, d.ID, err)
		}
		if _, err := delTitle.ExecContext(ctx, -id); err != nil {
			return fmt.Errorf("index %s/%s: %w", d.Kind, d.ID, err)
		}
		if _, err := insTitle.ExecContext(ctx, -id, kt, docTags(d)); err != nil {
			return fmt.Errorf("index %s/%s: %w", d.Kind, d.ID, err)
		}
	}
	return nil
}

// indexDocsPG upserts documents with multi-row statements: one round trip
// per batch, the tsvector computed by the database from the keys.
func (db *DB) indexDocsPG(ctx context.Context, tx *sql.Tx, docs []search.Doc) error {
	const batch = 200
	// Duplicates in one statement would make ON CONFLICT touch a row twice.
	docs = lastOfEach(docs)
	for lo := 0; lo < len(docs); lo += batch {
		part := docs[lo:min(lo+batch, len(docs))]
		var q strings.Builder
		q.WriteString(`INSERT INTO search_doc (kind, doc_id, title, body, url, unit, public, doc_time, period, legacy_id, key_title, key_body) VALUES `)
		args := make([]any, 0, len(part)*12)
		for i := range part {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`)
			args = append(args, docArgs(db, &part[i])...)
			args = append(args, search.Key(part[i].Title), bodyKey(part[i].Body))
		}
		q.WriteString(` ON CONFLICT (kind, doc_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, url = EXCLUDED.url,
			unit = EXCLUDED.unit, public = EXCLUDED.public, doc_time = EXCLUDED.doc_time, period = EXCLUDED.period,
			legacy_id = EXCLUDED.legacy_id, key_title = EXCLUDED.key_title, key_body = EXCLUDED.key_body`)
		if _, err := tx.ExecContext(ctx, db.rebind(q.String()), args...); err != nil {
			return fmt.Errorf("index %d documents: %w", len(part), err)
		}
	}
	return nil
}

// lastOfEach keeps one document per kind and ID: the last one given, at
// the place of the first (as a sequence of upserts would leave them).
func lastOfEach(docs []search.Doc) []search.Doc {
	type key struct {
		k  search.Kind
		id string
	}
	first := make(map[key]int, len(docs))
	var out []search.Doc
	for i := range docs {
		k := key{docs[i].Kind, docs[i].ID}
		if j, ok := first[k]; ok {
			if out == nil {
				out = slices.Clone(docs[:i])
			}
			out[j] = docs[i]
			continue
		}
		first[k] = len(first)
		if out != nil {
			out = append(out, docs[i])
		}
	}
	if out == nil {
		return docs
	}
	return out
}

// docArgs are the search_doc columns of d: kind, doc_id, title, body, url,
// unit, public, doc_time, period, legacy_id.
func docArgs(db *DB, d *search.Doc) []any {
	return []any{string(d.Kind), d.ID, d.Title, d.Body, d.URL, d.Unit, boolInt(d.Public), docTime(db, d), d.Period, d.LegacyID}
}

func docTime(db *DB, d *search.Doc) string {
	if d.Date.IsZero() {
		return ""
	}
	return db.timeString(d.Date)
}

// Filter tokens in the FTS5 table's tags column: a private-use character
// (a token character for unicode61, never in a key) and the kind, and a
// mark on documents that are not public. Public news is most of an index,
// so filters are written to read the short lists: "not internal", "not
// the other kinds".
const (
	tagMark     = ""
	tagInternal = tagMark + "int"
)

func kindTag(k search.Kind) string { return tagMark + "k" + string(k) }

// docTags are the filter tokens of a document.
func docTags(d *search.Doc) string {
	t := kindTag(d.Kind)
	if !d.Public {
		t += " " + tagInternal
	}
	return t
}

func bodyKey(body string) string {
	if len(body) > maxBodyBytes {
		body = body[:maxBodyBytes]
	}
	return search.Key(body)
}

// DeleteDoc removes a document from the index; removing one that is not
// there is not an error.
func (db *DB) DeleteDoc(ctx context.Context, kind search.Kind, id string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error { return db.deleteDocsTx(ctx, tx, kind, []string{id}) })
}

func (db *DB) deleteDocsTx(ctx context.Context, tx *sql.Tx, kind search.Kind, ids []string) error {
	for _, id := range ids {
		if db.dialect.name == "sqlite" {
			var rowid int64
			err := tx.QueryRowContext(ctx, `SELECT id FROM search_doc WHERE kind = ? AND doc_id = ?`, string(kind), id).Scan(&rowid)
			if err == sql.ErrNoRows {
				continue
			}
			if err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_fts WHERE rowid = ?`, -rowid); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_key WHERE id = ?`, rowid); err != nil {
				return err
			}
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_fts_title WHERE rowid = ?`, -rowid); err != nil {
				return err
			}
		}
		if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM search_doc WHERE kind = ? AND doc_id = ?`), string(kind), id); err != nil {
			return fmt.Errorf("delete %s/%s from the index: %w", kind, id, err)
		}
	}
	return nil
}

// Search runs a query. Hits carry snippets from the text as written.
func (db *DB) Search(ctx context.Context, q search.Query) (search.Result, error) {
	p := search.Parse(q.Text)
	res := search.Result{Counts: map[search.Kind]int{}}
	if p.Empty() {
		return res, nil
	}
	limit := q.Limit
	if limit <= 0 || limit > 100 {
		limit = 20
	}
	offset := max(q.Offset, 0)
	m := db.newMatcher(p, q)

	// The newest matches, up to one more than MaxTotal: their number is
	// the total, the first RankPool of them are ranked, the rest follow
	// them, newest first.
	newest, err := m.newest(ctx, false, q.Kinds, search.MaxTotal+1)
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	res.Total = min(len(newest), search.MaxTotal)
	res.Capped = len(newest) > search.MaxTotal
	newest = newest[:res.Total]
	// Counts by kind, each up to MaxTotal, when asked.
	if q.KindCounts {
		for _, k := range search.Kinds {
			n, err := m.count(ctx, []search.Kind{k})
			if err != nil {
				return res, fmt.Errorf("search: %w", err)
			}
			if n > search.MaxTotal {
				n, res.Capped = search.MaxTotal, true
			}
			if n > 0 {
				res.Counts[k] = n
			}
		}
	}
	if res.Total == 0 {
		return res, nil
	}
	pool := slices.Clone(newest[:min(len(newest), search.RankPool)])
	// When there are more, the newest title matches join the pool: found
	// on another connection while the pool's keys are read.
	var titles []int64
	var titleErr error
	var wg sync.WaitGroup
	if len(newest) > search.RankPool {
		wg.Add(1)
		go func() {
			defer wg.Done()
			titles, titleErr = m.newest(ctx, true, q.Kinds, search.TitlePool)
		}()
	}
	cands, err := db.searchCandidates(ctx, pool)
	wg.Wait()
	if err != nil {
		return res, err
	}
	if titleErr != nil {
		return res, fmt.Errorf("search: %w", titleErr)
	}
	var more []int64
	for _, id := range titles {
		if !slices.Contains(pool, id) {
			more = append(more, id)
		}
	}
	if len(more) > 0 {
		extra, err := db.searchCandidates(ctx, more)
		if err != nil {
			return res, err
		}
		cands = append(cands, extra...)
		pool = append(pool, more...)
	}
	order := search.Rank(p, cands)
	res.Ranked = len(order)
	inPool := make(map[int64]bool, len(pool))
	for _, id := range pool {
		inPool[id] = true
	}
	for _, id := range newest {
		if !inPool[id] {
			order = append(order, search.Scored{ID: id})
		}
	}
	if offset >= len(order) {
		return res, nil
	}
	res.Hits, err = db.searchHits(ctx, order[offset:min(offset+limit, len(order))], p)
	return res, err
}

// matcher finds the documents matching a query under its filters.
type matcher struct {
	db   *DB
	p    search.Parsed
	q    search.Query
	cond where // conditions on search_doc d (besides the match and kinds)
}

func (db *DB) newMatcher(p search.Parsed, q search.Query) *matcher {
	m := &matcher{db: db, p: p, q: q}
	db.searchFilters(&m.cond, q)
	return m
}

// query builds the SELECT of matching document ids, restricted to kinds
// (none: all) and to title matches when title is set.
func (m *matcher) query(title bool, kinds []search.Kind) (string, []any) {
	var w where
	if m.db.dialect.name == "postgres" {
		// The query is written into the statement, not passed as a
		// parameter: a cached statement's generic plan cannot tell a rare
		// word from a common one, and picks a plan that is terrible for
		// one of them.
		if title {
			w.cond(`d.tsv_title @@ to_tsquery('simple', ` + sqlString(m.p.TSQueryTitle()) + `)`)
		} else {
			w.cond(`d.tsv @@ to_tsquery('simple', ` + sqlString(m.p.TSQuery()) + `)`)
		}
		if len(kinds) > 0 {
			w.in("d.kind", kindStrings(kinds))
		}
		if m.q.PublicOnly {
			w.cond(`d.public = 1`)
		}
		appendWhere(&w, &m.cond)
		return `SELECT d.id FROM search_doc d` + w.String(), w.args
	}
	expr := m.p.MatchFTS5()
	table := "search_fts"
	if title {
		table = "search_fts_title"
	}
	if len(kinds) > 0 {
		var in, out []string
		for _, k := range search.Kinds {
			if slices.Contains(kinds, k) {
				in = append(in, `"`+kindTag(k)+`"`)
			} else {
				out = append(out, `"`+kindTag(k)+`"`)
			}
		}
		if slices.Contains(kinds, search.KindNews) && len(out) > 0 {
			expr = "(" + expr + ") NOT (" + strings.Join(out, " OR ") + ")"
		} else if len(out) > 0 {
			expr = "(" + expr + ") AND (" + strings.Join(in, " OR ") + ")"
		}
	}
	if m.q.PublicOnly {
		expr = "(" + expr + `) NOT "` + tagInternal + `"`
	}
	w.cond(table+` MATCH ?`, expr)
	from := table + ` f`
	if m.cond.String() != "" {
		from += ` JOIN search_doc d ON d.id = -f.rowid`
		appendWhere(&w, &m.cond)
	}
	return `SELECT -f.rowid FROM ` + from + w.String(), w.args
}

// sqlString quotes s as an SQL string literal.
func sqlString(s string) string { return "'" + strings.ReplaceAll(s, "'", "''") + "'" }

// appendWhere adds the conditions of src to w.
func appendWhere(w, src *where) {
	if src.String() == "" {
		return
	}
	w.cond(strings.TrimPrefix(src.String(), " WHERE "), src.args...)
}

// count counts the matches of kinds, up to MaxTotal+1.
func (m *matcher) count(ctx context.Context, kinds []search.Kind) (int, error) {
	q, args := m.query(false, kinds)
	var n int
	err := m.db.read.QueryRowContext(ctx, m.db.rebind(`SELECT COUNT(*) FROM (`+q+` LIMIT `+strconv.Itoa(search.MaxTotal+1)+`) s`), args...).Scan(&n)
	return n, err
}

// newest returns the ids of the newest n matches (title matches only when
// title is set).
func (m *matcher) newest(ctx context.Context, title bool, kinds []search.Kind, n int) ([]int64, error) {
	q, args := m.query(title, kinds)
	if m.db.dialect.name == "postgres" {
		return m.newestPG(ctx, q, args, n)
	}
	// rowid = -id: FTS5's own order is newest first.
	return m.ids(ctx, q+` ORDER BY f.rowid LIMIT `+strconv.Itoa(n), args)
}

// newestPG finds the newest matches on PostgreSQL. The planner walks the
// primary key backwards testing each row's vector (kept in the row, see
// the migration) when matches are common, and uses the GIN index when
// they are rare; the query is written with its tsquery in the text so
// that it plans for the words at hand.
func (m *matcher) newestPG(ctx context.Context, q string, args []any, n int) ([]int64, error) {
	return m.ids(ctx, q+` ORDER BY d.id DESC LIMIT `+strconv.Itoa(n), args)
}

// ids runs a query of ids.
func (m *matcher) ids(ctx context.Context, q string, args []any) ([]int64, error) {
	rows, err := m.db.read.QueryContext(ctx, m.db.rebind(q), args...)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var ids []int64
	for rows.Next() {
		var id int64
		if err := rows.Scan(&id); err != nil {
			return nil, err
		}
		ids = append(ids, id)
	}
	return ids, rows.Err()
}

// searchCandidates reads the keys of the candidates.
func (db *DB) searchCandidates(ctx context.Context, ids []int64) ([]search.Candidate, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	table := "search_key" // SQLite: keys apart from the text
	if db.dialect.name == "postgres" {
		table = "search_doc"
	}
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT id, key_title, key_body, doc_time FROM `+table+` WHERE id IN (`+placeholders(len(ids))+`)`), args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	out := make([]search.Candidate, 0, len(ids))
	for rows.Next() {
		var c search.Candidate
		var at string
		if err := rows.Scan(&c.ID, &c.KeyTitle, &c.KeyBody, &at); err != nil {
			return nil, err
		}
		if at != "" {
			c.Time = parseTime(at)
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// searchFilters adds the conditions of q on search_doc d, but the kind and
// public-only filters (the matcher's, tags on SQLite).
func (db *DB) searchFilters(w *where, q search.Query) {
	switch {
	case q.PublicOnly:
	case q.Scopes != nil && allKindsEverywhere(q.Scopes):
	case q.Scopes != nil:
		var all []string
		var groups []string
		var args []any
		// Kinds sharing a unit list are tested together.
		type group struct {
			kinds []string
			units []string
		}
		var gs []group
		for _, k := range search.Kinds {
			sc, ok := q.Scopes[k]
			if !ok {
				continue
			}
			if sc.All {
				all = append(all, string(k))
				continue
			}
			found := false
			for i := range gs {
				if slices.Equal(gs[i].units, sc.Units) {
					gs[i].kinds = append(gs[i].kinds, string(k))
					found = true
					break
				}
			}
			if !found {
				gs = append(gs, group{kinds: []string{string(k)}, units: sc.Units})
			}
		}
		groups = append(groups, `d.public = 1`)
		if len(all) > 0 {
			groups = append(groups, `d.kind IN (`+placeholders(len(all))+`)`)
			for _, k := range all {
				args = append(args, k)
			}
		}
		for _, g := range gs {
			c := `d.kind IN (` + placeholders(len(g.kinds)) + `) AND (d.unit = ''`
			for _, k := range g.kinds {
				args = append(args, k)
			}
			if len(g.units) > 0 {
				c += ` OR d.unit IN (` + placeholders(len(g.units)) + `)`
				for _, u := range g.units {
					args = append(args, u)
				}
			}
			groups = append(groups, "("+c+"))")
		}
		w.cond("("+strings.Join(groups, " OR ")+")", args...)
	case q.AllUnits:
	default:
		c := `(d.public = 1 OR d.unit = ''`
		args := make([]any, 0, len(q.Units))
		if len(q.Units) > 0 {
			c += ` OR d.unit IN (` + placeholders(len(q.Units)) + `)`
			for _, u := range q.Units {
				args = append(args, u)
			}
		}
		w.cond(c+")", args...)
	}
	if len(q.OnlyUnits) > 0 {
		w.in("d.unit", q.OnlyUnits)
	}
	if q.Period != "" {
		w.cond(`d.period = ?`, q.Period)
	}
	if !q.From.IsZero() {
		w.cond(`d.doc_time >= ?`, db.timeString(q.From))
	}
	if !q.To.IsZero() {
		w.cond(`d.doc_time <> '' AND d.doc_time <= ?`, db.timeString(q.To))
	}
}

// allKindsEverywhere reports whether the scopes restrict nothing.
func allKindsEverywhere(scopes map[search.Kind]search.Scope) bool {
	for _, k := range search.Kinds {
		if !scopes[k].All {
			return false
		}
	}
	return true
}

func kindStrings(ks []search.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

// searchHits reads the page's documents, in order, and builds their
// snippets.
func (db *DB) searchHits(ctx context.Context, page []search.Scored, p search.Parsed) ([]search.Hit, error) {
	if len(page) == 0 {
		return nil, nil
	}
	args := make([]any, len(page))
	for i, s := range page {
		args[i] = s.ID
	}
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT id, kind, doc_id, title, body, url, unit, doc_time, period, legacy_id
		FROM search_doc WHERE id IN (`+placeholders(len(page))+`)`), args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	terms := p.Terms()
	byID := make(map[int64]search.Hit, len(page))
	for rows.Next() {
		var id int64
		var h search.Hit
		var kind, body, at string
		if err := rows.Scan(&id, &kind, &h.ID, &h.Title, &body, &h.URL, &h.Unit, &at, &h.Period, &h.LegacyID); err != nil {
			return nil, err
		}
		h.Kind = search.Kind(kind)
		if at != "" {
			h.Date = parseTime(at)
		}
		h.TitleHTML = search.Highlight(h.Title, terms)
		h.Snippet = search.Snippet(body, terms, search.SnippetRunes)
		byID[id] = h
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	out := make([]search.Hit, 0, len(page))
	for _, s := range page {
		if h, ok := byID[s.ID]; ok {
			h.Score = s.Score
			out = append(out, h)
		}
	}
	return out, nil
}

// HierarchyDates returns the days on which the unit hierarchy changed (a
// unit or a parent link starting, or the day after one ended), in order.
// Between two of them the hierarchy is the same, so a scope evaluated on
// each of them covers every state the hierarchy has been in.
func (db *DB) HierarchyDates(ctx context.Context) ([]period.Date, error) {
	var out []period.Date
	seen := map[period.Date]bool{}
	for _, q := range []string{
		`SELECT valid_from, valid_to FROM unit`,
		`SELECT valid_from, valid_to FROM unit_parent`,
	} {
		rows, err := db.read.QueryContext(ctx, q)
		if err != nil {
			return nil, err
		}
		for rows.Next() {
			var from, to string
			if err := rows.Scan(&from, &to); err != nil {
				rows.Close()
				return nil, err
			}
			f, err1 := period.Parse(from)
			t, err2 := period.Parse(to)
			if err1 != nil || err2 != nil {
				continue
			}
			days := []period.Date{f}
			if !t.IsForever() {
				days = append(days, t.AddDays(1))
			}
			for _, d := range days {
				if !seen[d] {
					seen[d] = true
					out = append(out, d)
				}
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return nil, err
		}
	}
	slices.SortFunc(out, period.Date.Compare)
	return out, nil
}

// OptimizeSearch tidies the index after a bulk load (an import of
// archived news): SQLite merges the FTS5 segments into one; PostgreSQL
// moves the GIN pending lists into the indexes and refreshes the planner's
// statistics. Searches are correct without it, only slower.
func (db *DB) OptimizeSearch(ctx context.Context) error {
	var stmts []string
	if db.dialect.name == "postgres" {
		stmts = []string{
			`SELECT gin_clean_pending_list('search_doc_tsv'::regclass)`,
			`SELECT gin_clean_pending_list('search_doc_tsv_title'::regclass)`,
			`ANALYZE search_doc`,
		}
	} else {
		stmts = []string{
			`INSERT INTO search_fts (search_fts) VALUES ('optimize')`,
			`INSERT INTO search_fts_title (search_fts_title) VALUES ('optimize')`,
		}
	}
	for _, q := range stmts {
		if _, err := db.write.ExecContext(ctx, q); err != nil {
			return fmt.Errorf("optimize the search index: %w", err)
		}
	}
	return nil
}

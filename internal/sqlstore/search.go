package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"

	"giaoban/internal/period"
	"giaoban/internal/search"
)

// Search: search_doc holds each document as written plus its filter
// columns; the folded keys (search.Key) are indexed by FTS5 on SQLite and
// by a tsvector with a GIN index on PostgreSQL (migration 0010). A query is
// parsed once (search.Parse) and rendered for each database, so both find
// the same documents; ranking is BM25 with the title weighted ten times
// the body on SQLite, and ts_rank_cd with the same weights on PostgreSQL.
// Documents where the unquoted words stand together score double.

var (
	_ search.Index   = (*DB)(nil)
	_ search.Indexer = (*DB)(nil)
)

// titleWeight is how much a title match outweighs a body match.
const titleWeight = 10

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
	del, err := tx.PrepareContext(ctx, `DELETE FROM search_fts WHERE rowid = ?`)
	if err != nil {
		return err
	}
	defer del.Close()
	ins, err := tx.PrepareContext(ctx, `INSERT INTO search_fts (rowid, key_title, key_body) VALUES (?, ?, ?)`)
	if err != nil {
		return err
	}
	defer ins.Close()
	for i := range docs {
		d := &docs[i]
		var id int64
		if err := up.QueryRowContext(ctx, docArgs(db, d)...).Scan(&id); err != nil {
			return fmt.Errorf("index %s/%s: %w", d.Kind, d.ID, err)
		}
		if _, err := del.ExecContext(ctx, id); err != nil {
			return fmt.Errorf("index %s/%s: %w", d.Kind, d.ID, err)
		}
		if _, err := ins.ExecContext(ctx, id, search.Key(d.Title), bodyKey(d.Body)); err != nil {
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
		q.WriteString(`INSERT INTO search_doc (kind, doc_id, title, body, url, unit, public, doc_time, period, legacy_id, tsv) VALUES `)
		args := make([]any, 0, len(part)*12)
		for i := range part {
			if i > 0 {
				q.WriteString(", ")
			}
			q.WriteString(`(?, ?, ?, ?, ?, ?, ?, ?, ?, ?, setweight(to_tsvector('simple', ?), 'A') || setweight(to_tsvector('simple', ?), 'B'))`)
			args = append(args, docArgs(db, &part[i])...)
			args = append(args, search.Key(part[i].Title), bodyKey(part[i].Body))
		}
		q.WriteString(` ON CONFLICT (kind, doc_id) DO UPDATE SET title = EXCLUDED.title, body = EXCLUDED.body, url = EXCLUDED.url,
			unit = EXCLUDED.unit, public = EXCLUDED.public, doc_time = EXCLUDED.doc_time, period = EXCLUDED.period,
			legacy_id = EXCLUDED.legacy_id, tsv = EXCLUDED.tsv`)
		if _, err := tx.ExecContext(ctx, db.rebind(q.String()), args...); err != nil {
			return fmt.Errorf("index %d documents: %w", len(part), err)
		}
	}
	return nil
}

// lastOfEach keeps the last of documents sharing a kind and ID, in order.
func lastOfEach(docs []search.Doc) []search.Doc {
	type key struct {
		k  search.Kind
		id string
	}
	last := make(map[key]int, len(docs))
	for i := range docs {
		last[key{docs[i].Kind, docs[i].ID}] = i
	}
	if len(last) == len(docs) {
		return docs
	}
	out := make([]search.Doc, 0, len(last))
	for i := range docs {
		if last[key{docs[i].Kind, docs[i].ID}] == i {
			out = append(out, docs[i])
		}
	}
	return out
}

func docArgs(db *DB, d *search.Doc) []any {
	t := ""
	if !d.Date.IsZero() {
		t = db.timeString(d.Date)
	}
	return []any{string(d.Kind), d.ID, d.Title, d.Body, d.URL, d.Unit, boolInt(d.Public), t, d.Period, d.LegacyID}
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
			if _, err := tx.ExecContext(ctx, `DELETE FROM search_fts WHERE rowid = ?`, rowid); err != nil {
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

	var match, from, score string
	var matchArgs []any
	if db.dialect.name == "postgres" {
		match = `d.tsv @@ to_tsquery('simple', ?)`
		matchArgs = []any{p.TSQuery()}
		from = `search_doc d`
		score = fmt.Sprintf(`ts_rank_cd('{0.1, 0.2, %g, 1.0}', d.tsv, to_tsquery('simple', ?))`, 1.0/titleWeight)
		if len(p.Adjacent) > 0 {
			score += ` * CASE WHEN d.tsv @@ to_tsquery('simple', ?) THEN 2 ELSE 1 END`
		}
	} else {
		match = `search_fts MATCH ?`
		matchArgs = []any{p.MatchFTS5()}
		from = `search_fts JOIN search_doc d ON d.id = search_fts.rowid`
		score = fmt.Sprintf(`-bm25(search_fts, %d.0, 1.0)`, titleWeight)
		if len(p.Adjacent) > 0 {
			score += ` * CASE WHEN search_fts.rowid IN (SELECT rowid FROM search_fts WHERE search_fts MATCH ?) THEN 2 ELSE 1 END`
		}
	}
	var scoreArgs []any
	if db.dialect.name == "postgres" {
		scoreArgs = append(scoreArgs, p.TSQuery())
		if len(p.Adjacent) > 0 {
			scoreArgs = append(scoreArgs, search.PhraseTSQuery(p.Adjacent))
		}
	} else if len(p.Adjacent) > 0 {
		scoreArgs = append(scoreArgs, search.PhraseFTS5(p.Adjacent))
	}

	var w where
	w.cond(match, matchArgs...)
	db.searchFilters(&w, q)

	// Counts by kind, under every filter but the kind filter.
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT d.kind, COUNT(*) FROM `+from+w.String()+` GROUP BY d.kind`), w.args...)
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	for rows.Next() {
		var k string
		var n int
		if err := rows.Scan(&k, &n); err != nil {
			rows.Close()
			return res, err
		}
		res.Counts[search.Kind(k)] = n
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, err
	}
	for k, n := range res.Counts {
		if len(q.Kinds) == 0 || slices.Contains(q.Kinds, k) {
			res.Total += n
		}
	}
	if res.Total == 0 || offset >= res.Total {
		return res, nil
	}
	if len(q.Kinds) > 0 {
		w.in("d.kind", kindStrings(q.Kinds))
	}

	// The page: ids and scores first, text only for the page's rows.
	args := append(append([]any{}, scoreArgs...), w.args...)
	args = append(args, limit, offset)
	rows, err = db.read.QueryContext(ctx, db.rebind(`SELECT d.id, `+score+` AS score FROM `+from+w.String()+
		` ORDER BY score DESC, d.doc_time DESC, d.kind, d.doc_id LIMIT ? OFFSET ?`), args...)
	if err != nil {
		return res, fmt.Errorf("search: %w", err)
	}
	var ids []int64
	scores := map[int64]float64{}
	for rows.Next() {
		var id int64
		var s float64
		if err := rows.Scan(&id, &s); err != nil {
			rows.Close()
			return res, err
		}
		ids = append(ids, id)
		scores[id] = s
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return res, err
	}
	res.Hits, err = db.searchHits(ctx, ids, scores, p)
	return res, err
}

// searchFilters adds the filters of q but the kind filter.
func (db *DB) searchFilters(w *where, q search.Query) {
	switch {
	case q.PublicOnly:
		w.cond(`d.public = 1`)
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

func kindStrings(ks []search.Kind) []string {
	out := make([]string, len(ks))
	for i, k := range ks {
		out[i] = string(k)
	}
	return out
}

// searchHits reads the page's documents, in the order of ids, and builds
// their snippets.
func (db *DB) searchHits(ctx context.Context, ids []int64, scores map[int64]float64, p search.Parsed) ([]search.Hit, error) {
	if len(ids) == 0 {
		return nil, nil
	}
	args := make([]any, len(ids))
	for i, id := range ids {
		args[i] = id
	}
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT id, kind, doc_id, title, body, url, unit, doc_time, period, legacy_id
		FROM search_doc WHERE id IN (`+placeholders(len(ids))+`)`), args...)
	if err != nil {
		return nil, fmt.Errorf("search: %w", err)
	}
	defer rows.Close()
	terms := p.Terms()
	byID := make(map[int64]search.Hit, len(ids))
	for rows.Next() {
		var id int64
		var h search.Hit
		var kind, body, at string
		if err := rows.Scan(&id, &kind, &h.ID, &h.Title, &body, &h.URL, &h.Unit, &at, &h.Period, &h.LegacyID); err != nil {
			return nil, err
		}
		h.Kind, h.Score = search.Kind(kind), scores[id]
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
	out := make([]search.Hit, 0, len(ids))
	for _, id := range ids {
		if h, ok := byID[id]; ok {
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

package sqlstore_test

import (
	"context"
	"database/sql"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"giaoban/internal/search"
	"giaoban/internal/sqlstore"
	"giaoban/internal/vntext"
)

// BenchmarkSearch indexes synthetic Vietnamese articles (search.Synth;
// 100,000 unless GIAOBAN_SEARCH_BENCH_DOCS says otherwise) and times
// two-word queries taken from the articles themselves (half of them typed
// without diacritics), through the whole search: parse, count by kind, rank,
// read the page and build its snippets. Target: p99 < 20 ms on 100,000
// articles. The same run measures its baseline on the same articles: a
// plain full-text table over the original text (SQLite FTS5 unicode61
// remove_diacritics 2; PostgreSQL to_tsvector('simple') with a GIN index)
// answering the same queries with a count and the top 20 by rank.
//
//	go test -run '^$' -bench BenchmarkSearch$ -benchtime 1x ./internal/sqlstore
func BenchmarkSearch(b *testing.B) {
	n := 100_000
	if v := os.Getenv("GIAOBAN_SEARCH_BENCH_DOCS"); v != "" {
		n, _ = strconv.Atoi(v)
	}
	t0 := time.Now()
	docs := synthDocs(n)
	queries := synthQueries(docs, 1000)
	b.Logf("%d articles generated in %v (%s), %d queries", n, time.Since(t0).Round(time.Millisecond), search.NewSynth(1), len(queries))
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			db := newBenchDB(b, backend)
			ctx := context.Background()
			for i := 0; i < b.N; i++ {
				rate := indexAll(b, db, docs)
				lat, hits := timeQueries(b, queries, func(q string) (int, error) {
					res, err := db.Search(ctx, search.Query{Text: q, PublicOnly: true, Limit: 20})
					return res.Total, err
				})
				base, err := openBaseline(b, db, backend)
				if err != nil {
					b.Fatal(err)
				}
				baseRate := base.index(b, docs)
				baseLat, baseHits := timeQueries(b, queries, base.query)
				p := func(l []time.Duration, q float64) float64 { return ms(percentile(l, q)) }
				b.ReportMetric(rate, "docs/s")
				b.ReportMetric(p(lat, 0.50), "p50-ms")
				b.ReportMetric(p(lat, 0.99), "p99-ms")
				b.ReportMetric(baseRate, "base-docs/s")
				b.ReportMetric(p(baseLat, 0.50), "base-p50-ms")
				b.ReportMetric(p(baseLat, 0.99), "base-p99-ms")
				fmt.Printf("search %s, %d articles: ours %.0f docs/s, query p50 %.2f ms p99 %.2f ms max %.2f ms (%d matches/query); baseline (%s) %.0f docs/s, p50 %.2f ms p99 %.2f ms max %.2f ms (%d matches/query)\n",
					backend, len(docs), rate, p(lat, .5), p(lat, .99), p(lat, 1), hits/len(queries),
					base.name, baseRate, p(baseLat, .5), p(baseLat, .99), p(baseLat, 1), baseHits/len(queries))
			}
		})
	}
}

func ms(d time.Duration) float64 { return float64(d.Microseconds()) / 1000 }

func percentile(l []time.Duration, q float64) time.Duration {
	s := slices.Clone(l)
	slices.Sort(s)
	i := int(q * float64(len(s)-1))
	return s[i]
}

// synthDocs generates n public articles.
func synthDocs(n int) []search.Doc {
	g := search.NewSynth(20190328)
	docs := make([]search.Doc, n)
	day := time.Date(2019, 1, 1, 8, 0, 0, 0, time.UTC)
	for i := range docs {
		a := g.Article()
		id := strconv.Itoa(i + 1)
		docs[i] = search.Doc{Kind: search.KindNews, ID: id, Title: a.Title, Body: a.Body, URL: "/tin/" + id,
			Public: true, Date: day.Add(time.Duration(i) * 37 * time.Minute)}
	}
	return docs
}

// synthQueries takes two adjacent words of random articles' bodies; every
// other query is typed without diacritics.
func synthQueries(docs []search.Doc, n int) []string {
	rng := rand.New(rand.NewPCG(7, 7))
	var out []string
	for len(out) < n {
		d := docs[rng.IntN(len(docs))]
		ws := strings.FieldsFunc(d.Body, func(r rune) bool { return r == ' ' || r == '\n' || r == ',' || r == '.' })
		if len(ws) < 2 {
			continue
		}
		i := rng.IntN(len(ws) - 1)
		q := ws[i] + " " + ws[i+1]
		if len(out)%2 == 1 {
			q = vntext.Fold(q)
		}
		out = append(out, q)
	}
	return out
}

// indexAll indexes docs in batches of 1,000, then optimizes the index as
// an import does, and returns documents per second (optimizing included).
func indexAll(b *testing.B, db *sqlstore.DB, docs []search.Doc) float64 {
	ctx := context.Background()
	t0 := time.Now()
	for i := 0; i < len(docs); i += 1000 {
		if err := db.IndexDocs(ctx, docs[i:min(i+1000, len(docs))]); err != nil {
			b.Fatal(err)
		}
	}
	if err := db.OptimizeSearch(ctx); err != nil {
		b.Fatal(err)
	}
	return float64(len(docs)) / time.Since(t0).Seconds()
}

// timeQueries runs each query once (after one warm-up pass over the first
// tenth) and returns the latencies and the number of matches.
func timeQueries(b *testing.B, queries []string, run func(q string) (int, error)) ([]time.Duration, int) {
	for _, q := range queries[:len(queries)/10] {
		if _, err := run(q); err != nil {
			b.Fatalf("%q: %v", q, err)
		}
	}
	lat := make([]time.Duration, 0, len(queries))
	total := 0
	for _, q := range queries {
		t0 := time.Now()
		n, err := run(q)
		if err != nil {
			b.Fatalf("%q: %v", q, err)
		}
		lat = append(lat, time.Since(t0))
		total += n
	}
	return lat, total
}

// baseline is a plain full-text table over the original text.
type baseline struct {
	name  string
	db    *sql.DB
	pg    bool
	count *sql.Stmt
	top   *sql.Stmt
}

func openBaseline(b *testing.B, db *sqlstore.DB, backend string) (*baseline, error) {
	if backend == "postgres" {
		raw, err := sql.Open("pgx", db.DSN)
		if err != nil {
			return nil, err
		}
		b.Cleanup(func() { raw.Close() })
		for _, stmt := range []string{
			`CREATE TABLE plain (id BIGINT PRIMARY KEY, title TEXT NOT NULL, body TEXT NOT NULL, tsv TSVECTOR NOT NULL)`,
			`CREATE INDEX plain_tsv ON plain USING GIN (tsv)`,
		} {
			if _, err := raw.Exec(stmt); err != nil {
				return nil, err
			}
		}
		return &baseline{name: "PostgreSQL to_tsvector('simple') over the original text", db: raw, pg: true}, nil
	}
	raw, err := sql.Open("sqlite", "file:"+filepath.Join(b.TempDir(), "plain.db")+"?_pragma=journal_mode(WAL)&_pragma=synchronous(NORMAL)")
	if err != nil {
		return nil, err
	}
	raw.SetMaxOpenConns(1)
	b.Cleanup(func() { raw.Close() })
	if _, err := raw.Exec(`CREATE VIRTUAL TABLE plain USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
		return nil, err
	}
	return &baseline{name: "SQLite FTS5 unicode61 remove_diacritics 2 over the original text", db: raw}, nil
}

func (p *baseline) index(b *testing.B, docs []search.Doc) float64 {
	t0 := time.Now()
	ins := `INSERT INTO plain (rowid, title, body) VALUES (?, ?, ?)`
	if p.pg {
		ins = `INSERT INTO plain (id, title, body, tsv) VALUES ($1, $2, $3, setweight(to_tsvector('simple', $2), 'A') || setweight(to_tsvector('simple', $3), 'B'))`
	}
	for i := 0; i < len(docs); i += 1000 {
		tx, err := p.db.Begin()
		if err != nil {
			b.Fatal(err)
		}
		st, err := tx.Prepare(ins)
		if err != nil {
			b.Fatal(err)
		}
		for j := i; j < min(i+1000, len(docs)); j++ {
			if _, err := st.Exec(j+1, docs[j].Title, docs[j].Body); err != nil {
				b.Fatal(err)
			}
		}
		st.Close()
		if err := tx.Commit(); err != nil {
			b.Fatal(err)
		}
	}
	opt := `INSERT INTO plain (plain) VALUES ('optimize')`
	if p.pg {
		opt = `ANALYZE plain`
	}
	if _, err := p.db.Exec(opt); err != nil {
		b.Fatal(err)
	}
	rate := float64(len(docs)) / time.Since(t0).Seconds()
	var err error
	if p.pg {
		p.count, err = p.db.Prepare(`SELECT COUNT(*) FROM plain WHERE tsv @@ plainto_tsquery('simple', $1)`)
		if err == nil {
			p.top, err = p.db.Prepare(`SELECT id FROM plain WHERE tsv @@ plainto_tsquery('simple', $1) ORDER BY ts_rank_cd('{0.1, 0.2, 0.1, 1.0}', tsv, plainto_tsquery('simple', $1)) DESC LIMIT 20`)
		}
	} else {
		p.count, err = p.db.Prepare(`SELECT COUNT(*) FROM plain WHERE plain MATCH ?`)
		if err == nil {
			p.top, err = p.db.Prepare(`SELECT rowid FROM plain WHERE plain MATCH ? ORDER BY bm25(plain, 10.0, 1.0) LIMIT 20`)
		}
	}
	if err != nil {
		b.Fatal(err)
	}
	return rate
}

// ftsQuery writes typed words as an FTS5 query: each word quoted, ANDed.
func ftsQuery(q string) string {
	var parts []string
	for _, w := range strings.FieldsFunc(q, func(r rune) bool { return !(r == '_' || isWordRune(r)) }) {
		parts = append(parts, `"`+w+`"`)
	}
	return strings.Join(parts, " ")
}

func isWordRune(r rune) bool {
	return strings.ContainsRune("0123456789", r) || (r >= 'a' && r <= 'z') || (r >= 'A' && r <= 'Z') || r > 127
}

func (p *baseline) query(q string) (int, error) {
	arg := q
	if !p.pg {
		arg = ftsQuery(q)
		if arg == "" {
			return 0, nil
		}
	}
	var n int
	if err := p.count.QueryRow(arg).Scan(&n); err != nil {
		return 0, err
	}
	rows, err := p.top.Query(arg)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
	}
	rows.Close()
	return n, rows.Err()
}

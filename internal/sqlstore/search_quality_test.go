package sqlstore_test

import (
	"bufio"
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"math/rand/v2"
	"os"
	"path/filepath"
	"strconv"
	"strings"
	"testing"
	"unicode"

	"golang.org/x/text/unicode/norm"

	"giaoban/internal/apptest"
	"giaoban/internal/search"
	"giaoban/internal/sqlstore"
	"giaoban/internal/vntext"
)

// The quality check: real articles (../shared/data/corpus-vi, loaded at
// run time, never copied), and known-item queries built from each
// article's own title — typed as written, without diacritics, with the
// other tone placement, with đ typed as d, in NFD, and with an
// abbreviation in the article swapped for its expansion or back. Our
// search is compared with a plain SQLite FTS5 table (unicode61
// remove_diacritics 2) over the original text, on the same articles.

type corpusArticle struct {
	ID    string `json:"id"`
	Title string `json:"title"`
	Body  string `json:"body"`
}

func loadCorpusVI(tb testing.TB) []corpusArticle {
	tb.Helper()
	f, err := os.Open(apptest.SharedData(tb, filepath.Join("corpus-vi", "corpus.jsonl")))
	if err != nil {
		tb.Fatal(err)
	}
	defer f.Close()
	var out []corpusArticle
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var a corpusArticle
		if err := json.Unmarshal(sc.Bytes(), &a); err != nil {
			tb.Fatalf("corpus line %d: %v", len(out)+1, err)
		}
		out = append(out, a)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return out
}

// qualityQuery is a query whose known answer is the article target.
type qualityQuery struct {
	kind   string
	text   string
	target int
}

// The kinds of queries, in print order.
var qualityKinds = []string{"as written", "no diacritics", "tone placement", "đ as d", "NFD", "abbreviation"}

// wordsOf splits text into words (letters, digits and marks).
func wordsOf(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !(unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r))
	})
}

// toneSwaps maps a syllable ending to the other tone placement.
var toneSwaps = func() map[string]string {
	pairs := [][2]string{}
	for _, v := range []struct{ a, b string }{{"o", "a"}, {"o", "e"}, {"u", "y"}} {
		for _, tone := range []string{"\u0300", "\u0301", "\u0303", "\u0309", "\u0323"} {
			old := norm.NFC.String(v.a + v.b + tone) // hoà, oè, uỷ
			neu := norm.NFC.String(v.a + tone + v.b) // hòa, òe, ủy
			pairs = append(pairs, [2]string{old, neu})
		}
	}
	m := map[string]string{}
	for _, p := range pairs {
		m[p[0]], m[p[1]] = p[1], p[0]
		up := func(s string) string { r := []rune(s); r[0] = unicode.ToUpper(r[0]); return string(r) }
		m[up(p[0])], m[up(p[1])] = up(p[1]), up(p[0])
	}
	return m
}()

// swapTone returns w with its final vowel pair in the other tone
// placement, or "" when it has none.
func swapTone(w string) string {
	r := []rune(w)
	if len(r) < 2 {
		return ""
	}
	if alt, ok := toneSwaps[string(r[len(r)-2:])]; ok {
		return string(r[:len(r)-2]) + alt
	}
	return ""
}

// window returns three words of ws around i (fewer when ws is short).
func window(ws []string, i int) []string {
	lo := max(0, min(i-1, len(ws)-3))
	return ws[lo:min(lo+3, len(ws))]
}

// qualityQueries builds the queries of each article, deterministically.
func qualityQueries(docs []corpusArticle) []qualityQuery {
	rng := rand.New(rand.NewPCG(28, 3))
	var abbrs []vntext.Abbreviation
	for _, a := range vntext.Abbreviations() {
		if !a.Ambiguous && !a.Derived && len(vntext.Tokens(a.Expansion)) > 1 && len(vntext.Tokens(a.Abbr)) == 1 {
			abbrs = append(abbrs, a)
		}
	}
	var out []qualityQuery
	for ti, d := range docs {
		ws := wordsOf(norm.NFC.String(d.Title))
		if len(ws) < 3 {
			continue
		}
		add := func(kind string, words []string) {
			out = append(out, qualityQuery{kind: kind, text: strings.Join(words, " "), target: ti})
		}
		w := window(ws, rng.IntN(len(ws)))
		add("as written", w)
		add("no diacritics", strings.Fields(vntext.Fold(strings.Join(w, " "))))
		add("NFD", strings.Fields(norm.NFD.String(strings.Join(w, " "))))
		for i, x := range ws {
			if alt := swapTone(x); alt != "" {
				q := append([]string{}, window(ws, i)...)
				for k := range q {
					if q[k] == x {
						q[k] = alt
					}
				}
				add("tone placement", q)
				break
			}
		}
		for i, x := range ws {
			if strings.ContainsAny(x, "đĐ") {
				q := append([]string{}, window(ws, i)...)
				for k := range q {
					q[k] = strings.NewReplacer("đ", "d", "Đ", "D").Replace(q[k])
				}
				add("đ as d", q)
				break
			}
		}
		// An abbreviation in the article, swapped, with two title words.
		text := " " + strings.Join(vntext.Tokens(d.Title+" "+d.Body), " ") + " "
		rawWords := " " + strings.Join(wordsOf(d.Title+" "+d.Body), " ") + " "
		two := window(ws, rng.IntN(len(ws)))[:2]
		for _, a := range abbrs {
			exp := " " + strings.Join(vntext.Tokens(a.Expansion), " ") + " "
			switch {
			case strings.Contains(rawWords, " "+a.Abbr+" "):
				add("abbreviation", append(strings.Fields(a.Expansion), two...))
			case strings.Contains(text, exp):
				add("abbreviation", append([]string{a.Abbr}, two...))
			default:
				continue
			}
			break
		}
	}
	return out
}

// plainFTS is the baseline: FTS5 over the original text.
type plainFTS struct{ db *sql.DB }

func newPlainFTS(tb testing.TB, docs []corpusArticle) *plainFTS {
	tb.Helper()
	db, err := sql.Open("sqlite", "file:"+filepath.Join(tb.TempDir(), "plain.db"))
	if err != nil {
		tb.Fatal(err)
	}
	db.SetMaxOpenConns(1)
	tb.Cleanup(func() { db.Close() })
	if _, err := db.Exec(`CREATE VIRTUAL TABLE plain USING fts5(title, body, tokenize = 'unicode61 remove_diacritics 2')`); err != nil {
		tb.Fatal(err)
	}
	tx, _ := db.Begin()
	for i, d := range docs {
		if _, err := tx.Exec(`INSERT INTO plain (rowid, title, body) VALUES (?, ?, ?)`, i+1, d.Title, d.Body); err != nil {
			tb.Fatal(err)
		}
	}
	if err := tx.Commit(); err != nil {
		tb.Fatal(err)
	}
	return &plainFTS{db}
}

// top returns the article indexes of the best n matches.
func (p *plainFTS) top(q string, n int) ([]int, error) {
	m := ftsQuery(q)
	if m == "" {
		return nil, nil
	}
	rows, err := p.db.Query(`SELECT rowid FROM plain WHERE plain MATCH ? ORDER BY bm25(plain, 10.0, 1.0) LIMIT ?`, m, n)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var id int
		rows.Scan(&id)
		out = append(out, id-1)
	}
	return out, rows.Err()
}

// indexCorpus indexes the articles as public news whose unit is their
// index (so that a query restricted to that unit says whether the article
// matches at all).
func indexCorpus(tb testing.TB, db *sqlstore.DB, docs []corpusArticle) {
	tb.Helper()
	out := make([]search.Doc, len(docs))
	for i, d := range docs {
		out[i] = search.Doc{Kind: search.KindNews, ID: d.ID, Title: d.Title, Body: d.Body, Public: true, Unit: strconv.Itoa(i)}
	}
	if err := db.IndexDocs(context.Background(), out); err != nil {
		tb.Fatal(err)
	}
}

// ourTop returns the article indexes of our best n hits.
func ourTop(db *sqlstore.DB, byID map[string]int, q string, n int) ([]int, error) {
	res, err := db.Search(context.Background(), search.Query{Text: q, PublicOnly: true, Limit: n})
	if err != nil {
		return nil, err
	}
	var out []int
	for _, h := range res.Hits {
		out = append(out, byID[h.ID])
	}
	return out, nil
}

// ourAll returns the article indexes of every hit, page by page.
func ourAll(db *sqlstore.DB, byID map[string]int, q string) ([]int, error) {
	var out []int
	for off := 0; ; off += 100 {
		res, err := db.Search(context.Background(), search.Query{Text: q, PublicOnly: true, Limit: 100, Offset: off})
		if err != nil {
			return nil, err
		}
		for _, h := range res.Hits {
			out = append(out, byID[h.ID])
		}
		if len(res.Hits) < 100 {
			return out, nil
		}
	}
}

// ourMatches reports whether article i matches q at all.
func ourMatches(db *sqlstore.DB, q string, i int) (bool, error) {
	res, err := db.Search(context.Background(), search.Query{Text: q, AllUnits: true, OnlyUnits: []string{strconv.Itoa(i)}, Limit: 1})
	return res.Total > 0, err
}

func contains(s []int, x int) bool {
	for _, v := range s {
		if v == x {
			return true
		}
	}
	return false
}

// BenchmarkSearchQuality prints recall@10 (the article the query was
// made from is among the first ten hits) for our search and for plain
// FTS5, by kind of query, on the 1,100 articles of the shared corpus.
//
//	go test -run '^$' -bench BenchmarkSearchQuality -benchtime 1x ./internal/sqlstore
func BenchmarkSearchQuality(b *testing.B) {
	docs := loadCorpusVI(b)
	queries := qualityQueries(docs)
	byID := map[string]int{}
	for i, d := range docs {
		byID[d.ID] = i
	}
	plain := newPlainFTS(b, docs)
	for _, backend := range []string{"sqlite", "postgres"} {
		b.Run(backend, func(b *testing.B) {
			db := newBenchDB(b, backend)
			indexCorpus(b, db, docs)
			for i := 0; i < b.N; i++ {
				type tally struct{ n, ours, fts, oursAny, ftsAny int }
				t := map[string]*tally{}
				all := &tally{}
				for _, q := range queries {
					ours, err := ourTop(db, byID, q.text, 10)
					if err != nil {
						b.Fatal(err)
					}
					fts, err := plain.top(q.text, 10)
					if err != nil {
						b.Fatal(err)
					}
					ftsAll, err := plain.top(q.text, len(docs))
					if err != nil {
						b.Fatal(err)
					}
					any, err := ourMatches(db, q.text, q.target)
					if err != nil {
						b.Fatal(err)
					}
					for _, x := range []*tally{t[q.kind], all} {
						if x == nil {
							x = &tally{}
							t[q.kind] = x
						}
						x.n++
						if contains(ours, q.target) {
							x.ours++
						}
						if contains(fts, q.target) {
							x.fts++
						}
						if any {
							x.oursAny++
						}
						if contains(ftsAll, q.target) {
							x.ftsAny++
						}
					}
				}
				pct := func(a, n int) float64 { return 100 * float64(a) / float64(max(n, 1)) }
				fmt.Printf("search quality on %s, %d articles, %d queries (recall@10 = the article the query came from is in the first 10; found = it matches at all)\n", backend, len(docs), len(queries))
				fmt.Printf("  %-16s %7s %14s %14s %12s %12s\n", "query", "queries", "ours @10", "FTS5 @10", "ours found", "FTS5 found")
				for _, k := range append(qualityKinds, "all") {
					x := all
					if k != "all" {
						x = t[k]
					}
					if x == nil {
						continue
					}
					fmt.Printf("  %-16s %7d %13.1f%% %13.1f%% %11.1f%% %11.1f%%\n", k, x.n, pct(x.ours, x.n), pct(x.fts, x.n), pct(x.oursAny, x.n), pct(x.ftsAny, x.n))
				}
				b.ReportMetric(pct(all.ours, all.n), "ours-recall@10-%")
				b.ReportMetric(pct(all.fts, all.n), "fts5-recall@10-%")
			}
		})
	}
}

// TestSearchFindsWhatFTS5Finds: on the first 100 articles of the corpus,
// every document plain FTS5 finds for a query, ours finds too, and ours
// finds the article each query was made from (which FTS5 misses for đ,
// NFD and abbreviations).
func TestSearchFindsWhatFTS5Finds(t *testing.T) {
	docs := loadCorpusVI(t)[:100]
	queries := qualityQueries(docs)
	byID := map[string]int{}
	for i, d := range docs {
		byID[d.ID] = i
	}
	plain := newPlainFTS(t, docs)
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		indexCorpus(t, db, docs)
		missedByFTS := map[string]int{}
		for _, q := range queries {
			ours, err := ourAll(db, byID, q.text)
			if err != nil {
				t.Fatal(err)
			}
			fts, err := plain.top(q.text, len(docs))
			if err != nil {
				t.Fatal(err)
			}
			for _, x := range fts {
				if !contains(ours, x) {
					t.Errorf("%s %q: FTS5 finds %s, ours does not", q.kind, q.text, docs[x].ID)
				}
			}
			if !contains(ours, q.target) {
				t.Errorf("%s %q: ours misses %s", q.kind, q.text, docs[q.target].ID)
			}
			if !contains(fts, q.target) {
				missedByFTS[q.kind]++
			}
		}
		for _, k := range []string{"đ as d", "abbreviation"} {
			if missedByFTS[k] == 0 {
				t.Errorf("no %s query that FTS5 misses: the check proves nothing", k)
			}
		}
		t.Logf("%d queries; FTS5 misses the article of %v", len(queries), missedByFTS)
	})
}

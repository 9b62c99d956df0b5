package search

import (
	"slices"
	"strings"
	"time"
)

// Ranking happens here, in Go, the same for both databases: SQLite's FTS5
// and PostgreSQL's GIN index only find the matching documents (newest
// first), and the candidates are scored from their stored keys. So both
// databases return not only the same documents but in the same order, and
// no query pays for scoring every match: FTS5's bm25() reads the whole
// document list of each query term to compute its IDF, which for a common
// word on 100,000 articles costs more than the whole latency budget.
//
// The score is BM25F without IDF (every candidate contains every term of
// the query, so IDF would only reweigh terms against each other): for each
// term, k1-saturated term frequency with length normalisation, the title
// weighted TitleWeight times the body; an OR of alternatives scores its
// best alternative; a document where the unquoted words stand together
// scores double. Ties go to the newer document.

// TitleWeight is how much a title occurrence outweighs a body occurrence.
const TitleWeight = 10

const (
	bm25K1        = 1.2
	bm25B         = 0.75
	avgTitleWords = 12  // typical title length, in tokens
	avgBodyWords  = 400 // typical body length, in tokens
)

// Candidate is a matching document as the store found it.
type Candidate struct {
	ID       int64
	KeyTitle string // Key(title)
	KeyBody  string // Key(body)
	Time     time.Time
}

// Scored is a ranked candidate.
type Scored struct {
	ID    int64
	Score float64
}

// Rank scores the candidates for p and returns them best first.
func Rank(p Parsed, cands []Candidate) []Scored {
	sc := newScorer(p)
	out := make([]Scored, len(cands))
	for i := range cands {
		out[i] = Scored{ID: cands[i].ID, Score: sc.score(cands[i].KeyTitle, cands[i].KeyBody)}
	}
	order := make([]int, len(cands))
	for i := range order {
		order[i] = i
	}
	slices.SortStableFunc(order, func(a, b int) int {
		if out[a].Score != out[b].Score {
			if out[a].Score > out[b].Score {
				return -1
			}
			return 1
		}
		if c := cands[b].Time.Compare(cands[a].Time); c != 0 {
			return c
		}
		if cands[a].ID > cands[b].ID {
			return -1
		}
		if cands[a].ID < cands[b].ID {
			return 1
		}
		return 0
	})
	ranked := make([]Scored, len(order))
	for i, j := range order {
		ranked[i] = out[j]
	}
	return ranked
}

// scorer counts the query's terms in a document's keys. A key is tokens
// joined by single spaces, so a term occurs where its tokens joined by
// spaces occur between spaces (or the ends): counting is a few
// strings.Index scans per document.
type scorer struct {
	p     Parsed
	terms []string       // every distinct term, tokens joined by spaces
	pats  []string       // " term "
	index map[string]int // term → position in terms

	plan     [][][]int // clause → alternative → term indexes
	adjacent int       // index of Adjacent, -1 when none
	tt, tb   []int     // counters, reused per document
}

func newScorer(p Parsed) *scorer {
	s := &scorer{p: p, index: map[string]int{}, adjacent: -1}
	add := func(t Term) int {
		k := strings.Join(t, " ")
		i, ok := s.index[k]
		if !ok {
			i = len(s.terms)
			s.index[k] = i
			s.terms = append(s.terms, k)
			s.pats = append(s.pats, " "+k+" ")
		}
		return i
	}
	s.plan = make([][][]int, len(p.Clauses))
	for ci, c := range p.Clauses {
		s.plan[ci] = make([][]int, len(c))
		for ai, alt := range c {
			for _, t := range alt {
				s.plan[ci][ai] = append(s.plan[ci][ai], add(t))
			}
		}
	}
	if len(p.Adjacent) > 0 {
		s.adjacent = add(p.Adjacent)
	}
	s.tt, s.tb = make([]int, len(s.terms)), make([]int, len(s.terms))
	return s
}

// counts fills tf with the occurrences of each term in key and returns
// the key's length in tokens.
func (s *scorer) counts(key string, tf []int) int {
	if key == "" {
		clear(tf)
		return 0
	}
	for i, t := range s.terms {
		tf[i] = occurrences(key, t, s.pats[i])
	}
	return strings.Count(key, " ") + 1
}

// occurrences counts term in key at token boundaries: " term " inside
// (pat), and "term " and " term" at the ends.
func occurrences(key, term, pat string) int {
	if len(key) < len(term) {
		return 0
	}
	if len(key) == len(term) {
		if key == term {
			return 1
		}
		return 0
	}
	n := 0
	if key[:len(term)] == term && key[len(term)] == ' ' {
		n++
	}
	if key[len(key)-len(term)-1] == ' ' && key[len(key)-len(term):] == term {
		n++
	}
	// Consecutive occurrences share a space: resume on it.
	for i := 0; i < len(key); {
		j := strings.Index(key[i:], pat)
		if j < 0 {
			break
		}
		n++
		i += j + len(pat) - 1
	}
	return n
}

func saturate(tf int, length, avg float64) float64 {
	if tf == 0 {
		return 0
	}
	f := float64(tf)
	return f * (bm25K1 + 1) / (f + bm25K1*(1-bm25B+bm25B*length/avg))
}

func (s *scorer) score(keyTitle, keyBody string) float64 {
	tt, tb := s.tt, s.tb
	lt := s.counts(keyTitle, tt)
	lb := s.counts(keyBody, tb)
	total := 0.0
	for _, c := range s.plan {
		best := 0.0
		for _, alt := range c {
			sum := 0.0
			for _, i := range alt {
				sum += TitleWeight*saturate(tt[i], float64(lt), avgTitleWords) + saturate(tb[i], float64(lb), avgBodyWords)
			}
			best = max(best, sum)
		}
		total += best
	}
	if s.adjacent >= 0 && (tt[s.adjacent] > 0 || tb[s.adjacent] > 0) {
		total *= 2
	}
	return total
}

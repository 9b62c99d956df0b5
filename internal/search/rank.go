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

// scorer counts the query's terms in a document's keys.
type scorer struct {
	p     Parsed
	terms []Term         // every distinct term, Adjacent last when set
	index map[string]int // term key → position in terms
	vocab map[string]bool
}

func newScorer(p Parsed) *scorer {
	s := &scorer{p: p, index: map[string]int{}, vocab: map[string]bool{}}
	add := func(t Term) {
		k := strings.Join(t, " ")
		if _, ok := s.index[k]; !ok {
			s.index[k] = len(s.terms)
			s.terms = append(s.terms, t)
			for _, tok := range t {
				s.vocab[tok] = true
			}
		}
	}
	for _, t := range p.Terms() {
		add(t)
	}
	if len(p.Adjacent) > 0 {
		add(p.Adjacent)
	}
	return s
}

// counts returns the occurrences of each term in key and its length in
// tokens. It scans the key once, without allocating per token.
func (s *scorer) counts(key string, tf []int) int {
	for i := range tf {
		tf[i] = 0
	}
	// The last tokens, for phrases (a ring; phrases are shorter than it).
	var ring [ringSize]string
	n := 0
	for rest := key; len(rest) > 0; {
		i := strings.IndexByte(rest, ' ')
		var tok string
		if i < 0 {
			tok, rest = rest, ""
		} else {
			tok, rest = rest[:i], rest[i+1:]
		}
		if tok == "" {
			continue
		}
		ring[n%ringSize] = tok
		n++
		if !s.vocab[tok] {
			continue
		}
		for ti, t := range s.terms {
			if len(t) > n || len(t) > ringSize || t[len(t)-1] != tok {
				continue
			}
			match := true
			for k := 0; k < len(t)-1; k++ {
				if ring[(n-len(t)+k)%ringSize] != t[k] {
					match = false
					break
				}
			}
			if match {
				tf[ti]++
			}
		}
	}
	return n
}

// ringSize bounds the phrases counted (a query has at most maxTokens).
const ringSize = 32

func saturate(tf int, length, avg float64) float64 {
	if tf == 0 {
		return 0
	}
	f := float64(tf)
	return f * (bm25K1 + 1) / (f + bm25K1*(1-bm25B+bm25B*length/avg))
}

func (s *scorer) score(keyTitle, keyBody string) float64 {
	tt := make([]int, len(s.terms))
	tb := make([]int, len(s.terms))
	lt := s.counts(keyTitle, tt)
	lb := s.counts(keyBody, tb)
	termScore := func(t Term) float64 {
		i := s.index[strings.Join(t, " ")]
		return TitleWeight*saturate(tt[i], float64(lt), avgTitleWords) + saturate(tb[i], float64(lb), avgBodyWords)
	}
	total := 0.0
	for _, c := range s.p.Clauses {
		best := 0.0
		for _, alt := range c {
			sum := 0.0
			for _, t := range alt {
				sum += termScore(t)
			}
			best = max(best, sum)
		}
		total += best
	}
	if len(s.p.Adjacent) > 0 {
		i := s.index[strings.Join(s.p.Adjacent, " ")]
		if tt[i] > 0 || tb[i] > 0 {
			total *= 2
		}
	}
	return total
}

package search

import (
	"strings"

	"giaoban/internal/vntext"
)

// A parsed query is a boolean expression over folded tokens that both
// stores translate into their own syntax (FTS5 MATCH, PostgreSQL tsquery),
// so that SQLite and PostgreSQL answer the same question.
//
// The query is an AND of clauses. Each quoted phrase is one clause; the
// unquoted words together are another. A clause is an OR of alternatives
// (the words as typed, and the sequences vntext.ExpandQuery derives by
// swapping abbreviations and their expansions); an alternative is an AND
// of terms; a term is one token or a phrase of adjacent tokens.

// Term is one folded token, or several that must be adjacent and in order.
type Term []string

// Conj is an AND of terms.
type Conj []Term

// Clause is an OR of alternatives.
type Clause []Conj

// Parsed is a query ready for a store.
type Parsed struct {
	Clauses []Clause
	// Adjacent is the unquoted words as one phrase when there are several:
	// documents where they stand together rank higher.
	Adjacent Term
}

// Empty reports whether the query has nothing to search for.
func (p Parsed) Empty() bool { return len(p.Clauses) == 0 }

// Terms returns every term of every alternative, for highlighting.
func (p Parsed) Terms() []Term {
	var out []Term
	seen := map[string]bool{}
	for _, c := range p.Clauses {
		for _, a := range c {
			for _, t := range a {
				k := strings.Join(t, " ")
				if !seen[k] {
					seen[k] = true
					out = append(out, t)
				}
			}
		}
	}
	return out
}

// maxTokens bounds a query: more words than this are ignored.
const maxTokens = 24

// maxTokenLen drops absurd tokens from keys and queries (PostgreSQL
// refuses lexemes over 2 KB; nobody searches for 64 letters).
const maxTokenLen = 64

// Key returns the index key of a text: its folded tokens joined by single
// spaces. Both stores index exactly this string.
func Key(s string) string {
	toks := vntext.Tokens(s)
	n := 0
	for _, t := range toks {
		if len(t) <= maxTokenLen {
			toks[n] = t
			n++
		}
	}
	return strings.Join(toks[:n], " ")
}

// Parse parses a query as typed: words, "quoted phrases" (straight or
// curly quotes), in any normalisation, with or without diacritics.
func Parse(text string) Parsed {
	var p Parsed
	var loose []string
	budget := maxTokens
	for i, part := range splitQuotes(text) {
		if budget <= 0 {
			break
		}
		if i%2 == 0 {
			loose = append(loose, part)
			continue
		}
		toks := vntext.Tokens(part)
		if len(toks) == 0 {
			continue
		}
		if len(toks) > budget {
			part = strings.Join(toks[:budget], " ")
		}
		budget -= len(toks)
		var c Clause
		for _, alt := range vntext.ExpandQuery(part) {
			c = addConj(c, Conj{clean(alt)})
		}
		if len(c) > 0 {
			p.Clauses = append(p.Clauses, c)
		}
	}
	words := strings.Join(loose, " ")
	toks := vntext.Tokens(words)
	if budget < 0 {
		budget = 0
	}
	if len(toks) > budget {
		toks = toks[:budget]
		words = strings.Join(toks, " ")
	}
	if len(toks) > 0 {
		alts := vntext.ExpandQuery(words)
		orig := alts[0]
		var c Clause
		for _, alt := range alts {
			c = addConj(c, diffTerms(orig, alt))
		}
		// The words as typed come first, then the quoted phrases.
		p.Clauses = append([]Clause{c}, p.Clauses...)
		if len(orig) > 1 {
			p.Adjacent = clean(orig)
		}
	}
	return p
}

// clean drops over-long tokens.
func clean(t []string) Term {
	out := make(Term, 0, len(t))
	for _, x := range t {
		if len(x) <= maxTokenLen {
			out = append(out, x)
		}
	}
	return out
}

func addConj(c Clause, a Conj) Clause {
	if len(a) == 0 {
		return c
	}
	k := conjKey(a)
	for _, x := range c {
		if conjKey(x) == k {
			return c
		}
	}
	return append(c, a)
}

func conjKey(a Conj) string {
	var b strings.Builder
	for _, t := range a {
		b.WriteString(strings.Join(t, " "))
		b.WriteByte('|')
	}
	return b.String()
}

// splitQuotes splits s at double quotes: even parts are outside quotes,
// odd parts inside. An unmatched last quote opens nothing.
func splitQuotes(s string) []string {
	s = strings.NewReplacer("“", `"`, "”", `"`, "„", `"`, "«", `"`, "»", `"`).Replace(s)
	parts := strings.Split(s, `"`)
	if len(parts)%2 == 0 { // odd number of quotes: the last one is literal
		last := parts[len(parts)-1]
		parts = parts[:len(parts)-1]
		parts[len(parts)-1] += " " + last
	}
	return parts
}

// diffTerms turns an alternative of the unquoted words into terms: tokens
// it shares with the words as typed stay single tokens (ANDed), and each
// run of tokens that replaced something ("mat tran to quoc" for "mttq")
// becomes a phrase.
func diffTerms(orig, alt []string) Conj {
	n, m := len(orig), len(alt)
	// lcs[i][j] is the LCS length of orig[i:] and alt[j:].
	lcs := make([][]int, n+1)
	for i := range lcs {
		lcs[i] = make([]int, m+1)
	}
	for i := n - 1; i >= 0; i-- {
		for j := m - 1; j >= 0; j-- {
			if orig[i] == alt[j] {
				lcs[i][j] = lcs[i+1][j+1] + 1
			} else {
				lcs[i][j] = max(lcs[i+1][j], lcs[i][j+1])
			}
		}
	}
	var out Conj
	var run Term
	flush := func() {
		if len(run) > 0 {
			out = append(out, run)
			run = nil
		}
	}
	i, j := 0, 0
	for j < m {
		switch {
		case i < n && orig[i] == alt[j]:
			flush()
			out = append(out, Term{alt[j]})
			i++
			j++
		case i < n && lcs[i+1][j] >= lcs[i][j+1]:
			i++
		default:
			run = append(run, alt[j])
			j++
		}
	}
	flush()
	return clean2(out)
}

// clean2 drops over-long tokens from every term and empty terms.
func clean2(c Conj) Conj {
	out := c[:0]
	for _, t := range c {
		if t = clean(t); len(t) > 0 {
			out = append(out, t)
		}
	}
	return out
}

// MatchFTS5 renders the query for SQLite FTS5's MATCH: every token
// quoted, phrases as FTS5 phrases. (The index's tag tokens contain a
// private-use character that keys never hold, so no column filter is
// needed to keep a query off them.)
func (p Parsed) MatchFTS5() string {
	if p.Empty() {
		return ""
	}
	var b strings.Builder
	b.WriteString("(")
	for i, c := range p.Clauses {
		if i > 0 {
			b.WriteString(" AND ")
		}
		b.WriteByte('(')
		for j, a := range c {
			if j > 0 {
				b.WriteString(" OR ")
			}
			b.WriteByte('(')
			for k, t := range a {
				if k > 0 {
					b.WriteString(" AND ")
				}
				b.WriteString(PhraseFTS5(t))
			}
			b.WriteByte(')')
		}
		b.WriteByte(')')
	}
	b.WriteByte(')')
	return b.String()
}

// PhraseFTS5 renders a term as an FTS5 phrase ("a b c").
func PhraseFTS5(t Term) string {
	return `"` + strings.Join(t, " ") + `"`
}

// TSQuery renders the query for PostgreSQL's to_tsquery('simple', …). A
// phrase must stand within the title (weight A) or within the body
// (weight B), as in FTS5 where a phrase never spans two columns.
func (p Parsed) TSQuery() string { return p.tsquery(PhraseTSQuery) }

// TSQueryTitle is TSQuery for a vector of the title alone: phrases as
// plain adjacency.
func (p Parsed) TSQueryTitle() string {
	return p.tsquery(func(t Term) string {
		if len(t) == 1 {
			return t[0]
		}
		return "(" + strings.Join(t, " <-> ") + ")"
	})
}

func (p Parsed) tsquery(term func(Term) string) string {
	var b strings.Builder
	for i, c := range p.Clauses {
		if i > 0 {
			b.WriteString(" & ")
		}
		b.WriteByte('(')
		for j, a := range c {
			if j > 0 {
				b.WriteString(" | ")
			}
			b.WriteByte('(')
			for k, t := range a {
				if k > 0 {
					b.WriteString(" & ")
				}
				b.WriteString(term(t))
			}
			b.WriteByte(')')
		}
		b.WriteByte(')')
	}
	return b.String()
}

// PhraseTSQuery renders a term for to_tsquery: a token as itself, a phrase
// as adjacent tokens in the title or adjacent tokens in the body.
func PhraseTSQuery(t Term) string {
	if len(t) == 1 {
		return t[0]
	}
	in := func(w string) string {
		parts := make([]string, len(t))
		for i, x := range t {
			parts[i] = x + ":" + w
		}
		return "(" + strings.Join(parts, " <-> ") + ")"
	}
	return "(" + in("A") + " | " + in("B") + ")"
}

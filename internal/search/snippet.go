package search

import (
	"html"
	"strings"
	"unicode"
	"unicode/utf8"

	"giaoban/internal/vntext"
)

// Snippets come from the text as the user wrote it: the text is split into
// words, each word is folded and compared with the query's terms, and the
// matching words — in their original spelling, diacritics and tone
// placement — are wrapped in <mark>. Everything else is HTML-escaped.

// word is one word of the original text: its byte span and folded key.
type word struct {
	start, end int
	key        string
}

// words splits s into words: runs of letters, digits and combining marks
// (so that NFD text keeps its marks on its letters).
func words(s string) []word {
	var out []word
	start := -1
	for i, r := range s {
		in := unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
		switch {
		case in && start < 0:
			start = i
		case !in && start >= 0:
			out = append(out, word{start: start, end: i})
			start = -1
		}
	}
	if start >= 0 {
		out = append(out, word{start: start, end: len(s)})
	}
	for i := range out {
		out[i].key = strings.Join(vntext.Tokens(s[out[i].start:out[i].end]), "")
	}
	return out
}

// span is a match: words [from, to).
type span struct{ from, to int }

// matches finds the words matching the terms, longest term first, left to
// right, without overlaps.
func matches(ws []word, terms []Term) []span {
	var out []span
	for i := 0; i < len(ws); {
		best := 0
		for _, t := range terms {
			if len(t) <= best || i+len(t) > len(ws) {
				continue
			}
			ok := true
			for k, tok := range t {
				if ws[i+k].key != tok {
					ok = false
					break
				}
			}
			if ok {
				best = len(t)
			}
		}
		if best > 0 {
			out = append(out, span{i, i + best})
			i += best
			continue
		}
		i++
	}
	return out
}

// Highlight returns the whole of s HTML-escaped with <mark> around the
// words matching the terms.
func Highlight(s string, terms []Term) string {
	ws := words(s)
	return render(s, 0, len(s), ws, matches(ws, terms))
}

// merge joins matches separated only by white space, so that "hội nghị"
// is marked once.
func merge(s string, ws []word, ms []span) []span {
	var out []span
	for _, m := range ms {
		if n := len(out); n > 0 {
			last := out[n-1]
			if strings.TrimSpace(s[ws[last.to-1].end:ws[m.from].start]) == "" {
				out[n-1].to = m.to
				continue
			}
		}
		out = append(out, m)
	}
	return out
}

// render escapes s[from:to] and marks the matched words inside it.
func render(s string, from, to int, ws []word, ms []span) string {
	ms = merge(s, ws, ms)
	var b strings.Builder
	b.Grow(to - from + 32)
	pos := from
	for _, m := range ms {
		a, z := ws[m.from].start, ws[m.to-1].end
		if a < from || z > to {
			continue
		}
		b.WriteString(html.EscapeString(s[pos:a]))
		b.WriteString("<mark>")
		b.WriteString(html.EscapeString(s[a:z]))
		b.WriteString("</mark>")
		pos = z
	}
	b.WriteString(html.EscapeString(s[pos:to]))
	return b.String()
}

// SnippetRunes is the length of a snippet, in characters.
const SnippetRunes = 220

// Snippet returns about n characters of s around the first match of the
// terms, HTML-escaped, matches marked, "…" where text was cut. Without a
// match it is the beginning of s. Line breaks become spaces.
func Snippet(s string, terms []Term, n int) string {
	if n <= 0 {
		n = SnippetRunes
	}
	ws := words(s)
	ms := matches(ws, terms)
	from, to := 0, len(s)
	if utf8.RuneCountInString(s) > n {
		// Start a little before the first match, at a word start.
		first := 0
		if len(ms) > 0 {
			first = ms[0].from
		}
		lead := n / 4
		startWord := first
		for startWord > 0 && utf8.RuneCountInString(s[ws[startWord-1].start:ws[first].start]) <= lead {
			startWord--
		}
		if len(ws) > 0 {
			from = ws[startWord].start
		}
		if startWord == 0 {
			from = 0
		}
		// End at the last word end within n characters.
		to = from
		for _, w := range ws[startWord:] {
			if utf8.RuneCountInString(s[from:w.end]) > n {
				break
			}
			to = w.end
		}
		if to == from { // one huge word
			to = from + len(truncateRunes(s[from:], n))
		}
		// Extend to the end when only punctuation is left.
		if rest := s[to:]; strings.TrimFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) == "" {
			to = len(s)
		}
	}
	out := render(s, from, to, ws, ms)
	out = strings.Join(strings.Fields(out), " ")
	if from > 0 {
		out = "… " + out
	}
	if to < len(s) {
		out += " …"
	}
	return out
}

func truncateRunes(s string, n int) string {
	i := 0
	for k := range s {
		if i == n {
			return s[:k]
		}
		i++
	}
	return s
}

package search

import (
	"html"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"giaoban/internal/vntext"
)

// Snippets come from the text as the user wrote it: the text is split into
// words, each word is folded and compared with the query's terms, and the
// matching words — in their original spelling, diacritics and tone
// placement — are wrapped in <mark>. Everything else is HTML-escaped.

// word is one word of the original text: its byte span and, once
// computed, its folded key.
type word struct {
	start, end int
	key        string
	folded     bool
}

// words splits s into words: runs of letters, digits and combining marks
// (so that NFD text keeps its marks on its letters). Keys are folded on
// demand (wordKey): a snippet folds only the words it looks at.
func words(s string) []word {
	var sc scanner
	sc.s = s
	sc.fill(len(s) + 1)
	return sc.ws
}

// scanner splits s into words as far as asked.
type scanner struct {
	s   string
	pos int // bytes scanned
	ws  []word
}

// fill scans until there are n words or s ends.
func (sc *scanner) fill(n int) {
	s := sc.s
	for len(sc.ws) < n && sc.pos < len(s) {
		start := -1
		i := sc.pos
		for i < len(s) {
			c := s[i]
			var in bool
			size := 1
			if c < utf8.RuneSelf {
				in = ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
			} else {
				var r rune
				r, size = utf8.DecodeRuneInString(s[i:])
				in = unicode.IsLetter(r) || unicode.IsDigit(r) || unicode.Is(unicode.M, r)
			}
			if in && start < 0 {
				start = i
			} else if !in && start >= 0 {
				break
			}
			i += size
		}
		sc.pos = i
		if start >= 0 {
			sc.ws = append(sc.ws, word{start: start, end: i})
		}
	}
}

// wordKey returns the folded key of ws[i].
func wordKey(s string, ws []word, i int) string {
	w := &ws[i]
	if !w.folded {
		w.key, w.folded = foldWord(s[w.start:w.end]), true
	}
	return w.key
}

// foldWord folds one word like Key: without allocating for plain
// lower-case ASCII, rune by rune through a table for Latin and Vietnamese
// letters (precomposed or NFD: combining marks fold to nothing), and
// through vntext for anything else.
func foldWord(w string) string {
	lower := true
	for i := 0; i < len(w); i++ {
		c := w[i]
		if c >= utf8.RuneSelf {
			return foldRunes(w)
		}
		if 'A' <= c && c <= 'Z' {
			lower = false
		}
	}
	if lower {
		return w
	}
	return strings.ToLower(w)
}

const foldTabSize = 0x2000

var (
	foldTabOnce sync.Once
	foldTab     []string // folded letters and digits of each rune below foldTabSize
)

func foldRunes(w string) string {
	foldTabOnce.Do(func() {
		foldTab = make([]string, foldTabSize)
		for r := rune(0); r < foldTabSize; r++ {
			foldTab[r] = strings.Join(vntext.Tokens(string(r)), "")
		}
	})
	var b strings.Builder
	b.Grow(len(w))
	for _, r := range w {
		if r >= foldTabSize {
			return strings.Join(vntext.Tokens(w), "")
		}
		b.WriteString(foldTab[r])
	}
	return b.String()
}

// span is a match: words [from, to).
type span struct{ from, to int }

// matchAt returns the length in words of the longest term matching at
// word i (0: none).
func matchAt(s string, ws []word, i int, terms []Term) int {
	best := 0
	for _, t := range terms {
		if len(t) <= best || i+len(t) > len(ws) {
			continue
		}
		ok := true
		for k, tok := range t {
			if wordKey(s, ws, i+k) != tok {
				ok = false
				break
			}
		}
		if ok {
			best = len(t)
		}
	}
	return best
}

// matches finds the matches among words [from, to), longest term first,
// left to right, without overlaps.
func matches(s string, ws []word, terms []Term, from, to int) []span {
	var out []span
	for i := from; i < to; {
		if n := matchAt(s, ws, i, terms); n > 0 {
			out = append(out, span{i, i + n})
			i += n
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
	return render(s, 0, len(s), ws, matches(s, ws, terms, 0, len(ws)))
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
// match it is the beginning of s. Line breaks become spaces. Only the
// text up to the end of the snippet is split and folded.
func Snippet(s string, terms []Term, n int) string {
	if n <= 0 {
		n = SnippetRunes
	}
	longest := 1
	for _, t := range terms {
		longest = max(longest, len(t))
	}
	sc := &scanner{s: s}
	from, to := 0, len(s)
	fromWord := 0
	if utf8.RuneCountInString(s) <= n {
		sc.fill(len(s) + 1)
	} else {
		// The first match (words are scanned a phrase ahead).
		first := 0
		for i := 0; ; i++ {
			sc.fill(i + longest)
			if i >= len(sc.ws) {
				break
			}
			if matchAt(s, sc.ws, i, terms) > 0 {
				first = i
				break
			}
		}
		ws := sc.ws
		// Start a little before the first match, at a word start.
		lead := n / 4
		startWord := first
		for run := 0; startWord > 0; startWord-- {
			run += utf8.RuneCountInString(s[ws[startWord-1].start:ws[startWord].start])
			if run > lead {
				break
			}
		}
		if startWord > 0 {
			from = ws[startWord].start
		}
		fromWord = startWord
		// End at the last word end within n characters.
		to = from
		for i, run := startWord, 0; ; i++ {
			sc.fill(i + 1)
			if i >= len(sc.ws) {
				break
			}
			if run += utf8.RuneCountInString(s[to:sc.ws[i].end]); run > n {
				break
			}
			to = sc.ws[i].end
		}
		if to == from { // one huge word
			to = from + len(truncateRunes(s[from:], n))
		}
		// Extend to the end when only punctuation is left.
		if rest := s[to:]; strings.TrimFunc(rest, func(r rune) bool { return !unicode.IsLetter(r) && !unicode.IsDigit(r) }) == "" {
			to = len(s)
			sc.fill(len(s) + 1)
		}
		// Phrases may run past the end: scan a phrase ahead.
		sc.fill(len(sc.ws) + longest)
	}
	ws := sc.ws
	toWord := len(ws)
	for toWord > fromWord && ws[toWord-1].end > to {
		toWord--
	}
	ms := matches(s, ws, terms, fromWord, toWord)
	// A phrase starting inside may end outside: drop it.
	for len(ms) > 0 && ws[ms[len(ms)-1].to-1].end > to {
		ms = ms[:len(ms)-1]
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

// Package vntext owns Vietnamese text: NFC, canonical tone placement,
// diacritic folding (đ→d), tokens, abbreviations, legacy TCVN3/VNI decoding,
// collation, and Vietnamese number, money and date formats.
//
// Everything that compares, sorts or searches text goes through this package
// so that "Tỉnh uỷ" and "Tỉnh ủy", NFD and NFC, "Đảng" and "dang" meet.
// All functions are safe for concurrent use.
package vntext

import (
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in NFC with canonical tone placement, leading and
// trailing white space removed and every run of white space (including
// line breaks) replaced by one space. It is meant for single-line values:
// names, titles, codes. Use NormalizeText for multi-line bodies.
//
// Tone placement follows the traditional style of official text and of
// data/abbreviations.tsv: "hòa", "thủy", "ủy", "òe", "quý", "hoàng",
// "khuyến". Words that are not Vietnamese syllables ("café", "Đắk", "GD&ĐT",
// "06970") keep their spelling. Normalize is idempotent.
func Normalize(s string) string {
	s = canonTones(norm.NFC.String(s))
	return collapseSpace(s)
}

// NormalizeText is Normalize for multi-line text: NFC and canonical tone
// placement, CRLF and CR turned into LF, trailing white space removed from
// each line and leading byte-order marks dropped. Line breaks, indentation
// and inner spacing are kept. NormalizeText is idempotent.
func NormalizeText(s string) string {
	s = strings.TrimLeft(s, "\uFEFF")
	s = canonTones(norm.NFC.String(s))
	if strings.IndexByte(s, '\r') >= 0 {
		s = strings.ReplaceAll(s, "\r\n", "\n")
		s = strings.ReplaceAll(s, "\r", "\n")
	}
	return trimLineEnds(s)
}

// trimLineEnds removes trailing white space from every line of s, allocating
// only when something changes.
func trimLineEnds(s string) string {
	var b strings.Builder
	changed := false
	rest := s
	for len(rest) > 0 {
		line, tail, found := strings.Cut(rest, "\n")
		t := strings.TrimRightFunc(line, unicode.IsSpace)
		if len(t) != len(line) && !changed {
			changed = true
			b.Grow(len(s))
			b.WriteString(s[:len(s)-len(rest)])
		}
		if changed {
			b.WriteString(t)
			if found {
				b.WriteByte('\n')
			}
		}
		rest = tail
	}
	if !changed {
		return s
	}
	return b.String()
}

// collapseSpace trims s and replaces each run of white space by one space.
// It returns s itself when nothing changes, which is the common case for
// names and titles.
func collapseSpace(s string) string {
	var b strings.Builder
	changed := false
	space := false // a space is pending
	for i := 0; i < len(s); {
		c := s[i]
		size := 1
		isSpace := false
		if c < utf8.RuneSelf {
			isSpace = asciiSpace(c)
		} else {
			var r rune
			r, size = utf8.DecodeRuneInString(s[i:])
			isSpace = unicode.IsSpace(r)
		}
		if isSpace {
			// Unchanged so far only if this is a lone ' ' between words.
			if !changed && (c != ' ' || i == 0 || space || i+1 == len(s)) {
				changed = true
				b.Grow(len(s))
				if space {
					b.WriteString(s[:i-1]) // drop the lone ' ' just passed
				} else {
					b.WriteString(s[:i])
				}
			}
			space = true
			i += size
			continue
		}
		if changed {
			if space && b.Len() > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s[i : i+size])
		}
		space = false
		i += size
	}
	if !changed {
		return s
	}
	return b.String()
}

func asciiSpace(c byte) bool {
	return c == ' ' || c == '\t' || c == '\n' || c == '\r' || c == '\v' || c == '\f'
}

// isWordRune reports whether r belongs to a word for tone placement: letters
// and the combining marks that follow them.
func isWordRune(r rune) bool {
	if r < utf8.RuneSelf {
		return 'a' <= r && r <= 'z' || 'A' <= r && r <= 'Z'
	}
	if r < letterTableSize && letterIndex[r] != 0 {
		return true
	}
	return unicode.IsLetter(r) || unicode.IsMark(r)
}

// canonTones applies canonical tone placement to every word of s (NFC).
func canonTones(s string) string {
	if isASCII(s) {
		return s // no tone marks at all
	}
	var b strings.Builder
	changed := false
	start := -1
	ascii := true
	flush := func(end int) {
		w := s[start:end]
		if !ascii {
			if c := canonWord(w); c != w {
				if !changed {
					b.Grow(len(s) + 8)
					b.WriteString(s[:start])
					changed = true
				}
				b.WriteString(c)
				return
			}
		}
		if changed {
			b.WriteString(w)
		}
	}
	for i, r := range s {
		if isWordRune(r) {
			if start < 0 {
				start, ascii = i, true
			}
			if r >= utf8.RuneSelf {
				ascii = false
			}
			continue
		}
		if start >= 0 {
			flush(i)
			start = -1
		}
		if changed {
			b.WriteRune(r)
		}
	}
	if start >= 0 {
		flush(len(s))
	}
	if !changed {
		return s
	}
	// No NFC pass is needed: every rewritten word is NFC and starts with a
	// letter, and words end at a rune that is neither letter nor mark, and
	// only marks and (Hangul) letters ever compose with what precedes them.
	return b.String()
}

// Fold returns the search key of s: lower case, every diacritic removed, đ
// and Đ mapped to d, compatibility forms unified (NFKD: full-width digits,
// ligatures), invisible format characters (soft hyphen, zero-width space,
// BOM) dropped, and white space and control characters collapsed to single
// spaces with no leading or trailing space. Punctuation is kept, so
// "GD&ĐT" folds to "gd&dt"; use Tokens to split. Fold is idempotent, gives
// the same key for NFC and NFD input and for either tone placement:
// Fold("Đảng uỷ") == Fold("Đảng ủy") == "dang uy".
func Fold(s string) string {
	foldOnce.Do(initFoldTable)
	// Composing first makes NFD input fold exactly like NFC input, also for
	// scripts whose per-character decomposition is algorithmic (Hangul).
	out := foldPass(norm.NFC.String(s))
	if isASCII(out) {
		return out
	}
	// Characters outside Vietnamese text may need more than one pass to
	// settle (a lower-cased letter with its own decomposition); iterate so
	// that Fold(Fold(s)) == Fold(s) always holds.
	for range 4 {
		next := foldPass(norm.NFC.String(out))
		if next == out {
			break
		}
		out = next
	}
	return out
}

var (
	foldOnce  sync.Once
	foldTable []string // folded form of each rune below foldTableSize
)

const foldTableSize = 0x2000 // Latin, Greek, Cyrillic and U+1E00–U+1EFF (Vietnamese)

func initFoldTable() {
	foldTable = make([]string, foldTableSize)
	for r := rune(0); r < foldTableSize; r++ {
		foldTable[r] = foldRuneSlow(r)
	}
}

// foldRuneSlow folds one rune: lower case, NFKD, drop nonspacing marks and
// format characters, map đ/ð to d and white space or controls to " ".
func foldRuneSlow(r rune) string {
	if unicode.IsSpace(r) || unicode.IsControl(r) {
		return " "
	}
	var b strings.Builder
	for _, d := range norm.NFKD.String(string(unicode.ToLower(r))) {
		switch {
		case unicode.Is(unicode.Mn, d), unicode.Is(unicode.Cf, d):
		case d == 'đ' || d == 'Đ' || d == 'ð' || d == 'Ð':
			// đ has no decomposition in Unicode; ð/Ð (eth) is a frequent
			// look-alike typed for đ/Đ by old converters.
			b.WriteByte('d')
		case unicode.IsSpace(d) || unicode.IsControl(d):
			b.WriteByte(' ')
		default:
			b.WriteRune(unicode.ToLower(d))
		}
	}
	return b.String()
}

// writeFoldedRune appends the folded form of r. Spaces are not written but
// recorded in *space, so that runs of white space collapse into one.
func writeFoldedRune(b *strings.Builder, r rune, space *bool) {
	if r < foldTableSize {
		for _, fr := range foldTable[r] {
			writeFolded(b, fr, space)
		}
		return
	}
	if unicode.ToLower(r) == r && !unicode.Is(unicode.Mn, r) && !unicode.Is(unicode.Cf, r) &&
		!unicode.IsSpace(r) && !unicode.IsControl(r) {
		var buf [utf8.UTFMax]byte
		n := utf8.EncodeRune(buf[:], r)
		if norm.NFKD.Properties(buf[:n]).Decomposition() == nil {
			writeFolded(b, r, space) // CJK and most other scripts: unchanged
			return
		}
	}
	for _, fr := range foldRuneSlow(r) {
		writeFolded(b, fr, space)
	}
}

func writeFolded(b *strings.Builder, r rune, space *bool) {
	if r == ' ' {
		*space = b.Len() > 0
		return
	}
	if *space {
		b.WriteByte(' ')
		*space = false
	}
	b.WriteRune(r)
}

// foldPass is one pass of Fold.
func foldPass(s string) string {
	var b strings.Builder
	b.Grow(len(s))
	space := false // a space is pending
	for i := 0; i < len(s); {
		c := s[i]
		if c < utf8.RuneSelf {
			i++
			if asciiSpace(c) || c < 0x20 || c == 0x7f {
				space = b.Len() > 0
				continue
			}
			if 'A' <= c && c <= 'Z' {
				c += 'a' - 'A'
			}
			if space {
				b.WriteByte(' ')
				space = false
			}
			b.WriteByte(c)
			continue
		}
		r, size := utf8.DecodeRuneInString(s[i:])
		i += size
		writeFoldedRune(&b, r, &space)
	}
	return b.String()
}

// Tokens returns the folded tokens of s, split on every rune that is not a
// letter or a digit: "GD&ĐT" gives "gd", "dt"; "TP.HCM" gives "tp", "hcm";
// "Quyết định 30/2020/NĐ-CP" gives "quyet", "dinh", "30", "2020", "nd", "cp".
func Tokens(s string) []string {
	return strings.FieldsFunc(Fold(s), func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r)
	})
}

// Slug returns an ASCII URL slug: folded, with every run of characters other
// than a–z and 0–9 turned into one hyphen.
// "Hội nghị giao ban quý I/2019" gives "hoi-nghi-giao-ban-quy-i-2019".
func Slug(s string) string {
	f := Fold(s)
	var b strings.Builder
	b.Grow(len(f))
	hyphen := false
	for i := 0; i < len(f); i++ {
		c := f[i]
		if ('a' <= c && c <= 'z') || ('0' <= c && c <= '9') {
			if hyphen && b.Len() > 0 {
				b.WriteByte('-')
			}
			hyphen = false
			b.WriteByte(c)
			continue
		}
		hyphen = true
	}
	return b.String()
}

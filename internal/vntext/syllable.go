package vntext

import (
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// Combining marks as they appear in NFD. Vietnamese letters carry at most one
// vowel modifier (circumflex, breve, horn) and a syllable carries at most one
// tone mark; anything else means the word is not Vietnamese and is left alone.
const (
	markGrave     = '\u0300' // huyền
	markAcute     = '\u0301' // sắc
	markTilde     = '\u0303' // ngã
	markHook      = '\u0309' // hỏi
	markDotBelow  = '\u0323' // nặng
	markCircumflx = '\u0302'
	markBreve     = '\u0306'
	markHorn      = '\u031B'
)

func isToneMark(r rune) bool {
	switch r {
	case markGrave, markAcute, markTilde, markHook, markDotBelow:
		return true
	}
	return false
}

func isModifierMark(r rune) bool {
	return r == markCircumflx || r == markBreve || r == markHorn
}

// isVowel reports whether r is a lower-case Vietnamese vowel letter without
// tone (the twelve vowel letters of the alphabet).
func isVowel(r rune) bool {
	switch r {
	case 'a', 'ă', 'â', 'e', 'ê', 'i', 'o', 'ô', 'ơ', 'u', 'ư', 'y':
		return true
	}
	return false
}

// hasModifier reports whether the toneless vowel carries a circumflex, breve
// or horn; in every spelling convention the tone goes on such a vowel.
func hasModifier(r rune) bool {
	switch r {
	case 'ă', 'â', 'ê', 'ô', 'ơ', 'ư':
		return true
	}
	return false
}

// clusterInfo describes a vowel cluster (the medial glide, the main vowel and
// an off-glide written as a vowel letter).
type clusterInfo struct {
	open   bool // may end a syllable without a final consonant
	closed bool // may be followed by a final consonant
}

// clusters lists the vowel clusters of standard Vietnamese orthography. The
// list is used both to find the tone position and to decide whether a word
// is a Vietnamese syllable at all (so that "café" or "Đắk" is left as is).
var clusters = map[string]clusterInfo{
	// single vowels; ă and â never end a syllable
	"a": {true, true}, "ă": {false, true}, "â": {false, true}, "e": {true, true},
	"ê": {true, true}, "i": {true, true}, "o": {true, true}, "ô": {true, true},
	"ơ": {true, true}, "u": {true, true}, "ư": {true, true}, "y": {true, true},
	// two letters, open only: the second letter is an off-glide
	"ai": {true, false}, "ao": {true, false}, "au": {true, false}, "ay": {true, false},
	"âu": {true, false}, "ây": {true, false}, "eo": {true, false}, "êu": {true, false},
	"ia": {true, false}, "iu": {true, false}, "oi": {true, false}, "ôi": {true, false},
	"ơi": {true, false}, "ua": {true, false}, "ui": {true, false}, "ưa": {true, false},
	"ưi": {true, false}, "ưu": {true, false},
	// two letters with a final consonant
	"iê": {false, true}, "yê": {false, true}, "uô": {false, true}, "ươ": {false, true},
	"oă": {false, true}, "uâ": {false, true}, "oo": {false, true},
	// two letters, both ways: a medial glide before the main vowel
	"oa": {true, true}, "oe": {true, true}, "uê": {true, true}, "uy": {true, true},
	"uơ": {true, false},
	// three letters
	"iêu": {true, false}, "yêu": {true, false}, "oai": {true, false}, "oay": {true, false},
	"oeo": {true, false}, "uây": {true, false}, "uôi": {true, false}, "uya": {true, false},
	"uyu": {true, false}, "ươi": {true, false}, "ươu": {true, false},
	"uyê": {false, true},
}

var codas = map[string]bool{"c": true, "ch": true, "m": true, "n": true, "ng": true, "nh": true, "p": true, "t": true}

// twoLetterOnsets are tried before single letters; "gi" and "qu" are handled
// separately because they are onsets only when a vowel follows.
var twoLetterOnsets = []string{"ng", "gh", "kh", "nh", "ph", "th", "tr", "ch"}

func isOnsetLetter(r rune) bool {
	switch r {
	case 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x':
		return true
	}
	return false
}

// vnLetter is one letter of a word in NFD: its base as written (case kept),
// the modifier mark if any, and its lower-case toneless form ('ư', 'â', 'đ'...).
type vnLetter struct {
	base rune
	mod  rune
	low  rune
}

// vnWord is a word split into letters plus its single tone mark.
type vnWord struct {
	letters []vnLetter
	tone    rune // 0 when the word has no tone mark (thanh ngang)
	tonePos int  // index of the letter carrying the tone, -1 if none
}

// splitWord decomposes a word (letters and marks only) into Vietnamese
// letters. ok is false for anything that is not spelled with the Vietnamese
// alphabet and its marks.
func splitWord(w string) (vw vnWord, ok bool) {
	vw.tonePos = -1
	vw.letters = make([]vnLetter, 0, len(w))
	for _, r := range norm.NFD.String(w) {
		switch {
		case isToneMark(r):
			if len(vw.letters) == 0 || vw.tone != 0 {
				return vw, false
			}
			vw.tone = r
			vw.tonePos = len(vw.letters) - 1
		case isModifierMark(r):
			n := len(vw.letters)
			if n == 0 || vw.letters[n-1].mod != 0 {
				return vw, false
			}
			vw.letters[n-1].mod = r
		case unicode.IsMark(r):
			return vw, false
		default:
			vw.letters = append(vw.letters, vnLetter{base: r})
		}
	}
	for i := range vw.letters {
		l := &vw.letters[i]
		low := unicode.ToLower(l.base)
		if !(low >= 'a' && low <= 'z') && low != 'đ' {
			return vw, false
		}
		switch {
		case l.mod == 0:
		case l.mod == markCircumflx && low == 'a':
			low = 'â'
		case l.mod == markCircumflx && low == 'e':
			low = 'ê'
		case l.mod == markCircumflx && low == 'o':
			low = 'ô'
		case l.mod == markBreve && low == 'a':
			low = 'ă'
		case l.mod == markHorn && low == 'o':
			low = 'ơ'
		case l.mod == markHorn && low == 'u':
			low = 'ư'
		default:
			return vw, false
		}
		l.low = low
	}
	return vw, len(vw.letters) > 0
}

// parsed holds the structure of a syllable: letters [0,vStart) are the onset,
// [vStart,vEnd) the vowel cluster and [vEnd,len) the final consonant.
type parsed struct {
	low          []rune
	vStart, vEnd int
}

func (p parsed) onset() string   { return string(p.low[:p.vStart]) }
func (p parsed) cluster() string { return string(p.low[p.vStart:p.vEnd]) }
func (p parsed) coda() string    { return string(p.low[p.vEnd:]) }

// parseLetters splits lower-case toneless letters into onset, vowel cluster
// and coda. It accepts only standard Vietnamese spelling.
func parseLetters(low []rune) (p parsed, ok bool) { return parseWith(low, clusters) }

// parseWith is parseLetters with a given cluster table, so that folded
// (diacritic-free) tokens can be parsed with the folded clusters.
func parseWith(low []rune, clusters map[string]clusterInfo) (p parsed, ok bool) {
	p.low = low
	n := len(low)
	if n == 0 {
		return p, false
	}
	has := func(s string) bool {
		i := 0
		for _, r := range s {
			if i >= n || low[i] != r {
				return false
			}
			i++
		}
		return true
	}
	i := 0
	switch {
	case has("ngh"):
		i = 3
	case has("gi"):
		// "gi" is an onset before another vowel (gia, giữ, giường); in
		// "gì", "gìn" the i is the vowel itself.
		if n > 2 && isVowel(low[2]) {
			i = 2
		} else {
			i = 1
		}
	case has("qu"):
		// The u of "qu" belongs to the onset: "quý", "quả" carry the
		// tone on the following vowel.
		if n > 2 && isVowel(low[2]) {
			i = 2
		} else {
			return p, false
		}
	case isOnsetLetter(low[0]):
		i = 1
		for _, o := range twoLetterOnsets {
			if has(o) {
				i = 2
				break
			}
		}
	case isVowel(low[0]):
	default:
		return p, false
	}
	p.vStart = i
	for i < n && isVowel(low[i]) {
		i++
	}
	p.vEnd = i
	if p.vEnd == p.vStart {
		return p, false
	}
	info, known := clusters[p.cluster()]
	if !known {
		return p, false
	}
	if p.vEnd == n {
		return p, info.open
	}
	return p, info.closed && codas[p.coda()]
}

// toneIndex returns the index (into p.low) of the vowel that carries the tone
// in the traditional placement used by official text ("hòa", "thủy", "quý",
// "hoàng", "khuyến").
func (p parsed) toneIndex() int {
	cl := p.low[p.vStart:p.vEnd]
	// A vowel with a modifier always takes the tone; in ươ it is the ơ.
	for j := len(cl) - 1; j >= 0; j-- {
		if hasModifier(cl[j]) {
			return p.vStart + j
		}
	}
	switch {
	case p.vEnd < len(p.low): // closed syllable: the last vowel (hoàng, toán, huýt)
		return p.vEnd - 1
	case len(cl) == 3: // oai, oay, oeo, uya, uyu: the middle one
		return p.vStart + 1
	default: // open: the first (mùa, mía, hòa, hòe, thủy)
		return p.vStart
	}
}

// canonWord returns w (NFC) with its tone mark moved to the canonical vowel.
// Words that are not Vietnamese syllables are returned unchanged.
func canonWord(w string) string {
	vw, ok := splitWord(w)
	if !ok || vw.tone == 0 {
		return w
	}
	low := make([]rune, len(vw.letters))
	for i, l := range vw.letters {
		low[i] = l.low
	}
	if !isVowel(low[vw.tonePos]) {
		return w
	}
	p, ok := parseLetters(low)
	if !ok {
		return w
	}
	if p.cluster() == "oo" {
		return w // loans and names (soóc, "Sóong"): no settled placement
	}
	target := p.toneIndex()
	if target == vw.tonePos {
		return w
	}
	var b strings.Builder
	b.Grow(len(w) + 2)
	for i, l := range vw.letters {
		b.WriteRune(l.base)
		if l.mod != 0 {
			b.WriteRune(l.mod)
		}
		if i == target {
			b.WriteRune(vw.tone)
		}
	}
	return norm.NFC.String(b.String())
}

// IsSyllable reports whether word is a single well-formed Vietnamese syllable
// in any case and either tone placement ("Hòa", "hoà", "NGHIÊNG", "quốc").
// Besides the structure (onset, vowel cluster, final consonant) it checks the
// spelling rules for c/k/q, g/gh and ng/ngh and that a syllable ending in
// c, ch, p or t has the sắc or nặng tone, so it rejects most foreign words
// and most legacy-encoding mojibake.
func IsSyllable(word string) bool {
	vw, ok := splitWord(word)
	if !ok {
		return false
	}
	low := make([]rune, len(vw.letters))
	for i, l := range vw.letters {
		low[i] = l.low
	}
	p, ok := parseLetters(low)
	if !ok {
		return false
	}
	if vw.tone != 0 && !isVowel(low[vw.tonePos]) {
		return false
	}
	// A tone written on another vowel of the cluster is only a spelling
	// variant when it is the other placement of oa/oe/uy ("hoà", "thuỷ");
	// anywhere else ("hoaì", "thuiy") it is not Vietnamese.
	if vw.tone != 0 {
		t := p.toneIndex()
		if vw.tonePos != t && !altTonePlace(p, vw.tonePos) {
			return false
		}
	}
	switch p.coda() {
	case "c", "ch", "p", "t":
		if vw.tone != markAcute && vw.tone != markDotBelow {
			return false
		}
	}
	switch p.coda() {
	case "ch", "nh":
		switch low[p.vEnd-1] {
		case 'a', 'ê', 'i', 'y':
		default:
			return false
		}
	}
	first := low[p.vStart]
	front := first == 'e' || first == 'ê' || first == 'i' || first == 'y'
	switch p.onset() {
	case "c", "ng":
		if front {
			return false
		}
	case "g":
		if first == 'e' || first == 'ê' {
			return false
		}
	case "k", "gh", "ngh":
		if !front || (p.onset() != "k" && first == 'y') {
			return false
		}
	}
	return true
}

// altTonePlace reports whether tone position pos is the "new style" placement
// of an open oa/oe/uy syllable (tone on the second vowel: "hoà", "thuỷ"),
// which official text and the seed data also use, or either o of "oo".
func altTonePlace(p parsed, pos int) bool {
	cl := p.cluster()
	if p.vEnd == len(p.low) && (cl == "oa" || cl == "oe" || cl == "uy") {
		return pos == p.vStart+1
	}
	return cl == "oo"
}

// plausibleFolded reports whether a folded (ASCII, toneless) token could be a
// Vietnamese syllable written without diacritics, e.g. "tu", "du", "nghia";
// "mttq" or "ubnd" could not. Used to avoid treating words as abbreviations.
func plausibleFolded(tok string) bool {
	if tok == "" || len(tok) > 7 {
		return false
	}
	for i := 0; i < len(tok); i++ {
		if tok[i] < 'a' || tok[i] > 'z' {
			return false
		}
	}
	_, ok := parseWith([]rune(tok), foldedClusters)
	return ok
}

// foldedClusters holds the vowel clusters with their diacritics removed.
var foldedClusters = func() map[string]clusterInfo {
	m := make(map[string]clusterInfo)
	for c, info := range clusters {
		f := Fold(c)
		old := m[f]
		m[f] = clusterInfo{open: old.open || info.open, closed: old.closed || info.closed}
	}
	return m
}()

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

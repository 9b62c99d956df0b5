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

func isOnsetLetter(r rune) bool {
	switch r {
	case 'b', 'c', 'd', 'đ', 'g', 'h', 'k', 'l', 'm', 'n', 'p', 'r', 's', 't', 'v', 'x':
		return true
	}
	return false
}

// maxLetters bounds a syllable's length: "nghiêng" has seven letters.
const maxLetters = 8

// vnLetter is one letter of a word: its base as written (case kept), the
// modifier mark if any, and its lower-case toneless form ('ư', 'â', 'đ'...).
type vnLetter struct {
	base rune
	mod  rune
	low  rune
}

// vnWord is a word split into letters plus its single tone mark. It lives on
// the stack: Normalize runs it for nearly every word of a document.
type vnWord struct {
	letters [maxLetters]vnLetter
	n       int
	tone    rune // 0 when the word has no tone mark (thanh ngang)
	tonePos int  // index of the letter carrying the tone, -1 if none
}

func (vw *vnWord) low() (low [maxLetters]rune) {
	for i := range vw.n {
		low[i] = vw.letters[i].low
	}
	return low
}

// letterInfo describes a precomposed (NFC) letter usable in Vietnamese.
type letterInfo struct {
	l    vnLetter
	tone rune
}

// letterIndex maps a rune below letterTableSize to 1+its index in letters;
// 0 means the rune is not a letter of the Vietnamese alphabet with its marks.
// The table lets NFC words be split without decomposing them.
const letterTableSize = 0x1F00

var (
	letterIndex [letterTableSize]uint16
	letters     []letterInfo
)

func init() {
	for r := rune(0); r < letterTableSize; r++ {
		if !unicode.IsLetter(r) {
			continue
		}
		var vw vnWord
		if !splitDecomposed(&vw, norm.NFD.String(string(r))) || vw.n != 1 {
			continue
		}
		letters = append(letters, letterInfo{l: vw.letters[0], tone: vw.tone})
		letterIndex[r] = uint16(len(letters))
	}
}

// splitWord splits a word (letters and marks only, any normal form) into
// Vietnamese letters. ok is false for anything that is not spelled with the
// Vietnamese alphabet and its marks, or is too long to be a syllable.
func splitWord(vw *vnWord, w string) (ok bool) {
	vw.n, vw.tone, vw.tonePos = 0, 0, -1
	for _, r := range w {
		if r >= letterTableSize || letterIndex[r] == 0 {
			if unicode.IsMark(r) {
				// Marks NFC could not compose: take the slow path.
				return splitDecomposed(vw, norm.NFD.String(w))
			}
			return false
		}
		if vw.n == maxLetters {
			return false
		}
		li := letters[letterIndex[r]-1]
		if li.tone != 0 {
			if vw.tone != 0 {
				return false
			}
			vw.tone, vw.tonePos = li.tone, vw.n
		}
		vw.letters[vw.n] = li.l
		vw.n++
	}
	return vw.n > 0
}

// splitDecomposed is splitWord for NFD input.
func splitDecomposed(vw *vnWord, d string) (ok bool) {
	vw.n, vw.tone, vw.tonePos = 0, 0, -1
	for _, r := range d {
		switch {
		case isToneMark(r):
			if vw.n == 0 || vw.tone != 0 {
				return false
			}
			vw.tone = r
			vw.tonePos = vw.n - 1
		case isModifierMark(r):
			if vw.n == 0 || vw.letters[vw.n-1].mod != 0 {
				return false
			}
			vw.letters[vw.n-1].mod = r
		case unicode.IsMark(r):
			return false
		default:
			if vw.n == maxLetters {
				return false
			}
			vw.letters[vw.n] = vnLetter{base: r}
			vw.n++
		}
	}
	for i := range vw.n {
		l := &vw.letters[i]
		low := unicode.ToLower(l.base)
		if !(low >= 'a' && low <= 'z') && low != 'đ' {
			return false
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
			return false
		}
		l.low = low
	}
	return vw.n > 0
}

// parsed holds the structure of a syllable: letters [0,vStart) are the onset,
// [vStart,vEnd) the vowel cluster and [vEnd,n) the final consonant.
type parsed struct {
	low          [maxLetters]rune
	n            int
	vStart, vEnd int
}

func (p *parsed) onset() string   { return string(p.low[:p.vStart]) }
func (p *parsed) cluster() string { return string(p.low[p.vStart:p.vEnd]) }
func (p *parsed) coda() string    { return string(p.low[p.vEnd:p.n]) }

// packRunes packs up to three runes into a map key without allocating.
func packRunes(rs []rune) uint64 {
	var k uint64
	for _, r := range rs {
		k = k<<21 | uint64(r)
	}
	return k
}

// clusterKeys and foldedClusterKeys index clusters by packRunes.
var clusterKeys, foldedClusterKeys = func() (map[uint64]clusterInfo, map[uint64]clusterInfo) {
	m, f := map[uint64]clusterInfo{}, map[uint64]clusterInfo{}
	for c, info := range clusters {
		m[packRunes([]rune(c))] = info
		k := packRunes([]rune(foldVowels(c)))
		old := f[k]
		f[k] = clusterInfo{open: old.open || info.open, closed: old.closed || info.closed}
	}
	return m, f
}()

// foldVowels strips the modifiers of toneless vowels (ư→u, â→a).
func foldVowels(s string) string {
	return strings.Map(func(r rune) rune {
		switch r {
		case 'ă', 'â':
			return 'a'
		case 'ê':
			return 'e'
		case 'ô', 'ơ':
			return 'o'
		case 'ư':
			return 'u'
		}
		return r
	}, s)
}

func isCoda(cd []rune) bool {
	switch len(cd) {
	case 1:
		switch cd[0] {
		case 'c', 'm', 'n', 'p', 't':
			return true
		}
	case 2:
		return (cd[0] == 'c' || cd[0] == 'n') && (cd[1] == 'h' || (cd[0] == 'n' && cd[1] == 'g'))
	}
	return false
}

// parseLetters splits lower-case toneless letters into onset, vowel cluster
// and coda. It accepts only standard Vietnamese spelling.
func parseLetters(low [maxLetters]rune, n int) (p parsed, ok bool) {
	return parseWith(low, n, clusterKeys)
}

// parseWith is parseLetters with a given cluster table, so that folded
// (diacritic-free) tokens can be parsed with the folded clusters.
func parseWith(low [maxLetters]rune, n int, clusters map[uint64]clusterInfo) (p parsed, ok bool) {
	p.low, p.n = low, n
	if n == 0 {
		return p, false
	}
	has2 := func(a, b rune) bool { return n >= 2 && low[0] == a && low[1] == b }
	i := 0
	switch {
	case n >= 3 && low[0] == 'n' && low[1] == 'g' && low[2] == 'h':
		i = 3
	case has2('g', 'i'):
		// "gi" is an onset before another vowel (gia, giữ, giường); in
		// "gì", "gìn" the i is the vowel itself.
		if n > 2 && isVowel(low[2]) {
			i = 2
		} else {
			i = 1
		}
	case has2('q', 'u'):
		// The u of "qu" belongs to the onset: "quý", "quả" carry the
		// tone on the following vowel.
		if n > 2 && isVowel(low[2]) {
			i = 2
		} else {
			return p, false
		}
	case isOnsetLetter(low[0]):
		i = 1
		if n >= 2 {
			switch low[1] {
			case 'g':
				if low[0] == 'n' {
					i = 2
				}
			case 'h':
				switch low[0] {
				case 'g', 'k', 'n', 'p', 't', 'c':
					i = 2
				}
			case 'r':
				if low[0] == 't' {
					i = 2
				}
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
	if p.vEnd == p.vStart || p.vEnd-p.vStart > 3 {
		return p, false
	}
	info, known := clusters[packRunes(low[p.vStart:p.vEnd])]
	if !known {
		return p, false
	}
	if p.vEnd == n {
		return p, info.open
	}
	return p, info.closed && isCoda(low[p.vEnd:n])
}

// toneIndex returns the index (into p.low) of the vowel that carries the tone
// in the traditional placement used by official text ("hòa", "thủy", "quý",
// "hoàng", "khuyến").
func (p *parsed) toneIndex() int {
	cl := p.low[p.vStart:p.vEnd]
	// A vowel with a modifier always takes the tone; in ươ it is the ơ.
	for j := len(cl) - 1; j >= 0; j-- {
		if hasModifier(cl[j]) {
			return p.vStart + j
		}
	}
	switch {
	case p.vEnd < p.n: // closed syllable: the last vowel (hoàng, toán, huýt)
		return p.vEnd - 1
	case len(cl) == 3: // oai, oay, oeo, uya, uyu: the middle one
		return p.vStart + 1
	default: // open: the first (mùa, mía, hòa, hòe, thủy)
		return p.vStart
	}
}

func (p *parsed) isOO() bool {
	return p.vEnd-p.vStart == 2 && p.low[p.vStart] == 'o' && p.low[p.vStart+1] == 'o'
}

// canonWord returns w (NFC) with its tone mark moved to the canonical vowel.
// Words that are not Vietnamese syllables are returned unchanged.
func canonWord(w string) string {
	var vw vnWord
	if !splitWord(&vw, w) || vw.tone == 0 {
		return w
	}
	low := vw.low()
	if !isVowel(low[vw.tonePos]) {
		return w
	}
	p, ok := parseLetters(low, vw.n)
	if !ok || p.isOO() {
		// "oo" is found in loans and names (soóc, "Sóong") with no settled
		// placement; leave them as written.
		return w
	}
	target := p.toneIndex()
	if target == vw.tonePos {
		return w
	}
	var b strings.Builder
	b.Grow(len(w) + 2)
	for i := range vw.n {
		l := vw.letters[i]
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
	var vw vnWord
	if !splitWord(&vw, word) {
		return false
	}
	low := vw.low()
	p, ok := parseLetters(low, vw.n)
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
		if vw.tonePos != t && !altTonePlace(&p, vw.tonePos) {
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
func altTonePlace(p *parsed, pos int) bool {
	if p.isOO() {
		return true
	}
	if p.vEnd != p.n || p.vEnd-p.vStart != 2 {
		return false
	}
	switch p.cluster() {
	case "oa", "oe", "uy":
		return pos == p.vStart+1
	}
	return false
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
	var low [maxLetters]rune
	for i := 0; i < len(tok); i++ {
		low[i] = rune(tok[i])
	}
	_, ok := parseWith(low, len(tok), foldedClusterKeys)
	return ok
}

// isASCII reports whether s has only ASCII bytes.
func isASCII(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] >= utf8.RuneSelf {
			return false
		}
	}
	return true
}

package vntext

import (
	_ "embed"
	"fmt"
	"strconv"
	"strings"
	"sync"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/encoding/charmap"
	"golang.org/x/text/unicode/norm"
)

// Encoding is the character encoding of Vietnamese text.
type Encoding int

// Encodings that DetectLegacy tells apart.
const (
	Unicode Encoding = iota // UTF-8 / Unicode, the only encoding stored
	TCVN3                   // TCVN 5712:1993 VN3, "ABC", .VnTime fonts
	VNI                     // VNI-Windows, VNI-Times fonts
)

// String returns "Unicode", "TCVN3" or "VNI".
func (e Encoding) String() string {
	switch e {
	case Unicode:
		return "Unicode"
	case TCVN3:
		return "TCVN3"
	case VNI:
		return "VNI"
	}
	return "Encoding(" + strconv.Itoa(int(e)) + ")"
}

//go:embed data/tcvn3.tsv
var tcvn3TSV string

//go:embed data/vni.tsv
var vniTSV string

// legacyTables are built once from the embedded TSV files.
type legacyTables struct {
	cp1252   [256]rune     // Windows-1252; undefined bytes stay C1 controls
	toCP1252 map[rune]byte // inverse of cp1252 for runes above U+00FF
	tcvn3    [256]rune     // TCVN3 byte → Unicode (letters), else cp1252
	vni1     [256]rune     // VNI single-byte letters, 0 if none
	vni2     map[uint16]rune
	// impossible[enc] marks the encoding's letter bytes whose Windows-1252
	// character never occurs in Vietnamese Unicode text (µ ¸ ® § ß ø ñ…).
	impossible [3][256]bool
	// legacyLetter[enc] marks the encoding's letter bytes, so that "®" or the
	// soft hyphen count as part of a word.
	legacyLetter [3][256]bool
	viLetters    map[rune]bool // every Vietnamese letter (NFC)
}

var (
	legacyOnce sync.Once
	legacyTbl  *legacyTables
)

func tables() *legacyTables {
	legacyOnce.Do(func() {
		t, err := buildLegacyTables()
		if err != nil {
			panic(err) // embedded data: a parse error is a build mistake
		}
		legacyTbl = t
	})
	return legacyTbl
}

func buildLegacyTables() (*legacyTables, error) {
	t := &legacyTables{toCP1252: map[rune]byte{}, vni2: map[uint16]rune{}, viLetters: map[rune]bool{}}
	for b := 0; b < 256; b++ {
		r := charmap.Windows1252.DecodeByte(byte(b))
		if r == utf8.RuneError {
			r = rune(b) // 81 8D 8F 90 9D: keep the C1 control, as Windows does
		}
		t.cp1252[b] = r
		if r > 0xFF {
			t.toCP1252[r] = byte(b)
		}
		t.tcvn3[b] = r
	}
	type row struct {
		bytes   []byte
		unicode rune
	}
	parse := func(name, tsv string) ([]row, error) {
		var rows []row
		for n, line := range strings.Split(strings.TrimRight(tsv, "\n"), "\n") {
			if n == 0 {
				continue
			}
			f := strings.Split(line, "\t")
			if len(f) != 6 {
				return nil, fmt.Errorf("%s line %d: %d fields, want 6", name, n+1, len(f))
			}
			if f[5] != "both" {
				continue // encode-only and cp1252-symbol rows
			}
			var bs []byte
			for _, h := range strings.Fields(f[0]) {
				v, err := strconv.ParseUint(h, 16, 8)
				if err != nil {
					return nil, fmt.Errorf("%s line %d: %w", name, n+1, err)
				}
				bs = append(bs, byte(v))
			}
			u, size := utf8.DecodeRuneInString(f[2])
			if len(bs) == 0 || size != len(f[2]) {
				return nil, fmt.Errorf("%s line %d: bad row", name, n+1)
			}
			rows = append(rows, row{bs, u})
		}
		return rows, nil
	}
	trows, err := parse("tcvn3.tsv", tcvn3TSV)
	if err != nil {
		return nil, err
	}
	vrows, err := parse("vni.tsv", vniTSV)
	if err != nil {
		return nil, err
	}
	for _, r := range trows {
		t.tcvn3[r.bytes[0]] = r.unicode
		if r.unicode != '\u00A0' {
			t.viLetters[r.unicode] = true
		}
	}
	for _, r := range vrows {
		t.viLetters[r.unicode] = true
		if len(r.bytes) == 1 {
			t.vni1[r.bytes[0]] = r.unicode
		} else {
			t.vni2[uint16(r.bytes[0])<<8|uint16(r.bytes[1])] = r.unicode
		}
	}
	for _, r := range trows {
		c := t.cp1252[r.bytes[0]]
		if r.unicode == '\u00A0' {
			continue
		}
		t.legacyLetter[TCVN3][r.bytes[0]] = true
		if !t.viLetters[c] {
			t.impossible[TCVN3][r.bytes[0]] = true
		}
	}
	for _, r := range vrows {
		for _, b := range r.bytes {
			c := t.cp1252[b]
			if b < 0x80 {
				continue
			}
			t.legacyLetter[VNI][b] = true
			if !t.viLetters[c] {
				t.impossible[VNI][b] = true
			}
		}
	}
	return t, nil
}

// unit is one input element for decoding: a legacy byte (0–255) or, above
// 255, a rune that has no Windows-1252 byte and passes through unchanged.
type unit = rune

// cp1252Byte returns the Windows-1252 byte of r. Runes U+0080–U+009F map
// to their own byte, so that text wrongly decoded as Latin-1 works too.
func (t *legacyTables) cp1252Byte(r rune) (byte, bool) {
	if r <= 0xFF {
		return byte(r), true
	}
	b, ok := t.toCP1252[r]
	return b, ok
}

func (t *legacyTables) units(s string) []unit {
	us := make([]unit, 0, len(s))
	for _, r := range s {
		if b, ok := t.cp1252Byte(r); ok {
			us = append(us, unit(b))
		} else {
			us = append(us, r)
		}
	}
	return us
}

// decodeUnits decodes legacy units to Unicode (not yet NFC).
func (t *legacyTables) decodeUnits(us []unit, enc Encoding) string {
	var b strings.Builder
	b.Grow(len(us) * 2)
	for i := 0; i < len(us); i++ {
		u := us[i]
		if u > 255 {
			b.WriteRune(u)
			continue
		}
		switch enc {
		case TCVN3:
			b.WriteRune(t.tcvn3[u])
		case VNI:
			if i+1 < len(us) && us[i+1] <= 255 {
				if r, ok := t.vni2[uint16(u)<<8|uint16(us[i+1])]; ok {
					b.WriteRune(r)
					i++
					continue
				}
			}
			if r := t.vni1[u]; r != 0 {
				b.WriteRune(r)
				continue
			}
			b.WriteRune(t.cp1252[u])
		default:
			b.WriteRune(t.cp1252[u])
		}
	}
	return b.String()
}

// DecodeLegacy converts mojibake to Unicode (NFC): s holds legacy text that
// was decoded as Windows-1252, as text pulled out of old .doc/.xls files
// without its font looks ("Céng hßa x· héi" in TCVN3, "Coäng hoøa xaõ hoäi"
// in VNI). Characters that Windows-1252 cannot hold pass through. TCVN3 has
// no upper-case toned vowels, so they come out in lower case (Fix restores
// all-caps words). DecodeLegacy(s, Unicode) returns s in NFC.
func DecodeLegacy(s string, enc Encoding) string {
	if enc != TCVN3 && enc != VNI {
		return norm.NFC.String(s)
	}
	t := tables()
	return norm.NFC.String(t.decodeUnits(t.units(s), enc))
}

// DecodeLegacyBytes converts raw legacy bytes (a TCVN3 or VNI .txt file) to
// Unicode (NFC). Bytes that are not Vietnamese letters in enc keep their
// Windows-1252 meaning. With enc Unicode, b is read as UTF-8 and invalid
// sequences become U+FFFD.
func DecodeLegacyBytes(b []byte, enc Encoding) string {
	if enc != TCVN3 && enc != VNI {
		return norm.NFC.String(strings.ToValidUTF8(string(b), "\uFFFD"))
	}
	t := tables()
	us := make([]unit, len(b))
	for i, c := range b {
		us[i] = unit(c)
	}
	return norm.NFC.String(t.decodeUnits(us, enc))
}

// legacyScore is the evidence that text is mojibake of one encoding.
type legacyScore struct {
	pos    int  // words invalid as Unicode that decode to Vietnamese syllables
	neg    int  // Vietnamese syllables that decoding would break
	strong bool // some pos word contains a character impossible in Vietnamese
}

// scoreLegacy scores s as mojibake of enc and counts words with Vietnamese
// letters outside Windows-1252 (ư, ơ, đ, ạ…), which mojibake cannot contain.
func (t *legacyTables) scoreLegacy(s string, enc Encoding) (sc legacyScore, unicodeWords int) {
	word := func(r rune) bool {
		if b, ok := t.cp1252Byte(r); ok && t.legacyLetter[enc][b] {
			return true
		}
		return unicode.IsLetter(r) || unicode.IsMark(r)
	}
	rest := s
	for rest != "" {
		i := strings.IndexFunc(rest, word)
		if i < 0 {
			break
		}
		rest = rest[i:]
		j := strings.IndexFunc(rest, func(r rune) bool { return !word(r) })
		if j < 0 {
			j = len(rest)
		}
		w := rest[:j]
		rest = rest[j:]
		if isASCII(w) {
			continue // ASCII decodes to itself in both encodings
		}
		impossible, uni, asciiLetter := false, false, false
		for _, r := range w {
			if r < utf8.RuneSelf {
				asciiLetter = true // words hold only letters and legacy letter bytes
			}
			b, ok := t.cp1252Byte(r)
			if ok && t.impossible[enc][b] {
				impossible = true
			}
			if !ok && (t.viLetters[r] || isToneMark(r) || isModifierMark(r)) {
				uni = true
			}
		}
		if uni {
			unicodeWords++
			continue
		}
		dec := t.decodeUnits(t.units(w), enc)
		if dec == w {
			continue
		}
		origOK, decOK := IsSyllable(w), IsSyllable(dec)
		switch {
		case decOK && !origOK && asciiLetter:
			// A lone symbol ("·", "µ") decodes to a one-vowel word ("ã",
			// "à"); only mixed words like "hßa" or "x·" are evidence.
			sc.pos++
			sc.strong = sc.strong || impossible
		case origOK && !decOK:
			sc.neg++
		}
	}
	return sc, unicodeWords
}

// gates reports, for each encoding, whether s contains a character that
// Vietnamese never uses but the encoding's mojibake does; without one the
// encoding is ruled out at the cost of a single scan.
func (t *legacyTables) gates(s string) (g [3]bool) {
	for _, r := range s {
		if r < 0x80 {
			continue
		}
		if b, ok := t.cp1252Byte(r); ok {
			g[TCVN3] = g[TCVN3] || t.impossible[TCVN3][b]
			g[VNI] = g[VNI] || t.impossible[VNI][b]
		}
	}
	return g
}

// DetectLegacy guesses whether s is TCVN3 or VNI mojibake (legacy bytes read
// as Windows-1252) and returns Unicode otherwise. It is conservative, since
// real Vietnamese text also uses à, ê, ô…: it decides for a legacy
// encoding only when words that are not Vietnamese syllables as written
// decode to Vietnamese syllables, some of them contain characters that
// Vietnamese never uses (TCVN3 µ ¸ ¶ · ¹ ® §, the soft hyphen for ư; VNI
// ø ù û õ ï after a vowel, ñ, ö), they outnumber twice over the
// syllables that decoding would break, and they outnumber the words
// written with Vietnamese letters that Windows-1252 lacks (ư, ơ, đ, ạ…).
func DetectLegacy(s string) Encoding {
	t := tables()
	gates := t.gates(s)
	best, bestMargin := Unicode, 0
	for _, enc := range []Encoding{TCVN3, VNI} {
		if !gates[enc] {
			continue
		}
		sc, uni := t.scoreLegacy(s, enc)
		if !sc.strong || sc.pos <= 2*sc.neg || sc.pos <= uni {
			continue
		}
		if m := sc.pos - sc.neg; m > bestMargin {
			best, bestMargin = enc, m
		}
	}
	return best
}

// Fix repairs pasted or imported text: UTF-8 read through a wrong code page
// ("DÃ¢n váº­n" → "Dân vận") is re-decoded word by word; then, if
// DetectLegacy finds TCVN3 or VNI
// mojibake it decodes it (leaving alone lines that are plainly Unicode, as
// when legacy text was pasted into a Unicode document), restores all-caps
// words that TCVN3 could not store in upper case ("CéNG HßA" → "CỘNG
// HÒA"), and returns NormalizeText of the result. For Unicode text
// Fix(s) == NormalizeText(s).
func Fix(s string) string {
	if r, ok := repairUTF8Mojibake(s); ok {
		s = r
	}
	enc := DetectLegacy(s)
	if enc == Unicode {
		return NormalizeText(s)
	}
	t := tables()
	lines := strings.Split(s, "\n")
	for i, l := range lines {
		if sc, uni := t.scoreLegacy(l, enc); uni > 0 && sc.pos == 0 {
			continue
		}
		d := norm.NFC.String(t.decodeUnits(t.units(l), enc))
		if enc == TCVN3 {
			d = restoreCaps(d)
		}
		lines[i] = d
	}
	return NormalizeText(strings.Join(lines, "\n"))
}

// FixBytes is Fix for raw input of unknown encoding, such as the standard
// input of "giaoban text fix": valid UTF-8 goes through Fix; anything else
// is read as Windows-1252 and goes through Fix, which decodes legacy TCVN3 or
// VNI bytes.
func FixBytes(b []byte) string {
	if utf8.Valid(b) {
		return Fix(string(b))
	}
	t := tables()
	var sb strings.Builder
	sb.Grow(len(b) * 2)
	for _, c := range b {
		sb.WriteRune(t.cp1252[c])
	}
	return Fix(sb.String())
}

// restoreCaps upper-cases TCVN3 words typed in an all-caps font: the
// decoder gives "CộNG HòA Xã HộI", where every letter but the toned vowels
// is upper case. A word is upper-cased when it has at least two upper-case
// letters and all its lower-case letters are non-ASCII; a one-capital word
// ("Xã") follows when such words outnumber one-capital ones on the line.
func restoreCaps(line string) string {
	type word struct {
		start, end int
		upper      int
		lowerASCII bool
		lowerOther bool
		letters    int
	}
	var words []word
	cur := word{start: -1}
	flush := func(end int) {
		if cur.start >= 0 {
			cur.end = end
			words = append(words, cur)
		}
		cur = word{start: -1}
	}
	for i, r := range line {
		if !unicode.IsLetter(r) {
			flush(i)
			continue
		}
		if cur.start < 0 {
			cur.start = i
		}
		cur.letters++
		switch {
		case unicode.IsUpper(r):
			cur.upper++
		case r < utf8.RuneSelf:
			cur.lowerASCII = true
		default:
			cur.lowerOther = true
		}
	}
	flush(len(line))
	// Count only words with decoded toned vowels: "CộNG" speaks for an
	// all-caps font, "Sở" for ordinary capitalisation.
	capsToned, titleToned := 0, 0
	for _, w := range words {
		switch {
		case !w.lowerOther || w.lowerASCII:
		case w.upper >= 2:
			capsToned++
		case w.upper == 1:
			titleToned++
		}
	}
	if capsToned == 0 {
		return line
	}
	capsLine := capsToned > titleToned
	var b strings.Builder
	last := 0
	for _, w := range words {
		if !w.lowerOther || w.lowerASCII || w.upper == 0 {
			continue
		}
		if w.upper >= 2 || (capsLine && w.upper == 1 && isUpperFirst(line[w.start:w.end])) {
			b.WriteString(line[last:w.start])
			b.WriteString(strings.ToUpper(line[w.start:w.end]))
			last = w.end
		}
	}
	b.WriteString(line[last:])
	return b.String()
}

func isUpperFirst(w string) bool {
	r, _ := utf8.DecodeRuneInString(w)
	return unicode.IsUpper(r)
}

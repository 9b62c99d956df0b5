package vntext

import (
	_ "embed"
	"fmt"
	"maps"
	"slices"
	"strings"
	"sync"
	"unicode"
)

//go:embed data/abbreviations.tsv
var abbreviationsTSV string

// Abbreviation is one abbreviation used in Party and state text, from
// data/abbreviations.tsv (a copy of shared/data/abbreviations.tsv).
type Abbreviation struct {
	Abbr      string // as written in official text: "UBND", "GD&ĐT", "TP.HCM", "Q."
	Expansion string // main meaning, traditional tone placement: "Ủy ban nhân dân"
	Category  string // party, state, mass-org, security, policy, ideology, society, economy, education, admin, doc-type, signature
	Note      string
	Evidence  string

	// Ambiguous is set when the abbreviation needs context to be read (the
	// note says so: TT, CĐ, HĐ, ĐH, BTC, DN, ĐV, and Q.). Do not expand
	// these when indexing; query-time expansion is fine.
	Ambiguous bool
	// Alternatives are the other meanings named in the note ("Hội đồng" for
	// HĐ, "Quận" for Q., "Thành ủy" for TU).
	Alternatives []string
	// Variants are other spellings named in the note ("GD-ĐT", "GDĐT" for
	// GD&ĐT; "TP HCM", "TPHCM" for TP.HCM).
	Variants []string
	// Derived marks entries that are not rows of the file but are spelled
	// out in another row's note (CNH and HĐH from CNH-HĐH; BGDĐT from GD&ĐT).
	Derived bool
}

// abbrAlternatives records the other meanings that the notes of
// abbreviations.tsv give in prose.
var abbrAlternatives = map[string][]string{
	"TT":  {"Thông tri", "Thị trấn", "Trung tâm"},
	"CĐ":  {"Cao đẳng", "Công điện"},
	"HĐ":  {"Hội đồng"},
	"ĐH":  {"Đại hội"},
	"BTC": {"Ban Tổ chức"},
	"DN":  {"Đà Nẵng", "Đồng Nai"},
	"Q.":  {"Quận"},
	"ĐV":  {"đơn vị"},
	"TU":  {"Thành ủy"},
}

// abbrVariants records the variant spellings that the notes give in prose.
// Variants that differ only in separators ("GD-ĐT" for "GD&ĐT") are also
// derived automatically; they are listed so that Variants documents them.
var abbrVariants = map[string][]string{
	"TW":         {"TƯ"},
	"TƯ":         {"TW"},
	"BCHTW":      {"BCH TW", "BCH Trung ương"},
	"UBTƯMTTQVN": {"UBTUMTTQVN", "UBTƯ MTTQ Việt Nam"},
	"KT-XH":      {"KTXH"},
	"QP-AN":      {"QPAN"},
	"KH&CN":      {"KHCN"},
	"GD&ĐT":      {"GD-ĐT", "GDĐT"},
	"LĐ-TB&XH":   {"LĐTBXH"},
	"TN&MT":      {"TN-MT", "TNMT"},
	"VH-TT&DL":   {"VHTTDL", "VH,TT&DL"},
	"TNCS HCM":   {"TNCSHCM"},
	"CBCCVC":     {"CB,CC,VC"},
	"TP.HCM":     {"TP HCM", "TPHCM", "Tp.HCM"},
}

// readmeAmbiguous lists the abbreviations that shared/data/README.md calls
// ambiguous; Q. is among them although its note does not use the word.
var readmeAmbiguous = map[string]bool{"TT": true, "CĐ": true, "HĐ": true, "ĐH": true, "BTC": true, "DN": true, "Q.": true}

// derivedAbbreviations are spelled out in the notes of other rows.
var derivedAbbreviations = []Abbreviation{
	{Abbr: "CNH", Expansion: "công nghiệp hóa", Category: "ideology", Note: "derived from the note of CNH-HĐH", Derived: true},
	{Abbr: "HĐH", Expansion: "hiện đại hóa", Category: "ideology", Note: "derived from the note of CNH-HĐH", Derived: true},
	{Abbr: "BGDĐT", Expansion: "Bộ Giáo dục và Đào tạo", Category: "state", Note: "derived from the note of GD&ĐT", Derived: true},
}

type abbrIndex struct {
	list []Abbreviation
	// byForm maps the folded tokens of a written form, joined by spaces
	// ("gd dt", "gddt", "mttq"), to the entries written that way.
	byForm map[string][]int
	// byPhrase maps the folded tokens of a main expansion to its entries.
	byPhrase map[string][]int
	// forms[i] are the folded token sequences of entry i's written forms.
	forms [][][]string
	// maxSpan is the longest form or expansion, in tokens.
	maxSpan int
}

var (
	abbrOnce sync.Once
	abbrIdx  *abbrIndex
)

func abbrs() *abbrIndex {
	abbrOnce.Do(func() {
		list, err := parseAbbreviations(abbreviationsTSV)
		if err != nil {
			panic(err) // the file is embedded: a parse error is a build mistake
		}
		abbrIdx = buildAbbrIndex(append(list, derivedAbbreviations...))
	})
	return abbrIdx
}

func parseAbbreviations(tsv string) ([]Abbreviation, error) {
	var list []Abbreviation
	for n, line := range strings.Split(strings.TrimRight(tsv, "\n"), "\n") {
		if n == 0 {
			continue // header
		}
		f := strings.Split(strings.TrimRight(line, "\r"), "\t")
		if len(f) != 5 {
			return nil, fmt.Errorf("abbreviations.tsv line %d: %d fields, want 5", n+1, len(f))
		}
		a := Abbreviation{
			Abbr:      strings.TrimSpace(f[0]),
			Expansion: Normalize(f[1]),
			Category:  f[2],
			Note:      f[3],
			Evidence:  f[4],
		}
		a.Ambiguous = readmeAmbiguous[a.Abbr] || strings.Contains(strings.ToLower(a.Note), "ambiguous")
		a.Alternatives = slices.Clone(abbrAlternatives[a.Abbr])
		a.Variants = slices.Clone(abbrVariants[a.Abbr])
		list = append(list, a)
	}
	return list, nil
}

func buildAbbrIndex(list []Abbreviation) *abbrIndex {
	ix := &abbrIndex{list: list, byForm: map[string][]int{}, byPhrase: map[string][]int{}}
	add := func(m map[string][]int, key string, i int) {
		if key != "" && !slices.Contains(m[key], i) {
			m[key] = append(m[key], i)
		}
	}
	for i, a := range list {
		var forms [][]string
		addForm := func(toks []string) {
			if len(toks) == 0 || slices.ContainsFunc(forms, func(f []string) bool { return slices.Equal(f, toks) }) {
				return
			}
			forms = append(forms, toks)
			add(ix.byForm, strings.Join(toks, " "), i)
			ix.maxSpan = max(ix.maxSpan, len(toks))
		}
		for _, w := range append([]string{a.Abbr}, a.Variants...) {
			toks := Tokens(w)
			addForm(toks)
			// GD&ĐT is also written GDĐT, but "BCH Trung ương" is not
			// written "BCHTrungương": join only abbreviation-like parts.
			if !slices.ContainsFunc(toks, func(t string) bool { return len(t) >= 3 && plausibleFolded(t) }) {
				addForm([]string{strings.Join(toks, "")})
			}
		}
		ix.forms = append(ix.forms, forms)
		toks := Tokens(a.Expansion)
		add(ix.byPhrase, strings.Join(toks, " "), i)
		ix.maxSpan = max(ix.maxSpan, len(toks))
	}
	return ix
}

// Abbreviations returns every known abbreviation: the rows of
// data/abbreviations.tsv in file order, then the few Derived entries.
// The caller may modify the result.
func Abbreviations() []Abbreviation {
	ix := abbrs()
	out := make([]Abbreviation, len(ix.list))
	for i, a := range ix.list {
		a.Alternatives = slices.Clone(a.Alternatives)
		a.Variants = slices.Clone(a.Variants)
		out[i] = a
	}
	return out
}

// lookupForm returns the entries written as token (case, diacritics and
// separators ignored: "GD&ĐT", "gd-dt" and "GDĐT" are the same form).
func (ix *abbrIndex) lookupForm(token string) []int {
	toks := Tokens(token)
	if len(toks) == 0 {
		return nil
	}
	if e := ix.byForm[strings.Join(toks, " ")]; e != nil {
		return e
	}
	return ix.byForm[strings.Join(toks, "")]
}

// meanings returns the folded expansions of the entries, main meanings
// first, without duplicates.
func (ix *abbrIndex) meanings(entries []int) []string {
	var out []string
	addPhrase := func(p string) {
		f := strings.Join(Tokens(p), " ")
		if f != "" && !slices.Contains(out, f) {
			out = append(out, f)
		}
	}
	for _, i := range entries {
		addPhrase(ix.list[i].Expansion)
	}
	for _, i := range entries {
		for _, alt := range ix.list[i].Alternatives {
			addPhrase(alt)
		}
	}
	return out
}

// Expand returns the folded expansions of an abbreviation, matched
// case-, diacritic- and separator-insensitively: Expand("MTTQ"),
// Expand("mttq") and Expand("Mttq") all give ["mat tran to quoc"];
// Expand("GD-ĐT") gives ["giao duc va dao tao"]. Because folding merges
// HD/HĐ and TU/TƯ, all their meanings are returned, main meanings first,
// then the alternatives of ambiguous ones. Each expansion is its folded
// tokens joined by single spaces. Nil when token is not an abbreviation.
func Expand(token string) []string {
	ix := abbrs()
	return ix.meanings(ix.lookupForm(token))
}

// Abbreviate is the reverse of Expand: the folded written forms (tokens
// joined by spaces) of the abbreviations whose main expansion is phrase,
// which may be given folded or not. Abbreviate("mat tran to quoc") gives
// ["mttq"]; Abbreviate("Thành phố Hồ Chí Minh") gives ["tp hcm", "tphcm"].
// Alternative meanings of ambiguous abbreviations are not reversed.
func Abbreviate(phrase string) []string {
	ix := abbrs()
	var out []string
	for _, i := range ix.byPhrase[strings.Join(Tokens(phrase), " ")] {
		for _, f := range ix.forms[i] {
			if s := strings.Join(f, " "); !slices.Contains(out, s) {
				out = append(out, s)
			}
		}
	}
	return out
}

// maxQueryAlternatives caps ExpandQuery's output: each expandable span
// multiplies the alternatives.
const maxQueryAlternatives = 32

// ExpandQuery returns alternative token sequences for a search query, for a
// search engine to OR together. The first sequence is always Tokens(q).
// Abbreviations are replaced by their expansions and other spellings
// ("mttq" → "mat tran to quoc"; "tp hcm" → "tphcm", "thanh pho ho chi
// minh") and full expansions by their abbreviations ("mat tran to quoc" →
// "mttq"), longest match first, at most 32 sequences.
//
// To keep precision, a token that could also be an ordinary word written
// without diacritics ("tu", "du", "da") is expanded only when the query
// writes it as an abbreviation (upper case, "TƯ", "ĐU", "DA"), and such
// words are never produced from expansions ("đảng ủy" does not add "du").
// Abbreviations whose folded form has several meanings are not produced
// from expansions either ("hop dong" does not add "hd").
func ExpandQuery(q string) [][]string {
	ix := abbrs()
	toks := Tokens(q)
	if len(toks) == 0 {
		return nil
	}
	raw := rawTokens(Normalize(q))
	if len(raw) != len(toks) {
		raw = toks // exotic characters split differently: lose case, keep going
	}
	// Segment the query: a plain token, or a matched span with its
	// alternatives (the span itself first).
	type segment struct{ alts [][]string }
	var segs []segment
	var choicePoints []int // indexes of segments with alternatives
	for i := 0; i < len(toks); {
		n, alts := ix.matchAt(raw, toks, i)
		if n == 0 {
			segs = append(segs, segment{alts: [][]string{toks[i : i+1]}})
			i++
			continue
		}
		choicePoints = append(choicePoints, len(segs))
		segs = append(segs, segment{alts: alts})
		i += n
	}
	// Choose alternatives breadth-first until the cap is reached; later
	// choice points keep the query's own words. Each output is then built
	// once, so a long query costs linear time, not quadratic.
	combos := []map[int]int{{}}
	for _, cp := range choicePoints {
		if len(combos) >= maxQueryAlternatives {
			break
		}
		var next []map[int]int
		for _, c := range combos {
			for a := range segs[cp].alts {
				if len(next) == maxQueryAlternatives {
					break
				}
				nc := maps.Clone(c)
				nc[cp] = a
				next = append(next, nc)
			}
		}
		combos = next
	}
	out := make([][]string, 0, len(combos))
	seen := make(map[string]bool, len(combos))
	for _, c := range combos {
		seq := make([]string, 0, len(toks))
		for j, sg := range segs {
			seq = append(seq, sg.alts[c[j]]...)
		}
		// Alternatives of different lengths can meet ("a b"+"c", "a"+"b c").
		if k := strings.Join(seq, "\x00"); !seen[k] {
			seen[k] = true
			out = append(out, seq)
		}
	}
	return out
}

// matchAt finds the longest span starting at i that is an abbreviation form
// or a main expansion and returns its length and alternatives (the span
// itself first). n is 0 when nothing matches.
func (ix *abbrIndex) matchAt(raw, toks []string, i int) (n int, alts [][]string) {
	for n = min(ix.maxSpan, len(toks)-i); n > 0; n-- {
		span := toks[i : i+n]
		key := strings.Join(span, " ")
		alts = [][]string{span}
		addAlt := func(a []string) {
			if !slices.ContainsFunc(alts, func(x []string) bool { return slices.Equal(x, a) }) {
				alts = append(alts, a)
			}
		}
		if entries := ix.byForm[key]; entries != nil && ix.expandable(raw[i:i+n], key, entries) {
			entries = ix.exactEntries(raw[i:i+n], entries)
			for _, m := range ix.meanings(entries) {
				addAlt(strings.Fields(m))
			}
			for _, e := range entries {
				for _, f := range ix.forms[e] {
					addAlt(f)
				}
			}
		}
		for _, e := range ix.byPhrase[key] {
			for _, f := range ix.forms[e] {
				fk := strings.Join(f, " ")
				if len(f) == 1 && plausibleFolded(f[0]) {
					continue // "du" for "đảng ủy" would match "du lịch"
				}
				if len(ix.meanings(ix.byForm[fk])) > 1 {
					continue // "hd" means hướng dẫn, hợp đồng, hội đồng
				}
				addAlt(f)
			}
		}
		if len(alts) > 1 {
			return n, alts
		}
	}
	return 0, nil
}

// expandable decides whether the query words raw, folded to key, should be
// read as the abbreviation: always when key cannot be a Vietnamese word; for
// "tu", "du", "da" only when written like an abbreviation.
func (ix *abbrIndex) expandable(raw []string, key string, entries []int) bool {
	if len(raw) > 1 || !plausibleFolded(key) {
		return true
	}
	w := raw[0]
	if strings.ToUpper(w) == w && len([]rune(w)) >= 2 {
		return true
	}
	for _, e := range entries {
		if strings.Trim(ix.list[e].Abbr, ".") == w {
			return true
		}
	}
	return false
}

// exactEntries narrows entries to those written exactly as raw (case and
// diacritics kept), so that "TƯ" means Trung ương and not Tỉnh ủy, and "HĐ"
// does not mean Hướng dẫn (HD). Without an exact match all entries stay.
func (ix *abbrIndex) exactEntries(raw []string, entries []int) []int {
	var exact []int
	joined := strings.Join(raw, "")
	for _, e := range entries {
		a := ix.list[e]
		for _, w := range append([]string{a.Abbr}, a.Variants...) {
			rt := rawTokens(Normalize(w))
			if slices.Equal(rt, raw) || (len(raw) == 1 && strings.Join(rt, "") == joined) {
				exact = append(exact, e)
				break
			}
		}
	}
	if len(exact) == 0 {
		return entries
	}
	return exact
}

// rawTokens splits s like Tokens but keeps case and diacritics.
func rawTokens(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool {
		return !unicode.IsLetter(r) && !unicode.IsDigit(r) && !unicode.IsMark(r)
	})
}

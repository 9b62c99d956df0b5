package search

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestParse(t *testing.T) {
	for _, c := range []struct {
		q        string
		fts5     string
		adjacent string
	}{
		{"dân vận", `(("dan" AND "van"))`, "dan van"},
		{"Đảng", `(("dang"))`, ""},
		{norm.NFD.String("Tỉnh ủy"), `(("tinh" AND "uy"))`, "tinh uy"},
		{"MTTQ", `(("mttq") OR ("mat tran to quoc"))`, ""},
		{"mặt trận tổ quốc", `(("mat" AND "tran" AND "to" AND "quoc") OR ("mttq"))`, "mat tran to quoc"},
		{"ủy ban MTTQ tỉnh", `(("uy" AND "ban" AND "mttq" AND "tinh") OR ("uy" AND "ban" AND "mat tran to quoc" AND "tinh"))`, "uy ban mttq tinh"},
		{`"dân vận khéo"`, `(("dan van kheo"))`, ""},
		{`giao ban "Tỉnh uỷ"`, `(("giao" AND "ban")) AND (("tinh uy"))`, "giao ban"},
		{`“Mặt trận Tổ quốc”`, `(("mat tran to quoc") OR ("mttq"))`, ""},
		{`a "b`, `(("a" AND "b"))`, "a b"}, // unmatched quote: literal
		{`!!! ... "" `, ``, ""},
		{`OR AND NOT "x`, `(("or" AND "and" AND "not" AND "x"))`, "or and not x"},
	} {
		p := Parse(c.q)
		if got := strings.TrimSuffix(strings.TrimPrefix(p.MatchFTS5(), "("), ")"); got != c.fts5 {
			t.Errorf("Parse(%q).MatchFTS5() = %s, want %s", c.q, got, c.fts5)
		}
		if got := strings.Join(p.Adjacent, " "); got != c.adjacent {
			t.Errorf("Parse(%q).Adjacent = %q, want %q", c.q, got, c.adjacent)
		}
	}
}

func TestTSQuery(t *testing.T) {
	p := Parse(`ủy ban MTTQ "giao ban"`)
	want := `((uy & ban & mttq) | (uy & ban & ((mat:A <-> tran:A <-> to:A <-> quoc:A) | (mat:B <-> tran:B <-> to:B <-> quoc:B)))) & ((((giao:A <-> ban:A) | (giao:B <-> ban:B))))`
	if got := p.TSQuery(); got != want {
		t.Errorf("TSQuery:\n got %s\nwant %s", got, want)
	}
}

func TestParseBounded(t *testing.T) {
	q := strings.Repeat("mttq ubnd hdnd ", 50) + `"a b c"`
	p := Parse(q)
	n := 0
	for _, c := range p.Clauses {
		n += len(c)
	}
	if n > 40 {
		t.Errorf("%d alternatives", n)
	}
	if len(p.Adjacent) > maxTokens {
		t.Errorf("adjacent has %d tokens", len(p.Adjacent))
	}
}

func TestKey(t *testing.T) {
	if got := Key("Đảng uỷ xã — GD&ĐT, 30/2020/NĐ-CP " + strings.Repeat("x", 100)); got != "dang uy xa gd dt 30 2020 nd cp" {
		t.Errorf("Key = %q", got)
	}
}

func TestDiffTerms(t *testing.T) {
	got := diffTerms(strings.Fields("uy ban mttq tinh"), strings.Fields("uy ban mat tran to quoc tinh"))
	var parts []string
	for _, t := range got {
		parts = append(parts, strings.Join(t, " "))
	}
	if s := strings.Join(parts, "|"); s != "uy|ban|mat tran to quoc|tinh" {
		t.Errorf("diffTerms = %s", s)
	}
}

func TestOccurrences(t *testing.T) {
	for _, c := range []struct {
		key, term string
		want      int
	}{
		{"a", "a", 1}, {"a a a", "a", 3}, {"ab a ba", "a", 1}, {"dang dan dan", "dan", 2},
		{"dan", "da", 0}, {"x dan van y dan van", "dan van", 2}, {"dan van", "dan van", 1},
		{"", "a", 0}, {"b", "a", 0}, {"van dan", "dan", 1},
	} {
		if got := occurrences(c.key, c.term, " "+c.term+" "); got != c.want {
			t.Errorf("occurrences(%q, %q) = %d, want %d", c.key, c.term, got, c.want)
		}
	}
}

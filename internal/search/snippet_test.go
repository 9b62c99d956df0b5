package search

import (
	"strings"
	"testing"

	"golang.org/x/text/unicode/norm"

	"giaoban/internal/vntext"
)

func TestHighlight(t *testing.T) {
	for _, c := range []struct {
		text, q, want string
	}{
		{"Ban Dân vận Tỉnh uỷ", "tinh uy", "Ban Dân vận <mark>Tỉnh uỷ</mark>"},
		{"Ban Dân vận Tỉnh uỷ", `"tỉnh ủy"`, "Ban Dân vận <mark>Tỉnh uỷ</mark>"},
		{"Đảng bộ tỉnh", "dang", "<mark>Đảng</mark> bộ tỉnh"},
		{"Ủy ban Mặt trận Tổ quốc tỉnh", "MTTQ", "Ủy ban <mark>Mặt trận Tổ quốc</mark> tỉnh"},
		{"Ủy ban MTTQ tỉnh", "mặt trận tổ quốc", "Ủy ban <mark>MTTQ</mark> tỉnh"},
		{"<script>alert(1)</script> dân vận & \"khéo\"", "dan van", "&lt;script&gt;alert(1)&lt;/script&gt; <mark>dân vận</mark> &amp; &#34;khéo&#34;"},
		{norm.NFD.String("Tỉnh ủy Lạng Sơn"), "tinh uy", "<mark>" + norm.NFD.String("Tỉnh ủy") + "</mark> " + norm.NFD.String("Lạng Sơn")},
		{"không có gì", "xyz", "không có gì"},
		{"vận động", "van", "<mark>vận</mark> động"},
		{"dân, vận", "dan van", "<mark>dân</mark>, <mark>vận</mark>"}, // punctuation splits marks
		{"vậnđộng", "van", "vậnđộng"},                                 // whole words only
	} {
		if got := Highlight(c.text, Parse(c.q).Terms()); got != c.want {
			t.Errorf("Highlight(%q, %q) =\n %s\nwant\n %s", c.text, c.q, got, c.want)
		}
	}
}

func TestSnippet(t *testing.T) {
	long := strings.Repeat("Mở đầu dài dòng về các công việc thường xuyên. ", 20) +
		"Ban Dân vận Tỉnh uỷ tổ chức hội nghị giao ban quý I. " +
		strings.Repeat("Phần sau còn rất nhiều chữ nữa. ", 20)
	s := Snippet(long, Parse("hoi nghi giao ban").Terms(), 120)
	if !strings.HasPrefix(s, "… ") || !strings.HasSuffix(s, " …") {
		t.Errorf("cut marks: %s", s)
	}
	if !strings.Contains(s, "<mark>hội nghị giao ban</mark>") {
		t.Errorf("marks: %s", s)
	}
	plain := strings.NewReplacer("<mark>", "", "</mark>", "", "… ", "", " …", "").Replace(s)
	if n := len([]rune(plain)); n > 120 {
		t.Errorf("snippet has %d characters: %s", n, s)
	}
	// No match: the beginning.
	s = Snippet(long, Parse("khongco").Terms(), 60)
	if !strings.HasPrefix(s, "Mở đầu") || strings.Contains(s, "<mark>") {
		t.Errorf("no match: %s", s)
	}
	// Short text: whole, line breaks as spaces.
	if s := Snippet("Dòng một\nDòng <hai>", Parse("hai").Terms(), 0); s != "Dòng một Dòng &lt;<mark>hai</mark>&gt;" {
		t.Errorf("short: %s", s)
	}
}

func FuzzSnippet(f *testing.F) {
	f.Add("Ban Dân vận Tỉnh uỷ tổ chức hội nghị", "tinh uy")
	f.Add(norm.NFD.String("Đảng ủy"), `"dang uy" MTTQ`)
	f.Fuzz(func(t *testing.T, text, q string) {
		s := Snippet(text, Parse(q).Terms(), 50)
		if strings.Contains(strings.NewReplacer("<mark>", "", "</mark>", "").Replace(s), "<") {
			t.Errorf("unescaped <: %q", s)
		}
		_ = Parse(q).TSQuery()
		_ = Parse(q).MatchFTS5()
	})
}

func FuzzFoldWord(f *testing.F) {
	for _, w := range []string{"Tỉnh", norm.NFD.String("Đảng"), "ÐẢNG", "uỷ", "GD", "x²", "ﬁnal", "Ǆ", "한국어", "ὈΔΥΣΣΕΎΣ"} {
		f.Add(w)
	}
	f.Fuzz(func(t *testing.T, s string) {
		for _, w := range words(s) {
			word := s[w.start:w.end]
			if got, want := foldWord(word), strings.Join(vntext.Tokens(word), ""); got != want {
				t.Errorf("foldWord(%q) = %q, want %q", word, got, want)
			}
		}
	})
}

package vntext

import (
	"slices"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

var fuzzSeeds = []string{
	"Tỉnh uỷ", "Tỉnh ủy", "hoà hòa thuỷ thủy oá óa uý úy oè òe", "quý Quỳnh gìn giữ khuỷu",
	"  Đảng   uỷ \n\tKhối ", norm.NFD.String("Mặt trận Tổ quốc Việt Nam"), "GD&ĐT TP.HCM 06970",
	"Céng hßa x· héi", "Coäng hoøa xaõ hoäi", "Th\u00adêng", "CéNG HßA X· HéI",
	"café Nestlé Đắk Lắk", "a\u0301\u0301", "\u0301", "ǅ İ ß ﬁ １２", "\xff\xfe", "\r\n\r\n",
	"26.000.000", "1.234,5", "ho\u0300a\u0323", "Ð ð", "Phường 10",
}

// FuzzNormalize: no panics; Normalize and NormalizeText are idempotent, give
// NFC, ignore the input's normal form, and only move marks and spaces.
func FuzzNormalize(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		n := Normalize(s)
		if again := Normalize(n); again != n {
			t.Fatalf("Normalize(%q): got %q then %q, want idempotent", s, n, again)
		}
		if utf8.ValidString(s) && !norm.NFC.IsNormalString(n) {
			t.Fatalf("Normalize(%q) = %q: got non-NFC, want NFC", s, n)
		}
		if got := Normalize(norm.NFD.String(s)); utf8.ValidString(s) && got != n {
			t.Fatalf("Normalize(NFD(%q)): got %q, want %q", s, got, n)
		}
		if want := strings.Join(strings.Fields(canonTones(norm.NFC.String(s))), " "); n != want {
			t.Fatalf("Normalize(%q): got %q, want %q", s, n, want)
		}
		nt := NormalizeText(s)
		if again := NormalizeText(nt); again != nt {
			t.Fatalf("NormalizeText(%q): got %q then %q, want idempotent", s, nt, again)
		}
		if got, want := strings.Count(nt, "\n"), strings.Count(strings.ReplaceAll(s, "\r\n", "\n"), "\n")+strings.Count(strings.ReplaceAll(s, "\r\n", ""), "\r"); utf8.ValidString(s) && got != want {
			t.Fatalf("NormalizeText(%q): got %v line breaks, want %v", s, got, want)
		}
		if utf8.ValidString(s) && Fold(n) != Fold(s) {
			t.Fatalf("Fold(Normalize(%q)): got %q, want %q", s, Fold(n), Fold(s))
		}
		IsSyllable(s)
		Slug(s)
	})
}

// FuzzFold: no panics; Fold is idempotent, has no leading, trailing or double
// spaces, and gives the same key for NFC and NFD input.
func FuzzFold(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		k := Fold(s)
		if again := Fold(k); again != k {
			t.Fatalf("Fold(%q): got %q then %q, want idempotent", s, k, again)
		}
		if strings.HasPrefix(k, " ") || strings.HasSuffix(k, " ") || strings.Contains(k, "  ") {
			t.Fatalf("Fold(%q) = %q: got stray spaces, want collapsed", s, k)
		}
		if utf8.ValidString(s) {
			if got := Fold(norm.NFD.String(s)); got != Fold(norm.NFC.String(s)) {
				t.Fatalf("Fold(NFD(%q)): got %q, want %q", s, got, Fold(norm.NFC.String(s)))
			}
		}
		for _, tok := range Tokens(s) {
			if tok == "" || Fold(tok) != tok {
				t.Fatalf("Tokens(%q): got token %q, want folded non-empty", s, tok)
			}
		}
		if sl := Slug(s); strings.Trim(sl, "abcdefghijklmnopqrstuvwxyz0123456789-") != "" || strings.Contains(sl, "--") {
			t.Fatalf("Slug(%q): got %q, want [a-z0-9-]", s, sl)
		}
	})
}

// FuzzFix: no panics on any input, valid UTF-8 out, and text without any
// character that only legacy mojibake uses is left as NormalizeText has it.
func FuzzFix(f *testing.F) {
	for _, s := range fuzzSeeds {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		enc := DetectLegacy(s)
		got := Fix(s)
		if utf8.ValidString(s) && !utf8.ValidString(got) {
			t.Fatalf("Fix(%q): got invalid UTF-8 %q", s, got)
		}
		for _, e := range []Encoding{Unicode, TCVN3, VNI} {
			DecodeLegacy(s, e)
			DecodeLegacyBytes([]byte(s), e)
		}
		if !utf8.ValidString(FixBytes([]byte(s))) {
			t.Fatalf("FixBytes(%q): got invalid UTF-8", s)
		}
		markers := strings.ContainsFunc(s, func(r rune) bool {
			b, ok := tables().cp1252Byte(r)
			return r >= 0x80 && ok && (tables().impossible[TCVN3][b] || tables().impossible[VNI][b])
		})
		if !markers {
			if enc != Unicode {
				t.Fatalf("DetectLegacy(%q): got %v without legacy markers, want Unicode", s, enc)
			}
			if want := NormalizeText(s); got != want {
				t.Fatalf("Fix(%q): got %q, want %q", s, got, want)
			}
		}
	})
}

// vietnameseWords are real syllables in both tone placements and cases,
// including ones whose letters are all in Windows-1252 (và, có, Hà, lê).
var vietnameseWords = strings.Fields(`
	Cộng hòa hoà xã hội chủ nghĩa Việt Nam Độc lập Tự do Hạnh phúc Tỉnh ủy uỷ
	Thủy thuỷ quý Quỳnh khuyến khích thường xuyên được quan tâm và có là các
	cán bộ Hà Lê Bé Tòa Toà án nhân dân Đảng đoàn thể Mặt trận Tổ quốc Uỷ Ủy
	ban Hội nghị giao ban quý năm tháng ngày tuần kết luận nhiệm vụ Dân vận
	khéo người rượu cửa thuở giữa giỏi gìn khuỷu ngoài xoáy khoẻ khỏe òe oè
	óa oá úy uý mía mùa hoàng toán hoạch Nguyễn Trần Phạm Huỳnh Võ Đặng Bùi
	Đỗ Hồ Ngô Dương Lý ĐẢNG ỦY UỶ HÒA BÌNH Lạng Sơn Cao Lộc Bắc tôi cô giáo
	mèo à ừ ở ấy ai áo ông bà anh em chị học sinh viên tiếng Pháp ý kiến`)

// FuzzVietnameseFix builds text from real Vietnamese words and punctuation,
// including symbols that are legacy markers (® § · «»), and checks that Fix
// never takes it for mojibake.
func FuzzVietnameseFix(f *testing.F) {
	f.Add([]byte{0, 1, 2, 3, 4, 5})
	f.Add([]byte{200, 201, 255, 7, 9, 130})
	f.Add([]byte("Céng hßa"))
	seps := []string{" ", " ", " ", ", ", ". ", "\n", " – ", " ® ", " § ", " · ", " «", "» ", " µ ", " ° ", "\u00ad", "/"}
	f.Fuzz(func(t *testing.T, data []byte) {
		var b strings.Builder
		for i, c := range data {
			if i%2 == 1 {
				b.WriteString(seps[int(c)%len(seps)])
				continue
			}
			w := vietnameseWords[int(c)%len(vietnameseWords)]
			if c >= 128 {
				w = norm.NFD.String(w)
			}
			b.WriteString(w)
		}
		s := b.String()
		if got := DetectLegacy(s); got != Unicode {
			t.Fatalf("DetectLegacy(%q): got %v, want Unicode", s, got)
		}
		if got, want := Fix(s), NormalizeText(s); got != want {
			t.Fatalf("Fix(%q): got %q, want %q", s, got, want)
		}
	})
}

// FuzzParseNumber: no panics; accepted numbers format and parse back.
func FuzzParseNumber(f *testing.F) {
	for _, s := range []string{"26.000.000", "1.234,5", "26 000", "-0,5", "1.5", "1,2,3", "", "−7", "9.223.372.036.854.775.808"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, s string) {
		if n, err := ParseInt(s); err == nil {
			if got, err := ParseInt(FormatInt(n)); err != nil || got != n {
				t.Fatalf("ParseInt(FormatInt(%v)): got %v, %v, want %v", n, got, err, n)
			}
		}
		v, err := ParseNumber(s)
		if err != nil {
			if !strings.Contains(err.Error(), "không phải là số hợp lệ") {
				t.Fatalf("ParseNumber(%q): got error %q, want a Vietnamese message", s, err)
			}
			return
		}
		if got, err := ParseNumber(FormatDecimal(v, -1)); err != nil || got != v {
			t.Fatalf("ParseNumber(FormatDecimal(%v)): got %v, %v, want %v", v, got, err, v)
		}
	})
}

// FuzzExpandQuery: no panics, the first alternative is Tokens(q), at most
// maxQueryAlternatives, no duplicates.
func FuzzExpandQuery(f *testing.F) {
	for _, s := range []string{"mttq", "Mặt trận Tổ quốc", "UBND tỉnh", "Sở GD&ĐT", "TP HCM", "TƯ", "Q.1", "BCH TW", "x²", "ǅ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, q string) {
		alts := ExpandQuery(q)
		toks := Tokens(q)
		if len(toks) == 0 {
			if alts != nil {
				t.Fatalf("ExpandQuery(%q): got %q, want nil", q, alts)
			}
			return
		}
		if len(alts) == 0 || !slices.Equal(alts[0], toks) {
			t.Fatalf("ExpandQuery(%q): got %q, want first %q", q, alts, toks)
		}
		if len(alts) > maxQueryAlternatives {
			t.Fatalf("ExpandQuery(%q): got %v alternatives, want at most %v", q, len(alts), maxQueryAlternatives)
		}
		seen := map[string]bool{}
		for _, a := range alts {
			k := strings.Join(a, " ")
			if seen[k] {
				t.Fatalf("ExpandQuery(%q): got duplicate %q", q, k)
			}
			seen[k] = true
		}
		Expand(q)
		Abbreviate(q)
	})
}

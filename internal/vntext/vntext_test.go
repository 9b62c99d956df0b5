package vntext

import (
	"slices"
	"testing"

	"golang.org/x/text/unicode/norm"
)

func TestNormalize(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"uy without final, new style", "Tỉnh uỷ", "Tỉnh ủy"},
		{"uy without final, canonical", "Tỉnh ủy", "Tỉnh ủy"},
		{"oa new style", "hoà", "hòa"},
		{"oa canonical", "hòa", "hòa"},
		{"uy after th", "thuỷ", "thủy"},
		{"uy after th canonical", "thủy", "thủy"},
		{"bare oa acute", "oá", "óa"},
		{"bare oa acute canonical", "óa", "óa"},
		{"bare uy acute", "uý", "úy"},
		{"bare uy acute canonical", "úy", "úy"},
		{"bare oe grave", "oè", "òe"},
		{"bare oe grave canonical", "òe", "òe"},
		{"khoẻ", "khoẻ", "khỏe"},
		{"Thuỵ", "Thuỵ", "Thụy"},
		{"upper case", "ĐẢNG UỶ", "ĐẢNG ỦY"},
		{"title case", "Uỷ ban", "Ủy ban"},
		{"qu keeps tone on y", "quý", "quý"},
		{"qu with final", "Quỳnh", "Quỳnh"},
		{"qu + a", "quả", "quả"},
		{"qu + ai", "quái", "quái"},
		{"gi onset", "giữa giỏi giày", "giữa giỏi giày"},
		{"gi as vowel", "gìn giữ", "gìn giữ"},
		{"final consonant: second vowel", "hoàng toán hoạch", "hoàng toán hoạch"},
		{"old style with final fixed", "hòan tóan", "hoàn toán"},
		{"uyê", "khuyến Nguyễn quyết", "khuyến Nguyễn quyết"},
		{"uy + final", "huýt tuýp", "huýt tuýp"},
		{"misplaced uy + final", "túyp", "tuýp"},
		{"three vowels: middle", "ngoài khoái xoáy khuỷu ngoẹo", "ngoài khoái xoáy khuỷu ngoẹo"},
		{"three vowels fixed", "khủyu ngoaì", "khuỷu ngoài"},
		{"horned vowels", "người rượu cửa thuở", "người rượu cửa thuở"},
		{"ia ua", "mía mùa của", "mía mùa của"},
		{"whitespace", "  Hội   nghị\tgiao\nban  ", "Hội nghị giao ban"},
		{"no-break space", "Ủy\u00a0ban", "Ủy ban"},
		{"NFD input", norm.NFD.String("Tỉnh uỷ Lạng Sơn"), "Tỉnh ủy Lạng Sơn"},
		{"NFD oa", "ho\u0300a", "hòa"},
		{"NFD oa new style", "hoa\u0300", "hòa"},
		{"codes untouched", "GD&ĐT 06970 NĐ-CP 30/2020", "GD&ĐT 06970 NĐ-CP 30/2020"},
		{"foreign untouched", "café Nestlé résumé", "café Nestlé résumé"},
		{"ethnic names untouched", "Đắk Lắk Krông", "Đắk Lắk Krông"},
		{"oo untouched", "Sóong soóc", "Sóong soóc"},
		{"two tones untouched", "hóà", "hóà"},
		{"empty", "", ""},
		{"spaces only", " \t\n ", ""},
		{"punctuation around", "(Hoà), “thuỷ”!", "(Hòa), “thủy”!"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Normalize(tt.in)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if !norm.NFC.IsNormalString(got) {
				t.Errorf("got %q, want NFC", got)
			}
			if again := Normalize(got); again != got {
				t.Errorf("not idempotent: got %q, want %q", again, got)
			}
		})
	}
}

func TestNormalizeTonePairs(t *testing.T) {
	pairs := [][2]string{
		{"Tỉnh uỷ", "Tỉnh ủy"}, {"hoà", "hòa"}, {"thuỷ", "thủy"}, {"oá", "óa"},
		{"uý", "úy"}, {"oè", "òe"}, {"Toà án", "Tòa án"}, {"xoá đói", "xóa đói"},
		{"Hoá", "Hóa"}, {"luỹ", "lũy"}, {"tuỳ", "tùy"},
	}
	for _, p := range pairs {
		t.Run(p[0], func(t *testing.T) {
			a, b := Normalize(p[0]), Normalize(p[1])
			if a != b {
				t.Errorf("got %q, want %q", a, b)
			}
			if Fold(p[0]) != Fold(p[1]) {
				t.Errorf("got %q, want %q", Fold(p[0]), Fold(p[1]))
			}
			if Compare(p[0], p[1]) != 0 {
				t.Errorf("got %v, want %v", Compare(p[0], p[1]), 0)
			}
		})
	}
}

func TestNormalizeText(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"keeps line breaks", "Đảng uỷ\nHội đồng nhân dân", "Đảng ủy\nHội đồng nhân dân"},
		{"CRLF", "dòng một\r\ndòng hai\rdòng ba", "dòng một\ndòng hai\ndòng ba"},
		{"trailing spaces", "hoà  \t\nthuỷ ", "hòa\nthủy"},
		{"keeps indentation and inner spaces", "  a  b\n\tc", "  a  b\n\tc"},
		{"keeps blank lines", "a\n\n\nb\n", "a\n\n\nb\n"},
		{"BOM", "\uFEFFUỷ ban", "Ủy ban"},
		{"NFD", norm.NFD.String("Tỉnh uỷ\nLạng Sơn"), "Tỉnh ủy\nLạng Sơn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := NormalizeText(tt.in)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if again := NormalizeText(got); again != got {
				t.Errorf("not idempotent: got %q, want %q", again, got)
			}
		})
	}
}

func TestFold(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"đ and tones", "Đảng ủy", "dang uy"},
		{"new style tones", "Đảng uỷ", "dang uy"},
		{"all vowels", "ĂÂÊÔƠƯ ăâêôơư àảãáạ", "aaeoou aaeoou aaaaa"},
		{"đ lower", "đồng", "dong"},
		{"eth look-alike", "Ðà Nẵng", "da nang"},
		{"NFD", norm.NFD.String("Mặt trận Tổ quốc Việt Nam"), "mat tran to quoc viet nam"},
		{"punctuation kept", "GD&ĐT", "gd&dt"},
		{"whitespace collapsed", "  Dân \t vận\nkhéo ", "dan van kheo"},
		{"soft hyphen and zero width dropped", "Dân\u00ad vận\u200b", "dan van"},
		{"full-width digits", "Quý １/２０１９", "quy 1/2019"},
		{"ascii", "Hello World", "hello world"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := Fold(tt.in)
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			if again := Fold(got); again != got {
				t.Errorf("not idempotent: got %q, want %q", again, got)
			}
		})
	}
}

func TestTokens(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"GD&ĐT", []string{"gd", "dt"}},
		{"TP.HCM", []string{"tp", "hcm"}},
		{"Quyết định 30/2020/NĐ-CP", []string{"quyet", "dinh", "30", "2020", "nd", "cp"}},
		{"Dân vận khéo!", []string{"dan", "van", "kheo"}},
		{"  ", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got := Tokens(tt.in)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestSlug(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hội nghị giao ban quý I/2019", "hoi-nghi-giao-ban-quy-i-2019"},
		{"  Đảng uỷ -- Khối   ", "dang-uy-khoi"},
		{"Sở GD&ĐT", "so-gd-dt"},
		{"“Dân vận khéo”", "dan-van-kheo"},
		{"", ""},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Slug(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIsSyllable(t *testing.T) {
	tests := []struct {
		in   string
		want bool
	}{
		{"hòa", true}, {"hoà", true}, {"thủy", true}, {"thuỷ", true}, {"quý", true},
		{"Nguyễn", true}, {"người", true}, {"NGHIÊNG", true}, {"gìn", true}, {"giữ", true},
		{"khuỷu", true}, {"Đảng", true}, {"tuýp", true}, {"a", true}, {"ăn", true},
		{"các", true}, {"cac", false}, {"càc", false}, // stop finals need sắc or nặng
		{"ke", true}, {"ce", false}, {"ghi", true}, {"gha", false}, {"nghe", true}, {"nge", false},
		{"café", false}, {"Đắk", false}, {"Krông", false}, {"héi", false}, {"hßa", false},
		{"Coäng", false}, {"hoaì", false}, {"hòan", false}, {"GD", false}, {"", false},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := IsSyllable(tt.in); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

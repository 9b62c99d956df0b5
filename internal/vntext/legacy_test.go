package vntext

import (
	"strconv"
	"strings"
	"testing"
	"unicode/utf8"
)

// legacyEncoder turns Unicode into legacy bytes, for tests: it is built from
// the same TSV files, including TCVN3's encode-only rows (upper-case toned
// vowels written with the lower-case byte).
func legacyEncoder(t testing.TB, enc Encoding) map[rune][]byte {
	t.Helper()
	tsv := tcvn3TSV
	if enc == VNI {
		tsv = vniTSV
	}
	m := map[rune][]byte{}
	for n, line := range strings.Split(strings.TrimRight(tsv, "\n"), "\n") {
		f := strings.Split(line, "\t")
		if n == 0 || strings.HasPrefix(f[5], "cp1252-symbol") {
			continue
		}
		var bs []byte
		for _, h := range strings.Fields(f[0]) {
			v, err := strconv.ParseUint(h, 16, 8)
			if err != nil {
				t.Fatal(err)
			}
			bs = append(bs, byte(v))
		}
		r, _ := utf8.DecodeRuneInString(f[2])
		m[r] = bs
	}
	return m
}

// encodeBytes encodes s; ok is false if s has a rune the encoding lacks.
func encodeBytes(m map[rune][]byte, s string) (b []byte, ok bool) {
	ok = true
	for _, r := range s {
		switch {
		case m[r] != nil:
			b = append(b, m[r]...)
		case r < 0x80:
			b = append(b, byte(r))
		default:
			bt, found := tables().cp1252Byte(r)
			if !found || r == 0xA0 {
				ok = false
				continue
			}
			b = append(b, bt)
		}
	}
	return b, ok
}

// mojibake is what legacy bytes look like when read as Windows-1252.
func mojibake(b []byte) string {
	var sb strings.Builder
	for _, c := range b {
		sb.WriteRune(tables().cp1252[c])
	}
	return sb.String()
}

func TestEncodingString(t *testing.T) {
	tests := []struct {
		e    Encoding
		want string
	}{{Unicode, "Unicode"}, {TCVN3, "TCVN3"}, {VNI, "VNI"}, {Encoding(9), "Encoding(9)"}}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.e.String(); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestLegacyReadmeExamples(t *testing.T) {
	tests := []struct {
		name, in string
		enc      Encoding
		want     string
	}{
		{"TCVN3", "Céng hßa x· héi", TCVN3, "Cộng hòa xã hội"},
		{"VNI", "Coäng hoøa xaõ hoäi", VNI, "Cộng hòa xã hội"},
		{"TCVN3 soft hyphen is ư", "Th\u00adêng", TCVN3, "Thường"},
		{"TCVN3 all-caps font", "CéNG HßA X· HéI CHñ NGHÜA VIÖT NAM", TCVN3, "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM"},
		{"TCVN3 đ Đ", "§¶ng bé ®Þa ph\u00ad¬ng", TCVN3, "Đảng bộ địa phương"},
		{"VNI đ Đ", "Ñaûng boä ñòa phöông", VNI, "Đảng bộ địa phương"},
		{"VNI capitals", "ÑAÛNG UÛY", VNI, "ĐẢNG ỦY"},
		{"TCVN3 multi-line", "Ban D©n vËn\nTØnh ñy L¹ng S¬n", TCVN3, "Ban Dân vận\nTỉnh ủy Lạng Sơn"},
		{"TCVN3 mixed caps line keeps title case", "Së GD&§T L¹ng S¬n", TCVN3, "Sở GD&ĐT Lạng Sơn"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DetectLegacy(tt.in); got != tt.enc {
				t.Errorf("DetectLegacy: got %v, want %v", got, tt.enc)
			}
			if got := Fix(tt.in); got != tt.want {
				t.Errorf("Fix: got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeLegacy(t *testing.T) {
	tests := []struct {
		name, in string
		enc      Encoding
		want     string
	}{
		{"TCVN3", "Céng hßa x· héi", TCVN3, "Cộng hòa xã hội"},
		{"TCVN3 caps stay lower case", "CéNG", TCVN3, "CộNG"},
		{"VNI", "Coäng hoøa xaõ hoäi", VNI, "Cộng hòa xã hội"},
		{"VNI two-byte after one-byte letter", "ôù öï", VNI, "ớ ự"},
		{"symbols pass", "“Th\u00adêng” – 5€", TCVN3, "“Thường” – 5€"},
		{"non-cp1252 runes pass", "Céng → 中", TCVN3, "Cộng → 中"},
		{"Unicode is NFC", "ho\u0300a", Unicode, "hòa"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecodeLegacy(tt.in, tt.enc); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestDecodeLegacyBytes(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		enc  Encoding
		want string
	}{
		{"TCVN3", []byte{'C', 0xE9, 'n', 'g', ' ', 'h', 0xDF, 'a'}, TCVN3, "Cộng hòa"},
		{"TCVN3 ư and NBSP", []byte{'T', 'h', 0xAD, 0xEA, 'n', 'g', 0xA0, 'x', 0xB7}, TCVN3, "Thường\u00a0xã"},
		{"TCVN3 cp1252 quotes", []byte{0x93, 'a', 0x94}, TCVN3, "“a”"},
		{"VNI", []byte{'C', 'o', 0xE4, 'n', 'g', ' ', 0xD1, 'a', 0xFB, 'n', 'g'}, VNI, "Cộng Đảng"},
		{"Unicode", []byte("Tỉnh uỷ\xff"), Unicode, "Tỉnh uỷ\uFFFD"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := DecodeLegacyBytes(tt.in, tt.enc); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestLegacyTablesRoundTrip checks every Vietnamese letter of both tables:
// encoding then decoding gives the letter back (lower case for TCVN3's
// upper-case toned vowels, which have no byte of their own).
func TestLegacyTablesRoundTrip(t *testing.T) {
	for _, enc := range []Encoding{TCVN3, VNI} {
		t.Run(enc.String(), func(t *testing.T) {
			for r, b := range legacyEncoder(t, enc) {
				got := DecodeLegacyBytes(b, enc)
				want := string(r)
				if enc == TCVN3 && len(b) == 1 && tables().tcvn3[b[0]] != r {
					want = strings.ToLower(want)
				}
				if got != want {
					t.Errorf("%x: got %q, want %q", b, got, want)
				}
				if got := DecodeLegacy(mojibake(b), enc); got != want {
					t.Errorf("%x as cp1252: got %q, want %q", b, got, want)
				}
			}
		})
	}
}

func TestFixLeavesUnicodeAlone(t *testing.T) {
	tests := []string{
		"Cộng hòa xã hội chủ nghĩa Việt Nam",
		"Hòa", "Bé", "Lê Thị Hà", "Hà Nội", "và", "có", "Hồ Chí Minh",
		"Nhiệt độ 30°C, độ ẩm 80% ± 5%",
		"Vinamilk® là thương hiệu §1 — “Top10” · µm",
		"Café Nestlé ở Đắk Lắk, Krông Pắc",
		"Tỉnh uỷ Lạng Sơn\r\nBan Dân vận  ",
		"HÒA BÌNH, VIỆT NAM",
		"résumé naïve façade Müller",
		"Tôi có 2 con mèo. Bà ấy là cô giáo.",
	}
	for _, s := range tests {
		t.Run(s, func(t *testing.T) {
			if got := DetectLegacy(s); got != Unicode {
				t.Errorf("DetectLegacy: got %v, want %v", got, Unicode)
			}
			if got, want := Fix(s), NormalizeText(s); got != want {
				t.Errorf("got %q, want %q", got, want)
			}
		})
	}
}

func TestFixMixedDocument(t *testing.T) {
	// A legacy paragraph pasted into a Unicode document: the Unicode line stays.
	in := "Báo cáo của Ban Dân vận\nC«ng t¸c d©n vËn cña hÖ thèng chÝnh trÞ\nth\u00adêng xuyªn ®\u00adîc quan t©m"
	want := "Báo cáo của Ban Dân vận\nCông tác dân vận của hệ thống chính trị\nthường xuyên được quan tâm"
	if got := Fix(in); got != want {
		t.Errorf("got %q, want %q", got, want)
	}
}

func TestFixBytes(t *testing.T) {
	tests := []struct {
		name string
		in   []byte
		want string
	}{
		{"UTF-8", []byte("Tỉnh uỷ\r\n"), "Tỉnh ủy\n"},
		{"TCVN3 bytes", []byte{'C', 0xE9, 'n', 'g', ' ', 'h', 0xDF, 'a', ' ', 'x', 0xB7, ' ', 'h', 0xE9, 'i'}, "Cộng hòa xã hội"},
		{"VNI bytes", []byte("Co\xe4ng ho\xf8a xa\xf5 ho\xe4i"), "Cộng hòa xã hội"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := FixBytes(tt.in); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

// TestFixUTF8Mojibake: UTF-8 text that went through a Windows-1252 or
// Latin-1 reader comes back; real Vietnamese is left alone.
func TestFixUTF8Mojibake(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Ban DÃ¢n váº­n Tá»‰nh á»§y", "Ban Dân vận Tỉnh ủy"},
		{"Máº·t tráº­n Tá»• quá»‘c Viá»‡t Nam", "Mặt trận Tổ quốc Việt Nam"},
		{"Ä\u0090áº£ng á»§y", "Đảng ủy"},
		{"Ä‘oÃ\u00a0n cÃ´ng tÃ¡c", "đoàn công tác"},
		{"Há»™i nghá»‹ giao ban cÃ´ng tÃ¡c dÃ¢n váº­n quÃ½ I nÄƒm 2019", "Hội nghị giao ban công tác dân vận quý I năm 2019"},
		// Mixed: one line clean, one garbled.
		{"Lạng Sơn\nTá»‰nh á»§y", "Lạng Sơn\nTỉnh ủy"},
	}
	for _, tt := range tests {
		if got := Fix(tt.in); got != tt.want {
			t.Errorf("Fix(%q) = %q, want %q", tt.in, got, tt.want)
		}
	}
	for _, clean := range []string{"Ánh sáng", "Âu Cơ", "cá lá mà", "Ông Ích Khiêm", "Ìa", "Hòa Bình", "café, naïve"} {
		if got := Fix(clean); got != NormalizeText(clean) {
			t.Errorf("Fix(%q) = %q, want it unchanged", clean, got)
		}
	}
}

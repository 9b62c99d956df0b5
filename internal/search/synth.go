package search

import (
	"fmt"
	"math/rand/v2"
	"strings"
	"unicode"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"

	"giaoban/internal/vntext"
)

// Synthetic Vietnamese articles for benchmarks: deterministic, built only
// from words this project writes itself (commonWords below), the
// abbreviations and expansions of vntext's list, and syllables composed
// from Vietnamese orthography (valid onsets, vowel clusters, codas and
// tones, checked with vntext.IsSyllable) for the long tail of rare words.
// Words are drawn with a Zipf distribution, like real text; articles mix
// both tone placements ("Tỉnh uỷ"/"Tỉnh ủy") and write some expansions
// as abbreviations, as real text does.

// commonWords are frequent words and phrases of Vietnamese news about
// mass mobilisation, most frequent first.
var commonWords = strings.Split(`của|và|các|những|trong|được|có|đã|cho|với|là|người|năm|công tác|này|không|tổ chức|thực hiện|nhân dân|cán bộ|về|đến|tại|theo|từ|đồng chí|phát triển|cũng|một|nhiều|như|hội nghị|đảng viên|địa phương|tỉnh|huyện|xã|thôn|bản|dân vận|chính quyền|vận động|tuyên truyền|kinh tế|xã hội|đời sống|quần chúng|hoạt động|kết quả|nhiệm vụ|chỉ đạo|triển khai|tiếp tục|tăng cường|nâng cao|hiệu quả|chất lượng|phong trào|mô hình|dân vận khéo|hộ gia đình|đồng bào|dân tộc thiểu số|vùng cao|biên giới|an ninh|trật tự|quốc phòng|giảm nghèo|nông thôn mới|đoàn kết|thi đua|khen thưởng|tập huấn|nghiệp vụ|kiểm tra|giám sát|phản biện|hội viên|đoàn viên|thanh niên|phụ nữ|nông dân|cựu chiến binh|công đoàn|người lao động|doanh nghiệp|học sinh|giáo dục|y tế|văn hóa|du lịch|sản xuất|nông nghiệp|chăn nuôi|trồng trọt|hợp tác xã|thu nhập|việc làm|đường giao thông|nhà văn hóa|quà tặng|Tết|mùa xuân|thăm hỏi|chúc Tết|gia đình chính sách|người có công|hộ nghèo|trao tặng|ủng hộ|quỹ|tỷ đồng|triệu đồng|nghìn|lượt|tháng|quý|năm 2019|năm 2020|năm 2025|Lạng Sơn|Cao Lộc|Lộc Bình|Đình Lập|Hữu Lũng|Chi Lăng|Văn Quan|Bình Gia|Bắc Sơn|Văn Lãng|Tràng Định|Thành phố|Ban Dân vận|Tỉnh ủy|Huyện ủy|Đảng ủy|Bí thư|Phó Bí thư|Trưởng ban|Phó Trưởng ban|chủ trì|phát biểu|kết luận|đánh giá|đề nghị|kiến nghị|đề xuất|giải quyết|đơn thư|khiếu nại|tố cáo|đối thoại|tiếp dân|lắng nghe|ý kiến|tâm tư|nguyện vọng|niềm tin|đồng thuận|vững mạnh|trong sạch|chủ trương|chính sách|pháp luật|Nhà nước|Nghị quyết|Chỉ thị|Kế hoạch|Quyết định|Hướng dẫn|Thông báo|quy chế|dân chủ|cơ sở|sáng kiến|kinh nghiệm|nhân rộng|điển hình|tiên tiến|gương|tập thể|cá nhân|xuất sắc|bằng khen|giấy khen|đại hội|nhiệm kỳ|hiệp thương|bầu cử|đại biểu|tiếp xúc cử tri|sáp nhập|tinh gọn|bộ máy|đơn vị hành chính|chuyển đổi số|ứng dụng|công nghệ|thông tin|báo cáo|số liệu|tổng hợp|giao ban|định kỳ|thường xuyên|kịp thời|chặt chẽ|đồng bộ|toàn diện|bền vững|đúng hạn|chậm|hạn chế|tồn tại|nguyên nhân|khó khăn|thuận lợi|giải pháp|phương hướng|trọng tâm|trọng điểm|khẩn trương|quyết liệt`, "|")

// toneStyles pairs new-style spellings with the old style some writers use.
var toneStyles = [][2]string{
	{"ủy", "uỷ"}, {"Ủy", "Uỷ"}, {"hóa", "hoá"}, {"hòa", "hoà"}, {"Hòa", "Hoà"}, {"thủy", "thuỷ"},
	{"khỏe", "khoẻ"}, {"tòa", "toà"}, {"họa", "hoạ"}, {"thủy", "thuỷ"}, {"lũy", "luỹ"}, {"hủy", "huỷ"},
}

// Synth generates synthetic articles.
type Synth struct {
	rng   *rand.Rand
	zipf  *rand.Zipf
	vocab []string // in rank order
	abbr  map[string]string
}

// NewSynth returns a generator; the same seed gives the same articles.
func NewSynth(seed uint64) *Synth {
	rng := rand.New(rand.NewPCG(seed, 0x9e3779b97f4a7c15))
	s := &Synth{rng: rng, abbr: map[string]string{}}
	s.vocab = append(s.vocab, commonWords...)
	for _, a := range vntext.Abbreviations() {
		if a.Ambiguous || a.Derived || strings.ContainsAny(a.Abbr, ".&-") {
			continue
		}
		s.vocab = append(s.vocab, a.Expansion)
		s.abbr[a.Expansion] = a.Abbr
	}
	// Rare words: pairs of composed syllables.
	syl := syllables()
	prng := rand.New(rand.NewPCG(1, 2)) // the vocabulary does not depend on the seed
	for range 20000 {
		s.vocab = append(s.vocab, syl[prng.IntN(len(syl))]+" "+syl[prng.IntN(len(syl))])
	}
	s.zipf = rand.NewZipf(rng, 1.1, 3, uint64(len(s.vocab)-1))
	return s
}

// syllables composes Vietnamese syllables from the orthography's parts.
func syllables() []string {
	onsets := []string{"", "b", "c", "ch", "d", "đ", "g", "gi", "h", "kh", "l", "m", "n", "ng", "nh", "ph", "qu", "r", "s", "t", "th", "tr", "v", "x"}
	nuclei := []string{"a", "ă", "â", "e", "ê", "i", "o", "ô", "ơ", "u", "ư", "y", "ai", "ao", "au", "ay", "âu", "ây", "eo", "êu", "ia", "iu", "oi", "ôi", "ơi", "ua", "ui", "ưa", "ưu", "iê", "uô", "ươ", "oa", "oe", "uy", "ươi", "uôi", "iêu", "oai"}
	codas := []string{"", "c", "ch", "m", "n", "ng", "nh", "p", "t"}
	tones := []rune{0, '\u0300', '\u0301', '\u0303', '\u0309', '\u0323'}
	var out []string
	for _, o := range onsets {
		for _, n := range nuclei {
			if (o == "qu" && strings.ContainsRune("uoư", []rune(n)[0])) || (o == "gi" && n[0] == 'i') {
				continue
			}
			for _, c := range codas {
				for _, t := range tones {
					w := o + n + c
					if t != 0 {
						// Put the tone on the last vowel letter with a
						// modifier, else the main vowel; IsSyllable and
						// Normalize fix the rest.
						w = withTone(w, t)
					}
					w = vntext.Normalize(w)
					if vntext.IsSyllable(w) {
						out = append(out, w)
					}
				}
			}
		}
	}
	return out
}

func withTone(w string, tone rune) string {
	d := []rune(norm.NFD.String(w))
	pos := -1
	for i, r := range d {
		if strings.ContainsRune("aeiouy", r) {
			pos = i
			if i+1 < len(d) && (d[i+1] == '\u0302' || d[i+1] == '\u0306' || d[i+1] == '\u031B') {
				break
			}
		}
	}
	if pos < 0 {
		return w
	}
	// After the vowel and its modifier.
	at := pos + 1
	if at < len(d) && (d[at] == '\u0302' || d[at] == '\u0306' || d[at] == '\u031B') {
		at++
	}
	d = append(d[:at], append([]rune{tone}, d[at:]...)...)
	return norm.NFC.String(string(d))
}

// Article is a synthetic article.
type Article struct {
	Title, Body string
}

// Article returns the next article: a title of 6–14 words and a body of
// 3–6 paragraphs of 3–6 sentences.
func (s *Synth) Article() Article {
	old := s.rng.IntN(2) == 0 // this writer's tone placement
	abbr := s.rng.IntN(3) == 0
	fix := func(t string) string {
		if old {
			for _, p := range toneStyles {
				t = strings.ReplaceAll(t, p[0], p[1])
			}
		}
		return t
	}
	title := capitalise(s.words(6+s.rng.IntN(9), abbr))
	var b strings.Builder
	for p := range 3 + s.rng.IntN(4) {
		if p > 0 {
			b.WriteString("\n")
		}
		for i := range 3 + s.rng.IntN(4) {
			if i > 0 {
				b.WriteByte(' ')
			}
			b.WriteString(s.Sentence(abbr))
		}
	}
	return Article{Title: fix(title), Body: fix(b.String())}
}

// Sentence returns one sentence of 8–25 words.
func (s *Synth) Sentence(abbr bool) string {
	n := 8 + s.rng.IntN(18)
	words := s.words(n, abbr)
	if n > 14 {
		// A comma somewhere in the middle.
		fs := strings.Fields(words)
		k := len(fs) / 2
		fs[k] += ","
		words = strings.Join(fs, " ")
	}
	return capitalise(words) + "."
}

func (s *Synth) words(n int, abbr bool) string {
	parts := make([]string, n)
	for i := range parts {
		w := s.vocab[s.zipf.Uint64()]
		if a, ok := s.abbr[w]; ok && abbr && s.rng.IntN(2) == 0 {
			w = a
		}
		parts[i] = w
	}
	return strings.Join(parts, " ")
}

// Word returns a word drawn like the articles' words (for queries).
func (s *Synth) Word() string { return s.vocab[s.zipf.Uint64()] }

// Rand is the generator's source, for callers that pick among articles.
func (s *Synth) Rand() *rand.Rand { return s.rng }

func capitalise(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// String describes the generator's vocabulary.
func (s *Synth) String() string {
	return fmt.Sprintf("synthetic Vietnamese: %d common words, %d expansions, %d rare words", len(commonWords), len(s.abbr), len(s.vocab)-len(commonWords)-len(s.abbr))
}

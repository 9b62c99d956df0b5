package news

import (
	"strings"
	"testing"
	"time"

	"golang.org/x/net/html"
)

// activeMarkup tokenises h as a browser would and describes the first
// element or attribute in it that could run script or load something
// foreign: "" when h is inert.
func activeMarkup(h string) string {
	z := html.NewTokenizer(strings.NewReader(h))
	for {
		switch z.Next() {
		case html.ErrorToken:
			return ""
		case html.StartTagToken, html.SelfClosingTagToken:
			tok := z.Token()
			switch tok.Data {
			case "script", "style", "iframe", "object", "embed", "svg", "math", "img", "form", "input", "link", "meta", "base":
				return "element <" + tok.Data + ">"
			}
			for _, a := range tok.Attr {
				v := strings.ToLower(strings.TrimSpace(a.Val))
				switch {
				case strings.HasPrefix(a.Key, "on"), a.Key == "style", a.Key == "srcdoc":
					return "attribute " + a.Key
				case (a.Key == "href" || a.Key == "src") && !(strings.HasPrefix(v, "https://") || strings.HasPrefix(v, "http://") ||
					strings.HasPrefix(v, "mailto:") || (strings.HasPrefix(v, "/") && !strings.HasPrefix(v, "//")) || strings.HasPrefix(v, "#")):
					return a.Key + "=" + a.Val
				}
			}
		}
	}
}

func TestMarkdown(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"paragraphs", "Sáng 28/3, Ban Dân vận Tỉnh ủy tổ chức hội nghị.\n\nDự hội nghị có đồng chí Phó Bí thư.",
			"<p>Sáng 28/3, Ban Dân vận Tỉnh ủy tổ chức hội nghị.</p>\n<p>Dự hội nghị có đồng chí Phó Bí thư.</p>\n"},
		{"line break kept", "Dòng một\nDòng hai", "<p>Dòng một<br>\nDòng hai</p>\n"},
		{"headings: h1 is the title's", "# Kết quả\n## Nhiệm vụ\n### Quý II\n#### Chi tiết",
			"<h2>Kết quả</h2>\n<h2>Nhiệm vụ</h2>\n<h3>Quý II</h3>\n<h4>Chi tiết</h4>\n"},
		{"bold and italic", "Hơn **26 tỷ đồng** và *62 nghìn* suất quà, _đạt_ kế hoạch",
			"<p>Hơn <strong>26 tỷ đồng</strong> và <em>62 nghìn</em> suất quà, <em>đạt</em> kế hoạch</p>\n"},
		{"snake_case stays", "biến ten_bien_moi", "<p>biến ten_bien_moi</p>\n"},
		{"unordered list", "- Một\n- Hai\n  tiếp\n\nSau", "<ul>\n<li>Một</li>\n<li>Hai<br>\ntiếp</li>\n</ul>\n<p>Sau</p>\n"},
		{"ordered list from 3", "3. Ba\n4. Bốn", "<ol start=\"3\">\n<li>Ba</li>\n<li>Bốn</li>\n</ol>\n"},
		{"ordered list", "1. Mặt trận Tổ quốc\n2. Hội Nông dân", "<ol>\n<li>Mặt trận Tổ quốc</li>\n<li>Hội Nông dân</li>\n</ol>\n"},
		{"quote", "> Dân biết, dân bàn\n> dân làm, dân kiểm tra", "<blockquote><p>Dân biết, dân bàn<br>\ndân làm, dân kiểm tra</p>\n</blockquote>\n"},
		{"rule", "a\n\n---\n\nb", "<p>a</p>\n<hr>\n<p>b</p>\n"},
		{"link", "Xem [nghị quyết](https://example.vn/nq?a=1&b=2).", `<p>Xem <a href="https://example.vn/nq?a=1&amp;b=2" rel="nofollow">nghị quyết</a>.</p>` + "\n"},
		{"local link", "[Trang chủ](/)", `<p><a href="/" rel="nofollow">Trang chủ</a></p>` + "\n"},
		{"code", "gõ `giaoban serve`", "<p>gõ <code>giaoban serve</code></p>\n"},
		{"escapes", `\*không nghiêng\* và \# không phải tiêu đề`, "<p>*không nghiêng* và # không phải tiêu đề</p>\n"},
		{"html is text", "a <b>b</b> & c", "<p>a &lt;b&gt;b&lt;/b&gt; &amp; c</p>\n"},
		{"unclosed markers", "**a *b [c](", "<p>**a *b [c](</p>\n"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := RenderHTML(tt.in); got != tt.want {
				t.Errorf("RenderHTML(%q)\ngot  %q\nwant %q", tt.in, got, tt.want)
			}
		})
	}
}

// XSS attempts in a body come out inert: no element or attribute that runs
// script, whatever the editor typed.
func TestMarkdownXSS(t *testing.T) {
	attacks := []string{
		`<script>alert(1)</script>`,
		`<img src=x onerror=alert(1)>`,
		`[bấm vào](javascript:alert(1))`,
		`[bấm vào](JaVaScRiPt:alert(1))`,
		`[x](data:text/html;base64,PHNjcmlwdD5hbGVydCgxKTwvc2NyaXB0Pg==)`,
		`[x](//evil.example/a)`,
		`[x](https://a" onmouseover="alert(1))`,
		`<a href="javascript:alert(1)">x</a>`,
		"**<svg onload=alert(1)>**",
		`<iframe src="https://evil.example"></iframe>`,
		"`<script>alert(1)</script>`",
		`> <style>body{display:none}</style>`,
	}
	for _, in := range attacks {
		if msg := activeMarkup(RenderHTML(in)); msg != "" {
			t.Errorf("RenderHTML(%q) = %q: %s", in, RenderHTML(in), msg)
		}
	}
	// Stored HTML that did not come from the converter is cleaned too.
	raw := `<p onclick="x()">a<script>alert(1)</script><a href="javascript:alert(1)">b</a><img src=x onerror=alert(1)></p>`
	if got := Sanitize(raw); got != "<p>ab</p>" {
		t.Errorf("Sanitize: got %q", got)
	}
	if got := SanitizeSnippet(`<mark>tỉnh ủy</mark> <script>x</script><b onclick=1>b</b>`); got != "<mark>tỉnh ủy</mark> b" {
		t.Errorf("SanitizeSnippet: got %q", got)
	}
}

// A line full of unclosed markers is handled in linear time.
func TestMarkdownLinear(t *testing.T) {
	for _, in := range []string{strings.Repeat("[a*b_`", 40000), strings.Repeat(" _a", 60000), strings.Repeat("**a *b ", 30000), strings.Repeat("[x](", 50000)} {
		start := time.Now()
		out := RenderHTML(in)
		if d := time.Since(start); d > 2*time.Second {
			t.Errorf("%.12q…: took %v", in, d)
		}
		if !strings.HasPrefix(out, "<p>") {
			t.Errorf("got %.40q", out)
		}
	}
}

func TestPlainTextAndFromText(t *testing.T) {
	md := "## Kết quả\n\nHơn **26 tỷ đồng**.\n\n- Một\n- Hai"
	if got, want := PlainText(md), "Kết quả\nHơn 26 tỷ đồng.\nMột\nHai"; got != want {
		t.Errorf("PlainText: got %q, want %q", got, want)
	}
	text := "# không phải tiêu đề\n- không phải danh sách\n1. không phải số thứ tự\n*** \n---\nA*b*c [x](y) `z` _w_ \\ cuối\n> trích"
	md = MarkdownFromText(text)
	want := strings.Join([]string{"# không phải tiêu đề", "- không phải danh sách", "1. không phải số thứ tự", "***", "---",
		"A*b*c [x](y) `z` _w_ \\ cuối", "> trích"}, "\n")
	if got := PlainText(md); got != want {
		t.Errorf("round trip of plain text:\ngot  %q\nwant %q\nmarkdown %q", got, want, md)
	}
	if got := strings.Count(RenderHTML(md), "<p>"); got != 7 {
		t.Errorf("%d paragraphs, want 7: %s", got, RenderHTML(md))
	}
}

func TestBaseSlugAndExcerpt(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hội nghị giao ban công tác dân vận quý I/2019", "hoi-nghi-giao-ban-cong-tac-dan-van-quy-i-2019"},
		{"Đại hội MTTQ các cấp nhiệm kỳ 2019–2024", "dai-hoi-mttq-cac-cap-nhiem-ky-2019-2024"},
		{"Tỉnh uỷ và Tỉnh ủy", "tinh-uy-va-tinh-uy"},
		{strings.Repeat("Dân vận khéo ", 20), "dan-van-kheo-dan-van-kheo-dan-van-kheo-dan-van-kheo-dan-van-kheo-dan-van-kheo"},
	}
	for _, tt := range tests {
		if got := BaseSlug(tt.in); got != tt.want {
			t.Errorf("BaseSlug(%q) = %q, want %q", tt.in, got, tt.want)
		}
		if len(BaseSlug(tt.in)) > 80 {
			t.Errorf("slug too long")
		}
	}
	if got := Excerpt("Sáng 28/3, Ban Dân vận Tỉnh ủy tổ chức hội nghị giao ban", 30); got != "Sáng 28/3, Ban Dân vận Tỉnh…" {
		t.Errorf("Excerpt: %q", got)
	}
}

// FuzzMarkdown: no input panics, and whatever is typed renders inert.
func FuzzMarkdown(f *testing.F) {
	for _, s := range []string{"**a** *b* _c_ `d` [e](https://x)", "# h\n- a\n1. b\n> q\n---", "<script>alert(1)</script>",
		"[x](javascript:alert(1))", "\\*\\", "[[[[***___```", "Tỉnh uỷ\r\n\r\nMTTQ"} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, md string) {
		out := RenderHTML(md)
		if msg := activeMarkup(out); msg != "" {
			t.Errorf("RenderHTML(%q) = %q: %s", md, out, msg)
		}
		_ = PlainText(md)
		if got := PlainText(MarkdownFromText(md)); strings.Contains(got, "<") && !strings.Contains(md, "<") {
			t.Errorf("MarkdownFromText(%q) invents markup: %q", md, got)
		}
	})
}

// FuzzParseImport: no line panics the importer.
func FuzzParseImport(f *testing.F) {
	f.Add(`{"id":"a","title":"T","body":"B","published_at":"2019-03-28"}`)
	f.Add(`{"id":1,"title":null,"body":5}`)
	f.Add("{\n}\n\xff")
	f.Fuzz(func(t *testing.T, in string) {
		as, err := ParseImport(strings.NewReader(in))
		if err == nil && len(as) == 0 {
			t.Errorf("no error and no article for %q", in)
		}
	})
}

package news

import (
	"html"
	"net/url"
	"slices"
	"strconv"
	"strings"
)

// The body of an article is Markdown, a small subset an editor learns in a
// minute: paragraphs (a single line break stays a line break), headings
// "## " and "### " (the page's one h1 is the title, so "# " is an h2 too),
// lists "- " and "1. ", quotes "> ", a rule "---", **bold**, *italic*,
// `code`, links [text](https://…) and backslash escapes. Raw HTML is not
// part of it: every "<" is text. The converter is written here rather than
// taken from a library because the subset is small and its output has to
// pass the sanitiser anyway (RenderHTML always sanitises).

// RenderHTML converts Markdown to sanitised HTML.
func RenderHTML(md string) string { return Sanitize(markdownToHTML(md)) }

// markdownToHTML converts Markdown to HTML; everything that is not markup
// is escaped, and links keep only safe URLs.
func markdownToHTML(md string) string {
	var b strings.Builder
	b.Grow(len(md) + len(md)/8)
	lines := strings.Split(strings.ReplaceAll(md, "\r\n", "\n"), "\n")
	for i := 0; i < len(lines); {
		// Every branch trims the same way (TrimSpace) and consumes at least
		// this line, so the loop always advances.
		t := strings.TrimSpace(lines[i])
		switch {
		case t == "":
			i++
		case isRule(t):
			b.WriteString("<hr>\n")
			i++
		case headingLevel(t) > 0:
			n := headingLevel(t)
			lvl := max(2, min(n, 4))
			tag := "h" + strconv.Itoa(lvl)
			b.WriteString("<" + tag + ">")
			inline(&b, strings.TrimSpace(strings.TrimRight(strings.TrimSpace(t[n:]), "#")), 0)
			b.WriteString("</" + tag + ">\n")
			i++
		case strings.HasPrefix(t, ">"):
			var q []string
			for ; i < len(lines); i++ {
				l := strings.TrimSpace(lines[i])
				if !strings.HasPrefix(l, ">") {
					break
				}
				q = append(q, strings.TrimSpace(strings.TrimPrefix(l, ">")))
			}
			b.WriteString("<blockquote>")
			paragraphs(&b, q)
			b.WriteString("</blockquote>\n")
		case listItem(t) != "":
			i = list(&b, lines, i)
		default:
			var p []string
			for ; i < len(lines); i++ {
				l := strings.TrimSpace(lines[i])
				if l == "" || (len(p) > 0 && startsBlock(l)) {
					break
				}
				p = append(p, l)
			}
			paragraphs(&b, p)
		}
	}
	return b.String()
}

// paragraphs writes lines as paragraphs: blank lines separate them, a
// single line break is kept as <br>.
func paragraphs(b *strings.Builder, lines []string) {
	open := false
	for _, l := range lines {
		if l == "" {
			if open {
				b.WriteString("</p>\n")
				open = false
			}
			continue
		}
		if open {
			b.WriteString("<br>\n")
		} else {
			b.WriteString("<p>")
			open = true
		}
		inline(b, l, 0)
	}
	if open {
		b.WriteString("</p>\n")
	}
}

func startsBlock(l string) bool {
	return isRule(l) || headingLevel(l) > 0 || strings.HasPrefix(l, ">") || listItem(l) != ""
}

func isRule(t string) bool {
	if len(t) < 3 {
		return false
	}
	c := t[0]
	if c != '-' && c != '*' && c != '_' {
		return false
	}
	for i := 0; i < len(t); i++ {
		if t[i] != c {
			return false
		}
	}
	return true
}

// headingLevel is the number of leading '#' of a heading line, or 0.
func headingLevel(t string) int {
	n := 0
	for n < len(t) && t[n] == '#' {
		n++
	}
	if n == 0 || n > 6 || n >= len(t) || t[n] != ' ' {
		return 0
	}
	return n
}

// listItem returns "ul" or "ol" when t starts a list item, else "".
func listItem(t string) string {
	if len(t) >= 2 && (t[0] == '-' || t[0] == '*' || t[0] == '+') && t[1] == ' ' {
		return "ul"
	}
	if n, _ := olNumber(t); n > 0 {
		return "ol"
	}
	return ""
}

// olNumber returns the length of an ordered item's marker ("12. ") and its
// number, or 0.
func olNumber(t string) (int, int) {
	d := 0
	for d < len(t) && d < 9 && t[d] >= '0' && t[d] <= '9' {
		d++
	}
	if d == 0 || d+1 >= len(t) || (t[d] != '.' && t[d] != ')') || t[d+1] != ' ' {
		return 0, 0
	}
	n, _ := strconv.Atoi(t[:d])
	return d + 2, n
}

// list writes the list starting at lines[i] and returns the index after it.
// A line that is neither blank nor an item continues the current item.
func list(b *strings.Builder, lines []string, i int) int {
	first := strings.TrimSpace(lines[i])
	kind := listItem(first)
	if kind == "ol" {
		if _, n := olNumber(first); n != 1 {
			b.WriteString(`<ol start="` + strconv.Itoa(n) + `">`)
		} else {
			b.WriteString("<ol>")
		}
	} else {
		b.WriteString("<ul>")
	}
	b.WriteString("\n")
	open := false
	for ; i < len(lines); i++ {
		l := strings.TrimSpace(lines[i])
		if l == "" {
			break
		}
		k := listItem(l)
		switch {
		case k == kind:
			if open {
				b.WriteString("</li>\n")
			}
			b.WriteString("<li>")
			if kind == "ol" {
				n, _ := olNumber(l)
				l = l[n:]
			} else {
				l = l[2:]
			}
			inline(b, strings.TrimSpace(l), 0)
			open = true
		case k != "" || isRule(l) || headingLevel(l) > 0 || strings.HasPrefix(l, ">"):
			// Another kind of block ends the list.
			if open {
				b.WriteString("</li>\n")
			}
			b.WriteString("</" + kind + ">\n")
			return i
		default:
			b.WriteString("<br>\n")
			inline(b, l, 0)
		}
	}
	if open {
		b.WriteString("</li>\n")
	}
	b.WriteString("</" + kind + ">\n")
	return i
}

// finder finds the next occurrence of a marker at or after a position,
// remembering the last answer. Each finder is asked with positions that
// never decrease (inline scans left to right), so every search over the
// line is done at most once per marker and a line full of unclosed
// markers ("[[[[…") stays linear.
type finder struct {
	s   string
	sub string
	at  int // next occurrence found (valid when at >= from of the call), -1: none left
	ok  bool
}

func (f *finder) next(from int) int {
	if f.ok && (f.at < 0 || f.at >= from) {
		return f.at
	}
	f.ok = true
	if from > len(f.s) {
		f.at = -1
		return -1
	}
	j := strings.Index(f.s[from:], f.sub)
	if j < 0 {
		f.at = -1
	} else {
		f.at = from + j
	}
	return f.at
}

// maxInlineDepth bounds nesting (a link in bold in italics…); deeper
// markers stay text.
const maxInlineDepth = 4

// inline writes one line's inline Markdown as HTML.
func inline(b *strings.Builder, s string, depth int) {
	if depth > maxInlineDepth {
		b.WriteString(html.EscapeString(s))
		return
	}
	strong := finder{s: s, sub: "**"}
	star := finder{s: s, sub: "*"}
	var underClosers []int // positions of '_' that may close (not followed by a letter)
	tick := finder{s: s, sub: "`"}
	closeBr := finder{s: s, sub: "]"}
	closePar := finder{s: s, sub: ")"}
	for i := 0; i < len(s); {
		c := s[i]
		switch c {
		case '\\':
			if i+1 < len(s) && isASCIIPunct(s[i+1]) {
				b.WriteString(html.EscapeString(s[i+1 : i+2]))
				i += 2
				continue
			}
		case '`':
			if j := tick.next(i + 1); j > i+1 {
				b.WriteString("<code>")
				b.WriteString(html.EscapeString(s[i+1 : j]))
				b.WriteString("</code>")
				i = j + 1
				continue
			}
		case '*':
			if strings.HasPrefix(s[i:], "**") {
				if j := strong.next(i + 2); j > i+2 && s[i+2] != ' ' && s[j-1] != ' ' {
					b.WriteString("<strong>")
					inline(b, s[i+2:j], depth+1)
					b.WriteString("</strong>")
					i = j + 2
					continue
				}
				b.WriteString("**")
				i += 2
				continue
			}
			if j := star.next(i + 1); j > i+1 && s[i+1] != ' ' && s[j-1] != ' ' {
				b.WriteString("<em>")
				inline(b, s[i+1:j], depth+1)
				b.WriteString("</em>")
				i = j + 1
				continue
			}
		case '_':
			// Only at word boundaries, so that snake_case stays text.
			if i == 0 || !isWordByte(s[i-1]) {
				if underClosers == nil {
					underClosers = closingUnderscores(s)
				}
				k, _ := slices.BinarySearch(underClosers, i+1)
				if k < len(underClosers) {
					if j := underClosers[k]; j > i+1 && s[i+1] != ' ' && s[j-1] != ' ' {
						b.WriteString("<em>")
						inline(b, s[i+1:j], depth+1)
						b.WriteString("</em>")
						i = j + 1
						continue
					}
				}
			}
		case '[':
			if k := closeBr.next(i + 1); k > i+1 && k+1 < len(s) && s[k+1] == '(' {
				if e := closePar.next(k + 2); e > k+2 {
					text, target := s[i+1:k], strings.TrimSpace(s[k+2:e])
					if safeURL(target) {
						b.WriteString(`<a href="`)
						b.WriteString(html.EscapeString(target))
						b.WriteString(`">`)
						inline(b, text, depth+1)
						b.WriteString("</a>")
					} else {
						inline(b, text, depth+1)
					}
					i = e + 1
					continue
				}
			}
		}
		// Copy a run of ordinary bytes (UTF-8 sequences never contain the
		// ASCII markers).
		j := i + 1
		for j < len(s) && !isMarker(s[j]) {
			j++
		}
		b.WriteString(html.EscapeString(s[i:j]))
		i = j
	}
}

// closingUnderscores lists the positions of the underscores in s that are
// not followed by a letter or digit.
func closingUnderscores(s string) []int {
	out := []int{}
	for i := 0; i < len(s); i++ {
		if s[i] == '_' && (i+1 == len(s) || !isWordByte(s[i+1])) {
			out = append(out, i)
		}
	}
	return out
}

func isMarker(c byte) bool {
	return c == '\\' || c == '`' || c == '*' || c == '_' || c == '['
}

func isWordByte(c byte) bool {
	return c >= 0x80 || ('a' <= c && c <= 'z') || ('A' <= c && c <= 'Z') || ('0' <= c && c <= '9')
}

func isASCIIPunct(c byte) bool {
	return strings.IndexByte("!\"#$%&'()*+,-./:;<=>?@[\\]^_`{|}~", c) >= 0
}

// safeURL accepts http(s) and mailto links and local paths; anything else
// (javascript:, data:, vbscript:, protocol-relative "//host") is dropped.
func safeURL(u string) bool {
	if u == "" || strings.ContainsAny(u, " \t\n\r\"'<>\\") {
		return false
	}
	for _, r := range u {
		if r < 0x20 || r == 0x7f {
			return false
		}
	}
	l := strings.ToLower(u)
	switch {
	case strings.HasPrefix(l, "http://"), strings.HasPrefix(l, "https://"):
		p, err := url.Parse(u)
		return err == nil && p.Host != ""
	case strings.HasPrefix(l, "mailto:"):
		return len(l) > len("mailto:")
	case strings.HasPrefix(l, "//"):
		return false
	case strings.HasPrefix(l, "/"), strings.HasPrefix(l, "#"):
		return true
	}
	return false
}

// PlainText is the text of a Markdown body without markup, one block a
// line: what the search indexes and what excerpts are cut from.
func PlainText(md string) string {
	return htmlText(markdownToHTML(md))
}

// htmlText strips the tags of HTML written by markdownToHTML, turning
// block ends and line breaks into line breaks.
func htmlText(h string) string {
	var b strings.Builder
	b.Grow(len(h))
	for i := 0; i < len(h); {
		if h[i] != '<' {
			j := strings.IndexByte(h[i:], '<')
			if j < 0 {
				j = len(h) - i
			}
			b.WriteString(h[i : i+j])
			i += j
			continue
		}
		j := strings.IndexByte(h[i:], '>')
		if j < 0 {
			break
		}
		tag := h[i+1 : i+j]
		switch tag {
		case "br", "/p", "/h2", "/h3", "/h4", "/li", "/blockquote", "hr":
			b.WriteByte('\n')
		}
		i += j + 1
	}
	var out []string
	for _, l := range strings.Split(html.UnescapeString(b.String()), "\n") {
		if l = strings.TrimSpace(l); l != "" {
			out = append(out, l)
		}
	}
	return strings.Join(out, "\n")
}

// MarkdownFromText turns plain text (an imported archive's body) into
// Markdown that renders as that text: one paragraph a line, with every
// character that Markdown would read as markup escaped.
func MarkdownFromText(text string) string {
	var out []string
	for _, l := range strings.Split(strings.ReplaceAll(text, "\r\n", "\n"), "\n") {
		l = strings.TrimSpace(l)
		if l == "" {
			continue
		}
		out = append(out, escapeLine(l))
	}
	return strings.Join(out, "\n\n")
}

func escapeLine(l string) string {
	var b strings.Builder
	b.Grow(len(l) + 8)
	// A line that would start a block gets its marker escaped (inline
	// markers are escaped by the loop below).
	switch {
	case isMarker(l[0]):
	case isRule(l), headingLevel(l) > 0, strings.HasPrefix(l, ">"), listItem(l) == "ul":
		b.WriteByte('\\')
	case listItem(l) == "ol":
		n, _ := olNumber(l)
		b.WriteString(l[:n-2])
		b.WriteByte('\\')
		l = l[n-2:]
	}
	for i := 0; i < len(l); i++ {
		if isMarker(l[i]) {
			b.WriteByte('\\')
		}
		b.WriteByte(l[i])
	}
	return b.String()
}

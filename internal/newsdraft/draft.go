// Package newsdraft writes the news article of a held conference in the
// Vietnamese prose of a provincial portal — date and host, who attended
// with their titles, the quarter's results with the consolidated figures
// written the Vietnamese way ("trên 62 nghìn lượt quà tặng, kinh phí trên
// 26 tỷ đồng"), the discussion, the chair's conclusions item by item, photo
// slots with captions and the byline — from the conference's own data,
// through fixed templates (no external service). The draft is plain
// paragraphs; the news package turns it into an article the editor edits.
package newsdraft

import (
	"fmt"
	"strings"
	"time"
	"unicode"
	"unicode/utf8"

	"giaoban/internal/conference"
	"giaoban/internal/news"
	"giaoban/internal/report"
	"giaoban/internal/rollup"
	"giaoban/internal/vntext"
)

// Figure is one consolidated figure of the quarter.
type Figure struct {
	Indicator report.Indicator
	Value     report.Value
}

// Input is what the article is written from.
type Input struct {
	Conference *conference.Conference
	Conclusion *conference.Conclusion // nil or a draft: the conclusions come from it if it has items
	HostName   string                 // "Ban Dân vận Tỉnh ủy"
	// PeriodLabel is the quarter reviewed ("quý I/2019"); Results is the
	// commission's summary of it (the consolidated report's first
	// section), written before the figures.
	PeriodLabel string
	Results     string
	Figures     []Figure
	Author      string // byline
	// Groups names the bodies that came without a named guest; default
	// "lãnh đạo các sở, ban, ngành, đoàn thể tỉnh".
	Groups string
}

// Block is one paragraph of the draft, or a photo slot with its caption.
type Block struct {
	Text    string
	Photo   bool
	Caption string
}

// Draft is the article.
type Draft struct {
	Title   string
	Summary string
	Blocks  []Block
	Byline  string
}

// Text returns the draft as plain text, one block a paragraph (photo slots
// as "[Ảnh: caption]"), for tests and for editors without the form.
func (d Draft) Text() string {
	var b strings.Builder
	b.WriteString(d.Title + "\n\n")
	for _, bl := range d.Blocks {
		if bl.Photo {
			b.WriteString("[Ảnh: " + bl.Caption + "]\n\n")
			continue
		}
		b.WriteString(bl.Text + "\n\n")
	}
	b.WriteString(d.Byline)
	return b.String()
}

// Write drafts the article of in.
func Write(in Input) (Draft, error) {
	c := in.Conference
	if c == nil {
		return Draft{}, fmt.Errorf("newsdraft: no conference")
	}
	if c.Status != conference.StatusHeld && c.Status != conference.StatusConcluded {
		return Draft{}, fmt.Errorf("newsdraft: hội nghị chưa diễn ra")
	}
	d := Draft{Title: vntext.Normalize(c.Title), Byline: vntext.Normalize(in.Author)}
	local := c.StartsAt.In(vietnam)

	// Date, host and who attended.
	opening := fmt.Sprintf("Ngày %d/%d/%d, %s tổ chức %s.", local.Day(), int(local.Month()), local.Year(),
		nonEmpty(in.HostName, "Ban Dân vận"), lowerFirst(d.Title))
	if who := attendees(c, in.Groups); who != "" {
		opening += " Tham dự có " + who + "."
	}
	d.Summary = opening
	d.Blocks = append(d.Blocks, Block{Text: opening}, Block{Photo: true, Caption: "Toàn cảnh hội nghị"})

	// The quarter's results and its figures.
	var res []string
	if r := strings.TrimSpace(in.Results); r != "" {
		res = append(res, sentence(fmt.Sprintf("Trong %s, %s", in.PeriodLabel, lowerFirst(strings.TrimSuffix(r, ".")))))
	}
	if figs := figures(in.Figures); figs != "" {
		res = append(res, "Kết quả nổi bật: "+figs+".")
	}
	if len(res) > 0 {
		d.Blocks = append(d.Blocks, Block{Text: strings.Join(res, " ")})
	}

	// The discussion.
	quarter := in.PeriodLabel
	if i := strings.IndexByte(quarter, '/'); i > 0 {
		quarter = quarter[:i]
	}
	d.Blocks = append(d.Blocks, Block{Text: fmt.Sprintf("Tại hội nghị, các đại biểu đã trao đổi, thảo luận, đánh giá những kết quả đạt được trong %s, đồng thời đưa ra các giải pháp nhằm thực hiện tốt công tác dân vận trong thời gian tới.", quarter)})

	// The chair's conclusions, item by item.
	if c.ChairName != "" {
		short := firstClause(c.ChairTitle)
		d.Blocks = append(d.Blocks, Block{Photo: true, Caption: upperFirst(nonEmpty(short, "Đồng chí "+c.ChairName)) + " phát biểu"})
		if con := conclusions(c, short, in.Conclusion); con != "" {
			d.Blocks = append(d.Blocks, Block{Text: con})
		}
	}
	return d, nil
}

var vietnam = time.FixedZone("ICT", 7*3600)

// attendees lists the chair and the named guests with their titles, then,
// when units came without a named guest, the bodies they stand for
// (groups: "lãnh đạo các sở, ban, ngành, đoàn thể tỉnh").
func attendees(c *conference.Conference, groups string) string {
	var named []string
	seen := map[string]bool{}
	if c.ChairName != "" {
		named = append(named, "đồng chí "+c.ChairName+titleSuffix(c.ChairTitle))
		seen[vntext.Fold(c.ChairName)] = true
	}
	units := false
	for _, a := range c.Attendance {
		if !a.Present {
			continue
		}
		switch {
		case a.PersonName != "" && !seen[vntext.Fold(a.PersonName)]:
			seen[vntext.Fold(a.PersonName)] = true
			named = append(named, "đồng chí "+a.PersonName+titleSuffix(a.PersonTitle))
		case a.PersonName == "" && a.UnitCode != "":
			units = true
		}
	}
	if units {
		named = append(named, nonEmpty(groups, "lãnh đạo các sở, ban, ngành, đoàn thể tỉnh"))
	}
	return strings.Join(named, "; ")
}

func titleSuffix(title string) string {
	if title = strings.TrimSpace(title); title == "" {
		return ""
	}
	return ", " + title
}

// figures writes the figures the Vietnamese way: a count before its noun
// ("12 đoàn công tác ..."), rounded down with "trên" from a thousand up,
// money after its noun ("kinh phí ... trên 26 tỷ đồng").
func figures(fs []Figure) string {
	var parts []string
	for _, f := range fs {
		if !f.Value.Set {
			continue
		}
		name := lowerFirst(vntext.Normalize(f.Indicator.Name))
		unit := vntext.Normalize(f.Indicator.Unit)
		switch {
		case f.Indicator.Type == report.TypeMoney:
			parts = append(parts, name+" "+vntext.FormatOver(f.Value.Int, nonEmpty(unit, "đồng")))
		case f.Indicator.Type == report.TypeDecimal || f.Indicator.Type == report.TypePercent:
			v := vntext.FormatDecimal(f.Value.Float, 1)
			if f.Indicator.Type == report.TypePercent {
				v += "%"
			}
			parts = append(parts, name+" "+v)
		case unit != "" && strings.HasPrefix(vntext.Fold(name), vntext.Fold(unit)+" "):
			// The noun is the unit: "12 đoàn công tác", not "12 đoàn đoàn công tác".
			over := vntext.FormatOver(f.Value.Int, "")
			parts = append(parts, over+" "+name)
		default:
			parts = append(parts, vntext.FormatOver(f.Value.Int, unit)+" "+name)
		}
	}
	return strings.Join(parts, "; ")
}

// conclusions writes the chair's speech: the assessment items, then the
// directions for the time ahead, the ones addressed to named bodies last.
func conclusions(c *conference.Conference, short string, k *conference.Conclusion) string {
	if k == nil || len(k.Items) == 0 {
		return ""
	}
	var assess, general, named []string
	for _, it := range k.Items {
		t := strings.TrimSuffix(strings.TrimSpace(vntext.Normalize(it.Text)), ".")
		if t == "" {
			continue
		}
		switch {
		case it.Kind == conference.ItemAssessment:
			assess = append(assess, lowerFirst(t))
		case len(it.Addressees) > 0 && lowerFirst(t) == t:
			// An item that opens with the body it names ("Mặt trận Tổ
			// quốc phối hợp ...") reads as a sentence of its own.
			named = append(named, upperFirst(t))
		default:
			general = append(general, lowerFirst(t))
		}
	}
	who := "đồng chí " + c.ChairName + titleSuffix(short)
	var b strings.Builder
	b.WriteString("Phát biểu chỉ đạo, " + who)
	if len(assess) > 0 {
		b.WriteString(" " + strings.Join(assess, "; ") + ".")
	} else {
		b.WriteString(" ghi nhận những kết quả đạt được.")
	}
	if len(general) > 0 {
		b.WriteString(" Thời gian tới, đồng chí đề nghị " + strings.Join(general, "; ") + ".")
	}
	for _, n := range named {
		b.WriteString(" " + n + ".")
	}
	return b.String()
}

func firstClause(s string) string {
	s = strings.TrimSpace(s)
	if i := strings.IndexByte(s, ','); i > 0 {
		return strings.TrimSpace(s[:i])
	}
	return s
}

func sentence(s string) string {
	s = strings.TrimSpace(s)
	if s == "" || strings.HasSuffix(s, ".") {
		return s
	}
	return s + "."
}

func nonEmpty(s, def string) string {
	if strings.TrimSpace(s) == "" {
		return def
	}
	return s
}

// lowerFirst lowers the first letter unless the text starts with a proper
// noun or an acronym: a first word with more than one capital ("HĐND"), a
// second word with a capital ("Ban Dân tộc", "Tỉnh Đoàn"), or "Mặt trận".
// "Hội nghị giao ban" becomes "hội nghị giao ban".
func lowerFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 || !unicode.IsUpper(r) {
		return s
	}
	words := strings.FieldsFunc(s, func(c rune) bool { return c == ' ' || c == ',' || c == ';' || c == '.' })
	upper := 0
	for _, c := range words[0] {
		if unicode.IsUpper(c) {
			upper++
		}
	}
	if upper > 1 || vntext.Fold(words[0]) == "mat" {
		return s
	}
	if len(words) > 1 {
		if r2, _ := utf8.DecodeRuneInString(words[1]); unicode.IsUpper(r2) {
			return s
		}
	}
	return string(unicode.ToLower(r)) + s[n:]
}

func upperFirst(s string) string {
	r, n := utf8.DecodeRuneInString(s)
	if n == 0 {
		return s
	}
	return string(unicode.ToUpper(r)) + s[n:]
}

// Results is the sentence on the quarter's work that opens the results
// paragraph when the commission has not written its own.
const Results = "công tác dân vận tiếp tục được các cấp ủy đảng, chính quyền quan tâm đôn đốc triển khai thực hiện"

// HeadlineFigures picks the figures an article quotes from a
// consolidation: the numeric indicators of the template's first section
// that has any value, in template order, at most max.
func HeadlineFigures(out *rollup.Output, max int) []Figure {
	var figs []Figure
	section := ""
	for _, code := range out.Template.Indicators {
		ind := out.Catalogue[code]
		if ind.Type == report.TypeText || ind.Type == report.TypeBoolean {
			continue
		}
		v := out.Totals[code].Value
		if !v.Set || (v.Int == 0 && v.Float == 0) {
			continue
		}
		if section == "" {
			section = ind.Section
		}
		if ind.Section != section || len(figs) == max {
			break
		}
		figs = append(figs, Figure{Indicator: ind, Value: v})
	}
	return figs
}

// Article turns the draft into a news article draft: the paragraphs as
// Markdown ending with the byline in bold, the photo slots with their
// captions, drafted from origin ("conference:12").
func (d Draft) Article(origin string) news.Input {
	var paras []string
	var slots []news.Slot
	for _, b := range d.Blocks {
		if b.Photo {
			slots = append(slots, news.Slot{Caption: b.Caption})
			continue
		}
		paras = append(paras, b.Text)
	}
	body := news.MarkdownFromText(strings.Join(paras, "\n"))
	if d.Byline != "" {
		body += "\n\n**" + d.Byline + "**"
	}
	return news.Input{Title: d.Title, Summary: d.Summary, Body: body, Byline: d.Byline,
		Categories: []string{"Hoạt động"}, Tags: []string{"giao ban", "công tác dân vận"}, Origin: origin, Slots: slots}
}

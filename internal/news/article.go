// Package news holds the articles of the public portal: their text
// (Markdown rendered to sanitised HTML), images with captions, categories
// and tags, the publishing workflow draft → review → published with
// scheduled publishing, revisions, the import of an old portal's archive,
// and the year's theme shown on the portal. It is pure: no SQL or HTTP.
package news

import (
	"strings"
	"time"
	"unicode/utf8"

	"giaoban/internal/apperr"
	"giaoban/internal/vntext"
)

// Status is where an article is in the publishing workflow.
type Status string

const (
	StatusDraft     Status = "draft"     // being written
	StatusReview    Status = "review"    // submitted for review
	StatusPublished Status = "published" // published, or scheduled when PublishedAt is in the future
)

// Statuses in workflow order.
var Statuses = []Status{StatusDraft, StatusReview, StatusPublished}

// Label is the status in Vietnamese.
func (s Status) Label() string {
	switch s {
	case StatusDraft:
		return "Bản nháp"
	case StatusReview:
		return "Chờ duyệt"
	case StatusPublished:
		return "Đã đăng"
	}
	return string(s)
}

// Valid reports whether s is a known status.
func (s Status) Valid() bool {
	return s == StatusDraft || s == StatusReview || s == StatusPublished
}

// Limits on what an article may hold.
const (
	MaxTitle    = 300
	MaxSummary  = 1000
	MaxBody     = 200_000
	MaxByline   = 200
	MaxLabels   = 10 // categories, and tags
	MaxLabelLen = 60
	maxSlug     = 80
)

// Category is a section of the portal ("Hoạt động", "Dân vận khéo").
type Category struct {
	Slug string
	Name string
}

// CategoryCount is a category with its number of visible articles.
type CategoryCount struct {
	Category
	Count int
}

// Article is one news article.
type Article struct {
	ID      int64
	Slug    string // unique; follows the title until first published, then kept
	Title   string
	Summary string // plain text (sapo)
	// Body is the Markdown the editor wrote; BodyHTML is its sanitised
	// rendering, computed by the service on every save.
	Body       string
	BodyHTML   string
	Byline     string // "Minh Anh – Ban Dân vận Tỉnh ủy"
	Categories []Category
	Tags       []string
	Status     Status
	// PublishedAt is when a published article becomes visible; in the
	// future it is scheduled. Zero for drafts never published.
	PublishedAt time.Time
	Featured    bool   // candidate for the home page's featured slot
	LegacyID    string // the article's ID in the old portal (imported)
	SourceURL   string // its address in the old portal
	// Origin names what the article was drafted from ("conference:12").
	Origin    string
	Images    []Image // in display order, without their bytes
	CreatedAt time.Time
	CreatedBy string
	UpdatedAt time.Time
	UpdatedBy string
	Version   int
}

// Visible reports whether the public may see a at now.
func (a *Article) Visible(now time.Time) bool {
	return a.Status == StatusPublished && !a.PublishedAt.IsZero() && !a.PublishedAt.After(now)
}

// Scheduled reports whether a is published with a future time.
func (a *Article) Scheduled(now time.Time) bool {
	return a.Status == StatusPublished && a.PublishedAt.After(now)
}

// StateLabel is the status in Vietnamese, telling scheduled articles apart.
func (a *Article) StateLabel(now time.Time) string {
	if a.Scheduled(now) {
		return "Đã lên lịch đăng"
	}
	return a.Status.Label()
}

// Lead returns the summary, or the start of the body when there is none,
// cut to about n characters at a word boundary.
func (a *Article) Lead(n int) string {
	s := a.Summary
	if s == "" {
		s = PlainText(a.Body)
	}
	return Excerpt(s, n)
}

// ShownImages are the images that have a file (slots waiting for a photo
// are left out of the portal).
func (a *Article) ShownImages() []Image {
	var out []Image
	for _, im := range a.Images {
		if im.HasFile() {
			out = append(out, im)
		}
	}
	return out
}

// Input is what an editor writes: everything of an article but its
// workflow state. Categories and tags are names, one per entry.
type Input struct {
	Title      string
	Summary    string
	Body       string // Markdown
	Byline     string
	Categories []string
	Tags       []string
	Featured   bool
	// Origin names what the article is drafted from ("conference:12");
	// only set on creation.
	Origin string
	// Slots are images without a file yet (photo slots with their captions,
	// "Toàn cảnh hội nghị"), only used on creation.
	Slots []Slot
}

// Slot is a photo slot: a caption and alt text waiting for a photo.
type Slot struct {
	Caption string
	Alt     string
}

// Normalize cleans the input the way it is stored: NFC, canonical tones,
// trimmed; labels de-duplicated (by their slug) in the order given.
func (in *Input) Normalize() {
	in.Title = vntext.Normalize(in.Title)
	in.Summary = vntext.Normalize(in.Summary)
	in.Body = strings.TrimSpace(vntext.NormalizeText(in.Body))
	in.Byline = vntext.Normalize(in.Byline)
	in.Categories = cleanLabels(in.Categories)
	in.Tags = cleanLabels(in.Tags)
	in.Origin = strings.TrimSpace(in.Origin)
	for i := range in.Slots {
		in.Slots[i].Caption = vntext.Normalize(in.Slots[i].Caption)
		in.Slots[i].Alt = vntext.Normalize(in.Slots[i].Alt)
		if in.Slots[i].Alt == "" {
			in.Slots[i].Alt = in.Slots[i].Caption
		}
	}
}

// SplitLabels splits a comma- or line-separated list typed in a form.
func SplitLabels(s string) []string {
	return strings.FieldsFunc(s, func(r rune) bool { return r == ',' || r == ';' || r == '\n' || r == '\r' })
}

func cleanLabels(in []string) []string {
	var out []string
	seen := map[string]bool{}
	for _, l := range in {
		l = vntext.Normalize(l)
		k := vntext.Slug(l)
		if l == "" || k == "" || seen[k] {
			continue
		}
		seen[k] = true
		out = append(out, l)
	}
	return out
}

// Validate checks a normalised input; EINVALID with per-field messages.
func (in *Input) Validate() error {
	f := map[string]string{}
	switch {
	case in.Title == "":
		f["title"] = "Vui lòng nhập tiêu đề."
	case utf8.RuneCountInString(in.Title) > MaxTitle:
		f["title"] = "Tiêu đề dài quá 300 ký tự."
	case vntext.Slug(in.Title) == "":
		f["title"] = "Tiêu đề phải có chữ hoặc số."
	}
	if utf8.RuneCountInString(in.Summary) > MaxSummary {
		f["summary"] = "Tóm tắt dài quá 1.000 ký tự."
	}
	if len(in.Body) > MaxBody {
		f["body"] = "Nội dung dài quá 200.000 byte."
	}
	if utf8.RuneCountInString(in.Byline) > MaxByline {
		f["byline"] = "Tên tác giả dài quá 200 ký tự."
	}
	if len(in.Categories) > MaxLabels || tooLong(in.Categories) {
		f["categories"] = "Tối đa 10 chuyên mục, mỗi chuyên mục không quá 60 ký tự."
	}
	if len(in.Tags) > MaxLabels || tooLong(in.Tags) {
		f["tags"] = "Tối đa 10 từ khóa, mỗi từ khóa không quá 60 ký tự."
	}
	for _, s := range in.Slots {
		if s.Caption == "" && s.Alt == "" {
			f["slots"] = "Mỗi ô ảnh cần chú thích hoặc mô tả ảnh."
		}
	}
	if len(f) > 0 {
		return apperr.Invalid("Bài viết chưa hợp lệ, vui lòng kiểm tra các ô được đánh dấu.", f)
	}
	return nil
}

func tooLong(ls []string) bool {
	for _, l := range ls {
		if utf8.RuneCountInString(l) > MaxLabelLen {
			return true
		}
	}
	return false
}

// Categories turns category names into categories with their slugs.
func Categories(names []string) []Category {
	out := make([]Category, 0, len(names))
	for _, n := range names {
		out = append(out, Category{Slug: vntext.Slug(n), Name: n})
	}
	return out
}

// CategoryNames lists the names of cs.
func CategoryNames(cs []Category) []string {
	out := make([]string, len(cs))
	for i, c := range cs {
		out[i] = c.Name
	}
	return out
}

// BaseSlug is the slug a title asks for: vntext.Slug cut to at most 80
// characters at a hyphen. "Hội nghị giao ban công tác dân vận quý I/2019"
// gives "hoi-nghi-giao-ban-cong-tac-dan-van-quy-i-2019".
func BaseSlug(title string) string {
	s := vntext.Slug(title)
	if len(s) <= maxSlug {
		return s
	}
	s = s[:maxSlug]
	if i := strings.LastIndexByte(s, '-'); i > maxSlug/2 {
		s = s[:i]
	}
	return strings.Trim(s, "-")
}

// Excerpt cuts s to about n characters at a word boundary, adding "…".
func Excerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	rs := []rune(s)[:n]
	cut := string(rs)
	if i := strings.LastIndexByte(cut, ' '); i > len(cut)/2 {
		cut = cut[:i]
	}
	return strings.TrimRight(cut, " ,.;:–-") + "…"
}

// Revision is one saved state of an article: every save keeps one.
type Revision struct {
	ArticleID   int64
	Version     int
	Title       string
	Summary     string
	Body        string
	Byline      string
	Categories  []string
	Tags        []string
	Status      Status
	PublishedAt time.Time
	SavedAt     time.Time
	SavedBy     string
	Note        string // what the save did ("Lưu bản nháp", "Đăng bài")
}

// Filter selects articles for a list.
type Filter struct {
	Status Status // "" any
	// Visible keeps only articles the public sees at Now (published, due).
	Visible bool
	// Scheduled keeps only published articles due after Now.
	Scheduled bool
	Now       time.Time
	Category  string // category slug
	Featured  bool   // only featured articles
	Limit     int    // 0: 20
	Offset    int
	// NoTotal skips counting the matches (the total returned is 0).
	NoTotal bool
}

// Link is where a visible article is and when it last changed.
type Link struct {
	Slug        string
	PublishedAt time.Time
	UpdatedAt   time.Time
}

// Theme is the year's theme ("Năm Dân vận chính quyền" for 2019).
type Theme struct {
	Year      int
	Text      string
	UpdatedAt time.Time
	UpdatedBy string
}

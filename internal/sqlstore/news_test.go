package sqlstore_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"slices"
	"strconv"
	"strings"
	"sync"
	"testing"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/apptest"
	"giaoban/internal/audit"
	"giaoban/internal/auth"
	"giaoban/internal/news"
	"giaoban/internal/search"
	"giaoban/internal/sqlstore"
)

// fakeIndex records what the news service indexes.
type fakeIndex struct {
	mu   sync.Mutex
	docs map[string]search.Doc
}

func (f *fakeIndex) IndexDocs(_ context.Context, docs []search.Doc) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	if f.docs == nil {
		f.docs = map[string]search.Doc{}
	}
	for _, d := range docs {
		f.docs[string(d.Kind)+"/"+d.ID] = d
	}
	return nil
}

func (f *fakeIndex) DeleteDoc(_ context.Context, kind search.Kind, id string) error {
	f.mu.Lock()
	defer f.mu.Unlock()
	delete(f.docs, string(kind)+"/"+id)
	return nil
}

func (f *fakeIndex) Search(context.Context, search.Query) (search.Result, error) {
	return search.Result{}, nil
}

type newsEnv struct {
	t     *testing.T
	ctx   context.Context
	db    *sqlstore.DB
	svc   *news.Service
	index *fakeIndex
	now   time.Time
}

var (
	editor   = &auth.Actor{Username: "bientap", Roles: []auth.Role{auth.RoleEditor}}
	reporter = &auth.Actor{Username: "mttq", UnitCode: "20-MTTQ", Roles: []auth.Role{auth.RoleReporter}}
)

func newNewsEnv(t *testing.T, db *sqlstore.DB) *newsEnv {
	e := &newsEnv{t: t, ctx: audit.WithWho(context.Background(), audit.Who{Actor: "bientap"}), db: db, index: &fakeIndex{},
		now: time.Date(2019, 3, 28, 8, 0, 0, 0, time.UTC)}
	db.Now = func() time.Time { return e.now }
	e.svc = &news.Service{Store: db, Index: e.index, Authz: &auth.Authorizer{}, Now: func() time.Time { return e.now }}
	return e
}

func (e *newsEnv) must(a *news.Article, err error) *news.Article {
	e.t.Helper()
	if err != nil {
		e.t.Fatal(err)
	}
	return a
}

func jpegBytes(t *testing.T, w, h int) []byte {
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for x := 0; x < w; x++ {
		img.Set(x, x%h, color.RGBA{200, 0, 0, 255})
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

var seedInput = news.Input{
	Title:      "Hội nghị giao ban công tác dân vận quý I năm 2019",
	Summary:    "Sáng 28/3, Ban Dân vận Tỉnh uỷ tổ chức hội nghị giao ban công tác dân vận quý I/2019.",
	Body:       "Dự hội nghị có đại diện **Ủy ban MTTQ tỉnh**.\n\n1. Tổ chức tốt Đại hội MTTQ các cấp\n2. Đại hội đại biểu các dân tộc thiểu số",
	Byline:     "Minh Anh",
	Categories: []string{"Hoạt động", "Dân vận chính quyền"},
	Tags:       []string{"giao ban", "quý I"},
	Slots:      []news.Slot{{Caption: "Toàn cảnh hội nghị"}},
	Origin:     "conference:7",
}

func TestNewsWorkflow(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newNewsEnv(t, db)
		ctx := e.ctx
		if _, err := e.svc.Create(ctx, reporter, seedInput); apperr.Code(err) != apperr.EFORBIDDEN {
			t.Fatalf("reporter creates: %v", err)
		}
		if _, err := e.svc.Create(ctx, nil, seedInput); apperr.Code(err) != apperr.EUNAUTHORIZED {
			t.Fatalf("anonymous creates: %v", err)
		}
		if _, err := e.svc.Create(ctx, editor, news.Input{Title: "  "}); apperr.FieldsOf(err)["title"] == "" {
			t.Fatalf("empty title: %v", err)
		}
		a := e.must(e.svc.Create(ctx, editor, seedInput))
		if a.Slug != "hoi-nghi-giao-ban-cong-tac-dan-van-quy-i-nam-2019" || a.Version != 1 || a.Status != news.StatusDraft {
			t.Fatalf("created %+v", a)
		}
		if !strings.Contains(a.Summary, "Tỉnh ủy") {
			t.Errorf("summary not normalised: %q", a.Summary)
		}
		got := e.must(e.svc.Get(ctx, editor, a.ID))
		if got.BodyHTML != news.RenderHTML(seedInput.Body) || len(got.Categories) != 2 || got.Categories[0].Slug != "hoat-dong" ||
			!slices.Equal(got.Tags, []string{"giao ban", "quý I"}) || len(got.Images) != 1 || got.Images[0].HasFile() || got.Images[0].Alt != "Toàn cảnh hội nghị" {
			t.Errorf("read back %+v", got)
		}
		if o, err := e.svc.ByOrigin(ctx, editor, "conference:7"); err != nil || o.ID != a.ID {
			t.Errorf("by origin: %v", err)
		}
		if _, err := e.svc.ByOrigin(ctx, editor, "conference:8"); apperr.Code(err) != apperr.ENOTFOUND {
			t.Errorf("unknown origin: %v", err)
		}
		// Same title: the slug gets a suffix.
		b := e.must(e.svc.Create(ctx, editor, news.Input{Title: seedInput.Title, Body: "x"}))
		if b.Slug != a.Slug+"-2" {
			t.Errorf("second slug %q", b.Slug)
		}
		// The draft's slug follows its title; a stale version is refused.
		in := seedInput
		in.Title = "Giao ban dân vận quý I/2019"
		a = e.must(e.svc.Update(ctx, editor, a.ID, 1, in))
		if a.Slug != "giao-ban-dan-van-quy-i-2019" || a.Version != 2 {
			t.Errorf("updated slug %q version %d", a.Slug, a.Version)
		}
		if _, err := e.svc.Update(ctx, editor, a.ID, 1, in); apperr.Code(err) != apperr.ECONFLICT {
			t.Errorf("stale update: %v", err)
		}
		if _, err := e.svc.Return(ctx, editor, a.ID, a.Version); apperr.Code(err) != apperr.ECONFLICT {
			t.Errorf("return a draft: %v", err)
		}
		a = e.must(e.svc.Submit(ctx, editor, a.ID, a.Version))
		a = e.must(e.svc.Return(ctx, editor, a.ID, a.Version))
		a = e.must(e.svc.Submit(ctx, editor, a.ID, a.Version))
		if a.Status != news.StatusReview || len(e.index.docs) != 0 {
			t.Errorf("status %s, %d indexed", a.Status, len(e.index.docs))
		}
		if _, _, err := e.svc.Published(ctx, a.Slug); apperr.Code(err) != apperr.ENOTFOUND {
			t.Errorf("article under review is public: %v", err)
		}
		a = e.must(e.svc.Publish(ctx, editor, a.ID, a.Version, time.Time{}))
		if !a.PublishedAt.Equal(e.now) || !a.Visible(e.now) {
			t.Errorf("published at %v", a.PublishedAt)
		}
		doc, ok := e.index.docs["news/"+itoa(a.ID)]
		if !ok || !doc.Public || doc.URL != "/tin/"+a.Slug || !strings.Contains(doc.Body, "Ủy ban MTTQ tỉnh") || strings.Contains(doc.Body, "**") {
			t.Errorf("indexed %+v", doc)
		}
		if _, err := e.svc.Publish(ctx, editor, a.ID, a.Version, time.Time{}); apperr.Code(err) != apperr.ECONFLICT {
			t.Errorf("publish twice: %v", err)
		}
		// After publishing, the slug is kept when the title changes.
		slug := a.Slug
		in.Title = "Hội nghị giao ban quý I/2019 (cập nhật)"
		a = e.must(e.svc.Update(ctx, editor, a.ID, a.Version, in))
		if a.Slug != slug || e.index.docs["news/"+itoa(a.ID)].Title != in.Title {
			t.Errorf("slug %q after a title change, index %q", a.Slug, e.index.docs["news/"+itoa(a.ID)].Title)
		}
		pub, moved, err := e.svc.Published(ctx, slug)
		if err != nil || moved || pub.ID != a.ID {
			t.Errorf("Published(%q): %v %v", slug, moved, err)
		}
		// Revisions: one per save; restoring the first brings its title back.
		revs, err := e.svc.Revisions(ctx, editor, a.ID)
		if err != nil || len(revs) != 7 || revs[0].Version != 7 || revs[len(revs)-1].Note != "Tạo bản nháp" {
			t.Fatalf("revisions %d %v", len(revs), err)
		}
		a = e.must(e.svc.Restore(ctx, editor, a.ID, a.Version, 1))
		if a.Title != seedInput.Title || a.Slug != slug || a.Status != news.StatusPublished || a.Version != 8 {
			t.Errorf("restored %q %q %s v%d", a.Title, a.Slug, a.Status, a.Version)
		}
		r, err := e.svc.Revision(ctx, editor, a.ID, 8)
		if err != nil || r.Note != "Khôi phục phiên bản 1" || r.Body != seedInput.Body {
			t.Errorf("revision 8: %+v %v", r, err)
		}
		// Unpublish takes it out of the portal and the index.
		a = e.must(e.svc.Unpublish(ctx, editor, a.ID, a.Version))
		if _, ok := e.index.docs["news/"+itoa(a.ID)]; ok || a.Status != news.StatusDraft {
			t.Errorf("unpublished still indexed or %s", a.Status)
		}
		// Every change is audited.
		entries, _, err := db.ListAudit(ctx, audit.Filter{Entity: "news_article", EntityID: itoa(a.ID)})
		if err != nil || len(entries) < 9 {
			t.Errorf("%d audit entries: %v", len(entries), err)
		}
	})
}

func itoa(id int64) string { return strconv.FormatInt(id, 10) }

func TestNewsScheduledAndLists(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newNewsEnv(t, db)
		ctx := e.ctx
		var ids []int64
		for i, title := range []string{"Tin một", "Tin hai", "Tin ba"} {
			in := news.Input{Title: title, Body: "Nội dung " + title, Categories: []string{"Hoạt động"}, Featured: i == 0}
			if i == 2 {
				in.Categories = []string{"Điển hình"}
			}
			a := e.must(e.svc.Create(ctx, editor, in))
			e.now = e.now.Add(time.Hour)
			a = e.must(e.svc.Publish(ctx, editor, a.ID, a.Version, time.Time{}))
			ids = append(ids, a.ID)
		}
		// Schedule one for tomorrow.
		s := e.must(e.svc.Create(ctx, editor, news.Input{Title: "Tin ngày mai", Body: "Sẽ đăng", Categories: []string{"Hoạt động"}}))
		s = e.must(e.svc.Publish(ctx, editor, s.ID, s.Version, e.now.Add(24*time.Hour)))
		if !s.Scheduled(e.now) || s.StateLabel(e.now) != "Đã lên lịch đăng" {
			t.Errorf("not scheduled: %+v", s)
		}
		e.must(e.svc.Create(ctx, editor, news.Input{Title: "Nháp", Body: "x", Categories: []string{"Hoạt động"}}))
		// Backdated: visible at once, with the date given.
		old := e.must(e.svc.Create(ctx, editor, news.Input{Title: "Tin viết lại", Body: "x"}))
		back := time.Date(2019, 3, 1, 8, 0, 0, 0, time.UTC)
		if old = e.must(e.svc.Publish(ctx, editor, old.ID, old.Version, back)); !old.PublishedAt.Equal(back) || !old.Visible(e.now) {
			t.Errorf("backdated: %v", old.PublishedAt)
		}
		e.must(e.svc.Unpublish(ctx, editor, old.ID, old.Version))

		latest, total, err := e.svc.Latest(ctx, "", 10, 0)
		if err != nil || total != 3 || latest[0].Title != "Tin ba" || latest[2].Title != "Tin một" {
			t.Fatalf("latest %d %v %v", total, titles(latest), err)
		}
		if latest[0].Body != "" {
			t.Errorf("list carries bodies")
		}
		cat, total, _ := e.svc.Latest(ctx, "hoat-dong", 10, 0)
		if total != 2 || len(cat) != 2 {
			t.Errorf("category list %v", titles(cat))
		}
		page2, total, _ := e.svc.Latest(ctx, "", 2, 2)
		if total != 3 || len(page2) != 1 || page2[0].Title != "Tin một" {
			t.Errorf("page 2: %v", titles(page2))
		}
		f, err := e.svc.Featured(ctx)
		if err != nil || f == nil || f.Title != "Tin một" {
			t.Errorf("featured %v %v", f, err)
		}
		cats, err := e.svc.Categories(ctx)
		if err != nil || len(cats) != 2 || cats[0].Name != "Điển hình" || cats[0].Count != 1 || cats[1].Count != 2 {
			t.Errorf("categories %+v %v", cats, err)
		}
		if _, _, err := e.svc.Published(ctx, s.Slug); apperr.Code(err) != apperr.ENOTFOUND {
			t.Errorf("scheduled article visible early: %v", err)
		}
		sch, total, _ := e.svc.List(ctx, editor, news.Filter{Scheduled: true})
		if total != 1 || sch[0].ID != s.ID {
			t.Errorf("scheduled list %v", titles(sch))
		}
		drafts, total, _ := e.svc.List(ctx, editor, news.Filter{Status: news.StatusDraft})
		if total != 2 || drafts[0].Title != "Tin viết lại" || drafts[1].Title != "Nháp" {
			t.Errorf("drafts %v", titles(drafts))
		}
		// A day later it is out.
		e.now = e.now.Add(25 * time.Hour)
		if _, _, err := e.svc.Published(ctx, s.Slug); err != nil {
			t.Errorf("scheduled article not out on time: %v", err)
		}
		if _, total, _ := e.svc.Latest(ctx, "", 10, 0); total != 4 {
			t.Errorf("latest after the schedule: %d", total)
		}
	})
}

func titles(as []news.Article) []string {
	var out []string
	for _, a := range as {
		out = append(out, a.Title)
	}
	return out
}

func TestNewsImages(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newNewsEnv(t, db)
		ctx := e.ctx
		a := e.must(e.svc.Create(ctx, editor, seedInput))
		slot := a.Images[0]
		if _, err := e.svc.AddImage(ctx, editor, a.ID, news.ImageMeta{Caption: "Không mô tả"}, jpegBytes(t, 100, 50)); apperr.FieldsOf(err)["alt"] == "" {
			t.Errorf("image without alt: %v", err)
		}
		if _, err := e.svc.AddImage(ctx, reporter, a.ID, news.ImageMeta{Alt: "x"}, nil); apperr.Code(err) != apperr.EFORBIDDEN {
			t.Errorf("reporter adds an image: %v", err)
		}
		im, err := e.svc.AddImage(ctx, editor, a.ID, news.ImageMeta{Caption: "Đồng chí Trưởng ban phát biểu", Alt: "Trưởng ban phát biểu"}, jpegBytes(t, 1200, 800))
		if err != nil || im.Seq != 2 || im.Width != 1200 || im.ContentType != "image/jpeg" {
			t.Fatalf("add image %+v %v", im, err)
		}
		// Editors see a draft's photos, the public does not.
		if _, b, err := e.svc.Image(ctx, editor, im.ID, news.SizeSmall); err != nil || len(b) == 0 {
			t.Errorf("editor reads draft photo: %v", err)
		}
		if _, _, err := e.svc.Image(ctx, nil, im.ID, news.SizeLarge); apperr.Code(err) != apperr.ENOTFOUND {
			t.Errorf("public reads draft photo: %v", err)
		}
		a = e.must(e.svc.Publish(ctx, editor, a.ID, a.Version, time.Time{}))
		for _, size := range []news.Size{news.SizeSmall, news.SizeLarge, news.SizeOriginal} {
			_, b, err := e.svc.Image(ctx, nil, im.ID, size)
			if err != nil {
				t.Fatalf("public reads %s: %v", size, err)
			}
			cfg, _, err := image.DecodeConfig(bytes.NewReader(b))
			want := map[news.Size]int{news.SizeSmall: 320, news.SizeLarge: 960, news.SizeOriginal: 1200}[size]
			if err != nil || cfg.Width != want {
				t.Errorf("%s: width %d, want %d (%v)", size, cfg.Width, want, err)
			}
		}
		// A slot has no photo until one is uploaded into it.
		if _, _, err := e.svc.Image(ctx, nil, slot.ID, news.SizeLarge); apperr.Code(err) != apperr.ENOTFOUND {
			t.Errorf("empty slot served: %v", err)
		}
		filled, err := e.svc.UpdateImage(ctx, editor, slot.ID, news.ImageMeta{Caption: "Toàn cảnh hội nghị", Alt: "Toàn cảnh hội trường"}, jpegBytes(t, 640, 480))
		if err != nil || !filled.HasFile() || filled.Alt != "Toàn cảnh hội trường" {
			t.Fatalf("fill slot %+v %v", filled, err)
		}
		got := e.must(e.svc.Get(ctx, editor, a.ID))
		if len(got.ShownImages()) != 2 || got.ShownImages()[0].ID != slot.ID {
			t.Errorf("images %+v", got.Images)
		}
		if art, err := e.svc.DeleteImage(ctx, editor, im.ID); err != nil || art != a.ID {
			t.Errorf("delete image: %v", err)
		}
		if _, _, err := e.svc.Image(ctx, nil, im.ID, news.SizeLarge); apperr.Code(err) != apperr.ENOTFOUND {
			t.Errorf("deleted image served: %v", err)
		}
	})
}

func TestNewsThemeAndImport(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		e := newNewsEnv(t, db)
		ctx := e.ctx
		if th, err := e.svc.Theme(ctx); err != nil || th != nil {
			t.Errorf("theme before any: %v %v", th, err)
		}
		if err := e.svc.SetTheme(ctx, editor, 2019, "Năm Dân vận chính quyền"); err != nil {
			t.Fatal(err)
		}
		if err := e.svc.SetTheme(ctx, editor, 19, "x"); apperr.Code(err) != apperr.EINVALID {
			t.Errorf("year 19: %v", err)
		}
		if err := e.svc.SetTheme(ctx, reporter, 2019, "x"); apperr.Code(err) != apperr.EFORBIDDEN {
			t.Errorf("reporter sets the theme: %v", err)
		}
		e.now = time.Date(2020, 5, 1, 0, 0, 0, 0, time.UTC)
		if th, err := e.svc.Theme(ctx); err != nil || th == nil || th.Year != 2019 || th.Text != "Năm Dân vận chính quyền" {
			t.Errorf("theme in 2020: %+v %v", th, err)
		}
		if err := e.svc.SetTheme(ctx, editor, 2019, ""); err != nil {
			t.Fatal(err)
		}
		if th, _ := e.svc.Theme(ctx); th != nil {
			t.Errorf("removed theme still there: %+v", th)
		}

		// Import: slugs unique against the database and within the file;
		// running it again skips what is there.
		e.must(e.svc.Create(ctx, editor, news.Input{Title: "Tin cũ", Body: "x"}))
		file := `{"id":"old-1","title":"Tin cũ","body":"Một\nHai","published_at":"2019-01-02","source":"https://cu.example/1"}
{"id":"old-2","title":"Tin cũ","body":"Ba","published_at":"2019-01-03","category":"Lưu trữ"}
{"id":"old-3","title":"Tin hẹn giờ","body":"Bốn","published_at":"2099-01-01"}`
		as, err := news.ParseImport(strings.NewReader(file))
		if err != nil {
			t.Fatal(err)
		}
		res, err := e.svc.Import(ctx, as)
		if err != nil || res.Imported != 3 || res.Skipped != 0 {
			t.Fatalf("import %+v %v", res, err)
		}
		old1, err := e.svc.ByLegacyID(ctx, "old-1")
		if err != nil || old1.Slug != "tin-cu-2" || old1.SourceURL != "https://cu.example/1" || old1.Status != news.StatusPublished {
			t.Fatalf("old-1: %+v %v", old1, err)
		}
		if old2, _ := e.svc.ByLegacyID(ctx, "old-2"); old2 == nil || old2.Slug != "tin-cu-3" || len(old2.Categories) != 1 {
			t.Errorf("old-2: %+v", old2)
		}
		if _, err := e.svc.ByLegacyID(ctx, "old-3"); apperr.Code(err) != apperr.ENOTFOUND {
			t.Errorf("future imported article visible: %v", err)
		}
		if a, moved, err := e.svc.Published(ctx, "old-1"); err != nil || !moved || a.ID != old1.ID {
			t.Errorf("legacy ID as slug: %v %v", moved, err)
		}
		if d := e.index.docs["news/"+itoa(old1.ID)]; d.LegacyID != "old-1" || !d.Public {
			t.Errorf("imported doc %+v", d)
		}
		revs, _ := e.svc.Revisions(ctx, editor, old1.ID)
		if len(revs) != 1 {
			t.Errorf("imported revisions %d", len(revs))
		}
		as, _ = news.ParseImport(strings.NewReader(file))
		if res, err := e.svc.Import(ctx, as); err != nil || res.Imported != 0 || res.Skipped != 3 {
			t.Errorf("second import %+v %v", res, err)
		}
	})
}

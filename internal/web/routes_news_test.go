package web_test

import (
	"bytes"
	"context"
	"image"
	"image/color"
	"image/jpeg"
	"net/http"
	"net/url"
	"strings"
	"testing"
	"time"

	"giaoban/internal/apptest"
	"giaoban/internal/auth"
	"giaoban/internal/news"
)

// newsFixture is what the news tests find in the database: a published
// article with a photo, a draft, and an imported article.
type newsFixture struct {
	svc       *news.Service
	published *news.Article
	image     *news.Image
	draft     *news.Article
	imported  *news.Article
}

var newsAdmin = &auth.Actor{Username: "admin", Roles: []auth.Role{auth.RoleAdmin}}

// newsService is a news service over the test server's database, indexing
// into its search index, at the server's clock.
func newsService(srv *apptest.Server) *news.Service {
	return &news.Service{Store: srv.DB, Index: srv.DB, Authz: &auth.Authorizer{}, Now: func() time.Time { return apptest.Clock }}
}

func jpegPhoto(t testing.TB, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x * 3), uint8(y * 2), 90, 255})
		}
	}
	var b bytes.Buffer
	if err := jpeg.Encode(&b, img, nil); err != nil {
		t.Fatal(err)
	}
	return b.Bytes()
}

func addNewsFixture(t testing.TB, srv *apptest.Server) *newsFixture {
	t.Helper()
	ctx := context.Background()
	f := &newsFixture{svc: newsService(srv)}
	must := func(a *news.Article, err error) *news.Article {
		t.Helper()
		if err != nil {
			t.Fatal(err)
		}
		return a
	}
	a := must(f.svc.Create(ctx, newsAdmin, news.Input{
		Title:      "Hội nghị giao ban công tác dân vận quý I năm 2019 (thử)",
		Summary:    "Sáng 28/3, Ban Dân vận Tỉnh uỷ tổ chức hội nghị giao ban công tác dân vận quý I/2019.",
		Body:       "Dự hội nghị có đại diện Ủy ban Mặt trận Tổ quốc tỉnh.\n\nCác cấp đã tặng trên **62 nghìn** suất quà, trị giá hơn 26 tỷ đồng.",
		Byline:     "Minh Anh",
		Categories: []string{"Hoạt động"},
		Tags:       []string{"giao ban"},
	}))
	im, err := f.svc.AddImage(ctx, newsAdmin, a.ID, news.ImageMeta{Caption: "Toàn cảnh hội nghị", Alt: "Toàn cảnh hội trường hội nghị giao ban"}, jpegPhoto(t, 1200, 800))
	if err != nil {
		t.Fatal(err)
	}
	f.image = im
	f.published = must(f.svc.Publish(ctx, newsAdmin, a.ID, a.Version, time.Time{}))
	f.draft = must(f.svc.Create(ctx, newsAdmin, news.Input{Title: "Bản nháp chưa đăng (thử)", Body: "Chưa đăng"}))
	as, err := news.ParseImport(strings.NewReader(`{"id":"cu-2019-17","title":"Tin cũ từ cổng cũ (thử)","body":"Nội dung cũ","published_at":"2019-01-15","source":"https://cu.example/tin/17"}`))
	if err != nil {
		t.Fatal(err)
	}
	if _, err := f.svc.Import(ctx, as); err != nil {
		t.Fatal(err)
	}
	f.imported, err = srv.DB.FindArticleByLegacyID(ctx, "cu-2019-17")
	if err != nil {
		t.Fatal(err)
	}
	return f
}

func init() {
	routeProbes = append(routeProbes, func(t *testing.T, srv *apptest.Server) map[string][]probe {
		f := addNewsFixture(t, srv)
		id := itoa(f.draft.ID)
		base := "/bien-tap/tin/" + id
		img := itoa(f.image.ID)
		moved := http.StatusMovedPermanently
		notFound := http.StatusNotFound
		// Who edits news: editors, the commission, admins.
		editors := func(status, anon int) map[string]int {
			return all(forbidden, "anon", anon, "admin", status, "chuyenvien", status, "bientap", status)
		}
		stale := url.Values{"version": {"0"}}
		return map[string][]probe{
			"GET /tin/{slug}": {
				{method: "GET", url: "/tin/" + f.published.Slug, want: all(ok)},
				{method: "GET", url: "/tin/" + f.draft.Slug, want: all(notFound)},
				{method: "GET", url: "/tin/cu-2019-17", want: all(moved)},
			},
			"GET /tin-cu/{legacy}":   {{method: "GET", url: "/tin-cu/cu-2019-17", want: all(moved)}, {method: "GET", url: "/tin-cu/khong-co", want: all(notFound)}},
			"GET /chuyen-muc/{slug}": {{method: "GET", url: "/chuyen-muc/hoat-dong", want: all(ok)}, {method: "GET", url: "/chuyen-muc/khong-co", want: all(notFound)}},
			"GET /tim-kiem":          {{method: "GET", url: "/tim-kiem?q=tinh+uy", want: all(ok)}, {method: "GET", url: "/tim-kiem", want: all(ok)}},
			"GET /rss.xml":           {{method: "GET", url: "/rss.xml", want: all(ok)}},
			"GET /atom.xml":          {{method: "GET", url: "/atom.xml", want: all(ok)}},
			"GET /sitemap.xml":       {{method: "GET", url: "/sitemap.xml", want: all(ok)}},
			"GET /anh/{id}/{size}": {
				{method: "GET", url: "/anh/" + img + "/320", want: all(ok)},
				{method: "GET", url: "/anh/" + img + "/khong-co", want: all(notFound)},
			},

			"GET /bien-tap/tin":     {{method: "GET", url: "/bien-tap/tin", want: editors(ok, see)}, {method: "GET", url: "/bien-tap/tin?trang-thai=draft", want: editors(ok, see)}},
			"GET /bien-tap/tin/moi": {{method: "GET", url: "/bien-tap/tin/moi", want: editors(ok, see)}},
			"POST /bien-tap/tin":    {{method: "POST", url: "/bien-tap/tin", form: url.Values{"title": {""}}, want: editors(invalid, unauth)}},
			"GET /bien-tap/tin/{id}": {
				{method: "GET", url: base, want: editors(ok, see)},
				{method: "GET", url: "/bien-tap/tin/999999", want: editors(notFound, see)},
			},
			"POST /bien-tap/tin/{id}":                         {{method: "POST", url: base, form: url.Values{"version": {"0"}, "title": {"X"}}, want: editors(conflict, unauth)}},
			"GET /bien-tap/tin/{id}/xem-truoc":                {{method: "GET", url: base + "/xem-truoc", want: editors(ok, see)}},
			"POST /bien-tap/tin/{id}/gui-duyet":               {{method: "POST", url: base + "/gui-duyet", form: stale, want: editors(conflict, unauth)}},
			"POST /bien-tap/tin/{id}/tra-lai":                 {{method: "POST", url: base + "/tra-lai", form: stale, want: editors(conflict, unauth)}},
			"POST /bien-tap/tin/{id}/dang":                    {{method: "POST", url: base + "/dang", form: stale, want: editors(conflict, unauth)}},
			"POST /bien-tap/tin/{id}/go":                      {{method: "POST", url: base + "/go", form: stale, want: editors(conflict, unauth)}},
			"POST /bien-tap/tin/{id}/anh":                     {{method: "POST", url: base + "/anh", form: url.Values{"caption": {"Không có mô tả"}}, want: editors(invalid, unauth)}},
			"POST /bien-tap/tin/{id}/anh/{img}":               {{method: "POST", url: "/bien-tap/tin/" + itoa(f.published.ID) + "/anh/" + img, form: url.Values{"alt": {""}}, want: editors(invalid, unauth)}},
			"POST /bien-tap/tin/{id}/anh/{img}/xoa":           {{method: "POST", url: base + "/anh/" + img + "/xoa", want: editors(notFound, unauth)}},
			"GET /bien-tap/tin/{id}/phien-ban":                {{method: "GET", url: base + "/phien-ban", want: editors(ok, see)}, {method: "GET", url: base + "/phien-ban?v=1", want: editors(ok, see)}},
			"POST /bien-tap/tin/{id}/phien-ban/{v}/khoi-phuc": {{method: "POST", url: base + "/phien-ban/1/khoi-phuc", form: stale, want: editors(conflict, unauth)}},
			"POST /bien-tap/chu-de-nam":                       {{method: "POST", url: "/bien-tap/chu-de-nam", form: url.Values{"year": {"năm ngoái"}}, want: editors(invalid, unauth)}},
		}
	})
}

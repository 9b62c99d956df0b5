package web_test

import (
	"encoding/xml"
	"io"
	"net/http"
	"strings"
	"testing"

	"golang.org/x/net/html"

	"giaoban/internal/apptest"
)

// pageProblems parses a portal page and lists what breaks the rules every
// public page keeps: lang="vi", the skip link first in the body pointing at
// the main content, one h1, headings that do not skip a level, alt text on
// every image, no script.
func pageProblems(body string) []string {
	doc, err := html.Parse(strings.NewReader(body))
	if err != nil {
		return []string{"does not parse: " + err.Error()}
	}
	var problems []string
	var h1s, last int
	var firstInBody *html.Node
	mainID := ""
	var walk func(n *html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.ElementNode {
			attr := map[string]string{}
			for _, a := range n.Attr {
				attr[a.Key] = a.Val
			}
			switch n.Data {
			case "html":
				if attr["lang"] != "vi" {
					problems = append(problems, `html lang is "`+attr["lang"]+`"`)
				}
			case "body":
				for c := n.FirstChild; c != nil; c = c.NextSibling {
					if c.Type == html.ElementNode {
						firstInBody = c
						break
					}
				}
			case "main":
				mainID = attr["id"]
			case "img":
				if strings.TrimSpace(attr["alt"]) == "" {
					problems = append(problems, "img without alt: "+attr["src"])
				}
			case "script":
				problems = append(problems, "script on a public page")
			case "h1", "h2", "h3", "h4", "h5", "h6":
				level := int(n.Data[1] - '0')
				if level == 1 {
					h1s++
				}
				if last > 0 && level > last+1 {
					problems = append(problems, "heading "+n.Data+" after h"+string(rune('0'+last)))
				}
				last = level
			}
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(doc)
	if h1s != 1 {
		problems = append(problems, "h1 count "+string(rune('0'+h1s)))
	}
	if firstInBody == nil || firstInBody.Data != "a" || textOf(firstInBody) != "Bỏ qua đến nội dung chính" || attrOf(firstInBody, "href") != "#"+mainID || mainID == "" {
		problems = append(problems, "the skip link is not first in the body, or does not point at main")
	}
	return problems
}

func textOf(n *html.Node) string {
	var b strings.Builder
	var walk func(*html.Node)
	walk = func(n *html.Node) {
		if n.Type == html.TextNode {
			b.WriteString(n.Data)
		}
		for c := n.FirstChild; c != nil; c = c.NextSibling {
			walk(c)
		}
	}
	walk(n)
	return strings.TrimSpace(b.String())
}

func attrOf(n *html.Node, key string) string {
	for _, a := range n.Attr {
		if a.Key == key {
			return a.Val
		}
	}
	return ""
}

func TestPortalPages(t *testing.T) {
	apptest.EachDB(t, testPortalPages)
}

func testPortalPages(t *testing.T, db *apptestDB) {
	srv := apptest.NewServer(t, db)
	f := addNewsFixture(t, srv)
	if err := f.svc.SetTheme(t.Context(), newsAdmin, 2019, "Năm Dân vận chính quyền"); err != nil {
		t.Fatal(err)
	}
	anon := srv.NewClient(t)
	pages := []struct {
		url  string
		want []string
	}{
		{"/", []string{"Năm Dân vận chính quyền", "Tin nổi bật", f.published.Title, "/chuyen-muc/hoat-dong", "Tin cũ từ cổng cũ (thử)"}},
		{"/tin/" + f.published.Slug, []string{
			"<h1>" + f.published.Title + "</h1>",
			"Sáng 28/3", // the summary
			"Tỉnh ủy",   // canonical tone placement
			"<strong>62 nghìn</strong>",
			`<figcaption>Toàn cảnh hội nghị</figcaption>`,
			`alt="Toàn cảnh hội trường hội nghị giao ban"`,
			`<p class="byline">Minh Anh</p>`,
			`<meta property="og:type" content="article">`,
			`<meta property="og:title" content="` + f.published.Title + `">`,
			`<meta property="og:url" content="` + srv.URL + "/tin/" + f.published.Slug + `">`,
			`<meta property="og:image" content="` + srv.URL + "/anh/",
			`<link rel="canonical" href="` + srv.URL + "/tin/" + f.published.Slug + `">`,
			"Thứ Tư, ngày 25 tháng 11 năm 2026", // published at the test clock
		}},
		{"/chuyen-muc/hoat-dong", []string{"<h1>Hoạt động</h1>", f.published.Title}},
		{"/tim-kiem?q=tinh+uy", []string{"Tìm thấy", "<mark>"}},
		{"/tim-kiem?q=Mat+tran+To+quoc", []string{"Tìm thấy", f.published.Title}},
		{"/tim-kiem?q=khongcotukhoanay", []string{"Không tìm thấy tin bài nào"}},
		{"/tim-kiem", []string{"Tìm kiếm tin bài"}},
	}
	for _, p := range pages {
		res, body := anon.Get(p.url)
		if res.StatusCode != http.StatusOK {
			t.Errorf("%s: status %d", p.url, res.StatusCode)
			continue
		}
		for _, w := range p.want {
			if !strings.Contains(body, w) {
				t.Errorf("%s: no %q", p.url, w)
			}
		}
		for _, pr := range pageProblems(body) {
			t.Errorf("%s: %s", p.url, pr)
		}
		if cc := res.Header.Get("Cache-Control"); cc != "public, max-age=60" {
			t.Errorf("%s: Cache-Control %q", p.url, cc)
		}
		if res.Header.Get("ETag") == "" {
			t.Errorf("%s: no ETag", p.url)
		}
	}
	// The draft is not there for the public, nor its photo.
	if res, _ := anon.Get("/tin/" + f.draft.Slug); res.StatusCode != http.StatusNotFound {
		t.Errorf("draft: %d", res.StatusCode)
	}
	// Old addresses redirect for good.
	for _, u := range []string{"/tin-cu/cu-2019-17", "/tin/cu-2019-17"} {
		res, _ := anon.Get(u)
		if res.StatusCode != http.StatusMovedPermanently || res.Header.Get("Location") != "/tin/"+f.imported.Slug {
			t.Errorf("%s: %d → %q", u, res.StatusCode, res.Header.Get("Location"))
		}
	}
	// The same page for everyone: logged-in users get the cached page too.
	c := srv.NewClient(t)
	c.Login("lanhdao", "demo")
	_, anonBody := anon.Get("/")
	if _, body := c.Get("/"); body != anonBody {
		t.Errorf("the home page differs for a logged-in user")
	}
}

func TestPortalETag(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	f := addNewsFixture(t, srv)
	for _, u := range []string{"/", "/tin/" + f.published.Slug, "/rss.xml", "/atom.xml", "/sitemap.xml", "/tim-kiem?q=giao+ban"} {
		res, err := http.Get(srv.URL + u)
		if err != nil {
			t.Fatal(err)
		}
		io.Copy(io.Discard, res.Body)
		res.Body.Close()
		etag := res.Header.Get("ETag")
		req, _ := http.NewRequest("GET", srv.URL+u, nil)
		req.Header.Set("If-None-Match", etag)
		res2, err := http.DefaultClient.Do(req)
		if err != nil {
			t.Fatal(err)
		}
		b, _ := io.ReadAll(res2.Body)
		res2.Body.Close()
		if res2.StatusCode != http.StatusNotModified || len(b) != 0 || res2.Header.Get("ETag") != etag {
			t.Errorf("%s with If-None-Match: %d, %d bytes", u, res2.StatusCode, len(b))
		}
		req.Header.Set("If-None-Match", `"autre"`)
		res3, _ := http.DefaultClient.Do(req)
		res3.Body.Close()
		if res3.StatusCode != http.StatusOK {
			t.Errorf("%s with another ETag: %d", u, res3.StatusCode)
		}
	}
	// A change to the article changes the page's ETag.
	get := func() string {
		res, _ := http.Get(srv.URL + "/tin/" + f.published.Slug)
		res.Body.Close()
		return res.Header.Get("ETag")
	}
	before := get()
	a, _ := srv.DB.FindArticle(t.Context(), f.published.ID)
	in := inputOf(a)
	in.Summary = "Tóm tắt mới"
	if _, err := f.svc.Update(t.Context(), newsAdmin, a.ID, a.Version, in); err != nil {
		t.Fatal(err)
	}
	if get() == before {
		t.Errorf("ETag unchanged after an edit")
	}
}

func TestPortalFeeds(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	f := addNewsFixture(t, srv)
	anon := srv.NewClient(t)
	articleURL := srv.URL + "/tin/" + f.published.Slug

	res, body := anon.Get("/rss.xml")
	var rss struct {
		Channel struct {
			Title string `xml:"title"`
			Link  string `xml:"link"`
			Items []struct {
				Title   string `xml:"title"`
				Link    string `xml:"link"`
				PubDate string `xml:"pubDate"`
			} `xml:"item"`
		} `xml:"channel"`
	}
	if err := xml.Unmarshal([]byte(body), &rss); err != nil || !strings.HasPrefix(res.Header.Get("Content-Type"), "application/rss+xml") {
		t.Fatalf("rss: %v %s", err, res.Header.Get("Content-Type"))
	}
	// The fixture's two articles and the demo's article of 28/3/2019.
	if len(rss.Channel.Items) == 3 && rss.Channel.Items[0].PubDate != "Wed, 25 Nov 2026 09:00:00 +0000" {
		t.Errorf("pubDate %q", rss.Channel.Items[0].PubDate)
	}
	if len(rss.Channel.Items) != 3 || !strings.Contains(body, "<link>"+articleURL+"</link>") || !strings.Contains(body, `<atom:link href="`+srv.URL+`/rss.xml" rel="self"`) {
		t.Errorf("rss:\n%s", body)
	}

	res, body = anon.Get("/atom.xml")
	var atom struct {
		XMLName xml.Name
		Entries []struct {
			ID   string `xml:"id"`
			Link struct {
				Href string `xml:"href,attr"`
			} `xml:"link"`
			Author struct {
				Name string `xml:"name"`
			} `xml:"author"`
		} `xml:"entry"`
	}
	if err := xml.Unmarshal([]byte(body), &atom); err != nil || atom.XMLName.Space != "http://www.w3.org/2005/Atom" || atom.XMLName.Local != "feed" {
		t.Fatalf("atom: %v %v", err, atom.XMLName)
	}
	if len(atom.Entries) != 3 || atom.Entries[0].Link.Href != articleURL || atom.Entries[0].ID != articleURL || atom.Entries[0].Author.Name != "Minh Anh" {
		t.Errorf("atom entries %+v", atom.Entries)
	}
	if !strings.HasPrefix(res.Header.Get("Content-Type"), "application/atom+xml") {
		t.Errorf("atom content type %s", res.Header.Get("Content-Type"))
	}

	_, body = anon.Get("/sitemap.xml")
	var sm struct {
		XMLName xml.Name
		URLs    []struct {
			Loc     string `xml:"loc"`
			LastMod string `xml:"lastmod"`
		} `xml:"url"`
	}
	if err := xml.Unmarshal([]byte(body), &sm); err != nil || sm.XMLName.Space != "http://www.sitemaps.org/schemas/sitemap/0.9" {
		t.Fatalf("sitemap: %v %v", err, sm.XMLName)
	}
	locs := map[string]bool{}
	for _, u := range sm.URLs {
		locs[u.Loc] = true
		if !strings.HasPrefix(u.Loc, srv.URL+"/") {
			t.Errorf("relative or foreign URL %q", u.Loc)
		}
	}
	for _, want := range []string{srv.URL + "/", articleURL, srv.URL + "/tin/" + f.imported.Slug, srv.URL + "/chuyen-muc/hoat-dong"} {
		if !locs[want] {
			t.Errorf("sitemap lacks %s", want)
		}
	}
	if locs[srv.URL+"/tin/"+f.draft.Slug] {
		t.Errorf("sitemap lists the draft")
	}
}

func TestPortalImages(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	f := addNewsFixture(t, srv)
	anon := srv.NewClient(t)
	for size, ctype := range map[string]string{"320": "image/jpeg", "960": "image/jpeg", "goc": "image/jpeg"} {
		res, body := anon.Get("/anh/" + itoa(f.image.ID) + "/" + size)
		if res.StatusCode != http.StatusOK || res.Header.Get("Content-Type") != ctype || len(body) == 0 || res.Header.Get("Cache-Control") != "public, max-age=3600" {
			t.Errorf("size %s: %d %s %q", size, res.StatusCode, res.Header.Get("Content-Type"), res.Header.Get("Cache-Control"))
		}
	}
	// A draft's photo: editors only, never cached by a shared cache.
	im, err := f.svc.AddImage(t.Context(), newsAdmin, f.draft.ID, newsMeta("Ảnh bản nháp"), jpegPhoto(t, 200, 100))
	if err != nil {
		t.Fatal(err)
	}
	if res, _ := anon.Get("/anh/" + itoa(im.ID) + "/320"); res.StatusCode != http.StatusNotFound {
		t.Errorf("draft photo for the public: %d", res.StatusCode)
	}
	ed := srv.NewClient(t)
	ed.Login("bientap", "demo")
	if res, _ := ed.Get("/anh/" + itoa(im.ID) + "/320"); res.StatusCode != http.StatusOK || res.Header.Get("Cache-Control") != "private, max-age=3600" {
		t.Errorf("draft photo for the editor: %d %q", res.StatusCode, res.Header.Get("Cache-Control"))
	}
}

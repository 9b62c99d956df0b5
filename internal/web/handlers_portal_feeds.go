package web

import (
	"encoding/xml"
	"fmt"
	"net/http"
	"time"

	"giaoban/internal/news"
)

// The portal's feeds (RSS 2.0, Atom 1.0) and sitemap. Every URL in them is
// absolute, built from the request's host. Dates come from the articles,
// never from the clock, so the bytes — and the ETag — change only when
// the news does.

const (
	feedItems   = 30
	siteName    = "Cổng thông tin công tác dân vận"
	siteSummary = "Tin tức công tác dân vận: hội nghị giao ban, kết quả thực hiện, mô hình Dân vận khéo."
	maxSitemap  = 50000 // URLs in one sitemap file
)

type rssFeed struct {
	XMLName xml.Name   `xml:"rss"`
	Version string     `xml:"version,attr"`
	AtomNS  string     `xml:"xmlns:atom,attr"`
	Channel rssChannel `xml:"channel"`
}

type rssChannel struct {
	Title         string    `xml:"title"`
	Link          string    `xml:"link"`
	Description   string    `xml:"description"`
	Language      string    `xml:"language"`
	LastBuildDate string    `xml:"lastBuildDate,omitempty"`
	Self          atomLink  `xml:"atom:link"`
	Items         []rssItem `xml:"item"`
}

type rssItem struct {
	Title       string   `xml:"title"`
	Link        string   `xml:"link"`
	GUID        rssGUID  `xml:"guid"`
	PubDate     string   `xml:"pubDate"`
	Description string   `xml:"description,omitempty"`
	Categories  []string `xml:"category"`
}

type rssGUID struct {
	IsPermaLink string `xml:"isPermaLink,attr"`
	Value       string `xml:",chardata"`
}

type atomLink struct {
	Href string `xml:"href,attr"`
	Rel  string `xml:"rel,attr,omitempty"`
	Type string `xml:"type,attr,omitempty"`
}

type atomFeed struct {
	XMLName xml.Name    `xml:"http://www.w3.org/2005/Atom feed"`
	Lang    string      `xml:"xml:lang,attr"`
	Title   string      `xml:"title"`
	ID      string      `xml:"id"`
	Updated string      `xml:"updated"`
	Links   []atomLink  `xml:"link"`
	Author  atomPerson  `xml:"author"`
	Entries []atomEntry `xml:"entry"`
}

type atomPerson struct {
	Name string `xml:"name"`
}

type atomEntry struct {
	Title      string         `xml:"title"`
	ID         string         `xml:"id"`
	Link       atomLink       `xml:"link"`
	Published  string         `xml:"published"`
	Updated    string         `xml:"updated"`
	Summary    string         `xml:"summary,omitempty"`
	Author     *atomPerson    `xml:"author,omitempty"`
	Categories []atomCategory `xml:"category"`
}

type atomCategory struct {
	Term  string `xml:"term,attr"`
	Label string `xml:"label,attr,omitempty"`
}

type sitemapURLSet struct {
	XMLName xml.Name     `xml:"http://www.sitemaps.org/schemas/sitemap/0.9 urlset"`
	URLs    []sitemapURL `xml:"url"`
}

type sitemapURL struct {
	Loc     string `xml:"loc"`
	LastMod string `xml:"lastmod,omitempty"`
}

// writeXML marshals v behind the XML declaration and sends it publicly.
func writeXML(w http.ResponseWriter, r *http.Request, ctype string, v any) error {
	b, err := xml.MarshalIndent(v, "", " ")
	if err != nil {
		return fmt.Errorf("encode feed: %w", err)
	}
	return writePublic(w, r, ctype, append([]byte(xml.Header), append(b, '\n')...))
}

// newest returns the latest change among as (zero when empty).
func newest(as []news.Article) time.Time {
	var t time.Time
	for _, a := range as {
		for _, x := range []time.Time{a.PublishedAt, a.UpdatedAt} {
			if x.After(t) {
				t = x
			}
		}
	}
	return t
}

// handleRSS is /rss.xml: the latest articles in RSS 2.0.
func (s *Server) handleRSS(w http.ResponseWriter, r *http.Request) error {
	as, _, err := s.news.Latest(r.Context(), "", feedItems, 0)
	if err != nil {
		return err
	}
	f := rssFeed{Version: "2.0", AtomNS: "http://www.w3.org/2005/Atom", Channel: rssChannel{
		Title: siteName, Link: s.absURL(r, "/"), Description: siteSummary, Language: "vi",
		Self: atomLink{Href: s.absURL(r, "/rss.xml"), Rel: "self", Type: "application/rss+xml"},
	}}
	if t := newest(as); !t.IsZero() {
		f.Channel.LastBuildDate = t.UTC().Format(time.RFC1123Z)
	}
	for _, a := range as {
		link := s.absURL(r, "/tin/"+a.Slug)
		it := rssItem{Title: a.Title, Link: link, GUID: rssGUID{IsPermaLink: "true", Value: link},
			PubDate: a.PublishedAt.UTC().Format(time.RFC1123Z), Description: a.Lead(400), Categories: news.CategoryNames(a.Categories)}
		f.Channel.Items = append(f.Channel.Items, it)
	}
	return writeXML(w, r, "application/rss+xml; charset=utf-8", f)
}

// handleAtom is /atom.xml: the latest articles in Atom 1.0.
func (s *Server) handleAtom(w http.ResponseWriter, r *http.Request) error {
	as, _, err := s.news.Latest(r.Context(), "", feedItems, 0)
	if err != nil {
		return err
	}
	home := s.absURL(r, "/")
	f := atomFeed{Lang: "vi", Title: siteName, ID: home, Author: atomPerson{Name: siteName},
		Links: []atomLink{{Href: s.absURL(r, "/atom.xml"), Rel: "self", Type: "application/atom+xml"}, {Href: home, Rel: "alternate", Type: "text/html"}}}
	updated := newest(as)
	if updated.IsZero() {
		updated = time.Date(2000, 1, 1, 0, 0, 0, 0, time.UTC)
	}
	f.Updated = updated.UTC().Format(time.RFC3339)
	for _, a := range as {
		link := s.absURL(r, "/tin/"+a.Slug)
		e := atomEntry{Title: a.Title, ID: link, Link: atomLink{Href: link, Rel: "alternate", Type: "text/html"},
			Published: a.PublishedAt.UTC().Format(time.RFC3339), Updated: a.UpdatedAt.UTC().Format(time.RFC3339), Summary: a.Lead(400)}
		if a.UpdatedAt.Before(a.PublishedAt) {
			e.Updated = e.Published
		}
		if a.Byline != "" {
			e.Author = &atomPerson{Name: a.Byline}
		}
		for _, c := range a.Categories {
			e.Categories = append(e.Categories, atomCategory{Term: c.Slug, Label: c.Name})
		}
		f.Entries = append(f.Entries, e)
	}
	return writeXML(w, r, "application/atom+xml; charset=utf-8", f)
}

// handleSitemap is /sitemap.xml: the home page, the categories and every
// published article (up to the 50,000 URLs a sitemap may hold).
func (s *Server) handleSitemap(w http.ResponseWriter, r *http.Request) error {
	set := sitemapURLSet{URLs: []sitemapURL{{Loc: s.absURL(r, "/")}}}
	cats, err := s.news.Categories(r.Context())
	if err != nil {
		return err
	}
	for _, c := range cats {
		set.URLs = append(set.URLs, sitemapURL{Loc: s.absURL(r, "/chuyen-muc/"+c.Slug)})
	}
	links, err := s.news.Links(r.Context(), maxSitemap-len(set.URLs))
	if err != nil {
		return err
	}
	for _, l := range links {
		mod := l.UpdatedAt
		if mod.Before(l.PublishedAt) {
			mod = l.PublishedAt
		}
		set.URLs = append(set.URLs, sitemapURL{Loc: s.absURL(r, "/tin/"+l.Slug), LastMod: mod.UTC().Format("2006-01-02")})
	}
	return writeXML(w, r, "application/xml; charset=utf-8", set)
}

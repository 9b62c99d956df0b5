package news

import (
	"sync"

	"github.com/microcosm-cc/bluemonday"
)

// bodyPolicy allows exactly what the Markdown converter writes, a subset
// of bluemonday's UGCPolicy: no images (they are the article's own, shown
// as figures by the page), no styles, no classes, no ids, links only to
// http(s), mailto and local paths, with rel="nofollow noopener".
var bodyPolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("p", "br", "h2", "h3", "h4", "strong", "em", "code", "ul", "ol", "li", "blockquote", "hr")
	p.AllowAttrs("start").Matching(bluemonday.Integer).OnElements("ol")
	p.AllowAttrs("href").OnElements("a")
	p.AllowURLSchemes("http", "https", "mailto")
	p.AllowRelativeURLs(true)
	p.RequireParseableURLs(true)
	p.RequireNoFollowOnLinks(true)
	p.RequireNoReferrerOnLinks(false)
	p.AddTargetBlankToFullyQualifiedLinks(false)
	return p
})

// snippetPolicy keeps only <mark>: search snippets are escaped text with
// the matches marked.
var snippetPolicy = sync.OnceValue(func() *bluemonday.Policy {
	p := bluemonday.NewPolicy()
	p.AllowElements("mark")
	return p
})

// Sanitize returns h with everything outside the body policy removed. It
// runs when a body is stored and again when it is shown, so HTML that
// reached the database some other way is still made inert.
func Sanitize(h string) string { return bodyPolicy().Sanitize(h) }

// SanitizeSnippet keeps only the <mark> elements of a search snippet.
func SanitizeSnippet(h string) string { return snippetPolicy().Sanitize(h) }

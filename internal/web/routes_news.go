package web

// newsRoutes registers the public portal and the news editor's routes (see
// registerRoutes). The portal's home, GET /{$}, is registered with the
// other public routes in routes.go; its handler is the portal's.
func (s *Server) newsRoutes() {
	const public, private = true, false

	// Public portal.
	s.handle("GET", "/tin/{slug}", public, s.handlePortalArticle)
	s.handle("GET", "/tin-cu/{legacy}", public, s.handleLegacyArticle)
	s.handle("GET", "/chuyen-muc/{slug}", public, s.handlePortalCategory)
	s.handle("GET", "/tim-kiem", public, s.handlePortalSearch)
	s.handle("GET", "/rss.xml", public, s.handleRSS)
	s.handle("GET", "/atom.xml", public, s.handleAtom)
	s.handle("GET", "/sitemap.xml", public, s.handleSitemap)
	s.handle("GET", "/anh/{id}/{size}", public, s.handleNewsImage)

	// The editor's pages.
	s.handle("GET", "/bien-tap/tin", private, s.handleNewsList)
	s.handle("GET", "/bien-tap/tin/moi", private, s.handleNewsNew)
	s.handle("POST", "/bien-tap/tin", private, s.handleNewsCreate)
	s.handle("GET", "/bien-tap/tin/{id}", private, s.handleNewsEdit)
	s.handle("POST", "/bien-tap/tin/{id}", private, s.handleNewsSave)
	s.handle("GET", "/bien-tap/tin/{id}/xem-truoc", private, s.handleNewsPreview)
	s.handle("POST", "/bien-tap/tin/{id}/gui-duyet", private, s.handleNewsSubmit)
	s.handle("POST", "/bien-tap/tin/{id}/tra-lai", private, s.handleNewsReturn)
	s.handle("POST", "/bien-tap/tin/{id}/dang", private, s.handleNewsPublish)
	s.handle("POST", "/bien-tap/tin/{id}/go", private, s.handleNewsUnpublish)
	s.handle("POST", "/bien-tap/tin/{id}/anh", private, s.handleNewsImageAdd)
	s.handle("POST", "/bien-tap/tin/{id}/anh/{img}", private, s.handleNewsImageUpdate)
	s.handle("POST", "/bien-tap/tin/{id}/anh/{img}/xoa", private, s.handleNewsImageDelete)
	s.handle("GET", "/bien-tap/tin/{id}/phien-ban", private, s.handleNewsRevisions)
	s.handle("POST", "/bien-tap/tin/{id}/phien-ban/{v}/khoi-phuc", private, s.handleNewsRestore)
	s.handle("POST", "/bien-tap/chu-de-nam", private, s.handleNewsTheme)
}

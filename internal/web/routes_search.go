package web

// searchRoutes registers the search routes (see registerRoutes): the API,
// public (anonymous callers search published news), and the internal
// search page. The public search page /tim-kiem belongs to the portal.
func (s *Server) searchRoutes() {
	const public, private = true, false
	s.handle("GET", "/api/v1/search", public, s.apiSearch)
	s.handle("GET", "/tim-kiem-noi-bo", private, s.handleSearchInternal)
}

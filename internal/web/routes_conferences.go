package web

// conferenceRoutes registers the conferences routes (see registerRoutes).
func (s *Server) conferenceRoutes() {
	const public, private = true, false
	_, _ = public, private
}

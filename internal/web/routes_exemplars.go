package web

// exemplarRoutes registers the exemplars routes (see registerRoutes).
func (s *Server) exemplarRoutes() {
	const public, private = true, false
	_, _ = public, private
}

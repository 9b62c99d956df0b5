package web

// taskRoutes registers the tasks routes (see registerRoutes).
func (s *Server) taskRoutes() {
	const public, private = true, false
	_, _ = public, private
}

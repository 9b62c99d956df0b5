package web

// exemplarRoutes registers the exemplars routes (see registerRoutes): the
// Dân vận khéo register's pages, and its API, an extension of the DESIGN
// contract (GET only).
func (s *Server) exemplarRoutes() {
	const public, private = true, false
	_ = public
	s.handle("GET", "/dan-van-kheo", private, s.handleExemplars)
	s.handle("GET", "/dan-van-kheo/moi", private, s.handleExemplarNew)
	s.handle("POST", "/dan-van-kheo", private, s.handleExemplarCreate)
	s.handle("GET", "/dan-van-kheo/thong-ke", private, s.handleExemplarStats)
	s.handle("GET", "/dan-van-kheo/{id}", private, s.handleExemplar)
	s.handle("POST", "/dan-van-kheo/{id}/buoc", private, s.handleExemplarStep)
	s.handle("GET", "/api/v1/exemplars", private, s.apiExemplars)
	s.handle("GET", "/api/v1/exemplars/{id}", private, s.apiExemplar)
}

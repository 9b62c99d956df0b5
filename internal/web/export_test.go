package web

// ForgetConsolidations drops the server's computed consolidations and
// formatted page bodies, so a benchmark can measure the first page after a
// write.
func ForgetConsolidations(s *Server) {
	s.rollup.Forget()
	s.bodies.mu.Lock()
	s.bodies.m = nil
	s.bodies.mu.Unlock()
}

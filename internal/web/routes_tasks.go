package web

// taskRoutes registers the tasks routes (see registerRoutes).
func (s *Server) taskRoutes() {
	const public, private = true, false
	_, _ = public, private

	// Tasks owned by units and their follow-up.
	s.handle("GET", "/nhiem-vu", private, s.handleTasks)
	s.handle("POST", "/nhiem-vu", private, s.handleTaskCreate)
	s.handle("GET", "/nhiem-vu/moi", private, s.handleTaskNew)
	s.handle("GET", "/nhiem-vu/tong-hop", private, s.handleTaskSummary)
	s.handle("GET", "/nhiem-vu/{id}", private, s.handleTask)
	s.handle("POST", "/nhiem-vu/{id}/tien-do", private, s.handleTaskProgress)
	s.handle("POST", "/nhiem-vu/{id}/xac-nhan", private, s.handleTaskConfirm)
	s.handle("POST", "/nhiem-vu/{id}/tra-lai", private, s.handleTaskReturn)
	s.handle("GET", "/nhiem-vu/{id}/dong-thoi-gian", private, s.handleTaskTimeline)
	s.handle("GET", "/nhiem-vu/{id}/minh-chung/{eid}", private, s.handleTaskEvidence)
	s.handle("GET", "/lanh-dao", private, s.handleLeaderDashboard)

	// JSON API v1.
	s.handle("GET", "/api/v1/tasks", private, s.apiTasks)
	s.handle("GET", "/api/v1/tasks/{id}", private, s.apiTask)
	s.handle("POST", "/api/v1/tasks/{id}/progress", private, s.apiTaskProgress)
}

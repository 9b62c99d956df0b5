package web

// conferenceRoutes registers the conferences routes (see registerRoutes).
func (s *Server) conferenceRoutes() {
	const public, private = true, false
	_ = public

	// Conferences (hội nghị giao ban).
	s.handle("GET", "/hoi-nghi", private, s.handleConferences)
	s.handle("GET", "/hoi-nghi/moi", private, s.handleConferenceNew)
	s.handle("POST", "/hoi-nghi", private, s.handleConferenceCreate)
	s.handle("GET", "/hoi-nghi/{id}", private, s.handleConference)
	s.handle("GET", "/hoi-nghi/{id}/sua", private, s.handleConferenceEdit)
	s.handle("POST", "/hoi-nghi/{id}", private, s.handleConferenceUpdate)
	s.handle("POST", "/hoi-nghi/{id}/diem-danh", private, s.handleConferenceAttendance)
	s.handle("POST", "/hoi-nghi/{id}/da-to-chuc", private, s.handleConferenceHeld)
	s.handle("POST", "/hoi-nghi/{id}/bien-ban", private, s.handleConferenceMinutes)
	s.handle("POST", "/hoi-nghi/{id}/tai-lieu", private, s.handleConferencePaperAdd)
	s.handle("GET", "/hoi-nghi/{id}/tai-lieu/{paper}", private, s.handleConferencePaper)
	s.handle("POST", "/hoi-nghi/{id}/tai-lieu/{paper}/xoa", private, s.handleConferencePaperDelete)
	s.handle("GET", "/hoi-nghi/{id}/giay-moi/docx", private, s.handleInvitationDOCX)
	s.handle("POST", "/hoi-nghi/{id}/giay-moi", private, s.handleInvitationIssue)
	s.handle("POST", "/hoi-nghi/{id}/soan-tin", private, s.handleConferenceNewsDraft)

	// Conclusion notice (thông báo kết luận).
	s.handle("GET", "/hoi-nghi/{id}/ket-luan", private, s.handleConclusion)
	s.handle("POST", "/hoi-nghi/{id}/ket-luan", private, s.handleConclusionSave)
	s.handle("POST", "/hoi-nghi/{id}/ket-luan/duyet", private, s.handleConclusionApprove)
	s.handle("POST", "/hoi-nghi/{id}/ket-luan/ban-hanh", private, s.handleConclusionIssue)
	s.handle("GET", "/hoi-nghi/{id}/ket-luan/docx", private, s.handleConclusionDOCX)

	// Calendar feed of a unit: /lich/{unit}.ics (a wildcard must be a
	// whole segment, so the handler strips the extension).
	s.handle("GET", "/lich/{file}", private, s.handleConferenceCalendar)

	// JSON API v1.
	s.handle("GET", "/api/v1/conferences", private, s.apiConferences)
	s.handle("GET", "/api/v1/conferences/{id}", private, s.apiConference)
	s.handle("GET", "/api/v1/conferences/{id}/conclusion/docx", private, s.handleConclusionDOCX)
}

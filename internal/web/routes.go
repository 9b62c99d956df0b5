package web

import (
	"net/http"
)

// Route is one registered route. Public routes need no login; every other
// route's handler asks auth.Authorizer.Can before doing anything.
type Route struct {
	Method  string
	Pattern string
	Public  bool
}

// handler is a route handler that returns its error instead of writing it;
// fail renders errors in one place.
type handler func(w http.ResponseWriter, r *http.Request) error

func (s *Server) handle(method, pattern string, public bool, h handler) {
	s.routes = append(s.routes, Route{Method: method, Pattern: pattern, Public: public})
	key := method + " " + pattern
	s.mux.HandleFunc(key, func(w http.ResponseWriter, r *http.Request) {
		reqCtx(r).route = key
		if err := h(w, r); err != nil {
			s.fail(w, r, err)
		}
	})
}

// registerRoutes is the one list of routes.
func (s *Server) registerRoutes() {
	const public, private = true, false

	// Operations.
	s.handle("GET", "/healthz", public, s.handleHealth)
	s.handle("GET", "/metrics", public, s.handleMetrics)
	s.handle("GET", "/static/{hash}/{name...}", public, s.handleStatic)

	// Public portal (issue 6 fills it in) and login.
	s.handle("GET", "/{$}", public, s.handleHome)
	s.handle("GET", "/dang-nhap", public, s.handleLoginForm)
	s.handle("POST", "/dang-nhap", public, s.handleLogin)
	s.handle("POST", "/dang-xuat", private, s.handleLogout)

	// Workspace.
	s.handle("GET", "/lam-viec", private, s.handleWorkspace)
	s.handle("GET", "/tai-khoan", private, s.handleAccount)
	s.handle("POST", "/tai-khoan/mat-khau", private, s.handleChangeOwnPassword)

	// Units.
	s.handle("GET", "/don-vi", private, s.handleUnits)
	s.handle("GET", "/don-vi/{code}", private, s.handleUnit)

	// Reports.
	s.handle("GET", "/bao-cao", private, s.handleReports)
	s.handle("GET", "/bao-cao/{template}/{period}/{unit}", private, s.handleReportForm)
	s.handle("POST", "/bao-cao/{template}/{period}/{unit}", private, s.handleReportSave)
	s.handle("POST", "/bao-cao/{template}/{period}/{unit}/gui", private, s.handleReportSubmit)
	s.handle("POST", "/bao-cao/{template}/{period}/{unit}/tiep-nhan", private, s.handleReportAccept)
	s.handle("POST", "/bao-cao/{template}/{period}/{unit}/tra-lai", private, s.handleReportReturn)
	s.handle("GET", "/bao-cao/{template}/{period}/{unit}/phien-ban", private, s.handleReportVersions)
	s.handle("GET", "/bao-cao/{template}/{period}/{unit}/xlsx", private, s.handleReportXLSX)
	s.handle("POST", "/bao-cao/{template}/{period}/{unit}/xlsx", private, s.handleReportXLSXUpload)
	s.handle("POST", "/bao-cao/{template}/{period}/{unit}/tep", private, s.handleAttach)
	s.handle("GET", "/bao-cao/{template}/{period}/{unit}/tep/{id}", private, s.handleAttachmentGet)
	s.handle("POST", "/bao-cao/{template}/{period}/{unit}/tep/{id}/xoa", private, s.handleAttachmentDelete)
	s.handle("GET", "/tien-do/{template}", private, s.handleProgressPick)
	s.handle("GET", "/tien-do/{template}/{period}/{unit}", private, s.handleCompleteness)
	s.handle("POST", "/tien-do/{template}/{period}/{unit}/nhac", private, s.handleRemind)
	s.handle("GET", "/tien-do/{template}/{period}/{unit}/xlsx", private, s.handleBulkXLSX)
	s.handle("POST", "/tien-do/{template}/{period}/{unit}/nhap-excel", private, s.handleBulkImport)
	s.handle("GET", "/thong-bao", private, s.handleNotifications)
	s.handle("GET", "/tong-hop/{template}/{period}/{unit}", private, s.handleConsolidation)
	s.handle("GET", "/tong-hop/{template}/{period}/{unit}/thuyet-minh", private, s.handleConsolidationNarrative)
	s.handle("GET", "/tong-hop/{template}/{period}/{unit}/xlsx", private, s.handleConsolidationXLSX)
	s.handle("GET", "/tong-hop/{template}/{period}/{unit}/csv", private, s.handleConsolidationCSV)
	s.handle("GET", "/tong-hop/{template}/{period}/{unit}/docx", private, s.handleConsolidationDOCX)
	s.handle("GET", "/tong-hop/{template}/{period}/{unit}/pdf", private, s.handleConsolidationPDF)
	s.handle("POST", "/tong-hop/{template}/{period}/{unit}/phat-hanh", private, s.handleConsolidationIssue)

	// Indicators and templates.
	s.handle("GET", "/quan-tri/mau-bao-cao", private, s.handleTemplatesAdmin)
	s.handle("GET", "/quan-tri/mau-bao-cao/moi", private, s.handleTemplateNew)
	s.handle("POST", "/quan-tri/mau-bao-cao", private, s.handleTemplateSave)
	s.handle("GET", "/quan-tri/mau-bao-cao/{code}", private, s.handleTemplateEdit)
	s.handle("POST", "/quan-tri/mau-bao-cao/{code}", private, s.handleTemplateSave)
	s.handle("GET", "/quan-tri/chi-tieu/moi", private, s.handleIndicatorNew)
	s.handle("POST", "/quan-tri/chi-tieu", private, s.handleIndicatorSave)
	s.handle("GET", "/quan-tri/chi-tieu/{code}", private, s.handleIndicatorEdit)
	s.handle("POST", "/quan-tri/chi-tieu/{code}", private, s.handleIndicatorSave)

	// Administration.
	s.handle("GET", "/quan-tri/tai-khoan", private, s.handleUsers)
	s.handle("GET", "/quan-tri/tai-khoan/moi", private, s.handleUserNew)
	s.handle("POST", "/quan-tri/tai-khoan", private, s.handleUserCreate)
	s.handle("GET", "/quan-tri/tai-khoan/{id}", private, s.handleUserEdit)
	s.handle("POST", "/quan-tri/tai-khoan/{id}", private, s.handleUserUpdate)
	s.handle("POST", "/quan-tri/tai-khoan/{id}/mat-khau", private, s.handleUserResetPassword)
	s.handle("GET", "/quan-tri/nhat-ky", private, s.handleAudit)

	// JSON API v1.
	s.handle("POST", "/api/v1/login", public, s.apiLogin)
	s.handle("POST", "/api/v1/logout", private, s.apiLogout)
	s.handle("GET", "/api/v1/me", private, s.apiMe)
	s.handle("GET", "/api/v1/units", private, s.apiUnits)
	s.handle("GET", "/api/v1/units/{code}", private, s.apiUnit)
	s.handle("GET", "/api/v1/units/{code}/history", private, s.apiUnitHistory)
	s.handle("GET", "/api/v1/audit", private, s.apiAudit)
	s.handle("GET", "/api/v1/templates", private, s.apiTemplates)
	s.handle("GET", "/api/v1/periods", private, s.apiPeriods)
	s.handle("GET", "/api/v1/reports/{template}/{period}/{unit}", private, s.apiReportGet)
	s.handle("PUT", "/api/v1/reports/{template}/{period}/{unit}", private, s.apiReportPut)
	s.handle("POST", "/api/v1/reports/{template}/{period}/{unit}/submit", private, s.apiReportSubmit)
	s.handle("POST", "/api/v1/reports/{template}/{period}/{unit}/accept", private, s.apiReportAccept)
	s.handle("POST", "/api/v1/reports/{template}/{period}/{unit}/return", private, s.apiReportReturn)
	s.handle("GET", "/api/v1/reports/{template}/{period}/{unit}/xlsx", private, s.handleReportXLSX)
	s.handle("PUT", "/api/v1/reports/{template}/{period}/{unit}/xlsx", private, s.apiReportXLSXPut)
	s.handle("GET", "/api/v1/completeness/{template}/{period}/{unit}", private, s.apiCompleteness)
	s.handle("GET", "/api/v1/consolidation/{template}/{period}/{unit}", private, s.apiConsolidation)
	s.handle("GET", "/api/v1/consolidation/{template}/{period}/{unit}/xlsx", private, s.handleConsolidationXLSX)
	s.handle("GET", "/api/v1/consolidation/{template}/{period}/{unit}/docx", private, s.handleConsolidationDOCX)
	s.handle("GET", "/api/v1/consolidation/{template}/{period}/{unit}/pdf", private, s.handleConsolidationPDF)

	// The conference and its follow-up: each area lists its routes in its
	// own file (routes_conferences.go, routes_tasks.go, routes_exemplars.go).
	s.conferenceRoutes()
	s.taskRoutes()
	s.exemplarRoutes()
	s.searchRoutes()
	s.newsRoutes()
}

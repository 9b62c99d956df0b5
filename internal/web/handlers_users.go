package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/audit"
	"giaoban/internal/auth"
	"giaoban/internal/period"
)

type usersPage struct {
	page
	Users []userRow
	Query string
}

type userRow struct {
	auth.User
	UnitName string
}

func (s *Server) handleUsers(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.require(r, auth.ActUserManage, "", s.today()); err != nil {
		return err
	}
	q := r.URL.Query().Get("q")
	users, err := s.db.ListUsers(r.Context(), auth.UserFilter{Query: q})
	if err != nil {
		return err
	}
	p := usersPage{page: s.basePage(r, "Tài khoản người dùng"), Query: q}
	for _, u := range users {
		row := userRow{User: u}
		if u.UnitCode != "" {
			row.UnitName = s.unitName(r.Context(), u.UnitCode, s.today())
		}
		p.Users = append(p.Users, row)
	}
	return s.render(w, r, http.StatusOK, "users", p)
}

// userForm is the typed form of the account page.
type userForm struct {
	ID       int64
	Username string
	FullName string
	Email    string
	UnitCode string
	Roles    []auth.Role
	Disabled bool
	Version  int
	Password string
}

func parseUserForm(r *http.Request) userForm {
	f := userForm{
		Username: strings.ToLower(strings.TrimSpace(r.PostFormValue("username"))),
		FullName: r.PostFormValue("full_name"),
		Email:    r.PostFormValue("email"),
		UnitCode: strings.TrimSpace(r.PostFormValue("unit")),
		Disabled: r.PostFormValue("disabled") == "1",
		Password: r.PostFormValue("password"),
	}
	f.Version, _ = strconv.Atoi(r.PostFormValue("version"))
	for _, v := range r.PostForm["roles"] {
		f.Roles = append(f.Roles, auth.Role(v))
	}
	return f
}

type userFormPage struct {
	page
	Form   userForm
	New    bool
	Roles  []auth.Role
	Errors map[string]string
	Error  string
}

func (s *Server) renderUserForm(w http.ResponseWriter, r *http.Request, status int, f userForm, isNew bool, err error) error {
	title := "Sửa tài khoản " + f.Username
	if isNew {
		title = "Tạo tài khoản"
	}
	p := userFormPage{page: s.basePage(r, title), Form: f, New: isNew, Roles: auth.Roles}
	if err != nil {
		p.Error = apperr.Message(err)
		p.Errors = apperr.FieldsOf(err)
	}
	return s.render(w, r, status, "user_form", p)
}

func (s *Server) handleUserNew(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.require(r, auth.ActUserManage, "", s.today()); err != nil {
		return err
	}
	return s.renderUserForm(w, r, http.StatusOK, userForm{}, true, nil)
}

// formFailure re-renders a form for validation and conflict errors and
// returns any other error for fail.
func (s *Server) formFailure(err error, rerender func(status int) error) error {
	switch apperr.Code(err) {
	case apperr.EINVALID, apperr.ECONFLICT:
		return rerender(statusOf(err))
	}
	return err
}

func (s *Server) handleUserCreate(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.require(r, auth.ActUserManage, "", s.today()); err != nil {
		return err
	}
	f := parseUserForm(r)
	u := &auth.User{Username: f.Username, FullName: f.FullName, Email: f.Email, UnitCode: f.UnitCode, Roles: f.Roles, Disabled: f.Disabled}
	if err := s.auth.CreateUser(r.Context(), u, f.Password); err != nil {
		return s.formFailure(err, func(st int) error { return s.renderUserForm(w, r, st, f, true, err) })
	}
	setFlash(w, "Đã tạo tài khoản "+u.Username+".")
	http.Redirect(w, r, "/quan-tri/tai-khoan", http.StatusSeeOther)
	return nil
}

func (s *Server) userFromPath(r *http.Request) (*auth.User, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tài khoản.")
	}
	return s.db.FindUserByID(r.Context(), id)
}

func (s *Server) handleUserEdit(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.require(r, auth.ActUserManage, "", s.today()); err != nil {
		return err
	}
	u, err := s.userFromPath(r)
	if err != nil {
		return err
	}
	f := userForm{ID: u.ID, Username: u.Username, FullName: u.FullName, Email: u.Email, UnitCode: u.UnitCode, Roles: u.Roles, Disabled: u.Disabled, Version: u.Version}
	return s.renderUserForm(w, r, http.StatusOK, f, false, nil)
}

func (s *Server) handleUserUpdate(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.require(r, auth.ActUserManage, "", s.today()); err != nil {
		return err
	}
	u, err := s.userFromPath(r)
	if err != nil {
		return err
	}
	f := parseUserForm(r)
	f.ID, f.Username = u.ID, u.Username
	u.FullName, u.Email, u.UnitCode, u.Roles, u.Disabled, u.Version = f.FullName, f.Email, f.UnitCode, f.Roles, f.Disabled, f.Version
	if err := s.auth.UpdateUser(r.Context(), u); err != nil {
		return s.formFailure(err, func(st int) error { return s.renderUserForm(w, r, st, f, false, err) })
	}
	setFlash(w, "Đã lưu tài khoản "+u.Username+".")
	http.Redirect(w, r, "/quan-tri/tai-khoan", http.StatusSeeOther)
	return nil
}

func (s *Server) handleUserResetPassword(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.require(r, auth.ActUserManage, "", s.today()); err != nil {
		return err
	}
	u, err := s.userFromPath(r)
	if err != nil {
		return err
	}
	if err := s.auth.SetPassword(r.Context(), u, r.PostFormValue("password")); err != nil {
		f := userForm{ID: u.ID, Username: u.Username, FullName: u.FullName, UnitCode: u.UnitCode, Roles: u.Roles, Disabled: u.Disabled, Version: u.Version}
		return s.formFailure(err, func(st int) error { return s.renderUserForm(w, r, st, f, false, err) })
	}
	setFlash(w, "Đã đặt lại mật khẩu cho "+u.Username+"; các phiên đăng nhập cũ đã bị hủy.")
	http.Redirect(w, r, "/quan-tri/tai-khoan", http.StatusSeeOther)
	return nil
}

type auditPage struct {
	page
	Entries  []audit.Entry
	Total    int
	Filter   audit.Filter
	From, To string
	Prev     string
	Next     string
}

const auditPageSize = 50

func (s *Server) auditFilter(r *http.Request) (audit.Filter, string, string, error) {
	q := r.URL.Query()
	f := audit.Filter{Actor: strings.TrimSpace(q.Get("actor")), Entity: q.Get("entity"), EntityID: strings.TrimSpace(q.Get("entity_id")),
		Action: q.Get("action"), Limit: auditPageSize}
	f.Offset, _ = strconv.Atoi(q.Get("offset"))
	from, to := q.Get("from"), q.Get("to")
	if from != "" {
		d, err := period.Parse(from)
		if err != nil {
			return f, from, to, apperr.Invalid("Ngày không hợp lệ.", map[string]string{"from": err.Error()})
		}
		f.From = d.Time().Add(-7 * time.Hour) // midnight in Vietnam
	}
	if to != "" {
		d, err := period.Parse(to)
		if err != nil {
			return f, from, to, apperr.Invalid("Ngày không hợp lệ.", map[string]string{"to": err.Error()})
		}
		f.To = d.AddDays(1).Time().Add(-7 * time.Hour)
	}
	return f, from, to, nil
}

func (s *Server) handleAudit(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.require(r, auth.ActAuditRead, "", s.today()); err != nil {
		return err
	}
	f, from, to, err := s.auditFilter(r)
	if err != nil {
		return err
	}
	entries, total, err := s.db.ListAudit(r.Context(), f)
	if err != nil {
		return err
	}
	p := auditPage{page: s.basePage(r, "Nhật ký thay đổi"), Entries: entries, Total: total, Filter: f, From: from, To: to}
	link := func(offset int) string {
		q := r.URL.Query()
		q.Set("offset", strconv.Itoa(offset))
		return "/quan-tri/nhat-ky?" + q.Encode()
	}
	if f.Offset > 0 {
		p.Prev = link(max(f.Offset-auditPageSize, 0))
	}
	if f.Offset+len(entries) < total {
		p.Next = link(f.Offset + auditPageSize)
	}
	return s.render(w, r, http.StatusOK, "audit", p)
}

func (s *Server) apiAudit(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.require(r, auth.ActAuditRead, "", s.today()); err != nil {
		return err
	}
	f, _, _, err := s.auditFilter(r)
	if err != nil {
		return err
	}
	entries, total, err := s.db.ListAudit(r.Context(), f)
	if err != nil {
		return err
	}
	type entry struct {
		ID       int64     `json:"id"`
		At       time.Time `json:"at"`
		Actor    string    `json:"actor"`
		IP       string    `json:"ip"`
		Action   string    `json:"action"`
		Entity   string    `json:"entity"`
		EntityID string    `json:"entity_id"`
		Summary  string    `json:"summary"`
		Before   string    `json:"before"`
		After    string    `json:"after"`
	}
	out := struct {
		Total   int     `json:"total"`
		Entries []entry `json:"entries"`
	}{Total: total, Entries: []entry{}}
	for _, e := range entries {
		out.Entries = append(out.Entries, entry{e.ID, e.At, e.Actor, e.IP, e.Action, e.Entity, e.EntityID, e.Summary, e.Before, e.After})
	}
	return writeJSON(w, http.StatusOK, out)
}

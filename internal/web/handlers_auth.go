package web

import (
	"encoding/json"
	"io"
	"net/http"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/period"
)

type loginPage struct {
	page
	Username string
	Next     string
	Error    string
	Demo     []DemoAccount
}

func (s *Server) handleLoginForm(w http.ResponseWriter, r *http.Request) error {
	if reqCtx(r).actor != nil {
		http.Redirect(w, r, safeNext(r.URL.Query().Get("next")), http.StatusSeeOther)
		return nil
	}
	p := loginPage{page: s.basePage(r, "Đăng nhập"), Next: r.URL.Query().Get("next")}
	if s.cfg.Demo {
		p.Demo = s.cfg.DemoAccounts
	}
	return s.render(w, r, http.StatusOK, "login", p)
}

func (s *Server) setSessionCookie(w http.ResponseWriter, token string, sess *auth.Session) {
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Value: token, Path: "/", HttpOnly: true,
		Secure: s.cfg.SecureCookies, SameSite: http.SameSiteLaxMode, Expires: sess.CreatedAt.Add(s.auth.SessionMax)})
}

func (s *Server) handleLogin(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	if err := r.ParseForm(); err != nil {
		return apperr.Errorf(apperr.EINVALID, "Biểu mẫu không hợp lệ.")
	}
	username := strings.ToLower(strings.TrimSpace(r.PostFormValue("username")))
	next := r.PostFormValue("next")
	sess, token, _, err := s.auth.Login(r.Context(), username, r.PostFormValue("password"), rc.ip, r.UserAgent(), auth.SessionWeb)
	if err != nil {
		status := statusOf(err)
		if status != http.StatusUnauthorized && status != http.StatusTooManyRequests {
			return err
		}
		p := loginPage{page: s.basePage(r, "Đăng nhập"), Username: username, Next: next, Error: apperr.Message(err)}
		if s.cfg.Demo {
			p.Demo = s.cfg.DemoAccounts
		}
		return s.render(w, r, status, "login", p)
	}
	s.setSessionCookie(w, token, sess)
	http.Redirect(w, r, safeNext(next), http.StatusSeeOther)
	return nil
}

func (s *Server) handleLogout(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	if rc.actor == nil {
		http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
		return nil
	}
	if err := s.auth.Logout(r.Context(), rc.token); err != nil {
		return err
	}
	http.SetCookie(w, &http.Cookie{Name: sessionCookie, Path: "/", MaxAge: -1, HttpOnly: true, SameSite: http.SameSiteLaxMode})
	setFlash(w, "Bạn đã đăng xuất.")
	http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
	return nil
}

// actor returns the caller, or EUNAUTHORIZED.
func (s *Server) actor(r *http.Request) (*auth.Actor, error) {
	a := reqCtx(r).actor
	if a == nil {
		return nil, apperr.Errorf(apperr.EUNAUTHORIZED, "Vui lòng đăng nhập.")
	}
	return a, nil
}

// require checks that the caller may perform action on unit as of at.
func (s *Server) require(r *http.Request, action auth.Action, unit string, at period.Date) (*auth.Actor, error) {
	a := reqCtx(r).actor
	if err := s.authz.Can(r.Context(), a, action, unit, at); err != nil {
		return nil, err
	}
	return a, nil
}

func (s *Server) today() period.Date { return period.Today(s.now()) }

type workspacePage struct {
	page
	UnitName string
	Roots    []string
}

func (s *Server) handleWorkspace(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	p := workspacePage{page: s.basePage(r, "Làm việc")}
	if a.UnitCode != "" {
		if u, err := s.db.FindUnit(r.Context(), a.UnitCode, s.today()); err == nil {
			p.UnitName = u.Label()
		}
	}
	return s.render(w, r, http.StatusOK, "workspace", p)
}

type accountPage struct {
	page
	Account  *auth.User
	UnitName string
	Errors   map[string]string
}

func (s *Server) handleAccount(w http.ResponseWriter, r *http.Request) error {
	return s.renderAccount(w, r, http.StatusOK, nil)
}

func (s *Server) renderAccount(w http.ResponseWriter, r *http.Request, status int, errs map[string]string) error {
	if _, err := s.require(r, auth.ActSelf, "", s.today()); err != nil {
		return err
	}
	u := reqCtx(r).user
	p := accountPage{page: s.basePage(r, "Tài khoản của tôi"), Account: u, Errors: errs}
	if u.UnitCode != "" {
		if unit, err := s.db.FindUnit(r.Context(), u.UnitCode, s.today()); err == nil {
			p.UnitName = unit.Label()
		}
	}
	return s.render(w, r, status, "account", p)
}

func (s *Server) handleChangeOwnPassword(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.require(r, auth.ActSelf, "", s.today()); err != nil {
		return err
	}
	u := *reqCtx(r).user
	if !auth.CheckPassword(u.PasswordHash, r.PostFormValue("current")) {
		return s.renderAccount(w, r, http.StatusUnprocessableEntity, map[string]string{"current": "Mật khẩu hiện tại không đúng."})
	}
	if r.PostFormValue("new") != r.PostFormValue("confirm") {
		return s.renderAccount(w, r, http.StatusUnprocessableEntity, map[string]string{"confirm": "Hai lần nhập mật khẩu mới không khớp."})
	}
	if err := s.auth.SetPassword(r.Context(), &u, r.PostFormValue("new")); err != nil {
		if f := apperr.FieldsOf(err); f != nil {
			return s.renderAccount(w, r, http.StatusUnprocessableEntity, map[string]string{"new": f["password"]})
		}
		return err
	}
	setFlash(w, "Đã đổi mật khẩu. Vui lòng đăng nhập lại bằng mật khẩu mới.")
	http.Redirect(w, r, "/dang-nhap", http.StatusSeeOther)
	return nil
}

// --- API ---

// decodeJSON reads a JSON body of at most 1 MiB into v.
func decodeJSON(r *http.Request, v any) error {
	dec := json.NewDecoder(io.LimitReader(r.Body, 1<<20))
	dec.DisallowUnknownFields()
	if err := dec.Decode(v); err != nil {
		return apperr.Errorf(apperr.EINVALID, "Dữ liệu JSON không hợp lệ: %v", err)
	}
	return nil
}

func (s *Server) apiLogin(w http.ResponseWriter, r *http.Request) error {
	var in struct {
		Username string `json:"username"`
		Password string `json:"password"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	_, token, _, err := s.auth.Login(r.Context(), strings.ToLower(strings.TrimSpace(in.Username)), in.Password, reqCtx(r).ip, r.UserAgent(), auth.SessionAPI)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, map[string]string{"token": token})
}

func (s *Server) apiLogout(w http.ResponseWriter, r *http.Request) error {
	rc := reqCtx(r)
	if rc.actor == nil {
		return apperr.Errorf(apperr.EUNAUTHORIZED, "Vui lòng đăng nhập.")
	}
	if err := s.auth.Logout(r.Context(), rc.token); err != nil {
		return err
	}
	w.WriteHeader(http.StatusNoContent)
	return nil
}

type unitRef struct {
	Code string `json:"code"`
	Name string `json:"name"`
}

func (s *Server) apiMe(w http.ResponseWriter, r *http.Request) error {
	a, err := s.require(r, auth.ActSelf, "", s.today())
	if err != nil {
		return err
	}
	out := struct {
		Username string   `json:"username"`
		FullName string   `json:"full_name"`
		Roles    []string `json:"roles"`
		Unit     *unitRef `json:"unit"`
	}{Username: a.Username, FullName: a.FullName, Roles: []string{}}
	for _, r := range a.Roles {
		out.Roles = append(out.Roles, string(r))
	}
	if a.UnitCode != "" {
		out.Unit = &unitRef{Code: a.UnitCode}
		if u, err := s.db.FindUnit(r.Context(), a.UnitCode, s.today()); err == nil {
			out.Unit.Name = u.Label()
		} else if h, err := s.db.UnitHistory(r.Context(), a.UnitCode); err == nil && len(h.Names) > 0 {
			last := h.Names[len(h.Names)-1]
			out.Unit.Name = last.FullName
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

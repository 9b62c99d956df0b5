// Package auth holds users, roles, sessions, password hashing, login
// throttling and the one authorisation function, Can.
package auth

import (
	"context"
	"net/mail"
	"slices"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/vntext"
)

// Role is what a user may do, scoped to a unit subtree.
type Role string

const (
	RoleAdmin      Role = "admin"
	RoleCommission Role = "commission"
	RoleReporter   Role = "reporter"
	RoleLeader     Role = "leader"
	RoleEditor     Role = "editor"
)

// Roles lists every role in display order.
var Roles = []Role{RoleAdmin, RoleCommission, RoleLeader, RoleReporter, RoleEditor}

// Label returns the Vietnamese name of the role.
func (r Role) Label() string {
	switch r {
	case RoleAdmin:
		return "Quản trị hệ thống"
	case RoleCommission:
		return "Chuyên viên Ban"
	case RoleReporter:
		return "Cán bộ báo cáo"
	case RoleLeader:
		return "Lãnh đạo"
	case RoleEditor:
		return "Biên tập viên"
	}
	return string(r)
}

// Valid reports whether r is a known role.
func (r Role) Valid() bool { return slices.Contains(Roles, r) }

// ParseRoles reads a comma-separated list of roles.
func ParseRoles(s string) ([]Role, error) {
	var out []Role
	for _, p := range strings.Split(s, ",") {
		p = strings.TrimSpace(p)
		if p == "" {
			continue
		}
		r := Role(p)
		if !r.Valid() {
			return nil, apperr.Errorf(apperr.EINVALID, "Vai trò không hợp lệ: %q (dùng admin, commission, reporter, leader, editor)", p)
		}
		if !slices.Contains(out, r) {
			out = append(out, r)
		}
	}
	return out, nil
}

// JoinRoles is the inverse of ParseRoles.
func JoinRoles(rs []Role) string {
	s := make([]string, len(rs))
	for i, r := range rs {
		s[i] = string(r)
	}
	return strings.Join(s, ",")
}

// User is an account.
type User struct {
	ID           int64
	Username     string
	FullName     string
	Email        string // for reminders; optional
	UnitCode     string // "" only for admins
	Roles        []Role
	PasswordHash string
	Disabled     bool
	Version      int
	CreatedAt    time.Time
	UpdatedAt    time.Time
}

// Has reports whether u has role r.
func (u *User) Has(r Role) bool { return slices.Contains(u.Roles, r) }

// Validate checks the fields a user must have.
func (u *User) Validate() error {
	f := map[string]string{}
	if !ValidUsername(u.Username) {
		f["username"] = "Tên đăng nhập gồm 3–40 ký tự: chữ thường không dấu, số, dấu chấm, gạch dưới hoặc gạch ngang."
	}
	if len(u.Roles) == 0 {
		f["roles"] = "Cần ít nhất một vai trò."
	}
	for _, r := range u.Roles {
		if !r.Valid() {
			f["roles"] = "Vai trò không hợp lệ: " + string(r)
		}
	}
	if u.UnitCode == "" && !(len(u.Roles) == 1 && u.Roles[0] == RoleAdmin) {
		f["unit"] = "Tài khoản không phải quản trị phải thuộc một đơn vị."
	}
	u.FullName = vntext.Normalize(u.FullName)
	u.Email = strings.TrimSpace(u.Email)
	if u.Email != "" {
		if a, err := mail.ParseAddress(u.Email); err != nil || a.Address != u.Email {
			f["email"] = "Địa chỉ thư điện tử không hợp lệ."
		}
	}
	if len([]rune(u.FullName)) > 200 {
		f["full_name"] = "Họ tên quá dài (tối đa 200 ký tự)."
	}
	if len(f) > 0 {
		return apperr.Invalid("Thông tin tài khoản chưa hợp lệ.", f)
	}
	return nil
}

// ValidUsername reports whether s is an acceptable login name.
func ValidUsername(s string) bool {
	if len(s) < 3 || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '.' || r == '_' || r == '-') {
			return false
		}
	}
	return true
}

// ValidatePassword checks a new password's strength.
func ValidatePassword(p string) error {
	if len([]rune(p)) < 8 {
		return apperr.Invalid("Mật khẩu quá ngắn.", map[string]string{"password": "Mật khẩu cần ít nhất 8 ký tự."})
	}
	if len(p) > 256 {
		return apperr.Invalid("Mật khẩu quá dài.", map[string]string{"password": "Mật khẩu tối đa 256 ký tự."})
	}
	return nil
}

// Actor is the authenticated caller of a request.
type Actor struct {
	UserID   int64
	Username string
	FullName string
	UnitCode string
	Roles    []Role
}

// Has reports whether the actor has role r.
func (a *Actor) Has(r Role) bool { return a != nil && slices.Contains(a.Roles, r) }

// ActorOf returns the actor for a user.
func ActorOf(u *User) *Actor {
	return &Actor{UserID: u.ID, Username: u.Username, FullName: u.FullName, UnitCode: u.UnitCode, Roles: u.Roles}
}

// Session is a logged-in session, for the browser (cookie) or the API (bearer).
type Session struct {
	TokenHash  string
	UserID     int64
	Kind       string // "web" or "api"
	CSRFToken  string
	CreatedAt  time.Time
	ExpiresAt  time.Time
	LastSeenAt time.Time
	IP         string
	UserAgent  string
}

// Session kinds.
const (
	SessionWeb = "web"
	SessionAPI = "api"
)

// UserFilter selects users.
type UserFilter struct {
	UnitCodes []string // nil: any unit
	Query     string   // folded substring of username or full name
	Limit     int
}

// Store persists accounts, sessions and login failures. Implemented by sqlstore.
type Store interface {
	CreateUser(ctx context.Context, u *User) error
	UpdateUser(ctx context.Context, u *User) error // checks u.Version; ECONFLICT if stale
	FindUserByID(ctx context.Context, id int64) (*User, error)
	FindUserByUsername(ctx context.Context, username string) (*User, error)
	ListUsers(ctx context.Context, f UserFilter) ([]User, error)

	CreateSession(ctx context.Context, s *Session) error
	FindSession(ctx context.Context, tokenHash string) (*Session, error)
	TouchSession(ctx context.Context, tokenHash string, lastSeen, expires time.Time) error
	DeleteSession(ctx context.Context, tokenHash string) error
	DeleteUserSessions(ctx context.Context, userID int64) error
	DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error)

	RecordLoginFailure(ctx context.Context, keys []string, at time.Time) error
	CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error)
	ClearLoginFailures(ctx context.Context, key string) error
}

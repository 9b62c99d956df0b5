package auth

import (
	"context"
	"crypto/rand"
	"crypto/sha256"
	"encoding/base64"
	"encoding/hex"
	"time"

	"giaoban/internal/apperr"
)

// Throttle limits failed logins. The counts live in the database, so every
// app server behind a load balancer sees the same ones.
type Throttle struct {
	PerAccount int           // failures per account within Window before 429
	PerAddress int           // failures per client address within Window
	Window     time.Duration //
}

// DefaultThrottle: 5 wrong passwords for one account, or 20 from one
// address, within 15 minutes.
var DefaultThrottle = Throttle{PerAccount: 5, PerAddress: 20, Window: 15 * time.Minute}

// Service holds the account rules: login, sessions, password changes.
type Service struct {
	Store      Store
	Now        func() time.Time
	Throttle   Throttle
	SessionTTL time.Duration // idle lifetime of a web session
	SessionMax time.Duration // absolute lifetime of any session
	APITTL     time.Duration // lifetime of an API token
}

// NewService returns a Service with the default lifetimes: web sessions end
// after 8 idle hours or 7 days, API tokens after 24 hours.
func NewService(store Store, now func() time.Time) *Service {
	return &Service{Store: store, Now: now, Throttle: DefaultThrottle,
		SessionTTL: 8 * time.Hour, SessionMax: 7 * 24 * time.Hour, APITTL: 24 * time.Hour}
}

// HashToken returns the stored form of a session token: only its SHA-256 is
// kept, so a leaked database does not leak live sessions.
func HashToken(token string) string {
	h := sha256.Sum256([]byte(token))
	return hex.EncodeToString(h[:])
}

func randomToken() (string, error) {
	b := make([]byte, 32)
	if _, err := rand.Read(b); err != nil {
		return "", err
	}
	return base64.RawURLEncoding.EncodeToString(b), nil
}

// Login checks a username and password and opens a session of the given
// kind. Returns ETHROTTLED after too many recent failures for the account
// or the address, EUNAUTHORIZED for wrong credentials or a disabled account.
func (s *Service) Login(ctx context.Context, username, password, ip, userAgent, kind string) (*Session, string, *User, error) {
	now := s.Now().UTC()
	since := now.Add(-s.Throttle.Window)
	keys := []string{"user:" + username, "ip:" + ip}
	for i, limit := range []int{s.Throttle.PerAccount, s.Throttle.PerAddress} {
		n, err := s.Store.CountLoginFailures(ctx, keys[i], since)
		if err != nil {
			return nil, "", nil, err
		}
		if n >= limit {
			return nil, "", nil, apperr.Errorf(apperr.ETHROTTLED, "Đăng nhập sai quá nhiều lần. Vui lòng thử lại sau %d phút.", int(s.Throttle.Window.Minutes()))
		}
	}
	u, err := s.Store.FindUserByUsername(ctx, username)
	if err != nil && !apperr.Is(err, apperr.ENOTFOUND) {
		return nil, "", nil, err
	}
	ok := false
	if u != nil {
		ok = CheckPassword(u.PasswordHash, password) && !u.Disabled
	} else {
		CheckPassword(dummyHash, password)
	}
	if !ok {
		if err := s.Store.RecordLoginFailure(ctx, keys, now); err != nil {
			return nil, "", nil, err
		}
		return nil, "", nil, apperr.Errorf(apperr.EUNAUTHORIZED, "Tên đăng nhập hoặc mật khẩu không đúng.")
	}
	if err := s.Store.ClearLoginFailures(ctx, keys[0]); err != nil {
		return nil, "", nil, err
	}
	token, err := randomToken()
	if err != nil {
		return nil, "", nil, err
	}
	csrf, err := randomToken()
	if err != nil {
		return nil, "", nil, err
	}
	ttl := s.SessionTTL
	if kind == SessionAPI {
		ttl = s.APITTL
	}
	sess := &Session{TokenHash: HashToken(token), UserID: u.ID, Kind: kind, CSRFToken: csrf,
		CreatedAt: now, ExpiresAt: now.Add(ttl), LastSeenAt: now, IP: ip, UserAgent: truncate(userAgent, 300)}
	if err := s.Store.CreateSession(ctx, sess); err != nil {
		return nil, "", nil, err
	}
	return sess, token, u, nil
}

// Authenticate returns the session and user for a token. Returns
// EUNAUTHORIZED if the token is unknown, expired, or its user disabled.
// A web session's idle expiry slides forward, at most once a minute to
// spare the database a write per request.
func (s *Service) Authenticate(ctx context.Context, token string) (*Session, *User, error) {
	unauth := apperr.Errorf(apperr.EUNAUTHORIZED, "Phiên đăng nhập đã hết hạn. Vui lòng đăng nhập lại.")
	if token == "" || len(token) > 200 {
		return nil, nil, unauth
	}
	sess, err := s.Store.FindSession(ctx, HashToken(token))
	if apperr.Is(err, apperr.ENOTFOUND) {
		return nil, nil, unauth
	} else if err != nil {
		return nil, nil, err
	}
	now := s.Now().UTC()
	if !now.Before(sess.ExpiresAt) {
		_ = s.Store.DeleteSession(ctx, sess.TokenHash)
		return nil, nil, unauth
	}
	u, err := s.Store.FindUserByID(ctx, sess.UserID)
	if apperr.Is(err, apperr.ENOTFOUND) {
		return nil, nil, unauth
	} else if err != nil {
		return nil, nil, err
	}
	if u.Disabled {
		return nil, nil, unauth
	}
	if sess.Kind == SessionWeb && now.Sub(sess.LastSeenAt) > time.Minute {
		exp := now.Add(s.SessionTTL)
		if max := sess.CreatedAt.Add(s.SessionMax); exp.After(max) {
			exp = max
		}
		if err := s.Store.TouchSession(ctx, sess.TokenHash, now, exp); err != nil {
			return nil, nil, err
		}
		sess.LastSeenAt, sess.ExpiresAt = now, exp
	}
	return sess, u, nil
}

// Logout ends the session of token.
func (s *Service) Logout(ctx context.Context, token string) error {
	return s.Store.DeleteSession(ctx, HashToken(token))
}

// CreateUser validates u, hashes password and stores the account.
func (s *Service) CreateUser(ctx context.Context, u *User, password string) error {
	if err := u.Validate(); err != nil {
		return err
	}
	if err := ValidatePassword(password); err != nil {
		return err
	}
	h, err := HashPassword(password)
	if err != nil {
		return err
	}
	u.PasswordHash = h
	now := s.Now().UTC()
	u.CreatedAt, u.UpdatedAt = now, now
	return s.Store.CreateUser(ctx, u)
}

// UpdateUser validates and saves u (roles, unit, name, disabled). Disabling
// an account ends its sessions.
func (s *Service) UpdateUser(ctx context.Context, u *User) error {
	if err := u.Validate(); err != nil {
		return err
	}
	u.UpdatedAt = s.Now().UTC()
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		return err
	}
	if u.Disabled {
		return s.Store.DeleteUserSessions(ctx, u.ID)
	}
	return nil
}

// SetPassword replaces u's password and ends all of u's sessions.
func (s *Service) SetPassword(ctx context.Context, u *User, password string) error {
	if err := ValidatePassword(password); err != nil {
		return err
	}
	h, err := HashPassword(password)
	if err != nil {
		return err
	}
	u.PasswordHash = h
	u.UpdatedAt = s.Now().UTC()
	if err := s.Store.UpdateUser(ctx, u); err != nil {
		return err
	}
	return s.Store.DeleteUserSessions(ctx, u.ID)
}

func truncate(s string, n int) string {
	if len(s) <= n {
		return s
	}
	return s[:n]
}

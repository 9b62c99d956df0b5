package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/audit"
	"giaoban/internal/auth"
	"giaoban/internal/vntext"
)

var (
	_ auth.Store  = (*DB)(nil)
	_ audit.Store = (*DB)(nil)
)

type scanner interface{ Scan(dest ...any) error }

const userSelect = `SELECT id, username, full_name, email, COALESCE(unit_code, ''), roles, password_hash, disabled, version, created_at, updated_at FROM app_user`

func scanUser(s scanner) (*auth.User, error) {
	u := &auth.User{}
	var roles, created, updated string
	var disabled int
	if err := s.Scan(&u.ID, &u.Username, &u.FullName, &u.Email, &u.UnitCode, &roles, &u.PasswordHash, &disabled, &u.Version, &created, &updated); err != nil {
		return nil, err
	}
	u.Roles, _ = auth.ParseRoles(roles)
	u.Disabled = disabled != 0
	u.CreatedAt, u.UpdatedAt = parseTime(created), parseTime(updated)
	return u, nil
}

// userJSON is the audited form of a user: never the password hash.
func userJSON(u *auth.User) string {
	b, _ := json.Marshal(map[string]any{"username": u.Username, "full_name": u.FullName, "email": u.Email, "unit": u.UnitCode,
		"roles": auth.JoinRoles(u.Roles), "disabled": u.Disabled, "version": u.Version})
	return string(b)
}

func nullString(s string) any {
	if s == "" {
		return nil
	}
	return s
}

// CreateUser stores a new account; ECONFLICT if the username is taken,
// EINVALID if the unit does not exist.
func (db *DB) CreateUser(ctx context.Context, u *auth.User) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		if err := tx.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM app_user WHERE username = ?`), u.Username).Scan(&n); err != nil {
			return err
		}
		if n > 0 {
			return &apperr.Error{Code: apperr.ECONFLICT, Message: "Tên đăng nhập đã được dùng.", Fields: map[string]string{"username": "Tên đăng nhập đã được dùng."}}
		}
		if u.UnitCode != "" {
			if err := tx.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM unit WHERE code = ?`), u.UnitCode).Scan(&n); err != nil {
				return err
			}
			if n == 0 {
				return apperr.Invalid("Đơn vị không tồn tại.", map[string]string{"unit": "Không có đơn vị mã " + u.UnitCode + "."})
			}
		}
		u.Version = 1
		err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO app_user (username, full_name, email, unit_code, roles, password_hash, disabled, version, created_at, updated_at)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			u.Username, u.FullName, u.Email, nullString(u.UnitCode), auth.JoinRoles(u.Roles), u.PasswordHash, boolInt(u.Disabled), u.Version,
			db.timeString(u.CreatedAt), db.timeString(u.UpdatedAt)).Scan(&u.ID)
		if err != nil {
			return fmt.Errorf("create user %s: %w", u.Username, err)
		}
		return db.writeAudit(ctx, tx, "user.create", "user", u.Username, "Tạo tài khoản "+u.Username, "", userJSON(u))
	})
}

func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// UpdateUser saves u if its Version is current, and bumps it. ECONFLICT if
// someone else saved the account since u was read.
func (db *DB) UpdateUser(ctx context.Context, u *auth.User) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanUser(tx.QueryRowContext(ctx, db.rebind(userSelect+` WHERE id = ?`), u.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tài khoản.")
		} else if err != nil {
			return err
		}
		if before.Version != u.Version {
			return apperr.Errorf(apperr.ECONFLICT, "Tài khoản vừa được người khác sửa. Vui lòng tải lại trang và thử lại.")
		}
		u.Version++
		_, err = tx.ExecContext(ctx, db.rebind(`UPDATE app_user SET full_name = ?, email = ?, unit_code = ?, roles = ?, password_hash = ?, disabled = ?, version = ?, updated_at = ? WHERE id = ? AND version = ?`),
			u.FullName, u.Email, nullString(u.UnitCode), auth.JoinRoles(u.Roles), u.PasswordHash, boolInt(u.Disabled), u.Version, db.timeString(u.UpdatedAt), u.ID, before.Version)
		if err != nil {
			u.Version--
			return fmt.Errorf("update user %s: %w", u.Username, err)
		}
		summary := "Sửa tài khoản " + u.Username
		if before.PasswordHash != u.PasswordHash {
			summary = "Đổi mật khẩu tài khoản " + u.Username
		}
		return db.writeAudit(ctx, tx, "user.update", "user", u.Username, summary, userJSON(before), userJSON(u))
	})
}

// FindUserByID returns the account with id; ENOTFOUND if none.
func (db *DB) FindUserByID(ctx context.Context, id int64) (*auth.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, db.rebind(userSelect+` WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tài khoản.")
	}
	return u, err
}

// FindUserByUsername returns the account named username; ENOTFOUND if none.
func (db *DB) FindUserByUsername(ctx context.Context, username string) (*auth.User, error) {
	u, err := scanUser(db.read.QueryRowContext(ctx, db.rebind(userSelect+` WHERE username = ?`), username))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tài khoản %s.", username)
	}
	return u, err
}

// ListUsers returns accounts matching f, by username.
func (db *DB) ListUsers(ctx context.Context, f auth.UserFilter) ([]auth.User, error) {
	var w where
	if f.UnitCodes != nil {
		if len(f.UnitCodes) == 0 {
			return nil, nil
		}
		w.in("unit_code", f.UnitCodes)
	}
	q, args := userSelect+w.String()+` ORDER BY username`, w.args
	if f.Limit > 0 && f.Query == "" {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := db.read.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("list users: %w", err)
	}
	defer rows.Close()
	var out []auth.User
	key := vntext.Fold(f.Query)
	for rows.Next() {
		u, err := scanUser(rows)
		if err != nil {
			return nil, err
		}
		if key != "" && !strings.Contains(vntext.Fold(u.Username+" "+u.FullName), key) {
			continue
		}
		out = append(out, *u)
	}
	return out, rows.Err()
}

// CreateSession stores a new session.
func (db *DB) CreateSession(ctx context.Context, s *auth.Session) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		_, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO user_session (token_hash, user_id, kind, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`), s.TokenHash, s.UserID, s.Kind, s.CSRFToken,
			db.timeString(s.CreatedAt), db.timeString(s.ExpiresAt), db.timeString(s.LastSeenAt), s.IP, s.UserAgent)
		if err != nil {
			return fmt.Errorf("create session: %w", err)
		}
		var username string
		if err := tx.QueryRowContext(ctx, db.rebind(`SELECT username FROM app_user WHERE id = ?`), s.UserID).Scan(&username); err != nil {
			return err
		}
		ctx := audit.WithWho(ctx, audit.Who{Actor: username, IP: s.IP, RequestID: audit.WhoFrom(ctx).RequestID})
		return db.writeAudit(ctx, tx, "session.login", "user", username, "Đăng nhập ("+s.Kind+")", "", "")
	})
}

// FindSession returns the session with the token hash; ENOTFOUND if none.
func (db *DB) FindSession(ctx context.Context, tokenHash string) (*auth.Session, error) {
	s := &auth.Session{}
	var created, expires, seen string
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT token_hash, user_id, kind, csrf_token, created_at, expires_at, last_seen_at, ip, user_agent
		FROM user_session WHERE token_hash = ?`), tokenHash).
		Scan(&s.TokenHash, &s.UserID, &s.Kind, &s.CSRFToken, &created, &expires, &seen, &s.IP, &s.UserAgent)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy phiên đăng nhập.")
	} else if err != nil {
		return nil, fmt.Errorf("find session: %w", err)
	}
	s.CreatedAt, s.ExpiresAt, s.LastSeenAt = parseTime(created), parseTime(expires), parseTime(seen)
	return s, nil
}

// TouchSession moves a session's last-seen time and expiry.
func (db *DB) TouchSession(ctx context.Context, tokenHash string, lastSeen, expires time.Time) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`UPDATE user_session SET last_seen_at = ?, expires_at = ? WHERE token_hash = ?`),
		db.timeString(lastSeen), db.timeString(expires), tokenHash)
	return err
}

// DeleteSession ends one session (logout).
func (db *DB) DeleteSession(ctx context.Context, tokenHash string) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`DELETE FROM user_session WHERE token_hash = ?`), tokenHash)
	return err
}

// DeleteUserSessions ends every session of a user.
func (db *DB) DeleteUserSessions(ctx context.Context, userID int64) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`DELETE FROM user_session WHERE user_id = ?`), userID)
	return err
}

// DeleteExpiredSessions removes sessions and login failures past their time.
func (db *DB) DeleteExpiredSessions(ctx context.Context, now time.Time) (int64, error) {
	res, err := db.write.ExecContext(ctx, db.rebind(`DELETE FROM user_session WHERE expires_at <= ?`), db.timeString(now))
	if err != nil {
		return 0, err
	}
	n, _ := res.RowsAffected()
	_, err = db.write.ExecContext(ctx, db.rebind(`DELETE FROM login_failure WHERE at <= ?`), db.timeString(now.Add(-24*time.Hour)))
	return n, err
}

// RecordLoginFailure counts one failed login against each key.
func (db *DB) RecordLoginFailure(ctx context.Context, keys []string, at time.Time) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		for _, k := range keys {
			if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO login_failure (throttle_key, at) VALUES (?, ?)`), k, db.timeString(at)); err != nil {
				return fmt.Errorf("record login failure: %w", err)
			}
		}
		return nil
	})
}

// CountLoginFailures counts failures for key since a time.
func (db *DB) CountLoginFailures(ctx context.Context, key string, since time.Time) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM login_failure WHERE throttle_key = ? AND at > ?`), key, db.timeString(since)).Scan(&n)
	return n, err
}

// ClearLoginFailures forgets the failures for key (after a good login).
func (db *DB) ClearLoginFailures(ctx context.Context, key string) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`DELETE FROM login_failure WHERE throttle_key = ?`), key)
	return err
}

// ListAudit returns entries matching f, newest first, and the total count.
func (db *DB) ListAudit(ctx context.Context, f audit.Filter) ([]audit.Entry, int, error) {
	var w where
	w.eq("actor", f.Actor)
	w.eq("entity", f.Entity)
	w.eq("entity_id", f.EntityID)
	w.eq("action", f.Action)
	if !f.From.IsZero() {
		w.cond("at >= ?", db.timeString(f.From))
	}
	if !f.To.IsZero() {
		w.cond("at < ?", db.timeString(f.To))
	}
	where, args := w.String(), w.args
	var total int
	if err := db.read.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM audit_log`+where), args...).Scan(&total); err != nil {
		return nil, 0, fmt.Errorf("count audit: %w", err)
	}
	limit := f.Limit
	if limit <= 0 || limit > 500 {
		limit = 100
	}
	q := `SELECT id, at, actor, ip, request_id, action, entity, entity_id, summary, before_json, after_json FROM audit_log` + where +
		fmt.Sprintf(` ORDER BY id DESC LIMIT %d OFFSET %d`, limit, max(f.Offset, 0))
	rows, err := db.read.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list audit: %w", err)
	}
	defer rows.Close()
	var out []audit.Entry
	for rows.Next() {
		var e audit.Entry
		var at string
		if err := rows.Scan(&e.ID, &at, &e.Actor, &e.IP, &e.RequestID, &e.Action, &e.Entity, &e.EntityID, &e.Summary, &e.Before, &e.After); err != nil {
			return nil, 0, err
		}
		e.At = parseTime(at)
		out = append(out, e)
	}
	return out, total, rows.Err()
}

package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"time"

	"giaoban/internal/notify"
)

var _ notify.Store = (*DB)(nil)

// CreateNotifications stores notifications in one transaction.
func (db *DB) CreateNotifications(ctx context.Context, ns []notify.Notification) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		rows := make([][]any, 0, len(ns))
		for _, n := range ns {
			rows = append(rows, []any{n.Unit, n.Message, n.Link, db.timeString(n.CreatedAt), n.CreatedBy})
		}
		if err := db.insertRows(ctx, tx, "notification", []string{"unit_code", "message", "link", "created_at", "created_by"}, rows); err != nil {
			return fmt.Errorf("create notifications: %w", err)
		}
		if len(ns) == 0 {
			return nil
		}
		return db.writeAudit(ctx, tx, "notification.create", "notification", ns[0].Link, fmt.Sprintf("Gửi %d nhắc nhở: %s", len(ns), ns[0].Message), "", "")
	})
}

// ListNotifications returns a unit's newest notifications.
func (db *DB) ListNotifications(ctx context.Context, unit string, limit int) ([]notify.Notification, error) {
	if limit <= 0 || limit > 200 {
		limit = 50
	}
	rows, err := db.read.QueryContext(ctx, db.rebind(fmt.Sprintf(`SELECT id, unit_code, message, link, created_at, created_by, read_at FROM notification
		WHERE unit_code = ? ORDER BY id DESC LIMIT %d`, limit)), unit)
	if err != nil {
		return nil, fmt.Errorf("list notifications: %w", err)
	}
	defer rows.Close()
	var out []notify.Notification
	for rows.Next() {
		var n notify.Notification
		var created, read string
		if err := rows.Scan(&n.ID, &n.Unit, &n.Message, &n.Link, &created, &n.CreatedBy, &read); err != nil {
			return nil, err
		}
		n.CreatedAt, n.ReadAt = parseTime(created), parseOptTime(read)
		out = append(out, n)
	}
	return out, rows.Err()
}

// CountUnread counts a unit's unread notifications.
func (db *DB) CountUnread(ctx context.Context, unit string) (int, error) {
	var n int
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM notification WHERE unit_code = ? AND read_at = ''`), unit).Scan(&n)
	return n, err
}

// MarkRead marks all of a unit's notifications read.
func (db *DB) MarkRead(ctx context.Context, unit string, at time.Time) error {
	_, err := db.write.ExecContext(ctx, db.rebind(`UPDATE notification SET read_at = ? WHERE unit_code = ? AND read_at = ''`), db.timeString(at), unit)
	return err
}

package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"hash/fnv"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/audit"
	"giaoban/internal/document"
	"giaoban/internal/vntext"
)

// reserveAttempts bounds the retries of ReserveNumber after a unique
// violation. With the PostgreSQL lock below a violation only happens when
// something else wrote to document_number without taking the lock.
const reserveAttempts = 5

// ReserveNumber gives the next number of series s to the document being
// issued (subject is its trích yếu, ref what it is, e.g. "conclusion:12")
// at time at, and returns the sequence and the number's text ("Số
// 15-BC/BDVTU").
//
// Numbers are consecutive within a series (MAX(seq)+1, 1 for a new series)
// and never reused: the number and its audit entry are written in the
// transaction that computes it, so a failed issue consumes nothing, and no
// number is ever deleted — a cancelled document keeps its number.
//
// Concurrency: on SQLite every write goes through one connection in BEGIN
// IMMEDIATE transactions, so reservations are serialised, also across
// processes. On PostgreSQL several servers may reserve at once and
// MAX(seq)+1 alone would race (FOR UPDATE cannot lock an aggregate, nor the
// missing first row of a new series), so the transaction first takes a
// transaction-scoped advisory lock on the series; under READ COMMITTED the
// MAX that follows sees every number committed before the lock was granted.
// The UNIQUE constraint stays the last line of defence: a violation is
// retried a few times.
func (db *DB) ReserveNumber(ctx context.Context, s document.Series, subject, ref string, at time.Time) (int, string, error) {
	if err := s.Validate(); err != nil {
		return 0, "", err
	}
	if at.IsZero() {
		at = db.Now()
	}
	subject = vntext.Normalize(subject)
	ref = strings.TrimSpace(ref)
	var lastErr error
	for attempt := 0; attempt < reserveAttempts; attempt++ {
		seq, text, err := db.reserveOnce(ctx, s, subject, ref, at)
		if err == nil {
			return seq, text, nil
		}
		if !bulkDuplicate(err) || ctx.Err() != nil {
			return 0, "", err
		}
		lastErr = err
		time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
	}
	return 0, "", &apperr.Error{Code: apperr.ECONFLICT,
		Message: "Không cấp được số văn bản vì nhiều người cùng lấy số. Vui lòng thử lại.", Err: lastErr}
}

func (db *DB) reserveOnce(ctx context.Context, s document.Series, subject, ref string, at time.Time) (seq int, text string, err error) {
	err = db.inTx(ctx, func(tx *sql.Tx) error {
		seq, text, err = db.reserveTx(ctx, tx, s, subject, ref, at)
		return err
	})
	if err != nil {
		return 0, "", err
	}
	return seq, text, nil
}

// reserveTx reserves the next number of series s inside tx, so that a
// caller can issue a document and number it in one transaction (a failed
// issue then consumes no number). The caller retries on a unique
// violation as ReserveNumber does.
func (db *DB) reserveTx(ctx context.Context, tx *sql.Tx, s document.Series, subject, ref string, at time.Time) (int, string, error) {
	subject = vntext.Normalize(subject)
	ref = strings.TrimSpace(ref)
	if db.dialect.name == "postgres" {
		if _, err := tx.ExecContext(ctx, `SELECT pg_advisory_xact_lock($1)`, seriesLockKey(s)); err != nil {
			return 0, "", fmt.Errorf("lock number series %s: %w", s, err)
		}
	}
	var last sql.NullInt64
	if err := tx.QueryRowContext(ctx, db.rebind(`SELECT MAX(seq) FROM document_number WHERE issuer = ? AND doc_type = ? AND series_key = ?`),
		s.Issuer, s.DocType, s.Key).Scan(&last); err != nil {
		return 0, "", fmt.Errorf("next number of %s: %w", s, err)
	}
	seq := int(last.Int64) + 1
	text := document.Format(s, seq)
	by := audit.WhoFrom(ctx).Actor
	var id int64
	if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO document_number (style, issuer, doc_type, series_key, seq, number_text, subject, ref, issued_at, issued_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
		string(s.Style), s.Issuer, s.DocType, s.Key, seq, text, subject, ref, db.timeString(at), by).Scan(&id); err != nil {
		return 0, "", fmt.Errorf("reserve number %s of %s: %w", text, s, err)
	}
	after, _ := json.Marshal(map[string]any{"id": id, "style": s.Style, "issuer": s.Issuer, "doc_type": s.DocType,
		"series_key": s.Key, "seq": seq, "number": text, "subject": subject, "ref": ref, "issued_at": db.timeString(at)})
	summary := "Cấp số văn bản " + text + " (" + s.Key + ")"
	if subject != "" {
		summary += ": " + subject
	}
	if err := db.writeAudit(ctx, tx, "document.number", "document", text, summary, "", string(after)); err != nil {
		return 0, "", err
	}
	return seq, text, nil
}

// seriesLockKey is the PostgreSQL advisory lock key of a series. Two series
// that hash alike merely wait for each other.
func seriesLockKey(s document.Series) int64 {
	h := fnv.New64a()
	for _, p := range []string{"document_number", s.Issuer, s.DocType, s.Key} {
		h.Write([]byte(p))
		h.Write([]byte{0})
	}
	return int64(h.Sum64())
}

// ListNumbers returns the numbers issued by issuer ("" for every issuer),
// the most recently reserved first, at most limit (100 when limit is not
// positive, never more than 1000).
func (db *DB) ListNumbers(ctx context.Context, issuer string, limit int) ([]document.Number, error) {
	if limit <= 0 {
		limit = 100
	}
	limit = min(limit, 1000)
	q := `SELECT id, style, issuer, doc_type, series_key, seq, number_text, subject, ref, issued_at, issued_by FROM document_number`
	var args []any
	if issuer = vntext.Normalize(issuer); issuer != "" {
		q += ` WHERE issuer = ?`
		args = append(args, issuer)
	}
	q += fmt.Sprintf(` ORDER BY id DESC LIMIT %d`, limit)
	rows, err := db.read.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("list document numbers: %w", err)
	}
	defer rows.Close()
	var out []document.Number
	for rows.Next() {
		var n document.Number
		var style, issued string
		if err := rows.Scan(&n.ID, &style, &n.Series.Issuer, &n.Series.DocType, &n.Series.Key, &n.Seq, &n.Text,
			&n.Subject, &n.Ref, &issued, &n.IssuedBy); err != nil {
			return nil, err
		}
		n.Series.Style = document.Style(style)
		n.IssuedAt = parseTime(issued)
		out = append(out, n)
	}
	return out, rows.Err()
}

package sqlstore

import (
	"context"
	"database/sql"
	"errors"
	"fmt"

	"giaoban/internal/apperr"
	"giaoban/internal/report"
)

var _ report.AttachmentStore = (*DB)(nil)

// AddAttachment stores a file of a report, audited.
func (db *DB) AddAttachment(ctx context.Context, a *report.Attachment) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO report_attachment (template_code, period_id, unit_code, filename, content_type, size_bytes, data, uploaded_at, uploaded_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), a.Key.Template, a.Key.Period, a.Key.Unit, a.Filename, a.ContentType, a.Size, a.Data,
			db.timeString(a.UploadedAt), a.UploadedBy).Scan(&a.ID)
		if err != nil {
			return fmt.Errorf("add attachment: %w", err)
		}
		return db.writeAudit(ctx, tx, "report.attach", "report", a.Key.String(), fmt.Sprintf("Đính kèm %s (%d byte)", a.Filename, a.Size), "", "")
	})
}

// ListAttachments lists a report's files, without their bytes.
func (db *DB) ListAttachments(ctx context.Context, k report.Key) ([]report.Attachment, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT id, filename, content_type, size_bytes, uploaded_at, uploaded_by FROM report_attachment
		WHERE template_code = ? AND period_id = ? AND unit_code = ? ORDER BY id`), k.Template, k.Period, k.Unit)
	if err != nil {
		return nil, fmt.Errorf("list attachments: %w", err)
	}
	defer rows.Close()
	var out []report.Attachment
	for rows.Next() {
		a := report.Attachment{Key: k}
		var at string
		if err := rows.Scan(&a.ID, &a.Filename, &a.ContentType, &a.Size, &at, &a.UploadedBy); err != nil {
			return nil, err
		}
		a.UploadedAt = parseTime(at)
		out = append(out, a)
	}
	return out, rows.Err()
}

// FindAttachment returns a file with its bytes; ENOTFOUND if none.
func (db *DB) FindAttachment(ctx context.Context, id int64) (*report.Attachment, error) {
	a := &report.Attachment{ID: id}
	var at string
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT template_code, period_id, unit_code, filename, content_type, size_bytes, data, uploaded_at, uploaded_by
		FROM report_attachment WHERE id = ?`), id).Scan(&a.Key.Template, &a.Key.Period, &a.Key.Unit, &a.Filename, &a.ContentType, &a.Size, &a.Data, &at, &a.UploadedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tệp đính kèm.")
	} else if err != nil {
		return nil, fmt.Errorf("find attachment: %w", err)
	}
	a.UploadedAt = parseTime(at)
	return a, nil
}

// DeleteAttachment removes a file, audited.
func (db *DB) DeleteAttachment(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var t, p, u, name string
		err := tx.QueryRowContext(ctx, db.rebind(`SELECT template_code, period_id, unit_code, filename FROM report_attachment WHERE id = ?`), id).Scan(&t, &p, &u, &name)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tệp đính kèm.")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM report_attachment WHERE id = ?`), id); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, "report.detach", "report", t+"/"+p+"/"+u, "Xóa tệp đính kèm "+name, "", "")
	})
}

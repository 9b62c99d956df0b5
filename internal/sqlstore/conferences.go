package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"
	"time"
	"unicode/utf8"

	"giaoban/internal/apperr"
	"giaoban/internal/conference"
	"giaoban/internal/document"
	"giaoban/internal/period"
	"giaoban/internal/task"
)

var _ conference.Store = (*DB)(nil)

// confQuerier is what both *sql.DB and *sql.Tx offer for reads.
type confQuerier interface {
	QueryContext(ctx context.Context, query string, args ...any) (*sql.Rows, error)
	QueryRowContext(ctx context.Context, query string, args ...any) *sql.Row
}

// confTime is the stored form of a conference time: RFC 3339 with the
// +07:00 offset, so that text order is time order.
func confTime(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return t.In(period.Vietnam).Format(time.RFC3339)
}

func parseConfTime(s string) time.Time {
	if s == "" {
		return time.Time{}
	}
	t, err := time.Parse(time.RFC3339, s)
	if err != nil {
		return time.Time{}
	}
	return t.In(period.Vietnam)
}

// confDate is the stored form of a date: YYYY-MM-DD, "" for none.
func confDate(d period.Date) string {
	if d.IsZero() {
		return ""
	}
	return d.String()
}

func parseConfDate(s string) period.Date {
	if s == "" {
		return period.Date{}
	}
	d, _ := period.Parse(s)
	return d
}

func confCodes(codes []string) string {
	if len(codes) == 0 {
		return "[]"
	}
	b, _ := json.Marshal(codes)
	return string(b)
}

func parseConfCodes(s string) []string {
	var out []string
	_ = json.Unmarshal([]byte(s), &out)
	return out
}

// conferenceJSON is the audit image of a conference (papers without bytes).
func conferenceJSON(c *conference.Conference) string {
	papers := make([]map[string]any, len(c.Papers))
	for i, p := range c.Papers {
		papers[i] = map[string]any{"kind": p.Kind, "title": p.Title, "ref": p.Ref, "file_name": p.FileName, "size": p.Size}
	}
	b, _ := json.Marshal(map[string]any{"id": c.ID, "title": c.Title, "kind": c.Kind, "host_unit": c.HostUnit,
		"template": c.Template, "period": c.Period, "starts_at": confTime(c.StartsAt), "ends_at": confTime(c.EndsAt),
		"place": c.Place, "chair_name": c.ChairName, "chair_title": c.ChairTitle, "status": c.Status,
		"minutes": c.Minutes, "invitation_no": c.InvitationNo, "invitation_on": confDate(c.InvitationOn), "invitees": c.Invitees, "agenda": c.Agenda,
		"attendance": c.Attendance, "papers": papers, "version": c.Version})
	return string(b)
}

func conclusionJSON(c *conference.Conclusion) string {
	b, _ := json.Marshal(map[string]any{"id": c.ID, "conference_id": c.ConferenceID, "issuer_unit": c.IssuerUnit,
		"title": c.Title, "signer_name": c.SignerName, "signer_title": c.SignerTitle, "preamble": c.Preamble,
		"closing": c.Closing, "recipients": c.Recipients, "status": c.Status, "approved_by": c.ApprovedBy,
		"number": c.NumberText, "issued_on": confDate(c.IssuedOn), "items": c.Items, "version": c.Version})
	return string(b)
}

const conferenceSelect = `SELECT id, title, kind, host_unit, template_code, period_id, starts_at, ends_at, place, chair_name, chair_title,
	status, minutes, invitation_no, invitation_on, created_at, updated_at, updated_by, version FROM conference`

func scanConference(s scanner) (conference.Conference, error) {
	var c conference.Conference
	var kind, status, starts, ends, invited, created, updated string
	err := s.Scan(&c.ID, &c.Title, &kind, &c.HostUnit, &c.Template, &c.Period, &starts, &ends, &c.Place, &c.ChairName, &c.ChairTitle,
		&status, &c.Minutes, &c.InvitationNo, &invited, &created, &updated, &c.UpdatedBy, &c.Version)
	c.InvitationOn = parseConfDate(invited)
	c.Kind, c.Status = conference.Kind(kind), conference.Status(status)
	c.StartsAt, c.EndsAt = parseConfTime(starts), parseConfTime(ends)
	c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
	return c, err
}

// CreateConference stores a new conference with its lists, audited.
func (db *DB) CreateConference(ctx context.Context, c *conference.Conference) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		c.Version = 1
		if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO conference (title, kind, host_unit, template_code, period_id, starts_at, ends_at, place,
			chair_name, chair_title, status, minutes, invitation_no, invitation_on, created_at, updated_at, updated_by, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			c.Title, string(c.Kind), c.HostUnit, c.Template, c.Period, confTime(c.StartsAt), confTime(c.EndsAt), c.Place,
			c.ChairName, c.ChairTitle, string(c.Status), c.Minutes, c.InvitationNo, confDate(c.InvitationOn), db.timeString(c.CreatedAt), db.timeString(c.UpdatedAt),
			c.UpdatedBy, c.Version).Scan(&c.ID); err != nil {
			return fmt.Errorf("create conference: %w", err)
		}
		if err := db.writeConferenceLists(ctx, tx, c); err != nil {
			return err
		}
		for i := range c.Papers {
			if err := db.insertPaper(ctx, tx, c.ID, &c.Papers[i]); err != nil {
				return err
			}
		}
		return db.writeAudit(ctx, tx, "conference.create", "conference", fmt.Sprint(c.ID), "Tạo hội nghị: "+c.Title, "", conferenceJSON(c))
	})
}

// writeConferenceLists replaces the invitees, agenda and attendance of c.
func (db *DB) writeConferenceLists(ctx context.Context, tx *sql.Tx, c *conference.Conference) error {
	for _, t := range []string{"conference_invitee", "conference_agenda", "conference_attendance"} {
		if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM `+t+` WHERE conference_id = ?`), c.ID); err != nil {
			return fmt.Errorf("replace %s of conference %d: %w", t, c.ID, err)
		}
	}
	var rows [][]any
	for i, x := range c.Invitees {
		rows = append(rows, []any{c.ID, i + 1, x.UnitCode, x.PersonName, x.Position})
	}
	if err := db.insertRows(ctx, tx, "conference_invitee", []string{"conference_id", "seq", "unit_code", "person_name", "position"}, rows); err != nil {
		return fmt.Errorf("store invitees of conference %d: %w", c.ID, err)
	}
	rows = rows[:0]
	for i, x := range c.Agenda {
		rows = append(rows, []any{c.ID, i + 1, x.Title, x.Presenter, x.Minutes, x.Kind})
	}
	if err := db.insertRows(ctx, tx, "conference_agenda", []string{"conference_id", "seq", "title", "presenter", "minutes", "kind"}, rows); err != nil {
		return fmt.Errorf("store agenda of conference %d: %w", c.ID, err)
	}
	rows = rows[:0]
	for i, x := range c.Attendance {
		rows = append(rows, []any{c.ID, i + 1, x.UnitCode, x.PersonName, x.PersonTitle, boolInt(x.Present), x.AbsenceReason})
	}
	if err := db.insertRows(ctx, tx, "conference_attendance", []string{"conference_id", "seq", "unit_code", "person_name", "person_title", "present", "absence_reason"}, rows); err != nil {
		return fmt.Errorf("store attendance of conference %d: %w", c.ID, err)
	}
	return nil
}

func (db *DB) insertPaper(ctx context.Context, tx *sql.Tx, conferenceID int64, p *conference.Paper) error {
	var data any
	if p.Kind == conference.PaperFile {
		data = p.Data
	}
	if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO conference_paper (conference_id, kind, title, ref, file_name, content_type, size, data, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`), conferenceID, string(p.Kind), p.Title, p.Ref, p.FileName, p.ContentType, p.Size, data,
		db.timeString(p.CreatedAt), p.CreatedBy).Scan(&p.ID); err != nil {
		return fmt.Errorf("store paper of conference %d: %w", conferenceID, err)
	}
	return nil
}

// UpdateConference saves c if its version is still base; it refuses a
// concluded conference. The consolidation papers are replaced by those of
// c; uploaded files are kept.
func (db *DB) UpdateConference(ctx context.Context, c *conference.Conference, base int, action, summary string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.findConference(ctx, tx, c.ID)
		if err != nil {
			return err
		}
		if before.Version != base {
			return apperr.Errorf(apperr.ECONFLICT, "Hội nghị vừa được người khác cập nhật. Vui lòng tải lại trang rồi thực hiện lại.")
		}
		if before.Status == conference.StatusConcluded {
			return apperr.Errorf(apperr.ECONFLICT, "Hội nghị đã có thông báo kết luận ban hành nên không sửa được nữa.")
		}
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE conference SET title = ?, kind = ?, template_code = ?, period_id = ?, starts_at = ?, ends_at = ?,
			place = ?, chair_name = ?, chair_title = ?, status = ?, minutes = ?, updated_at = ?, updated_by = ?, version = ?
			WHERE id = ? AND version = ? AND status <> 'concluded'`),
			c.Title, string(c.Kind), c.Template, c.Period, confTime(c.StartsAt), confTime(c.EndsAt), c.Place, c.ChairName, c.ChairTitle,
			string(c.Status), c.Minutes, db.timeString(c.UpdatedAt), c.UpdatedBy, base+1, c.ID, base)
		if err != nil {
			return fmt.Errorf("update conference %d: %w", c.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.Errorf(apperr.ECONFLICT, "Hội nghị vừa được người khác cập nhật. Vui lòng tải lại trang rồi thực hiện lại.")
		}
		if err := db.writeConferenceLists(ctx, tx, c); err != nil {
			return err
		}
		// Consolidation papers: those c keeps (by id) stay, the others go,
		// new ones (id 0) are added. Uploaded files are not touched.
		keep := []any{c.ID}
		for _, p := range c.Papers {
			if p.Kind == conference.PaperConsolidation && p.ID != 0 {
				keep = append(keep, p.ID)
			}
		}
		if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM conference_paper WHERE conference_id = ? AND kind = 'consolidation' AND id NOT IN (0`+
			strings.Repeat(", ?", len(keep)-1)+`)`), keep...); err != nil {
			return fmt.Errorf("replace consolidation paper of conference %d: %w", c.ID, err)
		}
		for i := range c.Papers {
			if c.Papers[i].Kind == conference.PaperConsolidation && c.Papers[i].ID == 0 {
				if err := db.insertPaper(ctx, tx, c.ID, &c.Papers[i]); err != nil {
					return err
				}
			}
		}
		c.Version = base + 1
		return db.writeAudit(ctx, tx, action, "conference", fmt.Sprint(c.ID), summary, conferenceJSON(before), conferenceJSON(c))
	})
}

// FindConference returns a conference with its lists; papers come without
// their bytes. ENOTFOUND if there is none.
func (db *DB) FindConference(ctx context.Context, id int64) (*conference.Conference, error) {
	return db.findConference(ctx, db.read, id)
}

func (db *DB) findConference(ctx context.Context, q confQuerier, id int64) (*conference.Conference, error) {
	c, err := scanConference(q.QueryRowContext(ctx, db.rebind(conferenceSelect+` WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy hội nghị.")
	} else if err != nil {
		return nil, fmt.Errorf("find conference %d: %w", id, err)
	}
	byID := map[int64]*conference.Conference{c.ID: &c}
	if err := db.loadConferenceLists(ctx, q, byID, true); err != nil {
		return nil, err
	}
	return &c, nil
}

// loadConferenceLists fills the invitees and attendance of the conferences
// in byID, and their agenda and papers when full.
func (db *DB) loadConferenceLists(ctx context.Context, q confQuerier, byID map[int64]*conference.Conference, full bool) error {
	if len(byID) == 0 {
		return nil
	}
	ids := make([]any, 0, len(byID))
	for id := range byID {
		ids = append(ids, id)
	}
	const chunk = 500
	for i := 0; i < len(ids); i += chunk {
		part := ids[i:min(i+chunk, len(ids))]
		in := "(" + placeholders(len(part)) + ")"
		if err := db.confRows(ctx, q, `SELECT conference_id, unit_code, person_name, position FROM conference_invitee WHERE conference_id IN `+in+` ORDER BY conference_id, seq`, part,
			func(r *sql.Rows) error {
				var id int64
				var x conference.Invitee
				if err := r.Scan(&id, &x.UnitCode, &x.PersonName, &x.Position); err != nil {
					return err
				}
				byID[id].Invitees = append(byID[id].Invitees, x)
				return nil
			}); err != nil {
			return fmt.Errorf("load invitees: %w", err)
		}
		if err := db.confRows(ctx, q, `SELECT conference_id, unit_code, person_name, person_title, present, absence_reason FROM conference_attendance WHERE conference_id IN `+in+` ORDER BY conference_id, seq`, part,
			func(r *sql.Rows) error {
				var id int64
				var present int
				var x conference.Attendee
				if err := r.Scan(&id, &x.UnitCode, &x.PersonName, &x.PersonTitle, &present, &x.AbsenceReason); err != nil {
					return err
				}
				x.Present = present != 0
				byID[id].Attendance = append(byID[id].Attendance, x)
				return nil
			}); err != nil {
			return fmt.Errorf("load attendance: %w", err)
		}
		if !full {
			continue
		}
		if err := db.confRows(ctx, q, `SELECT conference_id, title, presenter, minutes, kind FROM conference_agenda WHERE conference_id IN `+in+` ORDER BY conference_id, seq`, part,
			func(r *sql.Rows) error {
				var id int64
				var x conference.AgendaItem
				if err := r.Scan(&id, &x.Title, &x.Presenter, &x.Minutes, &x.Kind); err != nil {
					return err
				}
				byID[id].Agenda = append(byID[id].Agenda, x)
				return nil
			}); err != nil {
			return fmt.Errorf("load agenda: %w", err)
		}
		if err := db.confRows(ctx, q, `SELECT conference_id, id, kind, title, ref, file_name, content_type, size, created_at, created_by FROM conference_paper WHERE conference_id IN `+in+`
			ORDER BY conference_id, CASE kind WHEN 'consolidation' THEN 0 ELSE 1 END, id`, part,
			func(r *sql.Rows) error {
				var id int64
				var kind, created string
				var x conference.Paper
				if err := r.Scan(&id, &x.ID, &kind, &x.Title, &x.Ref, &x.FileName, &x.ContentType, &x.Size, &created, &x.CreatedBy); err != nil {
					return err
				}
				x.Kind, x.CreatedAt = conference.PaperKind(kind), parseTime(created)
				byID[id].Papers = append(byID[id].Papers, x)
				return nil
			}); err != nil {
			return fmt.Errorf("load papers: %w", err)
		}
	}
	return nil
}

// confRows runs a query and calls fn for each row.
func (db *DB) confRows(ctx context.Context, q confQuerier, query string, args []any, fn func(*sql.Rows) error) error {
	rows, err := q.QueryContext(ctx, db.rebind(query), args...)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		if err := fn(rows); err != nil {
			return err
		}
	}
	return rows.Err()
}

// ListConferences returns the conferences matching f with their lists
// (papers without their bytes), the latest first.
func (db *DB) ListConferences(ctx context.Context, f conference.Filter) ([]conference.Conference, error) {
	var w where
	w.eq("period_id", f.Period)
	w.eq("host_unit", f.Host)
	w.eq("status", string(f.Status))
	if f.Unit != "" {
		w.cond("(host_unit = ? OR id IN (SELECT conference_id FROM conference_invitee WHERE unit_code = ?))", f.Unit, f.Unit)
	}
	limit := f.Limit
	if limit <= 0 || limit > 5000 {
		limit = 500
	}
	var out []conference.Conference
	if err := db.confRows(ctx, db.read, conferenceSelect+w.String()+fmt.Sprintf(` ORDER BY starts_at DESC, id DESC LIMIT %d`, limit), w.args, func(r *sql.Rows) error {
		c, err := scanConference(r)
		if err != nil {
			return err
		}
		out = append(out, c)
		return nil
	}); err != nil {
		return nil, fmt.Errorf("list conferences: %w", err)
	}
	byID := make(map[int64]*conference.Conference, len(out))
	for i := range out {
		byID[out[i].ID] = &out[i]
	}
	if err := db.loadConferenceLists(ctx, db.read, byID, true); err != nil {
		return nil, err
	}
	return out, nil
}

// AddPaper stores an uploaded working paper, audited.
func (db *DB) AddPaper(ctx context.Context, conferenceID int64, p *conference.Paper) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		if err := db.insertPaper(ctx, tx, conferenceID, p); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, "conference.paper.add", "conference", fmt.Sprint(conferenceID),
			fmt.Sprintf("Thêm tài liệu %s (%d byte)", p.FileName, p.Size), "", "")
	})
}

// FindPaper returns a paper of a conference with its bytes; ENOTFOUND if
// the conference has no such paper.
func (db *DB) FindPaper(ctx context.Context, conferenceID, paperID int64) (*conference.Paper, error) {
	p := &conference.Paper{ID: paperID}
	var kind, created string
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT kind, title, ref, file_name, content_type, size, data, created_at, created_by
		FROM conference_paper WHERE id = ? AND conference_id = ?`), paperID, conferenceID).Scan(&kind, &p.Title, &p.Ref, &p.FileName,
		&p.ContentType, &p.Size, &p.Data, &created, &p.CreatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tài liệu.")
	} else if err != nil {
		return nil, fmt.Errorf("find paper %d: %w", paperID, err)
	}
	p.Kind, p.CreatedAt = conference.PaperKind(kind), parseTime(created)
	return p, nil
}

// DeletePaper removes an uploaded paper, audited.
func (db *DB) DeletePaper(ctx context.Context, conferenceID, paperID int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var name string
		err := tx.QueryRowContext(ctx, db.rebind(`SELECT file_name FROM conference_paper WHERE id = ? AND conference_id = ? AND kind = 'file'`), paperID, conferenceID).Scan(&name)
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tài liệu.")
		} else if err != nil {
			return err
		}
		if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM conference_paper WHERE id = ?`), paperID); err != nil {
			return fmt.Errorf("delete paper %d: %w", paperID, err)
		}
		return db.writeAudit(ctx, tx, "conference.paper.delete", "conference", fmt.Sprint(conferenceID), "Xóa tài liệu "+name, "", "")
	})
}

// withNumber runs fn, a transaction that reserves a document number, again
// after a unique violation (see ReserveNumber).
func (db *DB) withNumber(ctx context.Context, fn func() error) error {
	var lastErr error
	for attempt := 0; attempt < reserveAttempts; attempt++ {
		err := fn()
		if err == nil || !bulkDuplicate(err) || ctx.Err() != nil {
			return err
		}
		lastErr = err
		time.Sleep(time.Duration(attempt+1) * 5 * time.Millisecond)
	}
	return &apperr.Error{Code: apperr.ECONFLICT,
		Message: "Không cấp được số văn bản vì nhiều người cùng lấy số. Vui lòng thử lại.", Err: lastErr}
}

// IssueInvitation numbers the invitation letter of c and marks it invited,
// in one transaction.
func (db *DB) IssueInvitation(ctx context.Context, c *conference.Conference, base int, s document.Series, at time.Time) error {
	var number string
	err := db.withNumber(ctx, func() error {
		return db.inTx(ctx, func(tx *sql.Tx) error {
			var err error
			if _, number, err = db.reserveTx(ctx, tx, s, "Giấy mời dự "+c.Title, fmt.Sprintf("conference:%d", c.ID), at); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, db.rebind(`UPDATE conference SET invitation_no = ?, invitation_on = ?, status = ?, updated_at = ?, updated_by = ?, version = ?
				WHERE id = ? AND version = ? AND invitation_no = '' AND status <> 'concluded'`),
				number, confDate(c.InvitationOn), string(c.Status), db.timeString(c.UpdatedAt), c.UpdatedBy, base+1, c.ID, base)
			if err != nil {
				return fmt.Errorf("issue invitation of conference %d: %w", c.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				return apperr.Errorf(apperr.ECONFLICT, "Hội nghị vừa được người khác cập nhật hoặc giấy mời đã phát hành. Vui lòng tải lại trang.")
			}
			return db.writeAudit(ctx, tx, "conference.invite", "conference", fmt.Sprint(c.ID), "Phát hành giấy mời "+number+": "+c.Title, "", "")
		})
	})
	if err != nil {
		return err
	}
	c.InvitationNo, c.Version = number, base+1
	return nil
}

const conclusionSelect = `SELECT id, conference_id, issuer_unit, title, signer_name, signer_title, preamble, closing, recipients, status,
	approved_by, approved_at, number_text, issued_on, issued_at, issued_by, created_at, updated_at, updated_by, version FROM conclusion`

func scanConclusion(s scanner) (conference.Conclusion, error) {
	var c conference.Conclusion
	var status, approved, issuedOn, issuedAt, created, updated string
	err := s.Scan(&c.ID, &c.ConferenceID, &c.IssuerUnit, &c.Title, &c.SignerName, &c.SignerTitle, &c.Preamble, &c.Closing, &c.Recipients, &status,
		&c.ApprovedBy, &approved, &c.NumberText, &issuedOn, &issuedAt, &c.IssuedBy, &created, &updated, &c.UpdatedBy, &c.Version)
	c.Status = conference.ConclusionStatus(status)
	c.ApprovedAt, c.IssuedAt = parseOptTime(approved), parseOptTime(issuedAt)
	c.IssuedOn = parseConfDate(issuedOn)
	c.CreatedAt, c.UpdatedAt = parseTime(created), parseTime(updated)
	return c, err
}

// FindConclusion returns the conclusion of a conference with its items;
// ENOTFOUND if it has none.
func (db *DB) FindConclusion(ctx context.Context, conferenceID int64) (*conference.Conclusion, error) {
	return db.findConclusion(ctx, db.read, conferenceID)
}

func (db *DB) findConclusion(ctx context.Context, q confQuerier, conferenceID int64) (*conference.Conclusion, error) {
	c, err := scanConclusion(q.QueryRowContext(ctx, db.rebind(conclusionSelect+` WHERE conference_id = ?`), conferenceID))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Hội nghị chưa có thông báo kết luận.")
	} else if err != nil {
		return nil, fmt.Errorf("find conclusion of conference %d: %w", conferenceID, err)
	}
	if err := db.confRows(ctx, q, `SELECT id, seq, kind, text, addressees, deadline, ongoing FROM conclusion_item WHERE conclusion_id = ? ORDER BY seq`, []any{c.ID},
		func(r *sql.Rows) error {
			var it conference.Item
			var kind, addr, deadline string
			var ongoing int
			if err := r.Scan(&it.ID, &it.Seq, &kind, &it.Text, &addr, &deadline, &ongoing); err != nil {
				return err
			}
			it.Kind, it.Addressees, it.Deadline, it.Ongoing = conference.ItemKind(kind), parseConfCodes(addr), parseConfDate(deadline), ongoing != 0
			c.Items = append(c.Items, it)
			return nil
		}); err != nil {
		return nil, fmt.Errorf("load conclusion items: %w", err)
	}
	return &c, nil
}

// writeItems replaces the items of conclusion c and sets their IDs.
func (db *DB) writeItems(ctx context.Context, tx *sql.Tx, c *conference.Conclusion) error {
	if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM conclusion_item WHERE conclusion_id = ?`), c.ID); err != nil {
		return fmt.Errorf("replace items of conclusion %d: %w", c.ID, err)
	}
	for i := range c.Items {
		it := &c.Items[i]
		it.Seq = i + 1
		if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO conclusion_item (conclusion_id, seq, kind, text, addressees, deadline, ongoing)
			VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), c.ID, it.Seq, string(it.Kind), it.Text, confCodes(it.Addressees),
			confDate(it.Deadline), boolInt(it.Ongoing)).Scan(&it.ID); err != nil {
			return fmt.Errorf("store item %d of conclusion %d: %w", it.Seq, c.ID, err)
		}
	}
	return nil
}

// CreateConclusion stores the first draft of a conference's notice.
// ECONFLICT when the conference already has one.
func (db *DB) CreateConclusion(ctx context.Context, c *conference.Conclusion) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		c.Version = 1
		if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO conclusion (conference_id, issuer_unit, title, signer_name, signer_title, preamble, closing,
			recipients, status, approved_by, approved_at, number_text, issued_on, issued_at, issued_by, created_at, updated_at, updated_by, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, '', '', '', '', '', '', ?, ?, ?, ?) RETURNING id`),
			c.ConferenceID, c.IssuerUnit, c.Title, c.SignerName, c.SignerTitle, c.Preamble, c.Closing, c.Recipients, string(c.Status),
			db.timeString(c.CreatedAt), db.timeString(c.UpdatedAt), c.UpdatedBy, c.Version).Scan(&c.ID); err != nil {
			return err
		}
		if err := db.writeItems(ctx, tx, c); err != nil {
			return err
		}
		return db.writeAudit(ctx, tx, "conclusion.create", "conclusion", fmt.Sprint(c.ID), "Soạn thông báo kết luận: "+c.Title, "", conclusionJSON(c))
	})
	if bulkDuplicate(err) {
		return apperr.Errorf(apperr.ECONFLICT, "Hội nghị đã có dự thảo thông báo kết luận. Vui lòng tải lại trang.")
	} else if err != nil {
		return fmt.Errorf("create conclusion: %w", err)
	}
	return nil
}

// lockedConclusionErr is the store's refusal to touch an issued notice.
func lockedConclusionErr(number string) error {
	return apperr.Errorf(apperr.ECONFLICT, "Thông báo kết luận đã ban hành (%s) nên không sửa được nữa.", number)
}

// UpdateConclusion saves c and its items if its version is still base.
// An issued notice is locked: the update is refused (ECONFLICT) whoever
// asks, so no path around the service can change it.
func (db *DB) UpdateConclusion(ctx context.Context, c *conference.Conclusion, base int, action, summary string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := db.findConclusion(ctx, tx, c.ConferenceID)
		if err != nil {
			return err
		}
		if before.Status == conference.ConclusionIssued {
			return lockedConclusionErr(before.NumberText)
		}
		if before.Version != base || before.ID != c.ID {
			return apperr.Errorf(apperr.ECONFLICT, "Thông báo kết luận vừa được người khác cập nhật. Vui lòng tải lại trang rồi thực hiện lại.")
		}
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE conclusion SET title = ?, signer_name = ?, signer_title = ?, preamble = ?, closing = ?, recipients = ?,
			status = ?, approved_by = ?, approved_at = ?, updated_at = ?, updated_by = ?, version = ?
			WHERE id = ? AND version = ? AND status <> 'issued'`),
			c.Title, c.SignerName, c.SignerTitle, c.Preamble, c.Closing, c.Recipients, string(c.Status), c.ApprovedBy, db.optTime(c.ApprovedAt),
			db.timeString(c.UpdatedAt), c.UpdatedBy, base+1, c.ID, base)
		if err != nil {
			return fmt.Errorf("update conclusion %d: %w", c.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.Errorf(apperr.ECONFLICT, "Thông báo kết luận vừa được người khác cập nhật. Vui lòng tải lại trang rồi thực hiện lại.")
		}
		if err := db.writeItems(ctx, tx, c); err != nil {
			return err
		}
		c.Version = base + 1
		return db.writeAudit(ctx, tx, action, "conclusion", fmt.Sprint(c.ID), summary, conclusionJSON(before), conclusionJSON(c))
	})
}

// conclusionTaskLink is the page of a task, for its notification.
func conclusionTaskLink(id int64) string { return fmt.Sprintf("/nhiem-vu/%d", id) }

// confExcerpt cuts s to n characters.
func confExcerpt(s string, n int) string {
	s = strings.Join(strings.Fields(s), " ")
	if utf8.RuneCountInString(s) <= n {
		return s
	}
	r := []rune(s)
	return strings.TrimSpace(string(r[:n])) + "…"
}

// IssueConclusion issues c in one transaction: it reserves the number,
// locks the notice, marks the conference concluded, and stores the tasks
// with their "assigned" notification and reminder record. Nothing is
// written, and no number is consumed, on any error.
func (db *DB) IssueConclusion(ctx context.Context, c *conference.Conclusion, base int, s document.Series, tasks []task.Task, at time.Time) error {
	var number string
	ids := make([]int64, len(tasks))
	err := db.withNumber(ctx, func() error {
		return db.inTx(ctx, func(tx *sql.Tx) error {
			var err error
			if _, number, err = db.reserveTx(ctx, tx, s, c.Title, fmt.Sprintf("conclusion:%d", c.ID), at); err != nil {
				return err
			}
			res, err := tx.ExecContext(ctx, db.rebind(`UPDATE conclusion SET status = 'issued', number_text = ?, issued_on = ?, issued_at = ?, issued_by = ?,
				updated_at = ?, updated_by = ?, version = ? WHERE id = ? AND version = ? AND status = 'approved'`),
				number, confDate(c.IssuedOn), db.timeString(c.IssuedAt), c.IssuedBy, db.timeString(c.UpdatedAt), c.UpdatedBy, base+1, c.ID, base)
			if err != nil {
				return fmt.Errorf("issue conclusion %d: %w", c.ID, err)
			}
			if n, _ := res.RowsAffected(); n == 0 {
				var status, num string
				if err := tx.QueryRowContext(ctx, db.rebind(`SELECT status, number_text FROM conclusion WHERE id = ?`), c.ID).Scan(&status, &num); err == nil && status == string(conference.ConclusionIssued) {
					return lockedConclusionErr(num)
				}
				return apperr.Errorf(apperr.ECONFLICT, "Thông báo kết luận vừa được người khác cập nhật hoặc chưa được duyệt. Vui lòng tải lại trang.")
			}
			if _, err := tx.ExecContext(ctx, db.rebind(`UPDATE conference SET status = 'concluded', updated_at = ?, updated_by = ?, version = version + 1 WHERE id = ?`),
				db.timeString(c.UpdatedAt), c.UpdatedBy, c.ConferenceID); err != nil {
				return fmt.Errorf("conclude conference %d: %w", c.ConferenceID, err)
			}
			after := *c
			after.Status, after.NumberText, after.Version = conference.ConclusionIssued, number, base+1
			if err := db.writeAudit(ctx, tx, "conclusion.issue", "conclusion", fmt.Sprint(c.ID),
				"Ban hành thông báo kết luận "+number+": "+c.Title, "", conclusionJSON(&after)); err != nil {
				return err
			}
			for i := range tasks {
				t := tasks[i]
				t.SourceNumber = number
				if ids[i], err = db.insertConclusionTask(ctx, tx, &t); err != nil {
					return err
				}
				msg := "Nhiệm vụ mới theo " + strings.TrimPrefix(number, "Số ") + ": " + confExcerpt(t.Content, 120)
				if t.Ongoing || t.Deadline.IsZero() {
					msg += " (thường xuyên)"
				} else {
					msg += " (hạn " + t.Deadline.VN() + ")"
				}
				if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO notification (unit_code, message, link, created_at, created_by) VALUES (?, ?, ?, ?, ?)`),
					t.LeadUnit, msg, conclusionTaskLink(ids[i]), db.timeString(at), c.IssuedBy); err != nil {
					return fmt.Errorf("notify %s of task %d: %w", t.LeadUnit, ids[i], err)
				}
				if _, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO task_reminder (task_id, kind, sent_at) VALUES (?, ?, ?)`),
					ids[i], string(task.RemindAssigned), db.timeString(at)); err != nil {
					return fmt.Errorf("record reminder of task %d: %w", ids[i], err)
				}
			}
			return nil
		})
	})
	if err != nil {
		return err
	}
	c.Status, c.NumberText, c.Version = conference.ConclusionIssued, number, base+1
	for i := range tasks {
		tasks[i].ID, tasks[i].SourceNumber = ids[i], number
	}
	return nil
}

// insertConclusionTask stores one task made from a conclusion item,
// audited, and returns its id.
func (db *DB) insertConclusionTask(ctx context.Context, tx *sql.Tx, t *task.Task) (int64, error) {
	var id int64
	if err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO task (content, lead_unit, coordinating, monitor_unit, deadline, ongoing, source_kind,
		conclusion_item_id, source_number, source_title, assigned_on, state, done_on, percent, last_progress, created_at, created_by, updated_at, updated_by, version)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, '', 0, '', ?, ?, ?, ?, 1) RETURNING id`),
		t.Content, t.LeadUnit, confCodes(t.Coordinating), t.MonitorUnit, confDate(t.Deadline), boolInt(t.Ongoing), string(task.SourceConclusion),
		t.ConclusionItemID, t.SourceNumber, t.SourceTitle, confDate(t.AssignedOn), string(task.StateOpen),
		db.timeString(t.CreatedAt), t.CreatedBy, db.timeString(t.UpdatedAt), t.UpdatedBy).Scan(&id); err != nil {
		return 0, fmt.Errorf("create task for %s: %w", t.LeadUnit, err)
	}
	after, _ := json.Marshal(map[string]any{"id": id, "content": t.Content, "lead_unit": t.LeadUnit, "monitor_unit": t.MonitorUnit,
		"deadline": confDate(t.Deadline), "ongoing": t.Ongoing, "source_kind": task.SourceConclusion, "conclusion_item_id": t.ConclusionItemID,
		"source_number": t.SourceNumber, "assigned_on": confDate(t.AssignedOn), "state": task.StateOpen})
	if err := db.writeAudit(ctx, tx, "task.create", "task", fmt.Sprint(id), "Giao nhiệm vụ cho "+t.LeadUnit+" theo "+t.SourceNumber, "", string(after)); err != nil {
		return 0, err
	}
	return id, nil
}

// PreviousConclusion returns the latest issued conclusion of a conference
// of host that started before before; ENOTFOUND if none.
func (db *DB) PreviousConclusion(ctx context.Context, host string, before time.Time) (*conference.Conclusion, error) {
	var confID int64
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT c.id FROM conclusion cl JOIN conference c ON c.id = cl.conference_id
		WHERE c.host_unit = ? AND cl.status = 'issued' AND c.starts_at < ? ORDER BY c.starts_at DESC, c.id DESC LIMIT 1`),
		host, confTime(before)).Scan(&confID)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không có thông báo kết luận kỳ trước.")
	} else if err != nil {
		return nil, fmt.Errorf("previous conclusion of %s: %w", host, err)
	}
	return db.FindConclusion(ctx, confID)
}

// TasksOfConclusion returns the tasks made from a conclusion's items, in
// item order.
func (db *DB) TasksOfConclusion(ctx context.Context, conclusionID int64) ([]task.Task, error) {
	var out []task.Task
	err := db.confRows(ctx, db.read, `SELECT t.id, t.content, t.lead_unit, t.coordinating, t.monitor_unit, t.deadline, t.ongoing, t.source_kind,
		COALESCE(t.conclusion_item_id, 0), t.source_number, t.source_title, t.assigned_on, t.state, t.done_on, t.percent, t.last_progress,
		t.created_at, t.created_by, t.updated_at, t.updated_by, t.version
		FROM task t JOIN conclusion_item i ON i.id = t.conclusion_item_id WHERE i.conclusion_id = ? ORDER BY i.seq, t.id`, []any{conclusionID},
		func(r *sql.Rows) error {
			var t task.Task
			var coord, deadline, source, assigned, state, done, created, updated string
			var ongoing int
			if err := r.Scan(&t.ID, &t.Content, &t.LeadUnit, &coord, &t.MonitorUnit, &deadline, &ongoing, &source, &t.ConclusionItemID,
				&t.SourceNumber, &t.SourceTitle, &assigned, &state, &done, &t.Percent, &t.LastProgress, &created, &t.CreatedBy,
				&updated, &t.UpdatedBy, &t.Version); err != nil {
				return err
			}
			t.Coordinating, t.Deadline, t.Ongoing = parseConfCodes(coord), parseConfDate(deadline), ongoing != 0
			t.SourceKind, t.AssignedOn, t.State, t.DoneOn = task.SourceKind(source), parseConfDate(assigned), task.State(state), parseConfDate(done)
			t.CreatedAt, t.UpdatedAt = parseTime(created), parseTime(updated)
			out = append(out, t)
			return nil
		})
	if err != nil {
		return nil, fmt.Errorf("tasks of conclusion %d: %w", conclusionID, err)
	}
	return out, nil
}

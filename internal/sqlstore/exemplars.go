package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"fmt"
	"slices"
	"strconv"

	"giaoban/internal/apperr"
	"giaoban/internal/exemplar"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

var _ exemplar.Store = (*DB)(nil)

// maxInList bounds the unit codes sent as an IN list; a wider scope (a
// whole country) is filtered after the query instead, which stays well
// under both databases' parameter limits.
const maxInList = 2000

const exemplarSelect = `SELECT id, unit_code, name, kind, holder, field, level, year, phase, content, goals, status, review_result,
	commend_level, award, decision_number, replicated_to, registered_on, created_at, updated_at, updated_by, version FROM exemplar`

func scanExemplar(s scanner) (*exemplar.Model, error) {
	m := &exemplar.Model{}
	var kind, holder, field, level, status, replicated, registered, created, updated string
	if err := s.Scan(&m.ID, &m.UnitCode, &m.Name, &kind, &holder, &field, &level, &m.Year, &m.Phase, &m.Content, &m.Goals, &status,
		&m.ReviewResult, &m.CommendLevel, &m.Award, &m.DecisionNumber, &replicated, &registered, &created, &updated, &m.UpdatedBy, &m.Version); err != nil {
		return nil, err
	}
	m.Kind, m.Holder, m.Field, m.Level, m.Status = exemplar.Kind(kind), exemplar.Holder(holder), exemplar.Field(field), exemplar.Level(level), exemplar.Status(status)
	if err := json.Unmarshal([]byte(replicated), &m.ReplicatedTo); err != nil {
		return nil, fmt.Errorf("exemplar %d replicated_to: %w", m.ID, err)
	}
	m.RegisteredOn, _ = period.Parse(registered)
	m.CreatedAt, m.UpdatedAt = parseTime(created), parseTime(updated)
	return m, nil
}

func exemplarCodes(codes []string) string {
	if codes == nil {
		codes = []string{}
	}
	b, _ := json.Marshal(codes)
	return string(b)
}

// exemplarJSON is the audit form of a model.
func exemplarJSON(m *exemplar.Model) string {
	b, _ := json.Marshal(map[string]any{"id": m.ID, "unit": m.UnitCode, "name": m.Name, "kind": m.Kind, "holder": m.Holder,
		"field": m.Field, "level": m.Level, "year": m.Year, "phase": m.Phase, "content": m.Content, "goals": m.Goals,
		"status": m.Status, "review_result": m.ReviewResult, "commend_level": m.CommendLevel, "award": m.Award,
		"decision_number": m.DecisionNumber, "replicated_to": m.ReplicatedTo, "registered_on": m.RegisteredOn.String(), "version": m.Version})
	return string(b)
}

func (db *DB) insertExemplarEvent(ctx context.Context, tx *sql.Tx, ev *exemplar.Event) error {
	return tx.QueryRowContext(ctx, db.rebind(`INSERT INTO exemplar_event (exemplar_id, status, on_date, note, detail, created_at, created_by)
		VALUES (?, ?, ?, ?, ?, ?, ?) RETURNING id`), ev.ExemplarID, string(ev.Status), ev.On.String(), ev.Note, ev.Detail,
		db.timeString(ev.CreatedAt), ev.CreatedBy).Scan(&ev.ID)
}

// CreateExemplar inserts a model with its first event and an audit entry,
// setting m.ID and m.Version (1). ECONFLICT when the unit already has a
// model of that name (folded) for the year.
func (db *DB) CreateExemplar(ctx context.Context, m *exemplar.Model, ev *exemplar.Event) error {
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		m.Version = 1
		err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO exemplar (unit_code, name, name_key, kind, holder, field, level, year, phase, content, goals,
			status, review_result, commend_level, award, decision_number, replicated_to, registered_on, created_at, updated_at, updated_by, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			m.UnitCode, m.Name, vntext.Fold(m.Name), string(m.Kind), string(m.Holder), string(m.Field), string(m.Level), m.Year, m.Phase,
			m.Content, m.Goals, string(m.Status), m.ReviewResult, m.CommendLevel, m.Award, m.DecisionNumber, exemplarCodes(m.ReplicatedTo),
			m.RegisteredOn.String(), db.timeString(m.CreatedAt), db.timeString(m.UpdatedAt), m.UpdatedBy, m.Version).Scan(&m.ID)
		if err != nil {
			return err
		}
		ev.ExemplarID = m.ID
		if err := db.insertExemplarEvent(ctx, tx, ev); err != nil {
			return fmt.Errorf("exemplar event: %w", err)
		}
		return db.writeAudit(ctx, tx, "exemplar.register", "exemplar", strconv.FormatInt(m.ID, 10),
			fmt.Sprintf("Đăng ký %s “%s” (%s, năm %d)", m.Kind.Label(), m.Name, m.UnitCode, m.Year), "", exemplarJSON(m))
	})
	if err != nil {
		m.ID, m.Version = 0, 0
		if bulkDuplicate(err) {
			return &apperr.Error{Code: apperr.ECONFLICT, Message: "Đơn vị đã đăng ký một mô hình, điển hình cùng tên cho năm này.",
				Fields: map[string]string{"name": "Đã có mô hình, điển hình tên này của đơn vị trong năm " + strconv.Itoa(m.Year) + "."}, Err: err}
		}
		return fmt.Errorf("create exemplar: %w", err)
	}
	return nil
}

// FindExemplar returns a model with its events, oldest first.
func (db *DB) FindExemplar(ctx context.Context, id int64) (*exemplar.Model, error) {
	m, err := scanExemplar(db.read.QueryRowContext(ctx, db.rebind(exemplarSelect+` WHERE id = ?`), id))
	if err == sql.ErrNoRows {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy mô hình, điển hình số %d.", id)
	} else if err != nil {
		return nil, fmt.Errorf("find exemplar %d: %w", id, err)
	}
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT id, exemplar_id, status, on_date, note, detail, created_at, created_by
		FROM exemplar_event WHERE exemplar_id = ? ORDER BY id`), id)
	if err != nil {
		return nil, fmt.Errorf("exemplar %d events: %w", id, err)
	}
	defer rows.Close()
	for rows.Next() {
		var ev exemplar.Event
		var status, on, created string
		if err := rows.Scan(&ev.ID, &ev.ExemplarID, &status, &on, &ev.Note, &ev.Detail, &created, &ev.CreatedBy); err != nil {
			return nil, err
		}
		ev.Status = exemplar.Status(status)
		ev.On, _ = period.Parse(on)
		ev.CreatedAt = parseTime(created)
		m.Events = append(m.Events, ev)
	}
	return m, rows.Err()
}

// AdvanceExemplar writes a step of m's lifecycle if the stored version is
// base, with its event and an audit entry; ECONFLICT when stale.
func (db *DB) AdvanceExemplar(ctx context.Context, m *exemplar.Model, base int, ev *exemplar.Event) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanExemplar(tx.QueryRowContext(ctx, db.rebind(exemplarSelect+` WHERE id = ?`), m.ID))
		if err == sql.ErrNoRows {
			return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy mô hình, điển hình số %d.", m.ID)
		} else if err != nil {
			return fmt.Errorf("advance exemplar %d: %w", m.ID, err)
		}
		if before.Version != base {
			return apperr.Errorf(apperr.ECONFLICT, "Mô hình vừa được %s cập nhật (phiên bản %d). Vui lòng tải lại trang và thực hiện lại.", before.UpdatedBy, before.Version)
		}
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE exemplar SET status = ?, review_result = ?, commend_level = ?, award = ?, decision_number = ?,
			replicated_to = ?, updated_at = ?, updated_by = ?, version = ? WHERE id = ? AND version = ?`),
			string(m.Status), m.ReviewResult, m.CommendLevel, m.Award, m.DecisionNumber, exemplarCodes(m.ReplicatedTo),
			db.timeString(m.UpdatedAt), m.UpdatedBy, base+1, m.ID, base)
		if err != nil {
			return fmt.Errorf("advance exemplar %d: %w", m.ID, err)
		}
		if n, err := res.RowsAffected(); err != nil {
			return err
		} else if n == 0 {
			return apperr.Errorf(apperr.ECONFLICT, "Mô hình vừa được người khác cập nhật. Vui lòng tải lại trang và thực hiện lại.")
		}
		m.Version = base + 1
		ev.ExemplarID = m.ID
		if err := db.insertExemplarEvent(ctx, tx, ev); err != nil {
			m.Version = base
			return fmt.Errorf("exemplar event: %w", err)
		}
		summary := fmt.Sprintf("%s “%s”: %s", ev.Status.StepLabel(), m.Name, ev.Status.Label())
		if ev.Detail != "" {
			summary += " — " + ev.Detail
		}
		if err := db.writeAudit(ctx, tx, "exemplar."+string(ev.Status), "exemplar", strconv.FormatInt(m.ID, 10), summary,
			exemplarJSON(before), exemplarJSON(m)); err != nil {
			m.Version = base
			return err
		}
		return nil
	})
}

// exemplarWhere builds the conditions of f; units is false when the unit
// list is too long to send and must be applied to the rows instead.
func exemplarWhere(f exemplar.Filter) (w *where, inSQL bool) {
	w = &where{}
	if f.Units != nil {
		if len(f.Units) == 0 {
			w.cond("1 = 0")
		} else if len(f.Units) <= maxInList {
			w.in("unit_code", f.Units)
			inSQL = true
		}
	}
	if f.Year != 0 {
		w.cond("year = ?", f.Year)
	}
	w.eq("field", string(f.Field))
	w.eq("level", string(f.Level))
	w.eq("status", string(f.Status))
	w.eq("kind", string(f.Kind))
	w.eq("holder", string(f.Holder))
	if !f.RegisteredBy.IsZero() {
		w.cond("registered_on <= ?", f.RegisteredBy.String())
	}
	return w, inSQL || f.Units == nil || len(f.Units) == 0
}

// unitSet is the filter's units as a set, for the rows of a scope too wide
// for an IN list.
func unitSet(units []string) map[string]bool {
	m := make(map[string]bool, len(units))
	for _, u := range units {
		m[u] = true
	}
	return m
}

// ListExemplars returns the models f selects, newest year first, then by
// unit code and name; at most f.Limit when positive.
func (db *DB) ListExemplars(ctx context.Context, f exemplar.Filter) ([]exemplar.Model, error) {
	w, filtered := exemplarWhere(f)
	q := exemplarSelect + w.String() + ` ORDER BY year DESC, unit_code, name_key, id`
	if f.Limit > 0 && filtered {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	rows, err := db.read.QueryContext(ctx, db.rebind(q), w.args...)
	if err != nil {
		return nil, fmt.Errorf("list exemplars: %w", err)
	}
	defer rows.Close()
	var keep map[string]bool
	if !filtered {
		keep = unitSet(f.Units)
	}
	var out []exemplar.Model
	for rows.Next() {
		m, err := scanExemplar(rows)
		if err != nil {
			return nil, err
		}
		if keep != nil && !keep[m.UnitCode] {
			continue
		}
		out = append(out, *m)
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
	}
	return out, rows.Err()
}

// CountExemplars counts the models f selects by unit, year, field, level,
// status, kind and holder.
func (db *DB) CountExemplars(ctx context.Context, f exemplar.Filter) ([]exemplar.Count, error) {
	w, filtered := exemplarWhere(f)
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT unit_code, year, field, level, status, kind, holder, COUNT(*) FROM exemplar`+w.String()+`
		GROUP BY unit_code, year, field, level, status, kind, holder ORDER BY unit_code, year, field, level, status, kind, holder`), w.args...)
	if err != nil {
		return nil, fmt.Errorf("count exemplars: %w", err)
	}
	defer rows.Close()
	var keep map[string]bool
	if !filtered {
		keep = unitSet(f.Units)
	}
	var out []exemplar.Count
	for rows.Next() {
		var c exemplar.Count
		var field, level, status, kind, holder string
		if err := rows.Scan(&c.Unit, &c.Year, &field, &level, &status, &kind, &holder, &c.N); err != nil {
			return nil, err
		}
		if keep != nil && !keep[c.Unit] {
			continue
		}
		c.Field, c.Level, c.Status, c.Kind, c.Holder = exemplar.Field(field), exemplar.Level(level), exemplar.Status(status), exemplar.Kind(kind), exemplar.Holder(holder)
		out = append(out, c)
	}
	return out, rows.Err()
}

// CountReached counts the models of units with an event of status on a
// day in [from, to]; a model replicated twice in the window counts once.
func (db *DB) CountReached(ctx context.Context, units []string, status exemplar.Status, from, to period.Date) (int, error) {
	if len(units) == 0 {
		return 0, nil
	}
	q := `SELECT x.unit_code, COUNT(DISTINCT x.id) FROM exemplar x JOIN exemplar_event e ON e.exemplar_id = x.id
		WHERE e.status = ? AND e.on_date >= ? AND e.on_date <= ?`
	args := []any{string(status), from.String(), to.String()}
	if len(units) <= maxInList {
		q += ` AND x.unit_code IN (` + placeholders(len(units)) + `)`
		for _, u := range units {
			args = append(args, u)
		}
	}
	rows, err := db.read.QueryContext(ctx, db.rebind(q+` GROUP BY x.unit_code`), args...)
	if err != nil {
		return 0, fmt.Errorf("count exemplars reaching %s: %w", status, err)
	}
	defer rows.Close()
	keep := unitSet(units)
	total := 0
	for rows.Next() {
		var unit string
		var n int
		if err := rows.Scan(&unit, &n); err != nil {
			return 0, err
		}
		if keep[unit] {
			total += n
		}
	}
	return total, rows.Err()
}

// ExemplarYears lists the years that have models, newest first.
func (db *DB) ExemplarYears(ctx context.Context) ([]int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT DISTINCT year FROM exemplar`)
	if err != nil {
		return nil, fmt.Errorf("exemplar years: %w", err)
	}
	defer rows.Close()
	var out []int
	for rows.Next() {
		var y int
		if err := rows.Scan(&y); err != nil {
			return nil, err
		}
		out = append(out, y)
	}
	slices.Sort(out)
	slices.Reverse(out)
	return out, rows.Err()
}

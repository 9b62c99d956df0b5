package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

var _ org.Store = (*DB)(nil)

// unitColumns selects a unit as of a date; the query must bind the date six
// times: unit, name and parent intervals.
const unitSelect = `SELECT u.code, n.name, n.full_name, u.kind, u.sector, u.place,
	COALESCE(p.parent_code, ''), u.valid_from, u.valid_to
FROM unit u
JOIN unit_name n ON n.code = u.code AND n.valid_from <= ? AND n.valid_to >= ?
LEFT JOIN unit_parent p ON p.code = u.code AND p.valid_from <= ? AND p.valid_to >= ?
WHERE u.valid_from <= ? AND u.valid_to >= ?`

func dateArgs(at period.Date, n int) []any {
	s := at.String()
	out := make([]any, n)
	for i := range out {
		out[i] = s
	}
	return out
}

type scanner interface{ Scan(dest ...any) error }

func scanUnit(s scanner, extra ...any) (org.Unit, error) {
	var u org.Unit
	var kind, sector, from, to string
	dest := append([]any{&u.Code, &u.Name, &u.FullName, &kind, &sector, &u.Place, &u.ParentCode, &from, &to}, extra...)
	if err := s.Scan(dest...); err != nil {
		return u, err
	}
	u.Kind, u.Sector = org.Kind(kind), org.Sector(sector)
	u.ValidFrom, _ = period.Parse(from)
	u.ValidTo, _ = period.Parse(to)
	return u, nil
}

// FindUnit returns the unit code as of at.
func (db *DB) FindUnit(ctx context.Context, code string, at period.Date) (*org.Unit, error) {
	row := db.read.QueryRowContext(ctx, db.rebind(unitSelect+` AND u.code = ?`), append(dateArgs(at, 6), code)...)
	u, err := scanUnit(row)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy đơn vị %s vào ngày %s.", code, at.VN())
	} else if err != nil {
		return nil, fmt.Errorf("find unit %s: %w", code, err)
	}
	return &u, nil
}

// ListUnits returns the units in force on f.At that match f, by code.
func (db *DB) ListUnits(ctx context.Context, f org.Filter) ([]org.Unit, error) {
	q := unitSelect
	args := dateArgs(f.At, 6)
	if f.Parent != nil {
		if *f.Parent == "" {
			q += ` AND p.parent_code IS NULL`
		} else {
			q += ` AND p.parent_code = ?`
			args = append(args, *f.Parent)
		}
	}
	if f.Kind != "" {
		q += ` AND u.kind = ?`
		args = append(args, string(f.Kind))
	}
	if f.Query != "" {
		q += ` AND (n.search_key LIKE ? OR u.code = ?)`
		args = append(args, "%"+escapeLike(vntext.Fold(f.Query))+"%", f.Query)
	}
	q += ` ORDER BY u.code`
	if f.Limit > 0 {
		q += fmt.Sprintf(` LIMIT %d`, f.Limit)
	}
	return db.queryUnits(ctx, q, args...)
}

func escapeLike(s string) string {
	return strings.NewReplacer(`%`, ``, `_`, ``).Replace(s)
}

func (db *DB) queryUnits(ctx context.Context, q string, args ...any) ([]org.Unit, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("list units: %w", err)
	}
	defer rows.Close()
	var out []org.Unit
	for rows.Next() {
		u, err := scanUnit(rows)
		if err != nil {
			return nil, fmt.Errorf("list units: %w", err)
		}
		out = append(out, u)
	}
	return out, rows.Err()
}

// SubtreeAt returns code and everything below it on at, parents first.
func (db *DB) SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error) {
	d := at.String()
	q := `WITH RECURSIVE sub(code, lvl) AS (
		SELECT CAST(? AS TEXT), 0
		UNION ALL
		SELECT p.code, sub.lvl + 1 FROM unit_parent p JOIN sub ON p.parent_code = sub.code
		WHERE p.valid_from <= ? AND p.valid_to >= ? AND sub.lvl < 16
	)
	SELECT u.code, n.name, n.full_name, u.kind, u.sector, u.place,
		COALESCE(p.parent_code, ''), u.valid_from, u.valid_to, sub.lvl
	FROM sub
	JOIN unit u ON u.code = sub.code AND u.valid_from <= ? AND u.valid_to >= ?
	JOIN unit_name n ON n.code = u.code AND n.valid_from <= ? AND n.valid_to >= ?
	LEFT JOIN unit_parent p ON p.code = u.code AND p.valid_from <= ? AND p.valid_to >= ?
	ORDER BY sub.lvl, u.code`
	rows, err := db.read.QueryContext(ctx, db.rebind(q), code, d, d, d, d, d, d, d, d)
	if err != nil {
		return nil, fmt.Errorf("subtree %s at %s: %w", code, at, err)
	}
	defer rows.Close()
	var out []org.Unit
	for rows.Next() {
		var lvl int
		u, err := scanUnit(rows, &lvl)
		if err != nil {
			return nil, fmt.Errorf("subtree %s: %w", code, err)
		}
		u.Level = lvl
		out = append(out, u)
	}
	if err := rows.Err(); err != nil {
		return nil, err
	}
	if len(out) == 0 {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy đơn vị %s vào ngày %s.", code, at.VN())
	}
	return out, nil
}

// AncestorsAt returns the parents of code on at, nearest first.
func (db *DB) AncestorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	d := at.String()
	q := `WITH RECURSIVE up(code, lvl) AS (
		SELECT p.parent_code, 1 FROM unit_parent p WHERE p.code = ? AND p.valid_from <= ? AND p.valid_to >= ?
		UNION ALL
		SELECT p.parent_code, up.lvl + 1 FROM unit_parent p JOIN up ON p.code = up.code
		WHERE p.valid_from <= ? AND p.valid_to >= ? AND up.lvl < 16
	)
	SELECT code FROM up ORDER BY lvl`
	rows, err := db.read.QueryContext(ctx, db.rebind(q), code, d, d, d, d)
	if err != nil {
		return nil, fmt.Errorf("ancestors of %s: %w", code, err)
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var c string
		if err := rows.Scan(&c); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// UnitHistory returns everything recorded about code.
func (db *DB) UnitHistory(ctx context.Context, code string) (*org.History, error) {
	h := &org.History{}
	var kind, sector, from, to string
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT code, kind, sector, place, valid_from, valid_to FROM unit WHERE code = ?`), code).
		Scan(&h.Record.Code, &kind, &sector, &h.Record.Place, &from, &to)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy đơn vị %s.", code)
	} else if err != nil {
		return nil, fmt.Errorf("unit history %s: %w", code, err)
	}
	h.Record.Kind, h.Record.Sector = org.Kind(kind), org.Sector(sector)
	h.Record.ValidFrom, _ = period.Parse(from)
	h.Record.ValidTo, _ = period.Parse(to)

	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT name, full_name, valid_from, valid_to FROM unit_name WHERE code = ? ORDER BY valid_from`), code)
	if err != nil {
		return nil, fmt.Errorf("unit history %s: %w", code, err)
	}
	for rows.Next() {
		n := org.NameVersion{Code: code}
		if err := rows.Scan(&n.Name, &n.FullName, &from, &to); err != nil {
			rows.Close()
			return nil, err
		}
		n.ValidFrom, _ = period.Parse(from)
		n.ValidTo, _ = period.Parse(to)
		h.Names = append(h.Names, n)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.read.QueryContext(ctx, db.rebind(`SELECT parent_code, valid_from, valid_to FROM unit_parent WHERE code = ? ORDER BY valid_from`), code)
	if err != nil {
		return nil, fmt.Errorf("unit history %s: %w", code, err)
	}
	for rows.Next() {
		p := org.ParentLink{Code: code}
		if err := rows.Scan(&p.Parent, &from, &to); err != nil {
			rows.Close()
			return nil, err
		}
		p.ValidFrom, _ = period.Parse(from)
		p.ValidTo, _ = period.Parse(to)
		h.Parents = append(h.Parents, p)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	h.Events, err = db.events(ctx, `SELECT DISTINCT event_id FROM unit_event_link WHERE from_code = ? OR to_code = ?`, code, code)
	return h, err
}

// EventsFrom returns the events where code is a predecessor.
func (db *DB) EventsFrom(ctx context.Context, code string) ([]org.Event, error) {
	return db.events(ctx, `SELECT DISTINCT event_id FROM unit_event_link WHERE from_code = ?`, code)
}

// EventsTo returns the events where code is a successor.
func (db *DB) EventsTo(ctx context.Context, code string) ([]org.Event, error) {
	return db.events(ctx, `SELECT DISTINCT event_id FROM unit_event_link WHERE to_code = ?`, code)
}

func (db *DB) events(ctx context.Context, idQuery string, args ...any) ([]org.Event, error) {
	q := `SELECT e.id, e.kind, e.event_date, e.note, l.from_code, l.to_code
		FROM unit_event e JOIN unit_event_link l ON l.event_id = e.id
		WHERE e.id IN (` + idQuery + `) ORDER BY e.event_date, e.id, l.from_code, l.to_code`
	rows, err := db.read.QueryContext(ctx, db.rebind(q), args...)
	if err != nil {
		return nil, fmt.Errorf("unit events: %w", err)
	}
	defer rows.Close()
	var out []org.Event
	for rows.Next() {
		var id int64
		var kind, date, note, from, to string
		if err := rows.Scan(&id, &kind, &date, &note, &from, &to); err != nil {
			return nil, err
		}
		if len(out) == 0 || out[len(out)-1].ID != id {
			d, _ := period.Parse(date)
			out = append(out, org.Event{ID: id, Kind: org.EventKind(kind), Date: d, Note: note})
		}
		e := &out[len(out)-1]
		e.Links = append(e.Links, org.Link{From: from, To: to})
	}
	return out, rows.Err()
}

// ImportUnits writes imp in one transaction. Validation is the caller's
// (org.Import.Validate); the database still enforces keys, so a code that
// already exists fails the whole import.
func (db *DB) ImportUnits(ctx context.Context, imp *org.Import) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var n int
		codes := make([]string, 0, len(imp.Records))
		for _, r := range imp.Records {
			codes = append(codes, r.Code)
		}
		// Existing codes: check in batches so that the error names them.
		for i := 0; i < len(codes); i += 500 {
			batch := codes[i:min(i+500, len(codes))]
			q := `SELECT code FROM unit WHERE code IN (` + strings.TrimSuffix(strings.Repeat("?,", len(batch)), ",") + `) ORDER BY code LIMIT 5`
			args := make([]any, len(batch))
			for j, c := range batch {
				args[j] = c
			}
			rows, err := tx.QueryContext(ctx, db.rebind(q), args...)
			if err != nil {
				return fmt.Errorf("import units: %w", err)
			}
			var dup []string
			for rows.Next() {
				var c string
				if err := rows.Scan(&c); err != nil {
					rows.Close()
					return err
				}
				dup = append(dup, c)
			}
			rows.Close()
			if len(dup) > 0 {
				return apperr.Errorf(apperr.ECONFLICT, "Mã đơn vị đã có trong hệ thống: %s. Không nhập gì cả.", strings.Join(dup, ", "))
			}
		}
		insUnit, err := tx.PrepareContext(ctx, db.rebind(`INSERT INTO unit (code, kind, sector, place, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer insUnit.Close()
		for _, r := range imp.Records {
			if _, err := insUnit.ExecContext(ctx, r.Code, string(r.Kind), string(r.Sector), r.Place, r.ValidFrom.String(), r.ValidTo.String()); err != nil {
				return fmt.Errorf("import unit %s (line %d): %w", r.Code, r.Line, err)
			}
			n++
		}
		insName, err := tx.PrepareContext(ctx, db.rebind(`INSERT INTO unit_name (code, name, full_name, search_key, valid_from, valid_to) VALUES (?, ?, ?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer insName.Close()
		for _, v := range imp.Names {
			key := vntext.Fold(v.Name + " " + v.FullName)
			if _, err := insName.ExecContext(ctx, v.Code, v.Name, v.FullName, key, v.ValidFrom.String(), v.ValidTo.String()); err != nil {
				return fmt.Errorf("import name of %s (line %d): %w", v.Code, v.Line, err)
			}
		}
		insParent, err := tx.PrepareContext(ctx, db.rebind(`INSERT INTO unit_parent (code, parent_code, valid_from, valid_to) VALUES (?, ?, ?, ?)`))
		if err != nil {
			return err
		}
		defer insParent.Close()
		for _, p := range imp.Parents {
			if _, err := insParent.ExecContext(ctx, p.Code, p.Parent, p.ValidFrom.String(), p.ValidTo.String()); err != nil {
				return fmt.Errorf("import parent of %s (line %d): %w", p.Code, p.Line, err)
			}
		}
		insEvent, err := tx.PrepareContext(ctx, db.rebind(`INSERT INTO unit_event (kind, event_date, note) VALUES (?, ?, ?) RETURNING id`))
		if err != nil {
			return err
		}
		defer insEvent.Close()
		insLink, err := tx.PrepareContext(ctx, db.rebind(`INSERT INTO unit_event_link (event_id, from_code, to_code) VALUES (?, ?, ?)`))
		if err != nil {
			return err
		}
		defer insLink.Close()
		for i := range imp.Events {
			e := &imp.Events[i]
			if err := insEvent.QueryRowContext(ctx, string(e.Kind), e.Date.String(), e.Note).Scan(&e.ID); err != nil {
				return fmt.Errorf("import event (line %d): %w", e.Line, err)
			}
			for _, l := range e.Links {
				if _, err := insLink.ExecContext(ctx, e.ID, l.From, l.To); err != nil {
					return fmt.Errorf("import event link %s→%s (line %d): %w", l.From, l.To, e.Line, err)
				}
			}
		}
		summary, _ := json.Marshal(map[string]int{"units": len(imp.Records), "names": len(imp.Names), "parents": len(imp.Parents), "events": len(imp.Events)})
		return db.writeAudit(ctx, tx, "unit.import", "unit", "*", fmt.Sprintf("Nhập %d đơn vị, %d sự kiện sắp xếp", n, len(imp.Events)), "", string(summary))
	})
}

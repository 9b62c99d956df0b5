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
			var w where
			w.in("code", batch)
			rows, err := tx.QueryContext(ctx, db.rebind(`SELECT code FROM unit`+w.String()+` ORDER BY code LIMIT 5`), w.args...)
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
		recs := make([][]any, 0, len(imp.Records))
		for _, r := range imp.Records {
			recs = append(recs, []any{r.Code, string(r.Kind), string(r.Sector), r.Place, r.ValidFrom.String(), r.ValidTo.String()})
		}
		if err := db.insertRows(ctx, tx, "unit", []string{"code", "kind", "sector", "place", "valid_from", "valid_to"}, recs); err != nil {
			return fmt.Errorf("import units: %w", err)
		}
		names := make([][]any, 0, len(imp.Names))
		for _, v := range imp.Names {
			names = append(names, []any{v.Code, v.Name, v.FullName, vntext.Fold(v.Name + " " + v.FullName), vntext.Key(v.Name), v.ValidFrom.String(), v.ValidTo.String()})
		}
		if err := db.insertRows(ctx, tx, "unit_name", []string{"code", "name", "full_name", "search_key", "sort_key", "valid_from", "valid_to"}, names); err != nil {
			return fmt.Errorf("import unit names: %w", err)
		}
		parents := make([][]any, 0, len(imp.Parents))
		for _, p := range imp.Parents {
			parents = append(parents, []any{p.Code, p.Parent, p.ValidFrom.String(), p.ValidTo.String()})
		}
		if err := db.insertRows(ctx, tx, "unit_parent", []string{"code", "parent_code", "valid_from", "valid_to"}, parents); err != nil {
			return fmt.Errorf("import unit parents: %w", err)
		}
		insEvent, err := tx.PrepareContext(ctx, db.rebind(`INSERT INTO unit_event (kind, event_date, note) VALUES (?, ?, ?) RETURNING id`))
		if err != nil {
			return err
		}
		defer insEvent.Close()
		var links [][]any
		for i := range imp.Events {
			e := &imp.Events[i]
			if err := insEvent.QueryRowContext(ctx, string(e.Kind), e.Date.String(), e.Note).Scan(&e.ID); err != nil {
				return fmt.Errorf("import event (line %d): %w", e.Line, err)
			}
			for _, l := range e.Links {
				links = append(links, []any{e.ID, l.From, l.To})
			}
		}
		if err := db.insertRows(ctx, tx, "unit_event_link", []string{"event_id", "from_code", "to_code"}, links); err != nil {
			return fmt.Errorf("import event links: %w", err)
		}
		n = len(imp.Records)
		if err := db.bump(ctx, tx, "units"); err != nil {
			return err
		}
		summary, _ := json.Marshal(map[string]int{"units": len(imp.Records), "names": len(imp.Names), "parents": len(imp.Parents), "events": len(imp.Events)})
		return db.writeAudit(ctx, tx, "unit.import", "unit", "*", fmt.Sprintf("Nhập %d đơn vị, %d sự kiện sắp xếp", n, len(imp.Events)), "", string(summary))
	})
}

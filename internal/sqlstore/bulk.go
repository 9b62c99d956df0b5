package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"runtime"
	"sync"

	"github.com/jackc/pgx/v5/pgconn"
	msqlite "modernc.org/sqlite"
	sqlite3 "modernc.org/sqlite/lib"

	"giaoban/internal/apperr"
	"giaoban/internal/report"
)

// reportColumns are the columns BulkInsertReports writes, in order.
var reportColumns = []string{"template_code", "period_id", "unit_code", "unit_name", "status", "version", "values_enc",
	"comments", "narrative", "submitted_at", "on_time", "accepted_at", "return_reason", "updated_at", "updated_by", "seq"}

// BulkInsertReports inserts finished reports as they are (status, version,
// values, narrative, timestamps) in one transaction, with multi-row
// INSERTs: the loader path of `giaoban gen` and benchmarks, not the user
// path. It does no workflow, validation or version check and keeps no
// report versions; a report that already exists fails the whole call
// (ECONFLICT), and unknown units or templates fail on the database's keys.
// The 'reports' generation is bumped, so every cache of report data sees
// the new rows, and one audit entry ("report.bulk_insert") records the
// call; every row's seq is the generation taken, so the consolidation
// matrices catch up on them like on any write. A report with Version 0 is
// stored as version 1.
func (db *DB) BulkInsertReports(ctx context.Context, reports []report.Report) error {
	if len(reports) == 0 {
		return nil
	}
	rows := db.bulkReportRows(reports)
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		// Like every report write, the rows carry the 'reports' generation
		// their transaction takes as their seq (see matrices.go), taken
		// first so that the counter's row lock orders writers.
		if err := db.bump(ctx, tx, "reports"); err != nil {
			return err
		}
		var seq int64
		if err := tx.QueryRowContext(ctx, db.rebind(`SELECT value FROM store_generation WHERE name = ?`), "reports").Scan(&seq); err != nil {
			return err
		}
		for _, row := range rows {
			row[len(row)-1] = seq
		}
		if err := db.insertRows(ctx, tx, "report", reportColumns, rows); err != nil {
			return err
		}
		first, last := reports[0].Key, reports[len(reports)-1].Key
		summary, _ := json.Marshal(map[string]any{"reports": len(reports), "first": first.String(), "last": last.String()})
		return db.writeAudit(ctx, tx, "report.bulk_insert", "report", "*",
			fmt.Sprintf("Nạp hàng loạt %d báo cáo (%s … %s)", len(reports), first, last), "", string(summary))
	})
	if err != nil {
		if bulkDuplicate(err) {
			return &apperr.Error{Code: apperr.ECONFLICT, Message: "Một số báo cáo đã có trong cơ sở dữ liệu; không nạp báo cáo nào của lô này.", Err: err}
		}
		return fmt.Errorf("bulk insert of %d reports: %w", len(reports), err)
	}
	return nil
}

// bulkReportRows encodes the reports' rows. Encoding 100 values is most of
// the Go-side cost of a report, so large calls spread it over the CPUs.
func (db *DB) bulkReportRows(reports []report.Report) [][]any {
	rows := make([][]any, len(reports))
	encode := func(lo, hi int) {
		for i := lo; i < hi; i++ {
			r := &reports[i]
			version := r.Version
			if version < 1 {
				version = 1
			}
			rows[i] = []any{r.Template, r.Period, r.Unit, r.UnitName, string(r.Status), version,
				report.EncodeValues(r.Values), report.EncodeText(r.Comments), report.EncodeText(r.Narrative),
				db.optTime(r.SubmittedAt), boolInt(r.OnTime), db.optTime(r.AcceptedAt), r.ReturnReason,
				db.timeString(r.UpdatedAt), r.UpdatedBy, int64(0)}
		}
	}
	workers := min(runtime.GOMAXPROCS(0), len(reports)/256+1)
	if workers <= 1 {
		encode(0, len(reports))
		return rows
	}
	var wg sync.WaitGroup
	chunk := (len(reports) + workers - 1) / workers
	for lo := 0; lo < len(reports); lo += chunk {
		hi := min(lo+chunk, len(reports))
		wg.Add(1)
		go func() {
			defer wg.Done()
			encode(lo, hi)
		}()
	}
	wg.Wait()
	return rows
}

// bulkDuplicate reports whether err is a primary-key or unique violation.
func bulkDuplicate(err error) bool {
	var pe *pgconn.PgError
	if errors.As(err, &pe) {
		return pe.Code == "23505"
	}
	var se *msqlite.Error
	if errors.As(err, &se) {
		return se.Code() == sqlite3.SQLITE_CONSTRAINT_PRIMARYKEY || se.Code() == sqlite3.SQLITE_CONSTRAINT_UNIQUE
	}
	return false
}

package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
)

// RawInsertBaseline inserts n bare rows into a scratch table in one
// transaction and drops it: the ceiling that benchmarks of real writes are
// compared with in the same run.
func (db *DB) RawInsertBaseline(ctx context.Context, n int) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench_raw (a TEXT, b TEXT, c TEXT)`); err != nil {
		return err
	}
	defer db.write.ExecContext(ctx, `DROP TABLE bench_raw`)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		st, err := tx.PrepareContext(ctx, db.rebind(`INSERT INTO bench_raw (a, b, c) VALUES (?, ?, ?)`))
		if err != nil {
			return err
		}
		defer st.Close()
		for i := 0; i < n; i++ {
			if _, err := st.ExecContext(ctx, fmt.Sprint(i), "2025-07-01", "9999-12-31"); err != nil {
				return err
			}
		}
		return nil
	})
}

// ScanParentLinks reads every parent link: the floor of any whole-tree query.
func (db *DB) ScanParentLinks(ctx context.Context) (int, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT code, parent_code, valid_from, valid_to FROM unit_parent`)
	if err != nil {
		return 0, err
	}
	defer rows.Close()
	n := 0
	for rows.Next() {
		var a, b, c, d string
		if err := rows.Scan(&a, &b, &c, &d); err != nil {
			return 0, err
		}
		n++
	}
	return n, rows.Err()
}

package sqlstore

import (
	"context"
	"database/sql"
	"fmt"

	"giaoban/internal/rollup"
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

// BenchValueTable writes a matrix's integer values one value per row into
// a scratch table (once per database): the layout of the obvious design,
// for the baseline GROUP BY of the consolidation benchmark.
func (db *DB) BenchValueTable(ctx context.Context, m *rollup.Matrix) error {
	var n int
	if err := db.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM store_generation WHERE name = 'bench_values'`).Scan(&n); err != nil || n > 0 {
		return err
	}
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS bench_value (unit_code TEXT, code TEXT, value BIGINT)`); err != nil {
		return err
	}
	return db.inTx(ctx, func(tx *sql.Tx) error {
		rows := make([][]any, 0, 5000)
		flush := func() error {
			err := db.insertRows(ctx, tx, "bench_value", []string{"unit_code", "code", "value"}, rows)
			rows = rows[:0]
			return err
		}
		for c, code := range m.Codes {
			for r := range m.Len() {
				u := m.At(r).Unit
				if !m.IsSet(c, r) {
					continue
				}
				rows = append(rows, []any{u, code, m.IntAt(c, r)})
				if len(rows) == cap(rows) {
					if err := flush(); err != nil {
						return err
					}
				}
			}
		}
		if err := flush(); err != nil {
			return err
		}
		_, err := tx.ExecContext(ctx, `INSERT INTO store_generation (name, value) VALUES ('bench_values', 0)`)
		return err
	})
}

// BenchGroupBy is the naive consolidation: one GROUP BY over the values.
func (db *DB) BenchGroupBy(ctx context.Context) error {
	rows, err := db.read.QueryContext(ctx, `SELECT code, SUM(value), COUNT(*) FROM bench_value GROUP BY code`)
	if err != nil {
		return err
	}
	defer rows.Close()
	for rows.Next() {
		var code string
		var sum, n int64
		if err := rows.Scan(&code, &sum, &n); err != nil {
			return err
		}
	}
	return rows.Err()
}

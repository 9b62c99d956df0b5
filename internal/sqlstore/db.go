// Package sqlstore implements every domain Store on SQLite (modernc.org/sqlite,
// pure Go) and PostgreSQL (pgx), with one set of hand-written SQL. Queries
// use '?' placeholders, rebound to $n for PostgreSQL in one place; the few
// expressions that differ live in dialect.go.
package sqlstore

import (
	"context"
	"database/sql"
	"embed"
	"fmt"
	"io"
	"io/fs"
	"net/url"
	"os"
	"sort"
	"strings"
	"time"

	_ "github.com/jackc/pgx/v5/stdlib" // registers "pgx"
	_ "modernc.org/sqlite"             // registers "sqlite"

	"giaoban/internal/audit"
)

//go:embed migrations/*.sql
var migrationFS embed.FS

// DB is the store. On SQLite, writes go through a one-connection pool (SQLite
// has one writer; queuing in Go beats spinning on SQLITE_BUSY) and reads
// through a concurrent pool. On PostgreSQL both are the same pool.
type DB struct {
	write    *sql.DB
	read     *sql.DB
	dialect  dialect
	DSN      string
	Now      func() time.Time
	units    hierarchyCache
	cat      catalogueCache
	matrices matrixCache
	group    *groupCommitter
}

// IsPostgres reports whether dsn names a PostgreSQL database.
func IsPostgres(dsn string) bool {
	return strings.HasPrefix(dsn, "postgres://") || strings.HasPrefix(dsn, "postgresql://")
}

// Open opens (creating if needed) the database named by dsn: a file path for
// SQLite, or a postgres:// URL. It does not migrate; call Migrate.
func Open(ctx context.Context, dsn string) (*DB, error) {
	db := &DB{DSN: dsn, Now: time.Now}
	if IsPostgres(dsn) {
		db.dialect = postgres
		pool, err := sql.Open("pgx", dsn)
		if err != nil {
			return nil, fmt.Errorf("open postgres: %w", err)
		}
		pool.SetMaxOpenConns(20)
		pool.SetMaxIdleConns(20)
		pool.SetConnMaxIdleTime(5 * time.Minute)
		db.write, db.read = pool, pool
	} else {
		db.dialect = sqlite
		path := strings.TrimPrefix(dsn, "sqlite://")
		path = strings.TrimPrefix(path, "file:")
		// busy_timeout must come first so that the pragmas after it wait
		// for a lock instead of failing. synchronous=FULL: an acknowledged
		// save survives a power cut, which is what users are promised.
		pragmas := "_pragma=busy_timeout(10000)&_pragma=journal_mode(WAL)&_pragma=foreign_keys(1)&_pragma=synchronous(FULL)"
		w, err := sql.Open("sqlite", "file:"+url.PathEscape(path)+"?"+pragmas+"&_txlock=immediate")
		if err != nil {
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		w.SetMaxOpenConns(1)
		w.SetMaxIdleConns(1)
		w.SetConnMaxLifetime(0)
		r, err := sql.Open("sqlite", "file:"+url.PathEscape(path)+"?"+pragmas+"&_pragma=query_only(1)")
		if err != nil {
			w.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
		r.SetMaxOpenConns(8)
		r.SetMaxIdleConns(8)
		db.write, db.read = w, r
		// Create the file and set WAL through the writer before readers
		// open it read-only.
		if err := w.PingContext(ctx); err != nil {
			db.Close()
			return nil, fmt.Errorf("open sqlite %s: %w", path, err)
		}
	}
	if err := db.write.PingContext(ctx); err != nil {
		db.Close()
		return nil, fmt.Errorf("connect %s: %w", db.dialect.name, err)
	}
	db.startGroupCommit()
	return db, nil
}

// Close closes both pools.
func (db *DB) Close() error {
	if db.group != nil {
		db.group.close()
	}
	var err error
	if db.read != nil && db.read != db.write {
		err = db.read.Close()
	}
	if db.write != nil {
		if e := db.write.Close(); e != nil {
			err = e
		}
	}
	return err
}

// Dialect returns "sqlite" or "postgres".
func (db *DB) Dialect() string { return db.dialect.name }

// Ping checks the database answers; used by /healthz.
func (db *DB) Ping(ctx context.Context) error { return db.read.PingContext(ctx) }

// Migrate applies every embedded migration not yet applied, in name order,
// each in its own transaction, and records it by name. Forward-only.
func (db *DB) Migrate(ctx context.Context) error {
	if _, err := db.write.ExecContext(ctx, `CREATE TABLE IF NOT EXISTS schema_migration (name TEXT PRIMARY KEY, applied_at TEXT NOT NULL)`); err != nil {
		return fmt.Errorf("migrate: %w", err)
	}
	names, err := fs.Glob(migrationFS, "migrations/*.sql")
	if err != nil {
		return err
	}
	sort.Strings(names)
	for _, name := range names {
		base := strings.TrimPrefix(name, "migrations/")
		if !migrationApplies(base, db.dialect.name) {
			continue
		}
		var n int
		if err := db.write.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM schema_migration WHERE name = ?`), base).Scan(&n); err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
		if n > 0 {
			continue
		}
		body, err := migrationFS.ReadFile(name)
		if err != nil {
			return err
		}
		if err := db.inTx(ctx, func(tx *sql.Tx) error {
			for _, stmt := range splitStatements(db.dialect.expand(string(body))) {
				if _, err := tx.ExecContext(ctx, stmt); err != nil {
					return fmt.Errorf("%w\n%s", err, stmt)
				}
			}
			_, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO schema_migration (name, applied_at) VALUES (?, ?)`), base, db.timeString(db.Now()))
			return err
		}); err != nil {
			return fmt.Errorf("migrate %s: %w", base, err)
		}
	}
	return nil
}

// migrationApplies reports whether the migration file base is for dialect:
// NAME.sqlite.sql and NAME.postgres.sql hold the parts of a migration that
// differ between the databases (an FTS5 table, a tsvector column) and run
// only on theirs; NAME.sql runs on both.
func migrationApplies(base, dialect string) bool {
	for _, d := range []string{sqlite.name, postgres.name} {
		if strings.HasSuffix(base, "."+d+".sql") {
			return d == dialect
		}
	}
	return true
}

// splitStatements splits a migration on semicolons at line ends, dropping
// comments. Migrations keep one statement per ';'-terminated block.
func splitStatements(s string) []string {
	var out []string
	var cur strings.Builder
	for _, line := range strings.Split(s, "\n") {
		t := strings.TrimSpace(line)
		if strings.HasPrefix(t, "--") || t == "" {
			continue
		}
		cur.WriteString(line)
		cur.WriteByte('\n')
		if strings.HasSuffix(t, ";") {
			out = append(out, strings.TrimSpace(cur.String()))
			cur.Reset()
		}
	}
	if strings.TrimSpace(cur.String()) != "" {
		out = append(out, strings.TrimSpace(cur.String()))
	}
	return out
}

// inTx runs fn in a write transaction, committing if fn returns nil.
func (db *DB) inTx(ctx context.Context, fn func(tx *sql.Tx) error) error {
	tx, err := db.write.BeginTx(ctx, nil)
	if err != nil {
		return err
	}
	defer tx.Rollback()
	if err := fn(tx); err != nil {
		return err
	}
	return tx.Commit()
}

// timeString is the one stored form of a time: UTC RFC 3339 with fixed-width
// microseconds, so that text order is time order in both databases.
func (db *DB) timeString(t time.Time) string {
	return t.UTC().Format("2006-01-02T15:04:05.000000Z")
}

func parseTime(s string) time.Time {
	t, _ := time.Parse("2006-01-02T15:04:05.000000Z", s)
	return t
}

// writeAudit records a change in the transaction that makes it. before and
// after are JSON (or "").
func (db *DB) writeAudit(ctx context.Context, tx *sql.Tx, action, entity, entityID, summary, before, after string) error {
	w := audit.WhoFrom(ctx)
	_, err := tx.ExecContext(ctx, db.rebind(`INSERT INTO audit_log (at, actor, ip, request_id, action, entity, entity_id, summary, before_json, after_json)
		VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`),
		db.timeString(db.Now()), w.Actor, w.IP, w.RequestID, action, entity, entityID, summary, before, after)
	if err != nil {
		return fmt.Errorf("write audit %s %s/%s: %w", action, entity, entityID, err)
	}
	return nil
}

// Stats returns the write pool's statistics, for /metrics.
func (db *DB) Stats() sql.DBStats { return db.write.Stats() }

// Backup writes a consistent copy of a SQLite database to file while the
// server keeps running (VACUUM INTO reads one snapshot). PostgreSQL has its
// own tools for this, and Backup says so.
func (db *DB) Backup(ctx context.Context, file string) error {
	if db.dialect.name != "sqlite" {
		return fmt.Errorf("backup of PostgreSQL: use pg_dump -Fc %q > %s (and pg_restore to restore)", db.DSN, file)
	}
	if _, err := os.Stat(file); err == nil {
		return fmt.Errorf("backup: %s already exists", file)
	}
	if _, err := db.write.ExecContext(ctx, `VACUUM INTO ?`, file); err != nil {
		return fmt.Errorf("backup to %s: %w", file, err)
	}
	return nil
}

// CheckIntegrity runs SQLite's integrity check (a no-op on PostgreSQL, which
// checks its pages itself).
func (db *DB) CheckIntegrity(ctx context.Context) error {
	if db.dialect.name != "sqlite" {
		return nil
	}
	var res string
	if err := db.read.QueryRowContext(ctx, `PRAGMA integrity_check`).Scan(&res); err != nil {
		return fmt.Errorf("integrity check: %w", err)
	}
	if res != "ok" {
		return fmt.Errorf("integrity check: %s", res)
	}
	return nil
}

// Restore replaces the SQLite database at path with the backup file, after
// checking that the backup opens, passes the integrity check and has a
// giaoban schema. The server must be stopped. The swap is a rename in the
// same directory, so a crash leaves either the old or the new database.
func Restore(ctx context.Context, path, file string) error {
	if IsPostgres(path) {
		return fmt.Errorf("restore into PostgreSQL: use pg_restore --clean -d %q %s", path, file)
	}
	if _, err := os.Stat(file); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	tmp := path + ".restore-tmp"
	os.Remove(tmp)
	if err := copyFile(file, tmp); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	check, err := Open(ctx, tmp)
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: backup does not open: %w", err)
	}
	err = check.CheckIntegrity(ctx)
	if err == nil {
		var n int
		err = check.read.QueryRowContext(ctx, `SELECT COUNT(*) FROM schema_migration`).Scan(&n)
		if err != nil {
			err = fmt.Errorf("not a giaoban database: %w", err)
		}
	}
	check.Close()
	if err != nil {
		os.Remove(tmp)
		return fmt.Errorf("restore: %w", err)
	}
	os.Remove(tmp + "-wal")
	os.Remove(tmp + "-shm")
	os.Remove(path + "-wal")
	os.Remove(path + "-shm")
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("restore: %w", err)
	}
	return nil
}

func copyFile(src, dst string) error {
	in, err := os.Open(src)
	if err != nil {
		return err
	}
	defer in.Close()
	out, err := os.OpenFile(dst, os.O_CREATE|os.O_EXCL|os.O_WRONLY, 0o600)
	if err != nil {
		return err
	}
	if _, err := io.Copy(out, in); err != nil {
		out.Close()
		return err
	}
	if err := out.Sync(); err != nil {
		out.Close()
		return err
	}
	return out.Close()
}

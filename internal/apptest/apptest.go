// Package apptest is the shared test harness: real databases (SQLite in a
// temp dir; PostgreSQL when GIAOBAN_TEST_POSTGRES is set), and helpers to
// run one store suite on both.
package apptest

import (
	"context"
	"crypto/rand"
	"database/sql"
	"encoding/hex"
	"net/url"
	"os"
	"path/filepath"
	"testing"

	_ "github.com/jackc/pgx/v5/stdlib"

	"giaoban/internal/sqlstore"
)

// PostgresEnv names the variable holding a PostgreSQL URL for tests. CI
// always sets it; locally, tests that need it are skipped without it.
const PostgresEnv = "GIAOBAN_TEST_POSTGRES"

// BrowserEnv names the variable holding the path of the Chromium binary for
// browser tests.
const BrowserEnv = "GIAOBAN_TEST_BROWSER"

// RequireAllEnv, when set (CI sets it), turns every skip for a missing
// PostgreSQL or browser into a failure: in CI nothing may be skipped.
const RequireAllEnv = "GIAOBAN_TEST_REQUIRE_ALL"

// RequireEnv returns the value of the variable name, or skips the test when
// it is unset (fails it when GIAOBAN_TEST_REQUIRE_ALL is set).
func RequireEnv(t testing.TB, name string) string {
	t.Helper()
	v := os.Getenv(name)
	if v == "" {
		if os.Getenv(RequireAllEnv) != "" {
			t.Fatalf("%s is not set but %s is: this test must run", name, RequireAllEnv)
		}
		t.Skipf("%s not set: test skipped (CI sets it)", name)
	}
	return v
}

// NewDB returns a migrated SQLite store in t.TempDir().
func NewDB(t testing.TB) *sqlstore.DB {
	t.Helper()
	return open(t, filepath.Join(t.TempDir(), "test.db"))
}

// NewPostgresDB returns a migrated store in a fresh PostgreSQL schema, or
// skips the test when GIAOBAN_TEST_POSTGRES is not set.
func NewPostgresDB(t testing.TB) *sqlstore.DB {
	t.Helper()
	return open(t, PostgresDSN(t))
}

// PostgresDSN creates a fresh schema and returns a URL whose connections use
// it, so that tests (and several servers in one test) share one database
// without seeing each other's data. The schema is dropped at cleanup.
func PostgresDSN(t testing.TB) string {
	t.Helper()
	base := RequireEnv(t, PostgresEnv)
	b := make([]byte, 6)
	rand.Read(b)
	schema := "t_" + hex.EncodeToString(b)
	admin, err := sql.Open("pgx", base)
	if err != nil {
		t.Fatal(err)
	}
	defer admin.Close()
	if _, err := admin.Exec(`CREATE SCHEMA ` + schema); err != nil {
		t.Fatalf("create schema: %v", err)
	}
	t.Cleanup(func() {
		a, err := sql.Open("pgx", base)
		if err != nil {
			return
		}
		defer a.Close()
		a.Exec(`DROP SCHEMA ` + schema + ` CASCADE`)
	})
	u, err := url.Parse(base)
	if err != nil {
		t.Fatal(err)
	}
	q := u.Query()
	q.Set("search_path", schema)
	u.RawQuery = q.Encode()
	return u.String()
}

func open(t testing.TB, dsn string) *sqlstore.DB {
	t.Helper()
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		t.Fatalf("open %s: %v", dsn, err)
	}
	t.Cleanup(func() { db.Close() })
	if err := db.Migrate(ctx); err != nil {
		t.Fatalf("migrate: %v", err)
	}
	return db
}

// EachDB runs fn as a subtest on SQLite and on PostgreSQL (the latter
// skipped when GIAOBAN_TEST_POSTGRES is not set).
func EachDB(t *testing.T, fn func(t *testing.T, db *sqlstore.DB)) {
	t.Helper()
	t.Run("sqlite", func(t *testing.T) { fn(t, NewDB(t)) })
	t.Run("postgres", func(t *testing.T) { fn(t, NewPostgresDB(t)) })
}

// SharedData returns the path of rel under ../shared/data beside the
// repository (real data the project reads at run time but never copies),
// or skips the test when it is absent.
func SharedData(t testing.TB, rel string) string {
	t.Helper()
	dir, err := os.Getwd()
	if err != nil {
		t.Fatal(err)
	}
	for {
		if _, err := os.Stat(filepath.Join(dir, "go.mod")); err == nil {
			break
		}
		parent := filepath.Dir(dir)
		if parent == dir {
			t.Skip("repository root not found")
		}
		dir = parent
	}
	p := filepath.Join(dir, "..", "shared", "data", rel)
	if _, err := os.Stat(p); err != nil {
		if os.Getenv(RequireAllEnv) != "" {
			t.Fatalf("shared data %s missing: %v", p, err)
		}
		t.Skipf("shared data %s missing", p)
	}
	return p
}

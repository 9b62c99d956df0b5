package sqlstore

import "testing"

func TestMigrationApplies(t *testing.T) {
	for _, c := range []struct {
		name, dialect string
		want          bool
	}{
		{"0001_foundation.sql", "sqlite", true},
		{"0001_foundation.sql", "postgres", true},
		{"0010_search.sqlite.sql", "sqlite", true},
		{"0010_search.sqlite.sql", "postgres", false},
		{"0010_search.postgres.sql", "postgres", true},
		{"0010_search.postgres.sql", "sqlite", false},
		{"0012_sqlite_tweaks.sql", "postgres", true}, // only the suffix counts
	} {
		if got := migrationApplies(c.name, c.dialect); got != c.want {
			t.Errorf("migrationApplies(%q, %q) = %v, want %v", c.name, c.dialect, got, c.want)
		}
	}
}

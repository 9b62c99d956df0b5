package main

import (
	"bytes"
	"context"
	"errors"
	"os"
	"path/filepath"
	"slices"
	"strings"
	"testing"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/demo"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
)

// runCLI runs a command line with stdin and returns its output and error.
func runCLI(t *testing.T, stdin string, args ...string) (stdout, stderr string, err error) {
	t.Helper()
	var out, errOut bytes.Buffer
	err = run(context.Background(), args, strings.NewReader(stdin), &out, &errOut)
	return out.String(), errOut.String(), err
}

// openStore opens the SQLite file at path for a check, closed at cleanup.
func openStore(t *testing.T, path string) *sqlstore.DB {
	t.Helper()
	db, err := sqlstore.Open(context.Background(), path)
	if err != nil {
		t.Fatalf("open %s: %v", path, err)
	}
	t.Cleanup(func() { db.Close() })
	return db
}

// demoDB returns a SQLite file holding the demo, loaded and closed.
func demoDB(t *testing.T) string {
	t.Helper()
	path := sqlitePath(t)
	ctx := context.Background()
	db, err := sqlstore.Open(ctx, path)
	if err != nil {
		t.Fatal(err)
	}
	defer db.Close()
	if err := db.Migrate(ctx); err != nil {
		t.Fatal(err)
	}
	if loaded, err := demo.Load(ctx, db, period.MustParse("2026-11-25")); err != nil || !loaded {
		t.Fatalf("load demo: got %v, %v, want true, nil", loaded, err)
	}
	return path
}

func TestCLIUserAdd(t *testing.T) {
	path := demoDB(t)
	const password = "mật khẩu dài 2026"

	stdout, stderr, err := runCLI(t, password+"\n", "user", "add", "--db", path, "--role", "commission",
		"--unit", demo.Commission, "--full-name", "Lê Văn Hòa", "chuyenvien2")
	if err != nil {
		t.Fatalf("user add: got %v (stderr %q), want nil", err, stderr)
	}
	if !strings.Contains(stdout, "chuyenvien2") {
		t.Errorf("stdout: got %q, want it to name chuyenvien2", stdout)
	}

	db := openStore(t, path)
	ctx := context.Background()
	svc := auth.NewService(db, time.Now)
	_, token, u, err := svc.Login(ctx, "chuyenvien2", password, "127.0.0.1", "test", auth.SessionWeb)
	if err != nil {
		t.Fatalf("login with the password from stdin: got %v, want nil", err)
	}
	if token == "" {
		t.Errorf("login token: got %q, want non-empty", token)
	}
	if u.UnitCode != demo.Commission || !slices.Equal(u.Roles, []auth.Role{auth.RoleCommission}) || u.FullName != "Lê Văn Hòa" {
		t.Errorf("user: got unit %q roles %v name %q, want %q [commission] %q", u.UnitCode, u.Roles, u.FullName, demo.Commission, "Lê Văn Hòa")
	}
	if _, _, _, err := svc.Login(ctx, "chuyenvien2", password+"\n", "127.0.0.1", "test", auth.SessionWeb); !apperr.Is(err, apperr.EUNAUTHORIZED) {
		t.Errorf("login with the newline kept: got %v, want %s (the newline is not part of the password)", err, apperr.EUNAUTHORIZED)
	}
	db.Close()

	tests := []struct {
		name      string
		stdin     string
		args      []string
		wantUsage bool
		wantIn    string // text the error must contain
		username  string // must not exist afterwards
	}{
		{name: "unknown role", stdin: password + "\n", args: []string{"--role", "boss", "--unit", demo.Front, "nguoimoi1"},
			wantIn: "boss", username: "nguoimoi1"},
		{name: "missing username", stdin: password + "\n", args: []string{"--role", "reporter", "--unit", demo.Front},
			wantUsage: true},
		{name: "two usernames", stdin: password + "\n", args: []string{"--role", "reporter", "--unit", demo.Front, "a1b", "c2d"},
			wantUsage: true, username: "a1b"},
		{name: "short password", stdin: "1234567\n", args: []string{"--role", "reporter", "--unit", demo.Front, "nguoimoi2"},
			wantIn: "8", username: "nguoimoi2"},
		{name: "no password", stdin: "", args: []string{"--role", "reporter", "--unit", demo.Front, "nguoimoi3"},
			wantIn: "8", username: "nguoimoi3"},
		{name: "unknown unit", stdin: password + "\n", args: []string{"--role", "reporter", "--unit", "99-KHONG", "nguoimoi4"},
			wantIn: "99-KHONG", username: "nguoimoi4"},
		{name: "taken username", stdin: password + "\n", args: []string{"--role", "reporter", "--unit", demo.Front, "mttq"},
			wantIn: "đã được dùng"},
		{name: "no role", stdin: password + "\n", args: []string{"--unit", demo.Front, "nguoimoi5"},
			wantIn: "vai trò", username: "nguoimoi5"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			args := append([]string{"user", "add", "--db", path}, tt.args...)
			_, _, err := runCLI(t, tt.stdin, args...)
			if err == nil {
				t.Fatalf("got nil error, want one")
			}
			if got := errors.Is(err, errUsage); got != tt.wantUsage {
				t.Errorf("errors.Is(%v, errUsage): got %v, want %v", err, got, tt.wantUsage)
			}
			if !strings.Contains(err.Error(), tt.wantIn) {
				t.Errorf("error: got %q, want it to contain %q", err, tt.wantIn)
			}
			if tt.username != "" {
				db := openStore(t, path)
				if _, err := db.FindUserByUsername(context.Background(), tt.username); !apperr.Is(err, apperr.ENOTFOUND) {
					t.Errorf("user %s after the failure: got %v, want %s", tt.username, err, apperr.ENOTFOUND)
				}
			}
		})
	}
}

// unitsDir writes the three files of an admin-units directory.
func unitsDir(t *testing.T, pre, post, mapping string) string {
	t.Helper()
	dir := t.TempDir()
	for name, body := range map[string]string{org.FileUnitsPre2025: pre, org.FileUnits2025: post, org.FileMapping: mapping} {
		if err := os.WriteFile(filepath.Join(dir, name), []byte(body), 0o644); err != nil {
			t.Fatal(err)
		}
	}
	return dir
}

const (
	unitHeader    = "code,name,full_name,type,parent_code,level,name_en\n"
	mappingHeader = "level,old_code,old_full_name,new_code,new_full_name,old_in_units_pre2025,new_in_units_2025\n"

	// A province with one district of two communes that merge in 2025.
	goodPre = unitHeader +
		"90,Thử Nghiệm,Tỉnh Thử Nghiệm,tinh,,province,Thu Nghiem\n" +
		"901,Bắc Hà,Huyện Bắc Hà,huyen,90,district,Bac Ha\n" +
		"90001,Tân Lập,Xã Tân Lập,xa,901,commune,Tan Lap\n" +
		"90004,Đồng Tâm,Xã Đồng Tâm,xa,901,commune,Dong Tam\n"
	goodPost = unitHeader +
		"90,Thử Nghiệm,Tỉnh Thử Nghiệm,tinh,,province,Thu Nghiem\n" +
		"90007,Tân Đồng,Xã Tân Đồng,xa,90,commune,Tan Dong\n"
	goodMapping = mappingHeader +
		"province,90,Tỉnh Thử Nghiệm,90,Tỉnh Thử Nghiệm,yes,yes\n" +
		"commune,90001,Xã Tân Lập,90007,Xã Tân Đồng,yes,yes\n" +
		"commune,90004,Xã Đồng Tâm,90007,Xã Tân Đồng,yes,yes\n"
)

// unitCounts counts the units in force before and after the 2025 reform.
func unitCounts(t *testing.T, path string) [2]int {
	t.Helper()
	db := openStore(t, path)
	defer db.Close()
	var n [2]int
	for i, at := range []string{"2019-03-28", "2026-01-01"} {
		us, err := db.ListUnits(context.Background(), org.Filter{At: period.MustParse(at)})
		if err != nil {
			t.Fatal(err)
		}
		n[i] = len(us)
	}
	return n
}

func TestCLIImportUnits(t *testing.T) {
	path := sqlitePath(t)
	if _, stderr, err := runCLI(t, "", "migrate", "--db", path); err != nil {
		t.Fatalf("migrate: %v (%s)", err, stderr)
	}
	good := unitsDir(t, goodPre, goodPost, goodMapping)
	stdout, stderr, err := runCLI(t, "", "import", "units", "--db", path, good)
	if err != nil {
		t.Fatalf("import good directory: got %v (stderr %q), want nil", err, stderr)
	}
	if !strings.Contains(stdout, "5 đơn vị") {
		t.Errorf("stdout: got %q, want it to count 5 đơn vị", stdout)
	}

	db := openStore(t, path)
	ctx := context.Background()
	for _, tt := range []struct {
		code, at, want string
	}{
		{"901", "2019-03-28", "Huyện Bắc Hà"},
		{"90004", "2019-03-28", "Xã Đồng Tâm"},
		{"90007", "2026-01-01", "Xã Tân Đồng"},
	} {
		u, err := db.FindUnit(ctx, tt.code, period.MustParse(tt.at))
		if err != nil {
			t.Errorf("unit %s on %s: got %v, want %s", tt.code, tt.at, err, tt.want)
			continue
		}
		if u.Label() != tt.want {
			t.Errorf("unit %s on %s: got %q, want %q", tt.code, tt.at, u.Label(), tt.want)
		}
	}
	if _, err := db.FindUnit(ctx, "901", period.MustParse("2026-01-01")); !apperr.Is(err, apperr.ENOTFOUND) {
		t.Errorf("district 901 in 2026: got %v, want %s", err, apperr.ENOTFOUND)
	}
	h, err := db.UnitHistory(ctx, "90007")
	if err != nil {
		t.Fatal(err)
	}
	var merged []string
	for _, e := range h.Events {
		if e.Kind == org.EventMerge {
			for _, l := range e.Links {
				merged = append(merged, l.From)
			}
		}
	}
	slices.Sort(merged)
	if want := []string{"90001", "90004"}; !slices.Equal(merged, want) {
		t.Errorf("merge into 90007: got %v, want %v", merged, want)
	}
	db.Close()

	before := unitCounts(t, path)
	if want := [2]int{4, 2}; before != want {
		t.Errorf("units in force 2019, 2026: got %v, want %v", before, want)
	}

	bad := []struct {
		name         string
		pre, post, m string
		wantIn       []string
	}{
		{
			name: "unknown parent at line 4",
			pre: unitHeader +
				"91,Mới,Tỉnh Mới,tinh,,province,Moi\n" +
				"911,Nam,Huyện Nam,huyen,91,district,Nam\n" +
				"91001,Một,Xã Một,xa,999,commune,Mot\n",
			post:   unitHeader + "91,Mới,Tỉnh Mới,tinh,,province,Moi\n",
			m:      mappingHeader + "province,91,Tỉnh Mới,91,Tỉnh Mới,yes,yes\n",
			wantIn: []string{org.FileUnitsPre2025, "dòng 4", "999"},
		},
		{
			name:   "missing column",
			pre:    unitHeader + "91,Mới,Tỉnh Mới,tinh,,province,Moi\n",
			post:   "code,name,full_name,type,parent_code,level\n" + "91,Mới,Tỉnh Mới,tinh,,province\n",
			m:      mappingHeader + "province,91,Tỉnh Mới,91,Tỉnh Mới,yes,yes\n",
			wantIn: []string{org.FileUnits2025, "dòng 1", "name_en"},
		},
		{
			name: "row with a column too few",
			pre: unitHeader +
				"91,Mới,Tỉnh Mới,tinh,,province,Moi\n" +
				"911,Nam,Huyện Nam,huyen,91,district\n",
			post:   unitHeader + "91,Mới,Tỉnh Mới,tinh,,province,Moi\n",
			m:      mappingHeader + "province,91,Tỉnh Mới,91,Tỉnh Mới,yes,yes\n",
			wantIn: []string{org.FileUnitsPre2025, "dòng 3"},
		},
		{
			name: "mapping names an unknown unit",
			pre:  unitHeader + "91,Mới,Tỉnh Mới,tinh,,province,Moi\n",
			post: unitHeader + "91,Mới,Tỉnh Mới,tinh,,province,Moi\n",
			m: mappingHeader + "province,91,Tỉnh Mới,91,Tỉnh Mới,yes,yes\n" +
				"commune,91001,Xã Một,91002,Xã Hai,yes,yes\n",
			wantIn: []string{org.FileMapping, "dòng 3", "91001"},
		},
		{
			name:   "codes already imported",
			pre:    goodPre,
			post:   goodPost,
			m:      goodMapping,
			wantIn: []string{"90"},
		},
	}
	for _, tt := range bad {
		t.Run(tt.name, func(t *testing.T) {
			dir := unitsDir(t, tt.pre, tt.post, tt.m)
			_, _, err := runCLI(t, "", "import", "units", "--db", path, dir)
			if err == nil {
				t.Fatal("got nil error, want one")
			}
			t.Logf("error: %v", err)
			for _, w := range tt.wantIn {
				if !strings.Contains(err.Error(), w) {
					t.Errorf("error: got %q, want it to contain %q", err, w)
				}
			}
			if after := unitCounts(t, path); after != before {
				t.Errorf("units in force 2019, 2026 after the failed import: got %v, want %v (unchanged)", after, before)
			}
		})
	}

	t.Run("missing directory", func(t *testing.T) {
		_, _, err := runCLI(t, "", "import", "units", "--db", path, filepath.Join(t.TempDir(), "none"))
		if err == nil || !strings.Contains(err.Error(), org.FileUnitsPre2025) {
			t.Errorf("got %v, want an error naming %s", err, org.FileUnitsPre2025)
		}
	})
	t.Run("no directory", func(t *testing.T) {
		_, _, err := runCLI(t, "", "import", "units", "--db", path)
		if !errors.Is(err, errUsage) {
			t.Errorf("got %v, want errUsage", err)
		}
	})
}

// realUnitsDir is the country-wide data set beside the repository (as CI
// lays shared/ beside the clone).
const realUnitsDir = "../../../shared/data/admin-units"

func TestCLIImportUnitsCountry(t *testing.T) {
	if _, err := os.Stat(filepath.Join(realUnitsDir, org.FileMapping)); err != nil {
		t.Skipf("country data not found: %v", err)
	}
	if testing.Short() {
		t.Skip("country import skipped in -short mode")
	}
	path := sqlitePath(t)
	if _, stderr, err := runCLI(t, "", "import", "units", "--db", path, realUnitsDir); err != nil {
		t.Fatalf("import %s: got %v (stderr %q), want nil", realUnitsDir, err, stderr)
	}
	db := openStore(t, path)
	root := ""
	for _, tt := range []struct {
		at   string
		want int
	}{
		{"2019-03-28", 63},
		{"2025-06-30", 63},
		{"2025-07-01", 34},
		{"2026-01-01", 34},
	} {
		us, err := db.ListUnits(context.Background(), org.Filter{At: period.MustParse(tt.at), Parent: &root})
		if err != nil {
			t.Fatal(err)
		}
		provinces := 0
		for _, u := range us {
			if u.Kind == org.KindProvince {
				provinces++
			}
		}
		if len(us) != tt.want || provinces != tt.want {
			t.Errorf("roots on %s: got %d (%d provinces), want %d provinces", tt.at, len(us), provinces, tt.want)
		}
	}
}

func TestCLIBackupRestore(t *testing.T) {
	dir := t.TempDir()
	path := filepath.Join(dir, "giaoban.db")
	backup := filepath.Join(dir, "sao-luu.db")
	const password = "mat-khau-du-dai"
	if _, stderr, err := runCLI(t, password+"\n", "user", "add", "--db", path, "--role", "admin", "truoc"); err != nil {
		t.Fatalf("user add: %v (%s)", err, stderr)
	}
	if _, stderr, err := runCLI(t, "", "backup", "--db", path, backup); err != nil {
		t.Fatalf("backup: got %v (%s), want nil", err, stderr)
	}
	if _, err := os.Stat(backup); err != nil {
		t.Fatalf("backup file: %v", err)
	}

	// Backing up over an existing file fails and leaves it alone.
	info, _ := os.Stat(backup)
	if _, _, err := runCLI(t, "", "backup", "--db", path, backup); err == nil {
		t.Errorf("backup to an existing file: got nil error, want one")
	}
	if again, err := os.Stat(backup); err != nil || again.Size() != info.Size() || !again.ModTime().Equal(info.ModTime()) {
		t.Errorf("existing backup file after the refused backup: got %v, %v, want it unchanged", again, err)
	}

	if _, stderr, err := runCLI(t, password+"\n", "user", "add", "--db", path, "--role", "admin", "sau"); err != nil {
		t.Fatalf("user add after backup: %v (%s)", err, stderr)
	}

	// Restoring from a missing file or from something that is not a
	// database fails and keeps the current database.
	junk := filepath.Join(dir, "junk.db")
	if err := os.WriteFile(junk, bytes.Repeat([]byte("không phải cơ sở dữ liệu "), 400), 0o644); err != nil {
		t.Fatal(err)
	}
	for _, file := range []string{filepath.Join(dir, "none.db"), junk} {
		if _, _, err := runCLI(t, "", "restore", "--db", path, file); err == nil {
			t.Errorf("restore from %s: got nil error, want one", filepath.Base(file))
		}
	}
	db := openStore(t, path)
	if _, err := db.FindUserByUsername(context.Background(), "sau"); err != nil {
		t.Errorf("user added after the backup, after failed restores: got %v, want it still there", err)
	}
	db.Close()

	if _, stderr, err := runCLI(t, "", "restore", "--db", path, backup); err != nil {
		t.Fatalf("restore: got %v (%s), want nil", err, stderr)
	}
	db = openStore(t, path)
	ctx := context.Background()
	if _, err := db.FindUserByUsername(ctx, "sau"); !apperr.Is(err, apperr.ENOTFOUND) {
		t.Errorf("user added after the backup, after restore: got %v, want %s", err, apperr.ENOTFOUND)
	}
	if _, err := db.FindUserByUsername(ctx, "truoc"); err != nil {
		t.Errorf("user in the backup, after restore: got %v, want found", err)
	}
	if err := db.CheckIntegrity(ctx); err != nil {
		t.Errorf("integrity after restore: got %v, want nil", err)
	}
	if err := db.Migrate(ctx); err != nil {
		t.Errorf("migrate after restore: got %v, want nil", err)
	}
	if _, _, _, err := auth.NewService(db, time.Now).Login(ctx, "truoc", password, "127.0.0.1", "test", auth.SessionWeb); err != nil {
		t.Errorf("login after restore: got %v, want nil", err)
	}
	if _, err := os.Stat(path + ".restore-tmp"); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("temporary restore file: got %v, want it removed", err)
	}
}

func TestCLITextFix(t *testing.T) {
	tests := []struct {
		name, in, want string
	}{
		{"TCVN3", "Céng hßa x· héi chñ nghÜa ViÖt Nam\n", "Cộng hòa xã hội chủ nghĩa Việt Nam\n"},
		{"clean Unicode", "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\n", "Cộng hòa xã hội chủ nghĩa Việt Nam\nĐộc lập - Tự do - Hạnh phúc\n"},
		{"ASCII", "Ban Dan van Tinh uy, 28/3/2019\n", "Ban Dan van Tinh uy, 28/3/2019\n"},
		{"decomposed to NFC", "Vie\u0302\u0323t Nam", "Việt Nam"},
		{"empty", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, _, err := runCLI(t, tt.in, "text", "fix")
			if err != nil {
				t.Fatalf("text fix: got %v, want nil", err)
			}
			if got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestCLIUsage(t *testing.T) {
	dbPath := sqlitePath(t)
	tests := []struct {
		name      string
		args      []string
		wantUsage bool
		wantIn    string
	}{
		{name: "no arguments", args: nil, wantUsage: true},
		{name: "unknown command", args: []string{"frobnicate"}, wantUsage: true},
		{name: "user without add", args: []string{"user"}, wantUsage: true},
		{name: "import without what", args: []string{"import"}, wantUsage: true},
		{name: "text without fix", args: []string{"text"}, wantUsage: true},
		{name: "serve bad addr", args: []string{"serve", "--addr", "bad", "--db", dbPath}, wantIn: "bad"},
		{name: "serve bad log level", args: []string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath, "--log-level", "loud"}, wantIn: "loud"},
		{name: "serve unknown flag", args: []string{"serve", "--bogus"}, wantUsage: true},
		{name: "serve extra argument", args: []string{"serve", "--addr", "127.0.0.1:0", "--db", dbPath, "extra"}, wantIn: "extra"},
		{name: "backup without db", args: []string{"backup", "--db", "", "x.db"}, wantIn: "--db"},
		{name: "backup without file", args: []string{"backup", "--db", dbPath}, wantUsage: true},
		{name: "restore without file", args: []string{"restore", "--db", dbPath}, wantUsage: true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, _, err := runCLI(t, "", tt.args...)
			if err == nil {
				t.Fatal("got nil error, want one")
			}
			if got := errors.Is(err, errUsage); got != tt.wantUsage {
				t.Errorf("errors.Is(%v, errUsage): got %v, want %v", err, got, tt.wantUsage)
			}
			if !strings.Contains(err.Error(), tt.wantIn) {
				t.Errorf("error: got %q, want it to contain %q", err, tt.wantIn)
			}
		})
	}
	if _, err := os.Stat(dbPath); !errors.Is(err, os.ErrNotExist) {
		t.Errorf("database after refused commands: got %v, want none created", err)
	}

	out, _, err := runCLI(t, "", "help")
	if err != nil || !strings.Contains(out, "giaoban serve") {
		t.Errorf("help: got %v, %q, want the usage on stdout", err, out)
	}
}

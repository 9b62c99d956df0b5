package main

import (
	"bufio"
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"os"
	"slices"
	"strconv"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/config"
	"giaoban/internal/org"
	"giaoban/internal/sqlstore"
	"giaoban/internal/vntext"
)

// toolFlags parses the flags of a tool subcommand: --db and any extra ones.
func toolFlags(name string, args []string, stderr io.Writer, extra func(fs *flag.FlagSet)) (config.Config, []string, error) {
	c := config.Load()
	fs := flag.NewFlagSet(name, flag.ContinueOnError)
	fs.SetOutput(stderr)
	c.Flags(fs, "db")
	if extra != nil {
		extra(fs)
	}
	if err := fs.Parse(args); err != nil {
		return c, nil, errUsage
	}
	if strings.TrimSpace(c.DB) == "" {
		return c, nil, fmt.Errorf("%s: --db is required", name)
	}
	return c, fs.Args(), nil
}

// toolArg parses the flags of a tool subcommand that takes exactly one
// argument, and returns it; otherwise it prints the usage line (after
// "Cách dùng: ") and returns errUsage.
func toolArg(name, usage string, args []string, stderr io.Writer, extra func(fs *flag.FlagSet)) (config.Config, string, error) {
	c, rest, err := toolFlags(name, args, stderr, extra)
	if err != nil {
		return c, "", err
	}
	if len(rest) != 1 {
		fmt.Fprintln(stderr, "Cách dùng: "+usage)
		return c, "", errUsage
	}
	return c, rest[0], nil
}

func openDB(ctx context.Context, dsn string) (*sqlstore.DB, error) {
	db, err := sqlstore.Open(ctx, dsn)
	if err != nil {
		return nil, err
	}
	if err := db.Migrate(ctx); err != nil {
		db.Close()
		return nil, err
	}
	return db, nil
}

// userError prints an application error the way a user needs it: the
// Vietnamese message and every field problem.
func userError(err error) error {
	var e *apperr.Error
	if !errors.As(err, &e) {
		return err
	}
	var b strings.Builder
	b.WriteString(e.Message)
	// Problems in file and line order; the first is already the message.
	keys := make([]string, 0, len(e.Fields))
	for k := range e.Fields {
		keys = append(keys, k)
	}
	slices.SortFunc(keys, compareFieldKeys)
	for _, k := range keys {
		if v := e.Fields[k]; v != e.Message {
			fmt.Fprintf(&b, "\n  %s", v)
		}
	}
	return errors.New(b.String())
}

// compareFieldKeys orders keys like "units-2025.csv line 17" by file, then
// by line number; other keys alphabetically.
func compareFieldKeys(a, b string) int {
	fa, la := splitLineKey(a)
	fb, lb := splitLineKey(b)
	if fa != fb {
		return strings.Compare(fa, fb)
	}
	return la - lb
}

func splitLineKey(k string) (string, int) {
	i := strings.LastIndex(k, "line ")
	if i < 0 {
		return k, 0
	}
	n, err := strconv.Atoi(strings.TrimSpace(k[i+5:]))
	if err != nil {
		return k, 0
	}
	return strings.TrimSpace(k[:i]), n
}

func runMigrate(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, _, err := toolFlags("migrate", args, stderr, nil)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	fmt.Fprintln(stdout, "Đã cập nhật lược đồ cơ sở dữ liệu.")
	return nil
}

func runUserAdd(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	var roles, unit, fullName string
	c, username, err := toolArg("user add", "giaoban user add --db ... --role ROLE [--unit CODE] USERNAME  (mật khẩu đọc từ stdin)", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&roles, "role", "", "vai trò: admin, commission, reporter, leader, editor (nhiều vai trò cách nhau dấu phẩy)")
		fs.StringVar(&unit, "unit", "", "mã đơn vị")
		fs.StringVar(&fullName, "full-name", "", "họ tên")
	})
	if err != nil {
		return err
	}
	rs, err := auth.ParseRoles(roles)
	if err != nil {
		return userError(err)
	}
	line, err := bufio.NewReader(stdin).ReadString('\n')
	if err != nil && !errors.Is(err, io.EOF) {
		return err
	}
	password := strings.TrimRight(line, "\r\n")
	db, err := openDB(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := auth.NewService(db, time.Now)
	u := &auth.User{Username: username, FullName: fullName, UnitCode: unit, Roles: rs}
	if err := svc.CreateUser(ctx, u, password); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "Đã tạo tài khoản %s (%s).\n", u.Username, auth.JoinRoles(u.Roles))
	return nil
}

func runImportUnits(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, dir, err := toolArg("import units", "giaoban import units --db ... DIR", args, stderr, nil)
	if err != nil {
		return err
	}
	start := time.Now()
	imp, rep, err := org.ParseAdminUnits(os.DirFS(dir))
	if err != nil {
		return userError(err)
	}
	db, err := openDB(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.ImportUnits(ctx, imp); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "Đã nhập %d đơn vị (%d dòng trước 2025, %d dòng từ 2025), %d sự kiện sắp xếp, bỏ qua %d dòng ánh xạ không có mã, trong %.1f giây.\n",
		len(imp.Records), rep.Pre2025, rep.Units2025, rep.Events, rep.SkippedMappingRows, time.Since(start).Seconds())
	return nil
}

func runTextFix(stdin io.Reader, stdout io.Writer) error {
	b, err := io.ReadAll(io.LimitReader(stdin, 64<<20))
	if err != nil {
		return err
	}
	_, err = io.WriteString(stdout, vntext.FixBytes(b))
	return err
}

func runBackup(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, file, err := toolArg("backup", "giaoban backup --db ... FILE", args, stderr, nil)
	if err != nil {
		return err
	}
	db, err := sqlstore.Open(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	if err := db.Backup(ctx, file); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Đã sao lưu vào %s.\n", file)
	return nil
}

func runRestore(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, file, err := toolArg("restore", "giaoban restore --db ... FILE   (dừng máy chủ trước khi khôi phục)", args, stderr, nil)
	if err != nil {
		return err
	}
	if err := sqlstore.Restore(ctx, c.DB, file); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Đã khôi phục %s từ %s.\n", c.DB, file)
	return nil
}

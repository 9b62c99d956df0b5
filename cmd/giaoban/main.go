// Command giaoban runs the Giao Ban server and its command-line tools.
//
//	giaoban serve [--addr 127.0.0.1:8080] [--db giaoban.db | --db postgres://...] [--demo]
//	giaoban migrate --db ...
//	giaoban user add --db ... --role ROLE [--unit CODE] USERNAME   (password on stdin)
//	giaoban import units --db ... DIR
//	giaoban import news --db ... FILE.jsonl
//	giaoban text fix                                               (stdin → stdout)
//	giaoban backup --db ... FILE
//	giaoban restore --db ... FILE
package main

import (
	"context"
	"errors"
	"fmt"
	"io"
	"os"
	"os/signal"
	"syscall"
)

func main() {
	ctx, stop := signal.NotifyContext(context.Background(), os.Interrupt, syscall.SIGTERM)
	defer stop()
	if err := run(ctx, os.Args[1:], os.Stdin, os.Stdout, os.Stderr); err != nil {
		if errors.Is(err, errUsage) {
			os.Exit(2)
		}
		fmt.Fprintln(os.Stderr, "giaoban:", err)
		os.Exit(1)
	}
}

var errUsage = errors.New("usage")

const usage = `giaoban — hệ thống giao ban công tác dân vận

Cách dùng:
  giaoban serve   [--addr 127.0.0.1:8080] [--db giaoban.db | --db postgres://...] [--demo]
  giaoban migrate --db ...
  giaoban user add --db ... --role ROLE[,ROLE] [--unit CODE] [--full-name "Họ tên"] USERNAME
                  (mật khẩu đọc từ stdin)
  giaoban import units --db ... DIR
  giaoban import news  --db ... FILE.jsonl   (mỗi dòng một bài: id, title, body, published_at, source)
  giaoban text fix            (stdin → stdout: giải mã TCVN3/VNI, NFC, chuẩn hóa dấu thanh)
  giaoban gen     --db ... [--scale province|country] [--seed N]   (dữ liệu tổng hợp để thử tải)
  giaoban backup  --db ... FILE
  giaoban restore --db ... FILE

Biến môi trường: GIAOBAN_ADDR, GIAOBAN_DB, GIAOBAN_DEMO, GIAOBAN_LOG_FORMAT, GIAOBAN_LOG_LEVEL,
GIAOBAN_SECURE_COOKIES, GIAOBAN_TRUST_PROXY (cờ dòng lệnh được ưu tiên).
`

// run dispatches a command line; it is main without the process exit, so
// tests can call it.
func run(ctx context.Context, args []string, stdin io.Reader, stdout, stderr io.Writer) error {
	if len(args) == 0 {
		fmt.Fprint(stderr, usage)
		return errUsage
	}
	cmd, rest := args[0], args[1:]
	switch cmd {
	case "serve":
		return runServe(ctx, rest, stdout, stderr)
	case "migrate":
		return runMigrate(ctx, rest, stdout, stderr)
	case "user":
		if len(rest) > 0 && rest[0] == "add" {
			return runUserAdd(ctx, rest[1:], stdin, stdout, stderr)
		}
	case "import":
		if len(rest) > 0 && rest[0] == "units" {
			return runImportUnits(ctx, rest[1:], stdout, stderr)
		}
		if len(rest) > 0 && rest[0] == "news" {
			return runImportNews(ctx, rest[1:], stdout, stderr)
		}
	case "text":
		if len(rest) > 0 && rest[0] == "fix" {
			return runTextFix(stdin, stdout)
		}
	case "gen":
		return runGen(ctx, rest, stdout, stderr)
	case "backup":
		return runBackup(ctx, rest, stdout, stderr)
	case "restore":
		return runRestore(ctx, rest, stdout, stderr)
	case "help", "-h", "--help":
		fmt.Fprint(stdout, usage)
		return nil
	}
	fmt.Fprint(stderr, usage)
	return errUsage
}

package main

import (
	"context"
	"errors"
	"flag"
	"fmt"
	"io"
	"log/slog"
	"net"
	"net/http"
	"strings"
	"time"

	"giaoban/internal/config"
	"giaoban/internal/demo"
	"giaoban/internal/notify"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
	"giaoban/internal/web"
)

// Main is the server program: ParseFlags → Run → Close. End-to-end tests
// build one on 127.0.0.1:0 with a temporary database.
type Main struct {
	Config   config.Config
	DB       *sqlstore.DB
	Server   *web.Server
	HTTP     *http.Server
	Listener net.Listener
	Logger   *slog.Logger
	Out      io.Writer // where the start-up banner goes
	Now      func() time.Time
	done     chan error    // the serve goroutine's result, read once by Wait
	stopped  chan struct{} // closed when serving has stopped, for background loops
}

// NewMain returns a Main with the default configuration and the process
// environment applied.
func NewMain(out io.Writer) *Main {
	return &Main{Config: config.Load(), Out: out, Now: time.Now}
}

// ParseFlags applies command-line flags over the configuration.
func (m *Main) ParseFlags(args []string, stderr io.Writer) error {
	fs := flag.NewFlagSet("serve", flag.ContinueOnError)
	fs.SetOutput(stderr)
	m.Config.Flags(fs, "addr", "db", "demo", "log-format", "log-level", "secure-cookies", "trust-proxy", "smtp")
	if err := fs.Parse(args); err != nil {
		return errUsage
	}
	if fs.NArg() > 0 {
		return fmt.Errorf("serve: unexpected argument %q", fs.Arg(0))
	}
	return m.Config.Validate()
}

func newLogger(c config.Config, w io.Writer) *slog.Logger {
	var level slog.Level
	_ = level.UnmarshalText([]byte(c.LogLevel))
	opts := &slog.HandlerOptions{Level: level}
	if c.LogFormat == "json" {
		return slog.New(slog.NewJSONHandler(w, opts))
	}
	return slog.New(slog.NewTextHandler(w, opts))
}

// Run opens and migrates the database, loads the demo if asked, and starts
// serving in the background. Wait blocks until the server stops.
func (m *Main) Run(ctx context.Context) error {
	if m.Logger == nil {
		m.Logger = newLogger(m.Config, m.Out)
	}
	db, err := sqlstore.Open(ctx, m.Config.DB)
	if err != nil {
		return err
	}
	db.Now = m.Now
	m.DB = db
	if err := db.Migrate(ctx); err != nil {
		return err
	}
	var accounts []web.DemoAccount
	if m.Config.Demo {
		loaded, err := demo.Load(ctx, db, period.Today(m.Now()))
		if err != nil {
			return fmt.Errorf("demo: %w", err)
		}
		if loaded {
			m.Logger.Info("demo loaded", "db", m.Config.DB)
		}
		for _, a := range demo.Accounts {
			unit := ""
			if a.Unit != "" {
				if u, err := db.FindUnit(ctx, a.Unit, period.MustParse("2019-03-28")); err == nil {
					unit = u.Label()
				} else if u, err := db.FindUnit(ctx, a.Unit, period.Today(m.Now())); err == nil {
					unit = u.Label()
				}
			}
			var roles []string
			for _, r := range a.Roles {
				roles = append(roles, r.Label())
			}
			accounts = append(accounts, web.DemoAccount{Username: a.Username, Role: strings.Join(roles, ", "), Unit: unit})
		}
	}
	var mailer notify.Mailer
	if smtp := (notify.SMTP{Addr: m.Config.SMTPAddr, From: m.Config.SMTPFrom, Username: m.Config.SMTPUser, Password: m.Config.SMTPPassword}); smtp.Enabled() {
		mailer = smtp
	}
	m.Server, err = web.New(web.Config{DB: db, Logger: m.Logger, Now: m.Now, Demo: m.Config.Demo,
		SecureCookies: m.Config.SecureCookies, TrustProxy: m.Config.TrustProxy, DemoAccounts: accounts, Mailer: mailer})
	if err != nil {
		return err
	}
	ln, err := net.Listen("tcp", m.Config.Addr)
	if err != nil {
		return err
	}
	m.Listener = ln
	m.HTTP = &http.Server{Handler: m.Server, ReadHeaderTimeout: 10 * time.Second, ReadTimeout: 2 * time.Minute,
		WriteTimeout: 5 * time.Minute, IdleTimeout: 2 * time.Minute, ErrorLog: slog.NewLogLogger(m.Logger.Handler(), slog.LevelWarn)}
	m.done = make(chan error, 1)
	m.stopped = make(chan struct{})
	go func() {
		err := m.HTTP.Serve(ln)
		if errors.Is(err, http.ErrServerClosed) {
			err = nil
		}
		m.done <- err
		close(m.stopped)
	}()
	go m.sweep(ctx)
	fmt.Fprintf(m.Out, "Giao Ban đang chạy tại %s (cơ sở dữ liệu: %s)\n", m.URL(), describeDB(m.Config.DB))
	if m.Config.Demo {
		fmt.Fprintf(m.Out, "Bản trình diễn — tài khoản (mật khẩu đều là %q):\n", demo.Password)
		for _, a := range accounts {
			fmt.Fprintf(m.Out, "  %-12s %-22s %s\n", a.Username, a.Role, a.Unit)
		}
	}
	return nil
}

func (m *Main) sweep(ctx context.Context) {
	t := time.NewTicker(10 * time.Minute)
	defer t.Stop()
	for {
		select {
		case <-ctx.Done():
			return
		case <-m.stopped:
			return
		case <-t.C:
			m.Server.Sweep(ctx)
		}
	}
}

func describeDB(dsn string) string {
	if sqlstore.IsPostgres(dsn) {
		if i := strings.Index(dsn, "@"); i > 0 {
			return "postgres://…" + dsn[i:]
		}
		return "PostgreSQL"
	}
	return dsn
}

// URL is the server's base URL.
func (m *Main) URL() string {
	return "http://" + m.Listener.Addr().String()
}

// Wait blocks until the server stops by itself or ctx ends; then it shuts
// down gracefully, letting requests in flight finish (up to 20 s).
func (m *Main) Wait(ctx context.Context) error {
	select {
	case err := <-m.done:
		return err
	case <-ctx.Done():
	}
	m.Logger.Info("shutting down")
	sctx, cancel := context.WithTimeout(context.Background(), 20*time.Second)
	defer cancel()
	return m.HTTP.Shutdown(sctx)
}

// Close stops the server and closes the database.
func (m *Main) Close() error {
	if m.HTTP != nil {
		sctx, cancel := context.WithTimeout(context.Background(), 5*time.Second)
		m.HTTP.Shutdown(sctx)
		cancel()
	}
	if m.DB != nil {
		return m.DB.Close()
	}
	return nil
}

func runServe(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	m := NewMain(stdout)
	if err := m.ParseFlags(args, stderr); err != nil {
		return err
	}
	m.Logger = newLogger(m.Config, stderr)
	defer m.Close()
	if err := m.Run(ctx); err != nil {
		return err
	}
	return m.Wait(ctx)
}

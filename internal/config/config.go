// Package config holds the one Config of the giaoban binary: flags override
// environment variables (GIAOBAN_*), which override defaults. It is
// validated once and passed explicitly.
package config

import (
	"flag"
	"fmt"
	"net"
	"os"
	"strconv"
	"strings"
)

// Config is every setting of the server and the command-line tools.
type Config struct {
	Addr          string // listen address
	DB            string // SQLite file path or postgres:// URL
	Demo          bool   // load the demo on an empty database, show the banner
	LogFormat     string // "text" or "json"
	LogLevel      string // "debug", "info", "warn", "error"
	SecureCookies bool   // cookies only over HTTPS
	TrustProxy    bool   // take client addresses from X-Forwarded-For
	SMTPAddr      string // host:port of the mail relay; "" sends no e-mail
	SMTPFrom      string // sender address of reminders
	SMTPUser      string // relay login, if it needs one
	SMTPPassword  string // from the environment only, never a flag
}

// Default returns the defaults: a local SQLite file on loopback port 8080.
func Default() Config {
	return Config{Addr: "127.0.0.1:8080", DB: "giaoban.db", LogFormat: "text", LogLevel: "info"}
}

// FromEnv applies GIAOBAN_* variables over c.
func (c *Config) FromEnv(getenv func(string) string) {
	if v := getenv("GIAOBAN_ADDR"); v != "" {
		c.Addr = v
	}
	if v := getenv("GIAOBAN_DB"); v != "" {
		c.DB = v
	}
	if v := getenv("GIAOBAN_LOG_FORMAT"); v != "" {
		c.LogFormat = v
	}
	if v := getenv("GIAOBAN_LOG_LEVEL"); v != "" {
		c.LogLevel = v
	}
	if v := getenv("GIAOBAN_SMTP_ADDR"); v != "" {
		c.SMTPAddr = v
	}
	if v := getenv("GIAOBAN_SMTP_FROM"); v != "" {
		c.SMTPFrom = v
	}
	if v := getenv("GIAOBAN_SMTP_USER"); v != "" {
		c.SMTPUser = v
	}
	if v := getenv("GIAOBAN_SMTP_PASSWORD"); v != "" {
		c.SMTPPassword = v
	}
	for name, p := range map[string]*bool{"GIAOBAN_DEMO": &c.Demo, "GIAOBAN_SECURE_COOKIES": &c.SecureCookies, "GIAOBAN_TRUST_PROXY": &c.TrustProxy} {
		if v := getenv(name); v != "" {
			if b, err := strconv.ParseBool(v); err == nil {
				*p = b
			}
		}
	}
}

// Flags registers the flags that override c on fs. Only the named ones are
// added, so each subcommand shows just what it takes.
func (c *Config) Flags(fs *flag.FlagSet, names ...string) {
	for _, n := range names {
		switch n {
		case "addr":
			fs.StringVar(&c.Addr, "addr", c.Addr, "địa chỉ lắng nghe (listen address)")
		case "db":
			fs.StringVar(&c.DB, "db", c.DB, "tệp SQLite hoặc postgres://... (database)")
		case "demo":
			fs.BoolVar(&c.Demo, "demo", c.Demo, "nạp dữ liệu trình diễn vào cơ sở dữ liệu trống (load the demo)")
		case "log-format":
			fs.StringVar(&c.LogFormat, "log-format", c.LogFormat, "text hoặc json")
		case "log-level":
			fs.StringVar(&c.LogLevel, "log-level", c.LogLevel, "debug, info, warn, error")
		case "secure-cookies":
			fs.BoolVar(&c.SecureCookies, "secure-cookies", c.SecureCookies, "cookie chỉ gửi qua HTTPS")
		case "smtp":
			fs.StringVar(&c.SMTPAddr, "smtp-addr", c.SMTPAddr, "máy chủ thư host:port để gửi nhắc nhở (để trống: không gửi thư)")
			fs.StringVar(&c.SMTPFrom, "smtp-from", c.SMTPFrom, "địa chỉ người gửi thư nhắc nhở")
			fs.StringVar(&c.SMTPUser, "smtp-user", c.SMTPUser, "tài khoản máy chủ thư (mật khẩu: biến GIAOBAN_SMTP_PASSWORD)")
		case "trust-proxy":
			fs.BoolVar(&c.TrustProxy, "trust-proxy", c.TrustProxy, "lấy địa chỉ người dùng từ X-Forwarded-For")
		}
	}
}

// Validate checks c once, before anything starts.
func (c *Config) Validate() error {
	if strings.TrimSpace(c.DB) == "" {
		return fmt.Errorf("--db is required")
	}
	if _, _, err := net.SplitHostPort(c.Addr); err != nil {
		return fmt.Errorf("--addr %q: %w", c.Addr, err)
	}
	if c.SMTPAddr != "" {
		if _, _, err := net.SplitHostPort(c.SMTPAddr); err != nil {
			return fmt.Errorf("--smtp-addr %q: %w", c.SMTPAddr, err)
		}
		if c.SMTPFrom == "" {
			return fmt.Errorf("--smtp-from is required with --smtp-addr")
		}
	}
	switch c.LogFormat {
	case "text", "json":
	default:
		return fmt.Errorf("--log-format must be text or json, not %q", c.LogFormat)
	}
	switch c.LogLevel {
	case "debug", "info", "warn", "error":
	default:
		return fmt.Errorf("--log-level must be debug, info, warn or error, not %q", c.LogLevel)
	}
	return nil
}

// Load returns the defaults overridden by the process environment.
func Load() Config {
	c := Default()
	c.FromEnv(os.Getenv)
	return c
}

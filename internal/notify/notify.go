// Package notify delivers reminders: in-app notifications to a unit's
// users, and e-mail when an SMTP relay is configured.
package notify

import (
	"context"
	"fmt"
	"net/mail"
	"net/smtp"
	"strings"
	"time"
)

// Notification is an in-app message to every user of a unit.
type Notification struct {
	ID        int64
	Unit      string
	Message   string // Vietnamese
	Link      string // local path
	CreatedAt time.Time
	CreatedBy string
	ReadAt    time.Time
}

// Store persists notifications. Implemented by sqlstore.
type Store interface {
	CreateNotifications(ctx context.Context, ns []Notification) error
	ListNotifications(ctx context.Context, unit string, limit int) ([]Notification, error)
	CountUnread(ctx context.Context, unit string) (int, error)
	MarkRead(ctx context.Context, unit string, at time.Time) error
}

// Mailer sends e-mail. The zero SMTP config sends nothing.
type Mailer interface {
	Send(ctx context.Context, to []string, subject, body string) error
}

// SMTP sends mail through a relay (the government intranet's), plain
// net/smtp: no dependency for a few messages a quarter.
type SMTP struct {
	Addr     string // host:port; "" disables e-mail
	From     string
	Username string
	Password string
}

// Enabled reports whether e-mail is configured.
func (s SMTP) Enabled() bool { return s.Addr != "" && s.From != "" }

// Send sends one message to each recipient, UTF-8, base64 subject.
func (s SMTP) Send(ctx context.Context, to []string, subject, body string) error {
	if !s.Enabled() || len(to) == 0 {
		return nil
	}
	from, err := mail.ParseAddress(s.From)
	if err != nil {
		return fmt.Errorf("smtp from %q: %w", s.From, err)
	}
	var auth smtp.Auth
	if s.Username != "" {
		host := s.Addr
		if i := strings.LastIndex(host, ":"); i > 0 {
			host = host[:i]
		}
		auth = smtp.PlainAuth("", s.Username, s.Password, host)
	}
	msg := "From: " + from.String() + "\r\n" +
		"To: " + strings.Join(to, ", ") + "\r\n" +
		"Subject: " + mimeWord(subject) + "\r\n" +
		"MIME-Version: 1.0\r\nContent-Type: text/plain; charset=UTF-8\r\nContent-Transfer-Encoding: 8bit\r\n\r\n" +
		strings.ReplaceAll(body, "\n", "\r\n")
	return smtp.SendMail(s.Addr, auth, from.Address, to, []byte(msg))
}

func mimeWord(s string) string {
	return mimeEncoder.Encode("UTF-8", s)
}

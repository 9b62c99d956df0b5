package notify_test

import (
	"bufio"
	"context"
	"net"
	"strings"
	"testing"

	"giaoban/internal/notify"
)

// fakeSMTP accepts one message on loopback and returns what it received.
func fakeSMTP(t *testing.T) (string, <-chan string) {
	t.Helper()
	ln, err := net.Listen("tcp", "127.0.0.1:0")
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { ln.Close() })
	got := make(chan string, 1)
	go func() {
		c, err := ln.Accept()
		if err != nil {
			return
		}
		defer c.Close()
		r := bufio.NewReader(c)
		say := func(s string) { c.Write([]byte(s + "\r\n")) }
		say("220 test")
		var b strings.Builder
		data := false
		for {
			line, err := r.ReadString('\n')
			if err != nil {
				return
			}
			if data {
				if line == ".\r\n" {
					data = false
					say("250 ok")
					continue
				}
				b.WriteString(line)
				continue
			}
			switch cmd := strings.ToUpper(strings.TrimSpace(line)); {
			case strings.HasPrefix(cmd, "EHLO"), strings.HasPrefix(cmd, "HELO"):
				say("250 test")
			case strings.HasPrefix(cmd, "DATA"):
				data = true
				say("354 go on")
			case strings.HasPrefix(cmd, "QUIT"):
				say("221 bye")
				got <- b.String()
				return
			default:
				say("250 ok")
			}
		}
	}()
	return ln.Addr().String(), got
}

func TestSMTPSend(t *testing.T) {
	addr, got := fakeSMTP(t)
	m := notify.SMTP{Addr: addr, From: "Giao Ban <giaoban@bdv.langson.gov.vn>"}
	if err := m.Send(context.Background(), []string{"mttq@langson.gov.vn"}, "[Giao Ban] Đề nghị gửi báo cáo quý II/2019", "Hạn 19/06/2019."); err != nil {
		t.Fatal(err)
	}
	msg := <-got
	for _, want := range []string{"To: mttq@langson.gov.vn", "Subject: =?UTF-8?b?", "charset=UTF-8", "Hạn 19/06/2019."} {
		if !strings.Contains(msg, want) {
			t.Errorf("message lacks %q:\n%s", want, msg)
		}
	}
}

func TestSMTPDisabled(t *testing.T) {
	if (notify.SMTP{}).Enabled() {
		t.Fatal("zero config is enabled")
	}
	if err := (notify.SMTP{}).Send(context.Background(), []string{"a@b.c"}, "x", "y"); err != nil {
		t.Errorf("disabled send: got %v, want nil (nothing sent)", err)
	}
}

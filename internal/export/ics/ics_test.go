package ics

import (
	"strings"
	"testing"
	"time"
	"unicode/utf8"
)

func TestEscape(t *testing.T) {
	tests := []struct{ in, want string }{
		{"Hội trường A, tầng 2; phòng 3", `Hội trường A\, tầng 2\; phòng 3`},
		{`C:\tai-lieu`, `C:\\tai-lieu`},
		{"dòng 1\r\ndòng 2\ndòng 3", `dòng 1\ndòng 2\ndòng 3`},
		{"chuông\x07", "chuông"},
	}
	for _, tt := range tests {
		if got := Escape(tt.in); got != tt.want {
			t.Errorf("Escape(%q): got %q, want %q", tt.in, got, tt.want)
		}
	}
}

func TestBytes(t *testing.T) {
	start := time.Date(2019, 3, 28, 8, 0, 0, 0, time.FixedZone("ICT", 7*3600))
	long := strings.Repeat("Hội nghị giao ban công tác dân vận quý I năm 2019, ", 5)
	c := Calendar{ProdID: "-//Giao Ban//Hoi nghi//VI", Name: "Lịch hội nghị — Ủy ban MTTQ Việt Nam tỉnh", Events: []Event{{
		UID: "conference-1@giaoban", Stamp: time.Date(2026, 11, 25, 9, 0, 0, 0, time.UTC), Start: start, End: start.Add(3*time.Hour + 30*time.Minute),
		Summary: long, Location: "Hội trường Tỉnh ủy, Lạng Sơn", Description: "Chủ trì: đồng chí Hoàng Văn Nghiệm\nNội dung: báo cáo; thảo luận", Status: "CONFIRMED"}}}
	out := string(Bytes(c))
	unfolded := strings.ReplaceAll(out, "\r\n ", "")
	if !strings.HasSuffix(out, "END:VCALENDAR\r\n") || strings.Contains(strings.ReplaceAll(out, "\r\n", ""), "\n") {
		t.Errorf("lines must end in CRLF:\n%q", out)
	}
	for _, want := range []string{"BEGIN:VCALENDAR\r\nVERSION:2.0\r\n", "UID:conference-1@giaoban\r\n", "DTSTAMP:20261125T090000Z\r\n",
		"DTSTART:20190328T010000Z\r\n", "DTEND:20190328T043000Z\r\n", `LOCATION:Hội trường Tỉnh ủy\, Lạng Sơn`,
		`DESCRIPTION:Chủ trì: đồng chí Hoàng Văn Nghiệm\nNội dung: báo cáo\; thảo luận`, "STATUS:CONFIRMED\r\n", "END:VEVENT\r\n"} {
		if !strings.Contains(unfolded, want) {
			t.Errorf("missing %q in\n%s", want, out)
		}
	}
	for _, ln := range strings.Split(strings.TrimSuffix(out, "\r\n"), "\r\n") {
		if len(ln) > 75 {
			t.Errorf("line of %d octets: %q", len(ln), ln)
		}
		if !utf8.ValidString(ln) {
			t.Errorf("fold split a UTF-8 sequence: %q", ln)
		}
	}
	// Unfolding gives the summary back.
	if !strings.Contains(unfolded, "SUMMARY:"+Escape(long)+"\r\n") {
		t.Errorf("unfolded summary differs:\n%s", unfolded)
	}
}

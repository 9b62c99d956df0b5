// Package ics writes iCalendar feeds (RFC 5545): a calendar of events that
// office calendars (Outlook, Thunderbird, phones) subscribe to. Lines end
// in CRLF and are folded at 75 octets without splitting a UTF-8 sequence;
// text values escape backslash, semicolon, comma and line breaks; times are
// written in UTC, so no VTIMEZONE is needed.
package ics

import (
	"bytes"
	"io"
	"strconv"
	"strings"
	"time"
	"unicode/utf8"
)

// Event is one VEVENT.
type Event struct {
	UID         string    // globally unique and stable: "conference-12@giaoban"
	Stamp       time.Time // DTSTAMP: when the feed was made
	Start       time.Time
	End         time.Time // zero: no DTEND
	Summary     string
	Location    string
	Description string
	URL         string
	Status      string // "CONFIRMED", "TENTATIVE", "CANCELLED" or ""
	Sequence    int    // revision, so that clients update changed events
}

// Calendar is one VCALENDAR.
type Calendar struct {
	ProdID string // "-//Giao Ban//Hoi nghi giao ban//VI"
	Name   string // X-WR-CALNAME, shown by clients as the calendar's name
	Events []Event
}

// Write writes c to w.
func Write(w io.Writer, c Calendar) error {
	_, err := w.Write(Bytes(c))
	return err
}

// Bytes returns c as an iCalendar stream.
func Bytes(c Calendar) []byte {
	var b bytes.Buffer
	line := func(name, value string) { writeFolded(&b, name+":"+value) }
	line("BEGIN", "VCALENDAR")
	line("VERSION", "2.0")
	prodID := c.ProdID
	if prodID == "" {
		prodID = "-//Giao Ban//Giao Ban//VI"
	}
	line("PRODID", Escape(prodID))
	line("CALSCALE", "GREGORIAN")
	line("METHOD", "PUBLISH")
	if c.Name != "" {
		line("X-WR-CALNAME", Escape(c.Name))
	}
	for _, e := range c.Events {
		line("BEGIN", "VEVENT")
		line("UID", Escape(e.UID))
		line("DTSTAMP", utc(e.Stamp))
		line("DTSTART", utc(e.Start))
		if !e.End.IsZero() {
			line("DTEND", utc(e.End))
		}
		if e.Sequence > 0 {
			line("SEQUENCE", strconv.Itoa(e.Sequence))
		}
		line("SUMMARY", Escape(e.Summary))
		if e.Location != "" {
			line("LOCATION", Escape(e.Location))
		}
		if e.Description != "" {
			line("DESCRIPTION", Escape(e.Description))
		}
		if e.URL != "" {
			line("URL", e.URL)
		}
		if e.Status != "" {
			line("STATUS", e.Status)
		}
		line("END", "VEVENT")
	}
	line("END", "VCALENDAR")
	return b.Bytes()
}

// utc formats t as a UTC DATE-TIME: 20190328T010000Z.
func utc(t time.Time) string { return t.UTC().Format("20060102T150405Z") }

// Escape escapes a TEXT value (RFC 5545, 3.3.11): backslash, semicolon
// and comma get a backslash, line breaks become \n, other control
// characters are dropped.
func Escape(s string) string {
	var b strings.Builder
	s = strings.ReplaceAll(s, "\r\n", "\n")
	for _, r := range s {
		switch {
		case r == '\\' || r == ';' || r == ',':
			b.WriteByte('\\')
			b.WriteRune(r)
		case r == '\n' || r == '\r':
			b.WriteString(`\n`)
		case r < 0x20 && r != '\t', r == 0x7F:
		default:
			b.WriteRune(r)
		}
	}
	return b.String()
}

// maxOctets is the longest a content line may be, without its CRLF.
const maxOctets = 75

// writeFolded writes one content line, folded: after 75 octets a CRLF and
// a space start a continuation line (whose space counts in its 75), never
// in the middle of a UTF-8 sequence.
func writeFolded(b *bytes.Buffer, s string) {
	limit := maxOctets
	for len(s) > limit {
		cut := limit
		for cut > 0 && !utf8.RuneStart(s[cut]) {
			cut--
		}
		b.WriteString(s[:cut])
		b.WriteString("\r\n ")
		s = s[cut:]
		limit = maxOctets - 1
	}
	b.WriteString(s)
	b.WriteString("\r\n")
}

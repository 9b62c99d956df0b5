// Package period holds civil dates, reporting period identifiers, calendars,
// holidays and deadline rules. It is a leaf: it imports nothing of ours.
package period

import (
	"fmt"
	"time"
)

// Date is a civil date with no time of day and no zone. Dates are stored and
// exchanged as "YYYY-MM-DD"; the zero Date is "unset".
type Date struct {
	t time.Time // always midnight UTC
}

// Forever is the open end of an effective-dated interval. Storing it instead
// of NULL keeps "valid on d" a plain range test in both databases.
var Forever = MustParse("9999-12-31")

// Of returns the date of t in t's own location.
func Of(t time.Time) Date {
	y, m, d := t.Date()
	return New(y, m, d)
}

// New returns the date y-m-d (normalised like time.Date).
func New(y int, m time.Month, d int) Date {
	return Date{time.Date(y, m, d, 0, 0, 0, 0, time.UTC)}
}

// Today returns the date of now in Vietnam (UTC+7), where the working day is.
func Today(now time.Time) Date { return Of(now.In(Vietnam)) }

// Vietnam is the fixed UTC+7 zone (Vietnam has no daylight saving).
var Vietnam = time.FixedZone("ICT", 7*3600)

// Parse reads "YYYY-MM-DD". It also accepts the Vietnamese "DD/MM/YYYY".
func Parse(s string) (Date, error) {
	for _, layout := range []string{"2006-01-02", "02/01/2006", "2/1/2006"} {
		if t, err := time.Parse(layout, s); err == nil {
			return Date{t}, nil
		}
	}
	return Date{}, fmt.Errorf("ngày không hợp lệ: %q (cần dạng YYYY-MM-DD hoặc DD/MM/YYYY)", s)
}

// MustParse is Parse for constants; it panics on error.
func MustParse(s string) Date {
	d, err := Parse(s)
	if err != nil {
		panic(err)
	}
	return d
}

// String returns "YYYY-MM-DD", or "" for the zero date.
func (d Date) String() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("2006-01-02")
}

// VN returns the date the Vietnamese way, "28/03/2019".
func (d Date) VN() string {
	if d.IsZero() {
		return ""
	}
	return d.t.Format("02/01/2006")
}

func (d Date) IsZero() bool          { return d.t.IsZero() }
func (d Date) Time() time.Time       { return d.t }
func (d Date) Year() int             { return d.t.Year() }
func (d Date) Month() time.Month     { return d.t.Month() }
func (d Date) Day() int              { return d.t.Day() }
func (d Date) Weekday() time.Weekday { return d.t.Weekday() }
func (d Date) Before(o Date) bool    { return d.t.Before(o.t) }
func (d Date) After(o Date) bool     { return d.t.After(o.t) }
func (d Date) Equal(o Date) bool     { return d.t.Equal(o.t) }
func (d Date) AddDays(n int) Date    { return Date{d.t.AddDate(0, 0, n)} }
func (d Date) AddMonths(n int) Date  { return Date{d.t.AddDate(0, n, 0)} }
func (d Date) IsForever() bool       { return d.Equal(Forever) }
func (d Date) Compare(o Date) int    { return d.t.Compare(o.t) }

// MarshalText makes Date a JSON string "YYYY-MM-DD".
func (d Date) MarshalText() ([]byte, error) { return []byte(d.String()), nil }

// UnmarshalText parses "YYYY-MM-DD".
func (d *Date) UnmarshalText(b []byte) error {
	if len(b) == 0 {
		*d = Date{}
		return nil
	}
	p, err := Parse(string(b))
	if err != nil {
		return err
	}
	*d = p
	return nil
}

// In returns the first instant of d in loc: d.In(Vietnam) is midnight in
// Vietnam, and d.AddDays(1).In(Vietnam) the instant a deadline day ends.
func (d Date) In(loc *time.Location) time.Time {
	return time.Date(d.Year(), d.Month(), d.Day(), 0, 0, 0, 0, loc)
}

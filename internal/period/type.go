package period

import (
	"errors"
	"fmt"
	"unicode/utf8"
)

// ErrInvalid is matched by errors.Is for every error this package returns
// about bad input (period IDs, custom windows, deadline rules), so that
// callers can map them to a 400/422 without parsing the message. The
// errors' own text is the Vietnamese message meant for users.
var ErrInvalid = errors.New("period: invalid input")

type invalidError struct{ msg string }

func (e *invalidError) Error() string        { return e.msg }
func (e *invalidError) Is(target error) bool { return target == ErrInvalid }

func invalidf(format string, args ...any) error {
	return &invalidError{fmt.Sprintf(format, args...)}
}

// Type is the kind of a reporting period. The strings are an API contract
// (templates' "period_type" in the JSON API and in the database).
type Type string

const (
	Month      Type = "month"
	Quarter    Type = "quarter"
	HalfYear   Type = "half_year"
	NineMonths Type = "nine_months"
	Year       Type = "year"
	Custom     Type = "custom" // a free window for thematic and ad hoc reports
)

// Types lists every period type in the order a form should offer them.
func Types() []Type { return []Type{Month, Quarter, HalfYear, NineMonths, Year, Custom} }

// Valid reports whether t is one of the defined types.
func (t Type) Valid() bool {
	switch t {
	case Month, Quarter, HalfYear, NineMonths, Year, Custom:
		return true
	}
	return false
}

// Label returns the Vietnamese name of the type ("Quý"). An unknown type
// labels as itself so that bad data stays visible instead of blank.
func (t Type) Label() string {
	switch t {
	case Month:
		return "Tháng"
	case Quarter:
		return "Quý"
	case HalfYear:
		return "6 tháng"
	case NineMonths:
		return "9 tháng"
	case Year:
		return "Năm"
	case Custom:
		return "Tùy chọn"
	}
	return string(t)
}

// ParseType reads a period type as stored or posted ("quarter").
func ParseType(s string) (Type, error) {
	t := Type(s)
	if !t.Valid() {
		return "", invalidf("Loại kỳ báo cáo không hợp lệ: %q", clip(s))
	}
	return t, nil
}

// months returns how many calendar months one period of a periodic type
// spans, and how many such periods a year has. Custom and unknown types
// return 0, 0.
func (t Type) months() (span, perYear int) {
	switch t {
	case Month:
		return 1, 12
	case Quarter:
		return 3, 4
	case HalfYear:
		return 6, 2
	case NineMonths:
		return 9, 1
	case Year:
		return 12, 1
	}
	return 0, 0
}

// Calendar is the rule that turns a period ID into its data window.
type Calendar string

const (
	// Decree09 is the cut-off calendar of Nghị định 09/2019/NĐ-CP, Art. 12:
	// data for month M run from the 15th of M-1 to the 14th of M, so that a
	// report can be written and sent in the second half of the month it is
	// named after.
	Decree09 Calendar = "decree09"
	// CalendarMonths is plain calendar months (Q1 = 01/01–31/03).
	CalendarMonths Calendar = "calendar"
)

// Calendars lists the calendar presets, the default first.
func Calendars() []Calendar { return []Calendar{Decree09, CalendarMonths} }

// Valid reports whether c is one of the presets.
func (c Calendar) Valid() bool { return c == Decree09 || c == CalendarMonths }

// Label returns the Vietnamese name of the calendar.
func (c Calendar) Label() string {
	switch c {
	case Decree09:
		return "Theo Nghị định 09/2019/NĐ-CP (từ ngày 15 tháng trước đến ngày 14)"
	case CalendarMonths:
		return "Theo tháng dương lịch"
	}
	return string(c)
}

// ParseCalendar reads a calendar preset as stored or posted ("decree09").
func ParseCalendar(s string) (Calendar, error) {
	c := Calendar(s)
	if !c.Valid() {
		return "", invalidf("Lịch chốt số liệu không hợp lệ: %q", clip(s))
	}
	return c, nil
}

// clip shortens user input before it is echoed in an error message, so a
// pasted page of text does not become a page of error.
func clip(s string) string {
	n := 40
	if len(s) <= n {
		return s
	}
	for n > 0 && !utf8.RuneStart(s[n]) {
		n--
	}
	return s[:n] + "…"
}

package period

import (
	"bufio"
	_ "embed"
	"fmt"
	"strings"
	"time"
)

// HolidayKind classifies a row of the holiday table.
type HolidayKind string

const (
	// FixedHoliday is a solar-date holiday: 1/1, 30/4, 1/5, 2/9 and, from
	// 2021 (Labour Code 2019), the day next to 2/9 chosen each year.
	FixedHoliday HolidayKind = "fixed"
	// LunarHoliday is a day of the official Tết Nguyên đán break (weekends
	// inside the break included) or Giỗ Tổ Hùng Vương (10/3 lunar).
	LunarHoliday HolidayKind = "lunar"
	// CompensatoryDay is a weekday off: nghỉ bù for a holiday that fell on
	// a weekend, or a working day swapped (hoán đổi) to join two breaks.
	CompensatoryDay HolidayKind = "compensatory"
	// MakeUpWorkday is a Saturday or Sunday worked in exchange for a
	// swapped day (làm bù). It is a working day, not a holiday; it is in the
	// table because the government announces it together with the swap.
	MakeUpWorkday HolidayKind = "workday"
)

// Holiday is one row of the holiday table.
type Holiday struct {
	Date Date
	Name string // Vietnamese, for users: "Tết Nguyên đán", "Nghỉ bù Quốc khánh"
	Kind HolidayKind
	Note string // for maintainers: sources and doubts
}

// The table is data, not code, because the government sets the Tết break,
// the day next to 2/9 and the swaps year by year: adding next year's
// notice is an edit to holidays.tsv, reviewed like any other.
//
//go:embed holidays.tsv
var holidaysTSV string

var table = mustParseHolidays(holidaysTSV)

type holidayTable struct {
	rows        []Holiday
	byDay       map[int]Holiday
	first, last int // years covered
}

// dayKey keys dates by value: time.Time's == compares representation, and
// Dates can come from New, Parse or JSON.
func dayKey(d Date) int { return d.Year()*10000 + int(d.Month())*100 + d.Day() }

func mustParseHolidays(s string) *holidayTable {
	t, err := parseHolidays(s)
	if err != nil {
		panic(err) // embedded data, checked by the tests: a bad edit fails at start-up
	}
	return t
}

// parseHolidays reads the TSV: '#' lines are comments, the first other line
// is the header, then date, name, kind and an optional note per line.
func parseHolidays(s string) (*holidayTable, error) {
	t := &holidayTable{byDay: map[int]Holiday{}}
	sc := bufio.NewScanner(strings.NewReader(s))
	line, header := 0, false
	for sc.Scan() {
		line++
		text := strings.TrimRight(sc.Text(), "\r")
		if text == "" || strings.HasPrefix(text, "#") {
			continue
		}
		f := strings.Split(text, "\t")
		if !header {
			if len(f) < 3 || f[0] != "date" || f[1] != "name" || f[2] != "kind" {
				return nil, fmt.Errorf("holidays.tsv:%d: header must be date, name, kind, note", line)
			}
			header = true
			continue
		}
		if len(f) < 3 || len(f) > 4 {
			return nil, fmt.Errorf("holidays.tsv:%d: want 3 or 4 tab-separated fields, got %d", line, len(f))
		}
		d, err := time.Parse("2006-01-02", f[0])
		if err != nil {
			return nil, fmt.Errorf("holidays.tsv:%d: date %q: %w", line, f[0], err)
		}
		h := Holiday{Date: Of(d), Name: strings.TrimSpace(f[1]), Kind: HolidayKind(f[2])}
		if len(f) == 4 {
			h.Note = strings.TrimSpace(f[3])
		}
		if h.Name == "" {
			return nil, fmt.Errorf("holidays.tsv:%d: empty name", line)
		}
		switch h.Kind {
		case FixedHoliday, LunarHoliday, CompensatoryDay, MakeUpWorkday:
		default:
			return nil, fmt.Errorf("holidays.tsv:%d: unknown kind %q", line, h.Kind)
		}
		k := dayKey(h.Date)
		if _, dup := t.byDay[k]; dup {
			return nil, fmt.Errorf("holidays.tsv:%d: %s listed twice", line, h.Date)
		}
		if n := len(t.rows); n > 0 && !t.rows[n-1].Date.Before(h.Date) {
			return nil, fmt.Errorf("holidays.tsv:%d: %s is out of date order", line, h.Date)
		}
		t.byDay[k] = h
		t.rows = append(t.rows, h)
	}
	if err := sc.Err(); err != nil {
		return nil, err
	}
	if len(t.rows) == 0 {
		return nil, fmt.Errorf("holidays.tsv: no rows")
	}
	// The first row may be a swap in late December announced with the next
	// year's schedule; coverage is counted in whole years from 1 January.
	t.first = t.rows[0].Date.Year()
	if t.rows[0].Date.Month() == time.December {
		t.first++
	}
	t.last = t.rows[len(t.rows)-1].Date.Year()
	return t, nil
}

// HolidayCoverage returns the first and last year the holiday table
// covers. Outside them only the solar-date holidays are known (see
// IsHoliday), so a UI can warn that deadlines there ignore Tết.
func HolidayCoverage() (first, last int) { return table.first, table.last }

// Holidays returns the table's rows from from to to, both included, in
// date order; make-up working days (MakeUpWorkday) are included so that a
// calendar view can show them.
func Holidays(from, to Date) []Holiday {
	var out []Holiday
	for _, h := range table.rows {
		if !h.Date.Before(from) && !h.Date.After(to) {
			out = append(out, h)
		}
	}
	return out
}

// IsHoliday reports whether d is a public holiday or an official day off
// for civil servants, and its Vietnamese name. Within the table's years
// (HolidayCoverage) the table is the whole truth; outside them only the
// solar-date holidays are known — 1/1, 30/4, 1/5 and 2/9 — because those
// need no announcement, while Tết and the compensatory days do.
func IsHoliday(d Date) (bool, string) {
	if d.IsZero() {
		return false, ""
	}
	if y := d.Year(); y < table.first || y > table.last {
		switch {
		case d.Month() == time.January && d.Day() == 1:
			return true, "Tết Dương lịch"
		case d.Month() == time.April && d.Day() == 30:
			return true, "Ngày Chiến thắng 30/4"
		case d.Month() == time.May && d.Day() == 1:
			return true, "Ngày Quốc tế Lao động 1/5"
		case d.Month() == time.September && d.Day() == 2:
			return true, "Quốc khánh 2/9"
		}
		return false, ""
	}
	h, ok := table.byDay[dayKey(d)]
	if !ok || h.Kind == MakeUpWorkday {
		return false, ""
	}
	return true, h.Name
}

// IsWorkingDay reports whether offices work on d: Monday to Friday and not
// a holiday, or a Saturday or Sunday the government has made a make-up
// working day (làm bù).
func IsWorkingDay(d Date) bool {
	if d.IsZero() {
		return false
	}
	if h, ok := table.byDay[dayKey(d)]; ok && h.Kind == MakeUpWorkday {
		return true
	}
	if wd := d.Weekday(); wd == time.Saturday || wd == time.Sunday {
		return false
	}
	off, _ := IsHoliday(d)
	return !off
}

// WorkingDayOnOrAfter returns d if it is a working day, else the first
// working day after it.
func WorkingDayOnOrAfter(d Date) Date {
	if d.IsZero() {
		return d
	}
	for !IsWorkingDay(d) {
		d = d.AddDays(1)
	}
	return d
}

// AddWorkingDays returns the n-th working day after d (n > 0) or before it
// (n < 0); d itself is never counted, whether or not it is a working day.
// n == 0 returns d unchanged.
func AddWorkingDays(d Date, n int) Date {
	if d.IsZero() {
		return d
	}
	step := 1
	if n < 0 {
		step, n = -1, -n
	}
	for n > 0 {
		d = d.AddDays(step)
		if IsWorkingDay(d) {
			n--
		}
	}
	return d
}

package period

import (
	"fmt"
	"time"
)

// Kinds of deadline rule. The strings are stored in templates and sent in
// the JSON API.
const (
	// RuleDayOfMonth: day Day of the month MonthOffset months after the
	// month that contains the period's cut-off date (its End).
	RuleDayOfMonth = "day_of_month"
	// RuleWorkingDaysAfter: the Days-th working day after the cut-off date.
	RuleWorkingDaysAfter = "working_days_after"
)

// Limits on rule fields: wide enough for any real reporting regime, narrow
// enough that a typo (Days 300) is caught at the form.
const (
	maxMonthOffset = 12
	maxWorkingDays = 60
)

// DeadlineRule says when a report is due (hạn nộp báo cáo). Fields that do
// not belong to Kind are ignored; JSON omits them when zero.
type DeadlineRule struct {
	Kind        string `json:"kind"`                   // RuleDayOfMonth or RuleWorkingDaysAfter
	Day         int    `json:"day,omitempty"`          // RuleDayOfMonth: 1–31; past the month's end means its last day
	MonthOffset int    `json:"month_offset,omitempty"` // RuleDayOfMonth: 0–12 months after the cut-off month
	Days        int    `json:"days,omitempty"`         // RuleWorkingDaysAfter: 1–60
}

// Validate checks the rule on its own; ValidateFor also checks it against
// a calendar. Errors are Vietnamese and match ErrInvalid.
func (r DeadlineRule) Validate() error {
	switch r.Kind {
	case "":
		return invalidf("Chưa chọn cách tính hạn nộp báo cáo.")
	case RuleDayOfMonth:
		if r.Day < 1 || r.Day > 31 {
			return invalidf("Ngày hạn nộp phải từ 1 đến 31.")
		}
		if r.MonthOffset < 0 || r.MonthOffset > maxMonthOffset {
			return invalidf("Số tháng sau tháng chốt số liệu phải từ 0 đến %d.", maxMonthOffset)
		}
	case RuleWorkingDaysAfter:
		if r.Days < 1 || r.Days > maxWorkingDays {
			return invalidf("Số ngày làm việc sau ngày chốt số liệu phải từ 1 đến %d.", maxWorkingDays)
		}
	default:
		return invalidf("Cách tính hạn nộp báo cáo không hợp lệ: %q.", clip(r.Kind))
	}
	return nil
}

// ValidateFor is Validate plus the check that the deadline cannot fall on
// or before the cut-off date under cal, which would make every report late
// before its period has closed. Only "day_of_month" in the cut-off month
// itself can do that: under Decree 09 the cut-off is the 14th, so the day
// must be 15 or later; under calendar months the cut-off is the month's
// last day, so the deadline must be in a later month.
func (r DeadlineRule) ValidateFor(cal Calendar) error {
	if err := r.Validate(); err != nil {
		return err
	}
	if !cal.Valid() {
		return invalidf("Lịch chốt số liệu không hợp lệ: %q", clip(string(cal)))
	}
	if r.Kind != RuleDayOfMonth || r.MonthOffset > 0 {
		return nil
	}
	switch {
	case cal == Decree09 && r.Day < 15:
		return invalidf("Hạn nộp ngày %d trong tháng chốt số liệu rơi trước ngày chốt (ngày 14): chọn từ ngày 15 trở đi hoặc tháng sau.", r.Day)
	case cal == CalendarMonths:
		return invalidf("Theo tháng dương lịch, số liệu chốt vào ngày cuối tháng: hạn nộp phải ở tháng sau tháng chốt số liệu.")
	}
	return nil
}

// Deadline returns the due date of p's report. For "day_of_month" it is day
// Day of the month MonthOffset months after the month of p.End: with Day
// 15 and MonthOffset 0, Q1/2019 under Decree 09 (cut-off 14/03/2019) is
// due 15/03/2019. A day past the month's end means the month's last day.
// When that date is not a working day the deadline moves to the next
// working day, as the Civil Code (2015, art. 148(5)) moves the end of any
// time limit that falls on a day off, so that a report filed on the first
// day back is on time. For "working_days_after" it is the Days-th working
// day after p.End, weekends and holidays skipped (3 working days after
// Friday 01/02/2019 is Wednesday 13/02/2019, after the Tết break).
//
// An invalid rule or a period without an end gives the zero Date.
func (r DeadlineRule) Deadline(p Period) Date {
	if p.End.IsZero() || r.Validate() != nil {
		return Date{}
	}
	if r.Kind == RuleWorkingDaysAfter {
		return AddWorkingDays(p.End, r.Days)
	}
	first := New(p.End.Year(), p.End.Month()+time.Month(r.MonthOffset), 1)
	last := first.AddMonths(1).AddDays(-1)
	return WorkingDayOnOrAfter(New(first.Year(), first.Month(), min(r.Day, last.Day())))
}

// Label describes the rule in Vietnamese: "Ngày 15 của tháng chốt số
// liệu", "Ngày 10 của tháng sau tháng chốt số liệu", "Ngày 5 của tháng
// thứ 2 sau tháng chốt số liệu", "3 ngày làm việc sau ngày chốt số liệu".
// The month is named from the cut-off, not "hằng tháng", because the same
// rule serves monthly, quarterly and yearly templates.
func (r DeadlineRule) Label() string {
	switch r.Kind {
	case RuleDayOfMonth:
		switch r.MonthOffset {
		case 0:
			return fmt.Sprintf("Ngày %d của tháng chốt số liệu", r.Day)
		case 1:
			return fmt.Sprintf("Ngày %d của tháng sau tháng chốt số liệu", r.Day)
		}
		return fmt.Sprintf("Ngày %d của tháng thứ %d sau tháng chốt số liệu", r.Day, r.MonthOffset)
	case RuleWorkingDaysAfter:
		return fmt.Sprintf("%d ngày làm việc sau ngày chốt số liệu", r.Days)
	case "":
		return "Chưa có hạn nộp"
	}
	return r.Kind
}

// String is Label, so that %v prints the Vietnamese description.
func (r DeadlineRule) String() string { return r.Label() }

// OnTime reports whether a report submitted at the instant submitted meets
// deadline: it does when submitted on or before the deadline day in Vietnam
// (UTC+7), whatever zone the server clock uses: 06:00 on 16/03 in Hà Nội
// is 23:00 on 15/03 UTC, and is late for a deadline of 15/03. A zero
// deadline means there is none (always on time); a zero submitted time
// means not submitted (never on time).
func OnTime(submitted time.Time, deadline Date) bool {
	if submitted.IsZero() {
		return false
	}
	if deadline.IsZero() {
		return true
	}
	return !Of(submitted.In(Vietnam)).After(deadline)
}

package period

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
	"time"
)

func dayOfMonth(day, offset int) DeadlineRule {
	return DeadlineRule{Kind: RuleDayOfMonth, Day: day, MonthOffset: offset}
}

func workingDays(n int) DeadlineRule { return DeadlineRule{Kind: RuleWorkingDaysAfter, Days: n} }

func TestDeadline(t *testing.T) {
	custom := func(id, start, end string) Period {
		p, err := NewCustom(id, d(start), d(end))
		if err != nil {
			panic(err)
		}
		return p
	}
	tests := []struct {
		name   string
		rule   DeadlineRule
		period Period
		want   string // "" for the zero Date
	}{
		// Day of month.
		{"d09 Q1/2019, 15th of cut-off month", dayOfMonth(15, 0), MustParseID("2019Q1", Decree09), "2019-03-15"},
		{"d09 Q2/2019, 15th is a Saturday", dayOfMonth(15, 0), MustParseID("2019Q2", Decree09), "2019-06-17"},
		{"cal Q1/2019, 20th of next month is a Saturday", dayOfMonth(20, 1), MustParseID("2019Q1", CalendarMonths), "2019-04-22"},
		{"cal Jan 2019, 5 Feb is Tết", dayOfMonth(5, 1), MustParseID("201901", CalendarMonths), "2019-02-11"},
		{"d09 Feb 2026, cut-off and 15th in the Tết break", dayOfMonth(15, 0), MustParseID("202602", Decree09), "2026-02-23"},
		{"d09 Apr 2019, 30/4 then 1/5", dayOfMonth(30, 0), MustParseID("201904", Decree09), "2019-05-02"},
		{"cal Aug 2024, 2/9 then 3/9", dayOfMonth(2, 1), MustParseID("202408", CalendarMonths), "2024-09-04"},
		{"cal Aug 2026, 31/8 swap then 1–2/9", dayOfMonth(31, 0), MustParseID("202608", CalendarMonths), "2026-09-03"},
		{"day 31 in a 30-day month", dayOfMonth(31, 0), MustParseID("202609", Decree09), "2026-09-30"},
		{"day 31 in February", dayOfMonth(31, 1), MustParseID("201901", Decree09), "2019-02-28"},
		{"day 31 in leap February", dayOfMonth(31, 1), MustParseID("202401", Decree09), "2024-02-29"},
		{"d09 year 2019 due in January 2020", dayOfMonth(10, 1), MustParseID("2019", Decree09), "2020-01-10"},
		{"d09 year 2025 due 5/1/2026", dayOfMonth(5, 1), MustParseID("2025", Decree09), "2026-01-05"},
		{"cal year 2025, 1/1/2026 holiday then swap", dayOfMonth(1, 1), MustParseID("2025", CalendarMonths), "2026-01-05"},
		{"offset 12", dayOfMonth(15, 12), MustParseID("2019Q1", Decree09), "2020-03-16"},
		{"custom window", dayOfMonth(20, 0), custom("2019-TET", "2019-01-25", "2019-02-15"), "2019-02-20"},
		// Working days after the cut-off.
		{"d09 Q1/2019, 3 working days", workingDays(3), MustParseID("2019Q1", Decree09), "2019-03-19"},
		{"cal Jan 2019, 3 working days over Tết", workingDays(3), MustParseID("201901", CalendarMonths), "2019-02-12"},
		{"d09 Feb 2019, 1 working day", workingDays(1), MustParseID("201902", Decree09), "2019-02-15"},
		{"d09 Feb 2026, cut-off in Tết", workingDays(1), MustParseID("202602", Decree09), "2026-02-23"},
		{"cal Apr 2019, over 1/5", workingDays(1), MustParseID("201904", CalendarMonths), "2019-05-02"},
		{"custom, over the 29/4 swap", workingDays(1), custom("DOT-1", "2019-04-01", "2019-04-26"), "2019-05-02"},
		{"custom, onto the make-up Saturday", workingDays(1), custom("DOT-2", "2019-04-01", "2019-05-03"), "2019-05-04"},
		{"cal Aug 2025, over 2/9", workingDays(1), MustParseID("202508", CalendarMonths), "2025-09-03"},
		{"cal Dec 2025, 6 days reach the make-up Saturday", workingDays(6), MustParseID("202512", CalendarMonths), "2026-01-10"},
		{"d09 Q3/2021, 5 working days", workingDays(5), MustParseID("2021Q3", Decree09), "2021-09-21"},
		// No answer.
		{"invalid rule", DeadlineRule{Kind: "weekly"}, MustParseID("2019Q1", Decree09), ""},
		{"empty rule", DeadlineRule{}, MustParseID("2019Q1", Decree09), ""},
		{"zero period", workingDays(3), Period{}, ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.rule.Deadline(tt.period)
			if tt.want == "" {
				if !got.IsZero() {
					t.Errorf("got %v, want the zero Date", got)
				}
				return
			}
			if !got.Equal(d(tt.want)) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if !IsWorkingDay(got) {
				t.Errorf("got %v, which is not a working day", got)
			}
			if !got.After(tt.period.End) && tt.rule.ValidateFor(tt.period.Calendar) == nil {
				t.Errorf("got %v, not after the cut-off %v", got, tt.period.End)
			}
		})
	}
}

func TestDeadlineRuleValidate(t *testing.T) {
	tests := []struct {
		name string
		rule DeadlineRule
		cal  Calendar
		want string // "" for valid
	}{
		{"day 15", dayOfMonth(15, 0), Decree09, ""},
		{"day 1 next month", dayOfMonth(1, 1), CalendarMonths, ""},
		{"day 31 offset 12", dayOfMonth(31, 12), Decree09, ""},
		{"working days", workingDays(3), CalendarMonths, ""},
		{"working days 60", workingDays(60), Decree09, ""},
		{"empty kind", DeadlineRule{}, Decree09, "Chưa chọn"},
		{"unknown kind", DeadlineRule{Kind: "weekly"}, Decree09, "không hợp lệ"},
		{"day 0", dayOfMonth(0, 0), Decree09, "từ 1 đến 31"},
		{"day 32", dayOfMonth(32, 0), Decree09, "từ 1 đến 31"},
		{"negative offset", dayOfMonth(15, -1), Decree09, "từ 0 đến 12"},
		{"offset 13", dayOfMonth(15, 13), Decree09, "từ 0 đến 12"},
		{"0 working days", workingDays(0), Decree09, "từ 1 đến 60"},
		{"61 working days", workingDays(61), Decree09, "từ 1 đến 60"},
		{"d09 day before the cut-off", dayOfMonth(10, 0), Decree09, "rơi trước ngày chốt"},
		{"d09 day 14 is the cut-off itself", dayOfMonth(14, 0), Decree09, "rơi trước ngày chốt"},
		{"calendar months, same month", dayOfMonth(31, 0), CalendarMonths, "tháng sau"},
		{"bad calendar", workingDays(3), "", "Lịch chốt số liệu"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := tt.rule.ValidateFor(tt.cal)
			if tt.want == "" {
				if err != nil {
					t.Errorf("got %v, want nil", err)
				}
				if err := tt.rule.Validate(); err != nil {
					t.Errorf("Validate: got %v, want nil", err)
				}
				return
			}
			if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
	// Validate alone does not know the calendar.
	if err := dayOfMonth(10, 0).Validate(); err != nil {
		t.Errorf("got %v, want nil", err)
	}
}

func TestDeadlineRuleLabel(t *testing.T) {
	tests := []struct {
		rule DeadlineRule
		want string
	}{
		{dayOfMonth(15, 0), "Ngày 15 của tháng chốt số liệu"},
		{dayOfMonth(10, 1), "Ngày 10 của tháng sau tháng chốt số liệu"},
		{dayOfMonth(5, 2), "Ngày 5 của tháng thứ 2 sau tháng chốt số liệu"},
		{workingDays(3), "3 ngày làm việc sau ngày chốt số liệu"},
		{DeadlineRule{}, "Chưa có hạn nộp"},
		{DeadlineRule{Kind: "weekly"}, "weekly"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := tt.rule.Label(); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if got := tt.rule.String(); got != tt.want {
				t.Errorf("String: got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDeadlineRuleJSON(t *testing.T) {
	tests := []struct {
		rule DeadlineRule
		json string
	}{
		{dayOfMonth(15, 0), `{"kind":"day_of_month","day":15}`},
		{dayOfMonth(10, 1), `{"kind":"day_of_month","day":10,"month_offset":1}`},
		{workingDays(3), `{"kind":"working_days_after","days":3}`},
	}
	for _, tt := range tests {
		t.Run(tt.json, func(t *testing.T) {
			b, err := json.Marshal(tt.rule)
			if err != nil {
				t.Fatal(err)
			}
			if got := string(b); got != tt.json {
				t.Errorf("got %v, want %v", got, tt.json)
			}
			var r DeadlineRule
			if err := json.Unmarshal([]byte(tt.json), &r); err != nil {
				t.Fatal(err)
			}
			if r != tt.rule {
				t.Errorf("got %+v, want %+v", r, tt.rule)
			}
		})
	}
}

func TestOnTime(t *testing.T) {
	at := func(s string) time.Time {
		tm, err := time.Parse(time.RFC3339, s)
		if err != nil {
			panic(err)
		}
		return tm
	}
	tests := []struct {
		name      string
		submitted time.Time
		deadline  Date
		want      bool
	}{
		{"days before", at("2019-03-10T09:00:00+07:00"), d("2019-03-15"), true},
		{"last second in Vietnam", at("2019-03-15T23:59:59+07:00"), d("2019-03-15"), true},
		{"same instant in UTC", at("2019-03-15T16:59:59Z"), d("2019-03-15"), true},
		{"midnight in Vietnam", at("2019-03-15T17:00:00Z"), d("2019-03-15"), false},
		{"early next morning in Vietnam, still the 15th in UTC", at("2019-03-15T23:00:00Z"), d("2019-03-15"), false},
		{"early in Vietnam, the day before in UTC", at("2019-03-14T18:00:00Z"), d("2019-03-15"), true},
		{"a day late", at("2019-03-16T10:00:00+07:00"), d("2019-03-15"), false},
		{"no deadline", at("2030-01-01T00:00:00Z"), Date{}, true},
		{"not submitted", time.Time{}, d("2019-03-15"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			if got := OnTime(tt.submitted, tt.deadline); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	// The end of the deadline day, as report.Deadline stores it.
	end := d("2019-03-15").AddDays(1).In(Vietnam)
	if got, want := end.UTC().Format(time.RFC3339), "2019-03-15T17:00:00Z"; got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	if OnTime(end, d("2019-03-15")) || !OnTime(end.Add(-time.Nanosecond), d("2019-03-15")) {
		t.Errorf("got the wrong side of the end of the deadline day")
	}
}

package period

import (
	"strconv"
	"strings"
	"testing"
	"time"
)

func TestHolidayTableParses(t *testing.T) {
	tab, err := parseHolidays(holidaysTSV)
	if err != nil {
		t.Fatal(err)
	}
	if first, last := HolidayCoverage(); first != 2018 || last != 2030 {
		t.Errorf("coverage: got %v–%v, want 2018–2030", first, last)
	}
	for _, h := range tab.rows {
		wd := h.Date.Weekday()
		weekend := wd == time.Saturday || wd == time.Sunday
		switch h.Kind {
		case CompensatoryDay:
			if weekend {
				t.Errorf("%v %s: got a compensatory day on %v, want a weekday", h.Date, h.Name, wd)
			}
		case MakeUpWorkday:
			if !weekend {
				t.Errorf("%v %s: got a make-up working day on %v, want a weekend day", h.Date, h.Name, wd)
			}
		}
	}
}

func TestHolidayTableRejectsBadData(t *testing.T) {
	const header = "date\tname\tkind\tnote\n"
	tests := []struct {
		name, tsv, want string
	}{
		{"no header", "2019-01-01\tTết Dương lịch\tfixed\n", "header"},
		{"bad date", header + "2019-13-01\tX\tfixed\n", "date"},
		{"bad kind", header + "2019-01-01\tX\tholiday\n", "unknown kind"},
		{"empty name", header + "2019-01-01\t \tfixed\n", "empty name"},
		{"duplicate", header + "2019-01-01\tX\tfixed\n2019-01-01\tY\tfixed\n", "twice"},
		{"order", header + "2019-02-01\tX\tfixed\n2019-01-01\tY\tfixed\n", "order"},
		{"fields", header + "2019-01-01\tX\n", "fields"},
		{"empty", header, "no rows"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := parseHolidays(tt.tsv)
			if err == nil || !strings.Contains(err.Error(), tt.want) {
				t.Errorf("got %v, want an error containing %q", err, tt.want)
			}
		})
	}
}

// scheduleYear assigns a day to the year whose holiday notice announced
// it: a swap on 31/12/2018 belongs to the 2019 New Year break.
func scheduleYear(d Date) int {
	if d.Month() == time.December && d.Day() >= 29 {
		return d.Year() + 1
	}
	return d.Year()
}

// TestHolidayTableLaw checks the table against the law year by year: each
// listed holiday is there, Tết is always five working days off, and every
// year gives civil servants exactly the legal number of days off, once
// compensatory days and make-up Saturdays are counted (10 under the Labour
// Code 2012, 11 from 2021 under the Labour Code 2019, which added a second
// day for National Day).
func TestHolidayTableLaw(t *testing.T) {
	// Lunar new year and Giỗ Tổ (10/3 lunar) dates for UTC+7, computed with
	// Hồ Ngọc Đức's algorithm. 2030: 02/02 in Vietnam, 03/02 in China.
	lunar := map[int][2]string{
		2018: {"2018-02-16", "2018-04-25"},
		2019: {"2019-02-05", "2019-04-14"},
		2020: {"2020-01-25", "2020-04-02"},
		2021: {"2021-02-12", "2021-04-21"},
		2022: {"2022-02-01", "2022-04-10"},
		2023: {"2023-01-22", "2023-04-29"},
		2024: {"2024-02-10", "2024-04-18"},
		2025: {"2025-01-29", "2025-04-07"},
		2026: {"2026-02-17", "2026-04-26"},
		2027: {"2027-02-06", "2027-04-16"},
		2028: {"2028-01-26", "2028-04-04"},
		2029: {"2029-02-13", "2029-04-23"},
		2030: {"2030-02-02", "2030-04-12"},
	}
	daysOff := map[int]int{}
	tetWorkdaysOff := map[int]int{}
	adjacent := map[int]int{}
	for _, h := range table.rows {
		y := scheduleYear(h.Date)
		wd := h.Date.Weekday()
		weekday := wd != time.Saturday && wd != time.Sunday
		switch {
		case h.Kind == MakeUpWorkday:
			daysOff[y]--
		case weekday:
			daysOff[y]++
			if strings.Contains(h.Name, "Tết Nguyên đán") {
				tetWorkdaysOff[y]++
			}
		}
		if h.Name == "Quốc khánh (ngày liền kề)" {
			adjacent[y]++
			if !(h.Date.Month() == time.September && (h.Date.Day() == 1 || h.Date.Day() == 3)) {
				t.Errorf("%v: got the day next to 2/9 on %v, want 1/9 or 3/9", y, h.Date)
			}
		}
	}
	for y := 2018; y <= 2030; y++ {
		t.Run(strconv.Itoa(y), func(t *testing.T) {
			fixed := map[string]string{
				"-01-01": "Tết Dương lịch", "-04-30": "Ngày Chiến thắng 30/4",
				"-05-01": "Ngày Quốc tế Lao động 1/5", "-09-02": "Quốc khánh 2/9",
			}
			for md, name := range fixed {
				day := d(strconv.Itoa(y) + md)
				if ok, got := IsHoliday(day); !ok || got != name {
					t.Errorf("%v: got %v %q, want %q", day, ok, got, name)
				}
			}
			tet, gioTo := d(lunar[y][0]), d(lunar[y][1])
			if ok, got := IsHoliday(tet); !ok || got != "Tết Nguyên đán" {
				t.Errorf("Tết %v: got %v %q", tet, ok, got)
			}
			// The last day of the old year is always off.
			if ok, got := IsHoliday(tet.AddDays(-1)); !ok || got != "Tết Nguyên đán" {
				t.Errorf("eve of Tết %v: got %v %q", tet.AddDays(-1), ok, got)
			}
			if ok, got := IsHoliday(gioTo); !ok || got != "Giỗ Tổ Hùng Vương" {
				t.Errorf("Giỗ Tổ %v: got %v %q", gioTo, ok, got)
			}
			if got := tetWorkdaysOff[y]; got != 5 {
				t.Errorf("Tết: got %v working days off, want 5", got)
			}
			want, wantAdjacent := 11, 1
			if y <= 2020 {
				want, wantAdjacent = 10, 0
			}
			if got := daysOff[y]; got != want {
				t.Errorf("got %v net working days off, want %v", got, want)
			}
			if got := adjacent[y]; got != wantAdjacent {
				t.Errorf("got %v days next to 2/9, want %v", got, wantAdjacent)
			}
		})
	}
}

func TestIsHoliday(t *testing.T) {
	tests := []struct {
		date string
		want bool
		name string
	}{
		{"2019-01-01", true, "Tết Dương lịch"},
		{"2018-12-31", true, "Nghỉ hoán đổi dịp Tết Dương lịch 2019"},
		{"2019-01-05", false, ""}, // make-up Saturday
		{"2019-02-02", true, "Tết Nguyên đán"},
		{"2019-02-04", true, "Tết Nguyên đán"},
		{"2019-02-10", true, "Tết Nguyên đán"},
		{"2019-02-11", false, ""},
		{"2019-04-14", true, "Giỗ Tổ Hùng Vương"},
		{"2019-04-15", true, "Nghỉ bù Giỗ Tổ Hùng Vương"},
		{"2019-04-29", true, "Nghỉ hoán đổi dịp 30/4 – 1/5"},
		{"2019-09-02", true, "Quốc khánh 2/9"},
		{"2019-09-03", false, ""}, // one day only before 2021
		{"2021-09-03", true, "Quốc khánh (ngày liền kề)"},
		{"2023-09-04", true, "Nghỉ bù Quốc khánh"},
		{"2025-01-27", true, "Tết Nguyên đán"},
		{"2025-02-08", false, ""},
		{"2026-01-02", true, "Nghỉ hoán đổi dịp Tết Dương lịch"},
		{"2026-02-16", true, "Tết Nguyên đán"},
		{"2026-02-23", false, ""},
		{"2026-08-31", true, "Nghỉ hoán đổi dịp Quốc khánh"},
		{"2030-02-01", true, "Tết Nguyên đán"},
		{"2019-03-08", false, ""},
		// Outside the table only solar-date holidays are known.
		{"2017-09-02", true, "Quốc khánh 2/9"},
		{"2031-04-30", true, "Ngày Chiến thắng 30/4"},
		{"2031-01-23", false, ""},
		{"2017-12-29", false, ""},
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			ok, name := IsHoliday(d(tt.date))
			if ok != tt.want || name != tt.name {
				t.Errorf("got %v %q, want %v %q", ok, name, tt.want, tt.name)
			}
		})
	}
	if ok, _ := IsHoliday(Date{}); ok {
		t.Errorf("zero date: got true, want false")
	}
}

func TestIsWorkingDay(t *testing.T) {
	tests := []struct {
		date string
		want bool
	}{
		{"2019-03-15", true},  // Friday
		{"2019-03-16", false}, // Saturday
		{"2019-03-17", false}, // Sunday
		{"2019-02-08", false}, // Tết
		{"2019-02-11", true},  // back after Tết
		{"2019-05-04", true},  // make-up Saturday
		{"2019-05-05", false}, // Sunday after it
		{"2026-01-10", true},  // make-up Saturday
		{"2026-08-22", true},  // make-up Saturday
		{"2026-08-31", false}, // swapped Monday
		{"2031-09-02", false}, // outside the table, fixed holiday
		{"2031-09-03", true},  // outside the table, no adjacent day known
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			if got := IsWorkingDay(d(tt.date)); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if IsWorkingDay(Date{}) {
		t.Errorf("zero date: got true, want false")
	}
}

func TestAddWorkingDays(t *testing.T) {
	tests := []struct {
		name string
		from string
		n    int
		want string
	}{
		{"zero", "2019-03-16", 0, "2019-03-16"},
		{"next day", "2019-03-14", 1, "2019-03-15"},
		{"over a weekend", "2019-03-15", 1, "2019-03-18"},
		{"from a Sunday", "2019-03-17", 1, "2019-03-18"},
		{"a week", "2019-03-15", 5, "2019-03-22"},
		{"over Tết 2019", "2019-01-31", 3, "2019-02-12"},
		{"into Tết 2019", "2019-01-31", 1, "2019-02-01"},
		{"over 30/4 2019 swap", "2019-04-26", 1, "2019-05-02"},
		{"onto make-up Saturday 2019", "2019-05-03", 1, "2019-05-04"},
		{"over make-up Saturday", "2019-05-03", 2, "2019-05-06"},
		{"over 2/9 2025", "2025-08-29", 1, "2025-09-03"},
		{"over 2/9 2024", "2024-08-30", 1, "2024-09-04"},
		{"over Tết Dương lịch 2026", "2025-12-31", 1, "2026-01-05"},
		{"backwards over Tết 2019", "2019-02-11", -1, "2019-02-01"},
		{"backwards over a weekend", "2019-03-18", -1, "2019-03-15"},
		{"outside the table", "2031-04-29", 1, "2031-05-02"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := AddWorkingDays(d(tt.from), tt.n)
			if !got.Equal(d(tt.want)) {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
	if got := AddWorkingDays(Date{}, 3); !got.IsZero() {
		t.Errorf("zero date: got %v, want zero", got)
	}
	for _, tt := range []struct{ from, want string }{
		{"2019-03-15", "2019-03-15"},
		{"2019-03-16", "2019-03-18"},
		{"2019-02-02", "2019-02-11"},
		{"2019-05-04", "2019-05-04"},
	} {
		if got := WorkingDayOnOrAfter(d(tt.from)); !got.Equal(d(tt.want)) {
			t.Errorf("WorkingDayOnOrAfter(%v): got %v, want %v", tt.from, got, tt.want)
		}
	}
}

func TestHolidaysList(t *testing.T) {
	hs := Holidays(d("2019-04-01"), d("2019-05-31"))
	var got []string
	for _, h := range hs {
		got = append(got, h.Date.String()+" "+string(h.Kind))
	}
	want := "2019-04-14 lunar|2019-04-15 compensatory|2019-04-29 compensatory|2019-04-30 fixed|2019-05-01 fixed|2019-05-04 workday"
	if g := strings.Join(got, "|"); g != want {
		t.Errorf("got %v, want %v", g, want)
	}
}

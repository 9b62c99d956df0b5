package period

import (
	"encoding/json"
	"errors"
	"strings"
	"testing"
)

func d(s string) Date { return MustParse(s) }

func TestParseIDWindows(t *testing.T) {
	tests := []struct {
		name       string
		id         string
		cal        Calendar
		typ        Type
		year, idx  int
		start, end string
	}{
		// Decree 09/2019: 15th of the month before to the 14th.
		{"d09 month Jan crosses year", "201901", Decree09, Month, 2019, 1, "2018-12-15", "2019-01-14"},
		{"d09 month Mar", "201903", Decree09, Month, 2019, 3, "2019-02-15", "2019-03-14"},
		{"d09 month Dec", "201912", Decree09, Month, 2019, 12, "2019-11-15", "2019-12-14"},
		{"d09 month holds leap day 2020", "202003", Decree09, Month, 2020, 3, "2020-02-15", "2020-03-14"},
		{"d09 Q1 crosses year", "2019Q1", Decree09, Quarter, 2019, 1, "2018-12-15", "2019-03-14"},
		{"d09 Q2", "2019Q2", Decree09, Quarter, 2019, 2, "2019-03-15", "2019-06-14"},
		{"d09 Q3", "2019Q3", Decree09, Quarter, 2019, 3, "2019-06-15", "2019-09-14"},
		{"d09 Q4", "2019Q4", Decree09, Quarter, 2019, 4, "2019-09-15", "2019-12-14"},
		{"d09 S1", "2019S1", Decree09, HalfYear, 2019, 1, "2018-12-15", "2019-06-14"},
		{"d09 S2", "2019S2", Decree09, HalfYear, 2019, 2, "2019-06-15", "2019-12-14"},
		{"d09 N9", "2019N9", Decree09, NineMonths, 2019, 0, "2018-12-15", "2019-09-14"},
		{"d09 year", "2019", Decree09, Year, 2019, 0, "2018-12-15", "2019-12-14"},
		{"d09 year 2000 starts in 1999", "2000", Decree09, Year, 2000, 0, "1999-12-15", "2000-12-14"},
		{"d09 year 2100", "2100", Decree09, Year, 2100, 0, "2099-12-15", "2100-12-14"},
		// Calendar months.
		{"cal month Jan", "201901", CalendarMonths, Month, 2019, 1, "2019-01-01", "2019-01-31"},
		{"cal month Feb 2019", "201902", CalendarMonths, Month, 2019, 2, "2019-02-01", "2019-02-28"},
		{"cal month Feb 2020 leap", "202002", CalendarMonths, Month, 2020, 2, "2020-02-01", "2020-02-29"},
		{"cal month Feb 2000 leap (400)", "200002", CalendarMonths, Month, 2000, 2, "2000-02-01", "2000-02-29"},
		{"cal month Feb 2100 not leap (100)", "210002", CalendarMonths, Month, 2100, 2, "2100-02-01", "2100-02-28"},
		{"cal month Apr 30 days", "201904", CalendarMonths, Month, 2019, 4, "2019-04-01", "2019-04-30"},
		{"cal month Dec", "201912", CalendarMonths, Month, 2019, 12, "2019-12-01", "2019-12-31"},
		{"cal Q1", "2019Q1", CalendarMonths, Quarter, 2019, 1, "2019-01-01", "2019-03-31"},
		{"cal Q1 leap", "2024Q1", CalendarMonths, Quarter, 2024, 1, "2024-01-01", "2024-03-31"},
		{"cal Q2", "2019Q2", CalendarMonths, Quarter, 2019, 2, "2019-04-01", "2019-06-30"},
		{"cal Q3", "2019Q3", CalendarMonths, Quarter, 2019, 3, "2019-07-01", "2019-09-30"},
		{"cal Q4", "2019Q4", CalendarMonths, Quarter, 2019, 4, "2019-10-01", "2019-12-31"},
		{"cal S1", "2019S1", CalendarMonths, HalfYear, 2019, 1, "2019-01-01", "2019-06-30"},
		{"cal S2", "2019S2", CalendarMonths, HalfYear, 2019, 2, "2019-07-01", "2019-12-31"},
		{"cal N9", "2019N9", CalendarMonths, NineMonths, 2019, 0, "2019-01-01", "2019-09-30"},
		{"cal year", "2019", CalendarMonths, Year, 2019, 0, "2019-01-01", "2019-12-31"},
		// Lower case is accepted and normalised.
		{"lower q", "2019q1", Decree09, Quarter, 2019, 1, "2018-12-15", "2019-03-14"},
		{"lower s", "2019s2", CalendarMonths, HalfYear, 2019, 2, "2019-07-01", "2019-12-31"},
		{"lower n", "2019n9", CalendarMonths, NineMonths, 2019, 0, "2019-01-01", "2019-09-30"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			p, err := ParseID(tt.id, tt.cal)
			if err != nil {
				t.Fatalf("ParseID(%q): %v", tt.id, err)
			}
			want := Period{ID: strings.ToUpper(tt.id), Type: tt.typ, Year: tt.year, Index: tt.idx,
				Start: d(tt.start), End: d(tt.end), Calendar: tt.cal}
			if !p.Equal(want) {
				t.Errorf("got %+v, want %+v", p, want)
			}
		})
	}
}

func TestParseIDInvalid(t *testing.T) {
	tests := []struct {
		id, why string
	}{
		{"", "cần dạng"},
		{"2019Q5", "quý phải từ 1 đến 4"},
		{"2019Q0", "quý phải từ 1 đến 4"},
		{"201913", "tháng phải từ 01 đến 12"},
		{"201900", "tháng phải từ 01 đến 12"},
		{"20193", "cần dạng"},
		{"2019S3", "S1"},
		{"2019S0", "S1"},
		{"2019N6", "N9"},
		{"19Q1", "cần dạng"},
		{"019Q1", "cần dạng"},
		{"1999Q4", "năm phải từ 2000 đến 2100"},
		{"2101", "năm phải từ 2000 đến 2100"},
		{"0000", "năm phải từ 2000 đến 2100"},
		{"2019Q1 ", "cần dạng"},
		{" 2019Q1", "cần dạng"},
		{"2019Q10", "cần dạng"},
		{"2019-Q1", "cần dạng"},
		{"2019M3", "cần dạng"},
		{"2019W1", "cần dạng"},
		{"+20191", "cần dạng"},
		{"2019ſ1", "cần dạng"}, // long s must not fold to S
		{"２０１９", "cần dạng"},   // full-width digits
		{"2019-03", "cần dạng"},
		{"2019-TET", "cần dạng"},
		{"2019Q1\x00", "cần dạng"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			p, err := ParseID(tt.id, Decree09)
			if err == nil {
				t.Fatalf("got %v, want an error", p)
			}
			if !errors.Is(err, ErrInvalid) {
				t.Errorf("got %v, want errors.Is ErrInvalid", err)
			}
			msg := err.Error()
			if !strings.HasPrefix(msg, "Mã kỳ báo cáo không hợp lệ: ") || !strings.Contains(msg, tt.why) {
				t.Errorf("got %q, want a message starting with the Vietnamese prefix and containing %q", msg, tt.why)
			}
		})
	}
}

func TestParseIDCalendar(t *testing.T) {
	for _, cal := range []Calendar{"", "Decree09", "dhis2"} {
		_, err := ParseID("2019Q1", cal)
		if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), "Lịch chốt số liệu") {
			t.Errorf("calendar %q: got %v, want a Vietnamese calendar error", cal, err)
		}
	}
}

func TestErrorClipsLongInput(t *testing.T) {
	_, err := ParseID(strings.Repeat("ệ", 500), Decree09)
	if err == nil || len(err.Error()) > 300 {
		t.Errorf("got %d bytes, want a short message", len(err.Error()))
	}
}

func TestLabels(t *testing.T) {
	tests := []struct {
		id     string
		want   string
		window string
	}{
		{"201903", "Tháng 3/2019", "Từ ngày 15/02/2019 đến ngày 14/03/2019"},
		{"201912", "Tháng 12/2019", "Từ ngày 15/11/2019 đến ngày 14/12/2019"},
		{"2019Q1", "Quý I/2019", "Từ ngày 15/12/2018 đến ngày 14/03/2019"},
		{"2019Q2", "Quý II/2019", "Từ ngày 15/03/2019 đến ngày 14/06/2019"},
		{"2019Q3", "Quý III/2019", "Từ ngày 15/06/2019 đến ngày 14/09/2019"},
		{"2019Q4", "Quý IV/2019", "Từ ngày 15/09/2019 đến ngày 14/12/2019"},
		{"2019S1", "6 tháng đầu năm 2019", "Từ ngày 15/12/2018 đến ngày 14/06/2019"},
		{"2019S2", "6 tháng cuối năm 2019", "Từ ngày 15/06/2019 đến ngày 14/12/2019"},
		{"2019N9", "9 tháng năm 2019", "Từ ngày 15/12/2018 đến ngày 14/09/2019"},
		{"2019", "Năm 2019", "Từ ngày 15/12/2018 đến ngày 14/12/2019"},
	}
	for _, tt := range tests {
		t.Run(tt.id, func(t *testing.T) {
			p := MustParseID(tt.id, Decree09)
			if got := p.Label(); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if got := p.WindowLabel(); got != tt.window {
				t.Errorf("got %v, want %v", got, tt.window)
			}
			if got := p.String(); got != tt.id {
				t.Errorf("got %v, want %v", got, tt.id)
			}
		})
	}
	c, _ := NewCustom("2019-TET", d("2019-01-25"), d("2019-02-20"))
	if got, want := c.Label(), "Kỳ 2019-TET (25/01/2019 – 20/02/2019)"; got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	if got := (Period{}).WindowLabel(); got != "" {
		t.Errorf("got %v, want empty", got)
	}
}

func TestTypeAndCalendar(t *testing.T) {
	labels := map[Type]string{Month: "Tháng", Quarter: "Quý", HalfYear: "6 tháng", NineMonths: "9 tháng", Year: "Năm", Custom: "Tùy chọn"}
	strs := map[Type]string{Month: "month", Quarter: "quarter", HalfYear: "half_year", NineMonths: "nine_months", Year: "year", Custom: "custom"}
	if got := len(Types()); got != len(labels) {
		t.Fatalf("got %v types, want %v", got, len(labels))
	}
	for _, typ := range Types() {
		if got, want := typ.Label(), labels[typ]; got != want {
			t.Errorf("Label(%s): got %v, want %v", typ, got, want)
		}
		if got, want := string(typ), strs[typ]; got != want {
			t.Errorf("got %v, want %v", got, want)
		}
		if got, err := ParseType(string(typ)); err != nil || got != typ {
			t.Errorf("ParseType(%s): got %v, %v, want %v", typ, got, err, typ)
		}
	}
	if _, err := ParseType("Quarter"); err == nil || !errors.Is(err, ErrInvalid) {
		t.Errorf("got %v, want an ErrInvalid error", err)
	}
	if got, want := Type("weekly").Label(), "weekly"; got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	if string(Decree09) != "decree09" || string(CalendarMonths) != "calendar" {
		t.Errorf("got %v %v, want decree09 calendar", Decree09, CalendarMonths)
	}
	for _, c := range Calendars() {
		if got, err := ParseCalendar(string(c)); err != nil || got != c || c.Label() == string(c) {
			t.Errorf("ParseCalendar(%s): got %v, %v", c, got, err)
		}
	}
	if _, err := ParseCalendar(""); err == nil {
		t.Errorf("got nil, want an error for an empty calendar")
	}
}

func TestNavigation(t *testing.T) {
	tests := []struct {
		id                         string
		cal                        Calendar
		previous, next, lastYear   string
		previousStart, previousEnd string
	}{
		{"2019Q1", Decree09, "2018Q4", "2019Q2", "2018Q1", "2018-09-15", "2018-12-14"},
		{"2019Q4", Decree09, "2019Q3", "2020Q1", "2018Q4", "2019-06-15", "2019-09-14"},
		{"201901", Decree09, "201812", "201902", "201801", "2018-11-15", "2018-12-14"},
		{"201912", CalendarMonths, "201911", "202001", "201812", "2019-11-01", "2019-11-30"},
		{"202003", CalendarMonths, "202002", "202004", "201903", "2020-02-01", "2020-02-29"},
		{"2019S1", Decree09, "2018S2", "2019S2", "2018S1", "2018-06-15", "2018-12-14"},
		{"2019S2", CalendarMonths, "2019S1", "2020S1", "2018S2", "2019-01-01", "2019-06-30"},
		{"2019N9", Decree09, "2018N9", "2020N9", "2018N9", "2017-12-15", "2018-09-14"},
		{"2019", Decree09, "2018", "2020", "2018", "2017-12-15", "2018-12-14"},
		{"2019", CalendarMonths, "2018", "2020", "2018", "2018-01-01", "2018-12-31"},
	}
	for _, tt := range tests {
		t.Run(tt.id+"/"+string(tt.cal), func(t *testing.T) {
			p := MustParseID(tt.id, tt.cal)
			prev := p.Previous()
			if got := prev.ID; got != tt.previous {
				t.Errorf("Previous: got %v, want %v", got, tt.previous)
			}
			if !prev.Start.Equal(d(tt.previousStart)) || !prev.End.Equal(d(tt.previousEnd)) {
				t.Errorf("Previous window: got %v–%v, want %v–%v", prev.Start, prev.End, tt.previousStart, tt.previousEnd)
			}
			if prev.Calendar != tt.cal || prev.Type != p.Type {
				t.Errorf("Previous: got %v %v, want %v %v", prev.Calendar, prev.Type, tt.cal, p.Type)
			}
			if got := p.Next().ID; got != tt.next {
				t.Errorf("Next: got %v, want %v", got, tt.next)
			}
			if got := p.SameLastYear().ID; got != tt.lastYear {
				t.Errorf("SameLastYear: got %v, want %v", got, tt.lastYear)
			}
			if got := p.Previous().Next(); !got.Equal(p) {
				t.Errorf("Previous().Next(): got %+v, want %+v", got, p)
			}
		})
	}
	c, _ := NewCustom("2019-TET", d("2019-01-25"), d("2019-02-20"))
	for name, got := range map[string]Period{"Previous": c.Previous(), "Next": c.Next(), "SameLastYear": c.SameLastYear()} {
		if !got.IsZero() {
			t.Errorf("custom %s: got %v, want the zero Period", name, got)
		}
	}
}

func TestFor(t *testing.T) {
	tests := []struct {
		date string
		typ  Type
		cal  Calendar
		want string // "" for no period
	}{
		{"2025-12-20", Quarter, Decree09, "2026Q1"},
		{"2025-12-20", Year, Decree09, "2026"},
		{"2025-12-20", Month, Decree09, "202601"},
		{"2025-12-20", HalfYear, Decree09, "2026S1"},
		{"2025-12-20", NineMonths, Decree09, "2026N9"},
		{"2025-12-20", Quarter, CalendarMonths, "2025Q4"},
		{"2025-12-20", Year, CalendarMonths, "2025"},
		{"2025-12-20", Month, CalendarMonths, "202512"},
		{"2025-12-14", Quarter, Decree09, "2025Q4"},
		{"2025-12-15", Quarter, Decree09, "2026Q1"},
		{"2025-12-31", Year, Decree09, "2026"},
		{"2026-01-01", Year, CalendarMonths, "2026"},
		{"2019-03-14", Quarter, Decree09, "2019Q1"},
		{"2019-03-15", Quarter, Decree09, "2019Q2"},
		{"2019-03-28", Quarter, Decree09, "2019Q2"},
		{"2019-03-28", Month, Decree09, "201904"},
		{"2019-03-28", Quarter, CalendarMonths, "2019Q1"},
		{"2019-06-14", HalfYear, Decree09, "2019S1"},
		{"2019-06-15", HalfYear, Decree09, "2019S2"},
		{"2019-06-30", HalfYear, CalendarMonths, "2019S1"},
		{"2019-07-01", HalfYear, CalendarMonths, "2019S2"},
		{"2024-02-29", Month, CalendarMonths, "202402"},
		{"2024-02-29", Month, Decree09, "202403"},
		{"2024-02-14", Month, Decree09, "202402"},
		{"2019-09-14", NineMonths, Decree09, "2019N9"},
		{"2019-09-15", NineMonths, Decree09, ""}, // after N9, before the next one
		{"2019-12-14", NineMonths, Decree09, ""},
		{"2019-12-15", NineMonths, Decree09, "2020N9"},
		{"2019-09-30", NineMonths, CalendarMonths, "2019N9"},
		{"2019-10-01", NineMonths, CalendarMonths, ""},
		{"2019-05-01", Custom, Decree09, ""},
		{"2019-05-01", Quarter, "", ""},
		{"2019-05-01", "weekly", Decree09, ""},
	}
	for _, tt := range tests {
		t.Run(tt.date+"/"+string(tt.typ)+"/"+string(tt.cal), func(t *testing.T) {
			p := For(tt.typ, d(tt.date), tt.cal)
			if got := p.ID; got != tt.want {
				t.Fatalf("got %v, want %v", got, tt.want)
			}
			if tt.want != "" && !p.Contains(d(tt.date)) {
				t.Errorf("got %v (%v–%v) not containing %v, want it to", p, p.Start, p.End, tt.date)
			}
		})
	}
	if got := For(Quarter, Date{}, Decree09); !got.IsZero() {
		t.Errorf("zero date: got %v, want the zero Period", got)
	}
}

// TestWindowsTile checks, day by day over 2018–2031, that For finds a
// period containing each day and that consecutive periods meet without gap
// or overlap, under both calendars.
func TestWindowsTile(t *testing.T) {
	for _, cal := range Calendars() {
		for _, typ := range []Type{Month, Quarter, HalfYear, NineMonths, Year} {
			for day := d("2018-01-01"); day.Before(d("2032-01-01")); day = day.AddDays(1) {
				p := For(typ, day, cal)
				if p.IsZero() {
					if typ != NineMonths {
						t.Fatalf("%s %s %v: got no period", cal, typ, day)
					}
					continue
				}
				if !p.Contains(day) {
					t.Fatalf("%s %s %v: got %v (%v–%v)", cal, typ, day, p, p.Start, p.End)
				}
				q, err := ParseID(p.ID, cal)
				if err != nil || !q.Equal(p) {
					t.Fatalf("%s: ParseID(%v): got %+v, %v, want %+v", cal, p.ID, q, err, p)
				}
				if typ != NineMonths && day.Equal(p.End) {
					if n := p.Next(); !n.Start.Equal(day.AddDays(1)) {
						t.Fatalf("%s %v: next starts %v, want %v", cal, p, n.Start, day.AddDays(1))
					}
				}
			}
		}
	}
}

func TestRange(t *testing.T) {
	tests := []struct {
		name     string
		typ      Type
		from, to string
		cal      Calendar
		want     string
	}{
		{"d09 quarters of 2019 spill into 2020Q1", Quarter, "2019-01-01", "2019-12-31", Decree09, "2019Q1 2019Q2 2019Q3 2019Q4 2020Q1"},
		{"cal quarters of 2019", Quarter, "2019-01-01", "2019-12-31", CalendarMonths, "2019Q1 2019Q2 2019Q3 2019Q4"},
		{"d09 months around a cut-off", Month, "2019-03-10", "2019-03-20", Decree09, "201903 201904"},
		{"single day", Month, "2019-03-14", "2019-03-14", Decree09, "201903"},
		{"d09 N9 skips the gap", NineMonths, "2019-10-01", "2020-10-01", Decree09, "2020N9"},
		{"d09 years", Year, "2018-12-14", "2019-12-15", Decree09, "2018 2019 2020"},
		{"halves across years", HalfYear, "2018-11-01", "2019-07-01", CalendarMonths, "2018S2 2019S1 2019S2"},
		{"clamped to 2100", Year, "2099-01-01", "9999-12-31", Decree09, "2099 2100"},
		{"clamped from 2000", Year, "1990-01-01", "2001-01-01", CalendarMonths, "2000 2001"},
		{"reversed", Month, "2019-03-20", "2019-03-10", Decree09, ""},
		{"custom", Custom, "2019-01-01", "2019-12-31", Decree09, ""},
		{"bad calendar", Month, "2019-01-01", "2019-12-31", "", ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var ids []string
			for _, p := range Range(tt.typ, d(tt.from), d(tt.to), tt.cal) {
				ids = append(ids, p.ID)
			}
			if got := strings.Join(ids, " "); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestQuarters(t *testing.T) {
	tests := []struct {
		id   string
		want string
	}{
		{"2019S1", "2019Q1 2019Q2"},
		{"2019S2", "2019Q3 2019Q4"},
		{"2019N9", "2019Q1 2019Q2 2019Q3"},
		{"2019", "2019Q1 2019Q2 2019Q3 2019Q4"},
		{"2019Q3", "2019Q3"},
		{"201903", ""},
	}
	for _, cal := range Calendars() {
		for _, tt := range tests {
			t.Run(tt.id+"/"+string(cal), func(t *testing.T) {
				p := MustParseID(tt.id, cal)
				qs := p.Quarters()
				var ids []string
				for _, q := range qs {
					ids = append(ids, q.ID)
				}
				if got := strings.Join(ids, " "); got != tt.want {
					t.Fatalf("got %v, want %v", got, tt.want)
				}
				if len(qs) == 0 {
					return
				}
				// The quarters tile the period's window.
				if !qs[0].Start.Equal(p.Start) || !qs[len(qs)-1].End.Equal(p.End) {
					t.Errorf("got %v–%v, want %v–%v", qs[0].Start, qs[len(qs)-1].End, p.Start, p.End)
				}
				for i := 1; i < len(qs); i++ {
					if !qs[i].Start.Equal(qs[i-1].End.AddDays(1)) {
						t.Errorf("gap between %v and %v", qs[i-1], qs[i])
					}
				}
			})
		}
	}
	c, _ := NewCustom("X", d("2019-01-01"), d("2019-01-02"))
	if got := c.Quarters(); got != nil {
		t.Errorf("got %v, want nil", got)
	}
}

func TestNewCustom(t *testing.T) {
	tests := []struct {
		name       string
		id         string
		start, end string
		wantID     string
		wantErr    string
	}{
		{"thematic", "2019-TET", "2019-01-25", "2019-02-20", "2019-TET", ""},
		{"lower case normalised", "2019-tet", "2019-01-25", "2019-02-20", "2019-TET", ""},
		{"underscore", "DOT_XUAT_2", "2019-05-01", "2019-05-01", "DOT_XUAT_2", ""},
		{"one day", "A", "2019-05-01", "2019-05-01", "A", ""},
		{"empty", "", "2019-01-01", "2019-01-02", "", "Cần mã kỳ"},
		{"space", "2019 TET", "2019-01-01", "2019-01-02", "", "không hợp lệ"},
		{"diacritics", "TẾT", "2019-01-01", "2019-01-02", "", "không hợp lệ"},
		{"leading dash", "-TET", "2019-01-01", "2019-01-02", "", "không hợp lệ"},
		{"slash", "2019/TET", "2019-01-01", "2019-01-02", "", "không hợp lệ"},
		{"too long", strings.Repeat("A", 41), "2019-01-01", "2019-01-02", "", "dài quá"},
		{"periodic ID", "2019Q1", "2019-01-01", "2019-01-02", "", "trùng dạng"},
		{"periodic ID lower", "2019s1", "2019-01-01", "2019-01-02", "", "trùng dạng"},
		{"end before start", "X", "2019-01-02", "2019-01-01", "", "trước ngày bắt đầu"},
		{"no start", "X", "", "2019-01-01", "", "Cần ngày"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			var start, end Date
			if tt.start != "" {
				start = d(tt.start)
			}
			if tt.end != "" {
				end = d(tt.end)
			}
			p, err := NewCustom(tt.id, start, end)
			if tt.wantErr != "" {
				if err == nil || !errors.Is(err, ErrInvalid) || !strings.Contains(err.Error(), tt.wantErr) {
					t.Fatalf("got %v, want an error containing %q", err, tt.wantErr)
				}
				return
			}
			if err != nil {
				t.Fatalf("got %v, want no error", err)
			}
			want := Period{ID: tt.wantID, Type: Custom, Year: start.Year(), Start: start, End: end}
			if !p.Equal(want) {
				t.Errorf("got %+v, want %+v", p, want)
			}
			if !p.Contains(start) || !p.Contains(end) || p.Contains(end.AddDays(1)) || p.Contains(start.AddDays(-1)) {
				t.Errorf("got Contains wrong at the edges of %v–%v", start, end)
			}
			if err := p.Validate(); err != nil {
				t.Errorf("Validate: got %v, want nil", err)
			}
		})
	}
}

func TestPeriodJSONAndValidate(t *testing.T) {
	for _, p := range []Period{
		MustParseID("2019Q1", Decree09),
		MustParseID("201902", CalendarMonths),
		func() Period { c, _ := NewCustom("2019-TET", d("2019-01-25"), d("2019-02-20")); return c }(),
	} {
		b, err := json.Marshal(p)
		if err != nil {
			t.Fatal(err)
		}
		var q Period
		if err := json.Unmarshal(b, &q); err != nil {
			t.Fatal(err)
		}
		if !q.Equal(p) {
			t.Errorf("round trip of %s: got %+v, want %+v", b, q, p)
		}
		if err := q.Validate(); err != nil {
			t.Errorf("Validate(%v): got %v, want nil", q, err)
		}
	}
	b, _ := json.Marshal(MustParseID("2019Q1", Decree09))
	if got, want := string(b), `{"id":"2019Q1","type":"quarter","year":2019,"index":1,"start":"2018-12-15","end":"2019-03-14","calendar":"decree09"}`; got != want {
		t.Errorf("got %v, want %v", got, want)
	}
	tampered := MustParseID("2019Q1", Decree09)
	tampered.End = d("2019-03-31")
	if err := tampered.Validate(); err == nil || !errors.Is(err, ErrInvalid) {
		t.Errorf("got %v, want an error for a window that does not match the calendar", err)
	}
	if err := (Period{ID: "2019Q1", Type: Quarter}).Validate(); err == nil {
		t.Errorf("got nil, want an error for a missing calendar")
	}
}

func TestContains(t *testing.T) {
	p := MustParseID("2019Q1", Decree09)
	tests := []struct {
		date string
		want bool
	}{
		{"2018-12-14", false},
		{"2018-12-15", true},
		{"2019-01-01", true},
		{"2019-03-14", true},
		{"2019-03-15", false},
	}
	for _, tt := range tests {
		if got := p.Contains(d(tt.date)); got != tt.want {
			t.Errorf("%v contains %v: got %v, want %v", p, tt.date, got, tt.want)
		}
	}
	if (Period{}).Contains(d("2019-01-01")) || p.Contains(Date{}) {
		t.Errorf("got true, want false for zero values")
	}
}

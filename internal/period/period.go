package period

import (
	"fmt"
	"time"
)

// The years a period ID may name. The bound is a sanity check on input
// (a typo like "20019Q1" or "1019Q1" is refused rather than turned into a
// window nobody meant); date arithmetic itself is not limited.
const (
	minYear = 2000
	maxYear = 2100
)

// Period is one reporting period (kỳ báo cáo): its DHIS2-style ID, type,
// year, index within the year and data window [Start, End], both ends
// included. Index is the month 1–12, the quarter 1–4 or the half 1–2, and
// 0 for nine months, a year or a custom window.
//
// The ID names the period; the window depends on the calendar: 2019Q1 is
// 15/12/2018–14/03/2019 under Decree 09 and 01/01–31/03/2019 under calendar
// months. Calendar is kept so that Previous, Next and SameLastYear can
// build their windows the same way; it is empty for custom windows.
type Period struct {
	ID       string   `json:"id"`
	Type     Type     `json:"type"`
	Year     int      `json:"year"`
	Index    int      `json:"index"`
	Start    Date     `json:"start"`
	End      Date     `json:"end"`
	Calendar Calendar `json:"calendar,omitempty"`
}

// build returns the period of type t, year y and index idx under cal. The
// arguments must be valid; callers check them.
//
// Every periodic type covers a run of calendar months [first, last]; the
// calendar then decides where the window starts and ends. Under Decree 09
// the window of months [first, last] is the 15th of the month before first
// to the 14th of last: month M is 15/(M-1)–14/M, Q1 15/12–14/03, S1
// 15/12–14/06, N9 15/12–14/09, the year 15/12–14/12. Decree 09 Art. 12
// defines the month, the quarter, "6 months" (15/12–14/06) and the year;
// S2 (15/06–14/12) and N9 are read the same way, as the second half and the
// first three quarters of the Decree 09 year.
func build(t Type, y, idx int, cal Calendar) Period {
	span, perYear := t.months()
	first := 1
	if perYear > 1 {
		first = (idx-1)*span + 1
	} else {
		idx = 0
	}
	last := first + span - 1
	p := Period{ID: formatID(t, y, idx), Type: t, Year: y, Index: idx, Calendar: cal}
	if cal == Decree09 {
		// time.Date normalises month 0 to December of the year before.
		p.Start = New(y, time.Month(first-1), 15)
		p.End = New(y, time.Month(last), 14)
	} else {
		// Day 0 of the next month is the last day of this one.
		p.Start = New(y, time.Month(first), 1)
		p.End = New(y, time.Month(last+1), 0)
	}
	return p
}

func formatID(t Type, y, idx int) string {
	switch t {
	case Month:
		return fmt.Sprintf("%04d%02d", y, idx)
	case Quarter:
		return fmt.Sprintf("%04dQ%d", y, idx)
	case HalfYear:
		return fmt.Sprintf("%04dS%d", y, idx)
	case NineMonths:
		return fmt.Sprintf("%04dN9", y)
	}
	return fmt.Sprintf("%04d", y)
}

// ParseID reads a DHIS2-style period ID under the calendar cal:
// "201903" (month), "2019Q1" (quarter), "2019S1" and "2019S2" (six months),
// "2019N9" (nine months), "2019" (year). Years run from 2000 to 2100.
//
// The letters may be lower case ("2019q1"): people type IDs into URLs and
// search boxes, and there is no other reading of "q", so refusing it would
// only annoy. The returned ID is always the canonical upper-case form, so
// ParseID(p.ID) gives p back. Anything else — spaces, signs, extra or
// missing characters, non-ASCII look-alikes — is refused with a Vietnamese
// message; the error matches ErrInvalid.
func ParseID(id string, cal Calendar) (Period, error) {
	if !cal.Valid() {
		return Period{}, invalidf("Lịch chốt số liệu không hợp lệ: %q", clip(string(cal)))
	}
	bad := func(why string) error {
		return invalidf("Mã kỳ báo cáo không hợp lệ: %q (%s)", clip(id), why)
	}
	const form = "cần dạng 201903, 2019Q1, 2019S1, 2019N9 hoặc 2019"
	if len(id) < 4 || len(id) > 6 || !digits(id[:4]) {
		return Period{}, bad(form)
	}
	y := atoi(id[:4])
	rest := id[4:]
	var t Type
	idx := 0
	switch {
	case rest == "":
		t = Year
	case len(rest) == 2 && digits(rest):
		t, idx = Month, atoi(rest)
		if idx < 1 || idx > 12 {
			return Period{}, bad("tháng phải từ 01 đến 12")
		}
	case len(rest) == 2 && digits(rest[1:]):
		idx = atoi(rest[1:])
		// Only ASCII letters are folded: strings.ToUpper would also turn
		// look-alikes such as "ſ" (long s) into "S".
		switch rest[0] {
		case 'Q', 'q':
			t = Quarter
			if idx < 1 || idx > 4 {
				return Period{}, bad("quý phải từ 1 đến 4")
			}
		case 'S', 's':
			t = HalfYear
			if idx < 1 || idx > 2 {
				return Period{}, bad("6 tháng chỉ có S1 là 6 tháng đầu năm và S2 là 6 tháng cuối năm")
			}
		case 'N', 'n':
			t = NineMonths
			if idx != 9 {
				return Period{}, bad("kỳ lũy kế chỉ có N9 là 9 tháng")
			}
		default:
			return Period{}, bad(form)
		}
	default:
		return Period{}, bad(form)
	}
	if y < minYear || y > maxYear {
		return Period{}, bad(fmt.Sprintf("năm phải từ %d đến %d", minYear, maxYear))
	}
	return build(t, y, idx, cal), nil
}

// MustParseID is ParseID for constants in tests and the demo; it panics on
// error.
func MustParseID(id string, cal Calendar) Period {
	p, err := ParseID(id, cal)
	if err != nil {
		panic(err)
	}
	return p
}

func digits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// atoi reads a short string of ASCII digits checked by digits.
func atoi(s string) int {
	n := 0
	for i := 0; i < len(s); i++ {
		n = n*10 + int(s[i]-'0')
	}
	return n
}

// NewCustom returns a custom window for a thematic or ad hoc report, such
// as "2019-TET" from 25/01/2019 to 20/02/2019. The ID is 1–40 ASCII
// letters, digits, '-' or '_', starting with a letter or digit; it is
// upper-cased like the IDs of ParseID, so "2019-tet" and "2019-TET" cannot
// become two periods. An ID that ParseID would read ("2019Q1") is refused:
// the same text would name two different windows. Start must not be after
// end. Errors match ErrInvalid.
func NewCustom(id string, start, end Date) (Period, error) {
	id = upperASCII(id)
	switch {
	case id == "":
		return Period{}, invalidf("Cần mã kỳ báo cáo.")
	case len(id) > 40:
		return Period{}, invalidf("Mã kỳ báo cáo dài quá 40 ký tự: %q", clip(id))
	case !customID(id):
		return Period{}, invalidf("Mã kỳ báo cáo không hợp lệ: %q (chỉ gồm chữ cái không dấu, số, gạch ngang, gạch dưới, bắt đầu bằng chữ hoặc số; ví dụ 2019-TET)", clip(id))
	}
	if _, err := ParseID(id, Decree09); err == nil {
		return Period{}, invalidf("Mã kỳ báo cáo %q trùng dạng mã kỳ định kỳ; hãy đặt mã khác, ví dụ %s-CHUYENDE.", id, id)
	}
	if start.IsZero() || end.IsZero() {
		return Period{}, invalidf("Cần ngày bắt đầu và ngày kết thúc của kỳ báo cáo.")
	}
	if end.Before(start) {
		return Period{}, invalidf("Ngày kết thúc %s trước ngày bắt đầu %s.", end.VN(), start.VN())
	}
	return Period{ID: id, Type: Custom, Year: start.Year(), Start: start, End: end}, nil
}

func customID(id string) bool {
	for i := 0; i < len(id); i++ {
		c := id[i]
		switch {
		case c >= 'A' && c <= 'Z', c >= '0' && c <= '9':
		case (c == '-' || c == '_') && i > 0:
		default:
			return false
		}
	}
	return true
}

func upperASCII(s string) string {
	b := []byte(s)
	for i, c := range b {
		if c >= 'a' && c <= 'z' {
			b[i] = c - 'a' + 'A'
		}
	}
	return string(b)
}

// Validate checks a period that did not come from ParseID or NewCustom (one
// decoded from JSON, say): a periodic period must be exactly what ParseID
// gives for its ID and calendar, a custom one what NewCustom accepts.
func (p Period) Validate() error {
	if p.Type == Custom {
		q, err := NewCustom(p.ID, p.Start, p.End)
		if err != nil {
			return err
		}
		if !q.Equal(p) {
			return invalidf("Kỳ báo cáo %q không khớp với mã và thời gian của nó.", clip(p.ID))
		}
		return nil
	}
	q, err := ParseID(p.ID, p.Calendar)
	if err != nil {
		return err
	}
	if !q.Equal(p) {
		return invalidf("Kỳ báo cáo %q không khớp với lịch chốt số liệu của nó.", clip(p.ID))
	}
	return nil
}

// Equal reports whether p and q are the same period with the same window.
// Use it rather than ==, which compares the Dates' representation.
func (p Period) Equal(q Period) bool {
	return p.ID == q.ID && p.Type == q.Type && p.Year == q.Year && p.Index == q.Index &&
		p.Calendar == q.Calendar && p.Start.Equal(q.Start) && p.End.Equal(q.End)
}

// IsZero reports whether p is the zero Period, which the navigation
// methods return when there is no answer.
func (p Period) IsZero() bool { return p.ID == "" }

// String returns the ID, so that %v prints "2019Q1".
func (p Period) String() string { return p.ID }

// Label returns the Vietnamese name of the period: "Tháng 3/2019",
// "Quý I/2019", "6 tháng đầu năm 2019", "6 tháng cuối năm 2019",
// "9 tháng năm 2019", "Năm 2019"; a custom window reads
// "Kỳ 2019-TET (25/01/2019 – 20/02/2019)".
func (p Period) Label() string {
	switch p.Type {
	case Month:
		return fmt.Sprintf("Tháng %d/%d", p.Index, p.Year)
	case Quarter:
		if p.Index >= 1 && p.Index <= 4 {
			return fmt.Sprintf("Quý %s/%d", [...]string{"I", "II", "III", "IV"}[p.Index-1], p.Year)
		}
	case HalfYear:
		switch p.Index {
		case 1:
			return fmt.Sprintf("6 tháng đầu năm %d", p.Year)
		case 2:
			return fmt.Sprintf("6 tháng cuối năm %d", p.Year)
		}
	case NineMonths:
		return fmt.Sprintf("9 tháng năm %d", p.Year)
	case Year:
		return fmt.Sprintf("Năm %d", p.Year)
	case Custom:
		return fmt.Sprintf("Kỳ %s (%s – %s)", p.ID, p.Start.VN(), p.End.VN())
	}
	return p.ID
}

// WindowLabel returns the data window in Vietnamese,
// "Từ ngày 15/12/2018 đến ngày 14/03/2019": the label and the window differ
// under Decree 09, and forms should show both.
func (p Period) WindowLabel() string {
	if p.Start.IsZero() || p.End.IsZero() {
		return ""
	}
	return fmt.Sprintf("Từ ngày %s đến ngày %s", p.Start.VN(), p.End.VN())
}

// Contains reports whether d falls in the window, both ends included.
func (p Period) Contains(d Date) bool {
	return !p.IsZero() && !d.IsZero() && !d.Before(p.Start) && !d.After(p.End)
}

// shift returns the period n steps after p of the same type and calendar.
func (p Period) shift(n int) Period {
	_, perYear := p.Type.months()
	if perYear == 0 || !p.Calendar.Valid() {
		return Period{}
	}
	if perYear == 1 {
		return build(p.Type, p.Year+n, 0, p.Calendar)
	}
	k := p.Year*perYear + p.Index - 1 + n
	return build(p.Type, floorDiv(k, perYear), k-floorDiv(k, perYear)*perYear+1, p.Calendar)
}

func floorDiv(a, b int) int {
	q := a / b
	if a%b != 0 && (a < 0) != (b < 0) {
		q--
	}
	return q
}

// Previous returns the period before p, of the same type: 2019Q1 → 2018Q4,
// 201901 → 201812, 2019S1 → 2018S2, 2019N9 → 2018N9 (nine-month periods
// are compared year on year), 2019 → 2018. A custom window has no
// predecessor: the zero Period.
func (p Period) Previous() Period { return p.shift(-1) }

// Next returns the period after p, of the same type; the zero Period for a
// custom window.
func (p Period) Next() Period { return p.shift(1) }

// SameLastYear returns the same period a year earlier (2019Q1 → 2018Q1),
// the comparison every consolidation shows beside the previous period; the
// zero Period for a custom window.
func (p Period) SameLastYear() Period {
	_, perYear := p.Type.months()
	return p.shift(-perYear)
}

// Quarters returns the quarters a longer period rolls up, under the same
// calendar: 2019S1 → 2019Q1, 2019Q2; 2019S2 → 2019Q3, 2019Q4; 2019N9 →
// Q1–Q3; 2019 → Q1–Q4. Their windows tile the period's window exactly under
// both calendars. A quarter returns itself; a month or a custom window
// returns nil.
func (p Period) Quarters() []Period {
	if !p.Calendar.Valid() {
		return nil
	}
	first, n := 0, 0
	switch p.Type {
	case Quarter:
		return []Period{p}
	case HalfYear:
		first, n = 2*p.Index-1, 2
	case NineMonths:
		first, n = 1, 3
	case Year:
		first, n = 1, 4
	default:
		return nil
	}
	out := make([]Period, n)
	for i := range out {
		out[i] = build(Quarter, p.Year, first+i, p.Calendar)
	}
	return out
}

// For returns the period of type t whose window under cal contains d. The
// period is named after where its data land, not after d's month: under
// Decree 09 an event on 20/12/2025 falls in month 202601, quarter 2026Q1,
// half 2026S1 and year 2026; under calendar months in 202512, 2025Q4 and
// 2025. Nine-month windows do not tile the year (15/12–14/09 under Decree
// 09, 01/01–30/09 under calendar months): a date after them belongs to no
// N9 period. Custom and unknown types, an unknown calendar and the zero
// date give the zero Period.
func For(t Type, d Date, cal Calendar) Period {
	span, perYear := t.months()
	if span == 0 || !cal.Valid() || d.IsZero() {
		return Period{}
	}
	y, m := d.Year(), int(d.Month())
	if cal == Decree09 && d.Day() >= 15 {
		// From the 15th on, data count toward the next month's report.
		if m++; m == 13 {
			y, m = y+1, 1
		}
	}
	switch {
	case t == NineMonths && m > 9:
		return Period{}
	case perYear == 1:
		return build(t, y, 0, cal)
	}
	return build(t, y, (m-1)/span+1, cal)
}

// Range returns, in order, the periods of type t under cal whose windows
// overlap [from, to], limited to the years ParseID accepts (2000–2100) so
// that every ID listed can be looked up again. It returns nil for a custom
// or unknown type, an unknown calendar, a zero date or to before from.
func Range(t Type, from, to Date, cal Calendar) []Period {
	_, perYear := t.months()
	if perYear == 0 || !cal.Valid() || from.IsZero() || to.IsZero() || to.Before(from) {
		return nil
	}
	// No window of year Y starts before 15/12 of Y-1, so starting a year
	// early cannot miss the period that contains from.
	y := max(from.Year()-1, minYear)
	idx := 1
	if perYear == 1 {
		idx = 0
	}
	var out []Period
	for p := build(t, y, idx, cal); p.Year <= maxYear && !p.Start.After(to); p = p.Next() {
		if !p.End.Before(from) {
			out = append(out, p)
		}
	}
	return out
}

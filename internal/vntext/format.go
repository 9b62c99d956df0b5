package vntext

import (
	"fmt"
	"math"
	"strconv"
	"strings"
	"time"
)

// FormatInt formats n the Vietnamese way, with dots between thousands:
// 26000000000 gives "26.000.000.000", -1500 gives "-1.500".
func FormatInt(n int64) string {
	if n < 0 {
		return "-" + groupDigits(strconv.FormatUint(uint64(-(n+1))+1, 10))
	}
	return groupDigits(strconv.FormatInt(n, 10))
}

// AppendInt appends FormatInt(n) to dst without allocating: pages of
// thousands of figures format them straight into their buffer.
func AppendInt(dst []byte, n int64) []byte {
	var tmp [24]byte
	d := strconv.AppendInt(tmp[:0], n, 10)
	if d[0] == '-' {
		dst = append(dst, '-')
		d = d[1:]
	}
	first := len(d) % 3
	if first == 0 {
		first = 3
	}
	dst = append(dst, d[:first]...)
	for i := first; i < len(d); i += 3 {
		dst = append(dst, '.')
		dst = append(dst, d[i:i+3]...)
	}
	return dst
}

// groupDigits puts a dot before every group of three digits from the right.
func groupDigits(d string) string {
	if len(d) <= 3 {
		return d
	}
	var b strings.Builder
	b.Grow(len(d) + len(d)/3)
	first := len(d) % 3
	if first == 0 {
		first = 3
	}
	b.WriteString(d[:first])
	for i := first; i < len(d); i += 3 {
		b.WriteByte('.')
		b.WriteString(d[i : i+3])
	}
	return b.String()
}

// FormatDecimal formats f with exactly decimals digits after a decimal comma
// and dots between thousands: FormatDecimal(1234.5, 1) gives "1.234,5",
// FormatDecimal(0.25, 2) gives "0,25". A negative decimals uses as many
// digits as needed to represent f exactly. NaN and infinities print as
// strconv does.
func FormatDecimal(f float64, decimals int) string {
	if math.IsNaN(f) || math.IsInf(f, 0) {
		return strconv.FormatFloat(f, 'f', -1, 64)
	}
	s := strconv.FormatFloat(f, 'f', decimals, 64)
	neg := strings.HasPrefix(s, "-")
	s = strings.TrimPrefix(s, "-")
	intPart, frac, hasFrac := strings.Cut(s, ".")
	out := groupDigits(intPart)
	if hasFrac {
		out += "," + frac
	}
	if neg && strings.Trim(s, "0.") != "" {
		out = "-" + out // no "-0,0" for values that round to zero
	}
	return out
}

// FormatMoney formats an amount in đồng: "26.000.000.000 đồng".
func FormatMoney(n int64) string { return FormatInt(n) + " đồng" }

// FormatMoneyShort formats an amount in đồng the way reports and news
// headlines do: "26 tỷ đồng", "26,4 tỷ đồng", "850 triệu đồng", "500 đồng".
func FormatMoneyShort(n int64) string { return FormatQuantityShort(n, "đồng") }

// FormatQuantityShort formats a count in nghìn, triệu or tỷ with at most one
// decimal (comma, rounded half up) followed by unit: 62000 and "lượt" give
// "62 nghìn lượt"; 1250000 and "người" give "1,3 triệu người". Counts below
// 1.000 are printed in full; tỷ is the largest word ("12.500 tỷ"). An empty
// unit leaves no trailing space.
func FormatQuantityShort(n int64, unit string) string {
	var s string
	u := uint64(n)
	if n < 0 {
		u = uint64(-(n + 1)) + 1
	}
	if u < 1000 {
		s = strconv.FormatUint(u, 10)
	} else {
		scales := []struct {
			v    uint64
			name string
		}{{1e3, "nghìn"}, {1e6, "triệu"}, {1e9, "tỷ"}}
		i := 0
		for i+1 < len(scales) && u >= scales[i+1].v {
			i++
		}
		var tenths uint64
		for {
			sc := scales[i].v
			tenths = u/sc*10 + (u%sc*10+sc/2)/sc
			// 999.960 rounds to "1.000 nghìn": say "1 triệu" instead.
			if tenths < 10000 || i == len(scales)-1 {
				break
			}
			i++
		}
		s = groupDigits(strconv.FormatUint(tenths/10, 10))
		if tenths%10 != 0 {
			s += "," + strconv.FormatUint(tenths%10, 10)
		}
		s += " " + scales[i].name
	}
	if n < 0 {
		s = "-" + s
	}
	if unit != "" {
		s += " " + unit
	}
	return s
}

// FormatOver formats a figure the way news reports round it down: "trên
// 62 nghìn lượt" for 62.350, "trên 26 tỷ đồng" for 26.180.000.000, and
// the exact figure when it is a whole number of the scale or below 1.000
// ("12 đoàn", "26 tỷ đồng"). Negative figures are printed in full.
func FormatOver(n int64, unit string) string {
	if n < 1000 {
		s := FormatInt(n)
		if unit != "" {
			s += " " + unit
		}
		return s
	}
	sc, name := int64(1000), "nghìn"
	switch {
	case n >= 1e9:
		sc, name = 1e9, "tỷ"
	case n >= 1e6:
		sc, name = 1e6, "triệu"
	}
	s := FormatInt(n/sc) + " " + name
	if n%sc != 0 {
		s = "trên " + s
	}
	if unit != "" {
		s += " " + unit
	}
	return s
}

// FormatDate formats the calendar date of t as "28/03/2019".
func FormatDate(t time.Time) string { return t.Format("02/01/2006") }

// FormatDateLong formats a date as official documents write it: "ngày 28
// tháng 3 năm 2019". Following Nghị định 30/2020/NĐ-CP (Phụ lục I), a day
// below 10 and the months 1 and 2 get a leading zero, so that they cannot
// be altered afterwards: "ngày 05 tháng 01 năm 2020", "ngày 15 tháng 11 năm
// 2020".
func FormatDateLong(y int, m time.Month, d int) string {
	day := strconv.Itoa(d)
	if d >= 0 && d < 10 {
		day = "0" + day
	}
	month := strconv.Itoa(int(m))
	if m == time.January || m == time.February {
		month = "0" + month
	}
	return "ngày " + day + " tháng " + month + " năm " + strconv.Itoa(y)
}

// FormatDateLongTime is FormatDateLong for the calendar date of t.
func FormatDateLongTime(t time.Time) string {
	y, m, d := t.Date()
	return FormatDateLong(y, m, d)
}

var weekdays = [...]string{"Chủ nhật", "Thứ Hai", "Thứ Ba", "Thứ Tư", "Thứ Năm", "Thứ Sáu", "Thứ Bảy"}

// Weekday returns the Vietnamese name of t's weekday: "Thứ Hai" … "Thứ
// Bảy", "Chủ nhật".
func Weekday(t time.Time) string { return weekdays[t.Weekday()] }

// NumberError reports text that is not a number written the Vietnamese way.
// Its message is in Vietnamese because it is shown to the person who typed
// the number.
type NumberError struct {
	Input  string
	Reason string // Vietnamese
}

func (e *NumberError) Error() string {
	return fmt.Sprintf("“%s” không phải là số hợp lệ: %s", e.Input, e.Reason)
}

// ParseNumber reads a number written the Vietnamese way: dots (or spaces)
// between thousands and a decimal comma: "26.000.000", "1.234,5",
// "26000000", "26 000 000", "-0,5". Anything ambiguous is refused rather
// than guessed: "1.5" (a dot must be followed by exactly three digits),
// "1,234,567", "1.234.56", mixed group separators, letters, an empty
// string. Errors are *NumberError.
func ParseNumber(s string) (float64, error) {
	neg, intDigits, frac, err := scanNumber(s)
	if err != nil {
		return 0, err
	}
	lit := intDigits
	if frac != "" {
		lit += "." + frac
	}
	f, perr := strconv.ParseFloat(lit, 64)
	if perr != nil || math.IsInf(f, 0) {
		return 0, &NumberError{Input: s, Reason: "số quá lớn"}
	}
	if neg && f != 0 {
		f = -f
	}
	return f, nil
}

// ParseInt is ParseNumber for whole numbers: a decimal part is accepted only
// when it is zero ("26,0"). Errors are *NumberError.
func ParseInt(s string) (int64, error) {
	neg, intDigits, frac, err := scanNumber(s)
	if err != nil {
		return 0, err
	}
	if strings.Trim(frac, "0") != "" {
		return 0, &NumberError{Input: s, Reason: "cần một số nguyên, không có phần thập phân"}
	}
	if neg {
		intDigits = "-" + intDigits
	}
	n, perr := strconv.ParseInt(intDigits, 10, 64)
	if perr != nil {
		return 0, &NumberError{Input: s, Reason: "số quá lớn"}
	}
	return n, nil
}

// scanNumber validates s and returns its sign, integer digits without
// separators and fraction digits.
func scanNumber(s string) (neg bool, intDigits, frac string, err error) {
	fail := func(reason string) (bool, string, string, error) {
		return false, "", "", &NumberError{Input: s, Reason: reason}
	}
	t := strings.TrimSpace(s)
	if t == "" {
		return fail("chưa nhập số")
	}
	switch {
	case strings.HasPrefix(t, "-"), strings.HasPrefix(t, "+"):
		neg = t[0] == '-'
		t = strings.TrimSpace(t[1:])
	case strings.HasPrefix(t, "−"): // U+2212 MINUS SIGN
		neg = true
		t = strings.TrimSpace(strings.TrimPrefix(t, "−"))
	}
	intPart, frac, hasComma := strings.Cut(t, ",")
	if hasComma {
		if strings.Contains(frac, ",") {
			return fail("chỉ được có một dấu phẩy thập phân")
		}
		if frac == "" || !allDigits(frac) {
			return fail("sau dấu phẩy thập phân phải là chữ số")
		}
	}
	if intPart == "" {
		return fail("thiếu phần nguyên trước dấu phẩy")
	}
	// Group separators: dots, or spaces of any kind, but not both.
	const badGroup = "dấu chấm ngăn cách hàng nghìn phải đứng trước đúng ba chữ số; phần thập phân dùng dấu phẩy"
	var groups []string
	var cur strings.Builder
	sep := ""
	for _, r := range intPart {
		kind := ""
		switch {
		case r >= '0' && r <= '9':
			cur.WriteRune(r)
			continue
		case r == '.':
			kind = "dot"
		case r == ' ' || r == '\u00A0' || r == '\u202F' || r == '\u2009':
			kind = "space"
		default:
			return fail("chỉ dùng chữ số, dấu chấm ngăn cách hàng nghìn và dấu phẩy thập phân")
		}
		if sep != "" && sep != kind {
			return fail("không dùng lẫn dấu chấm và khoảng trắng để ngăn cách hàng nghìn")
		}
		sep = kind
		groups = append(groups, cur.String())
		cur.Reset()
	}
	groups = append(groups, cur.String())
	if len(groups) == 1 {
		return neg, groups[0], frac, nil
	}
	if n := len(groups[0]); n == 0 || n > 3 {
		return fail(badGroup)
	}
	for _, g := range groups[1:] {
		if len(g) != 3 {
			return fail(badGroup)
		}
	}
	return neg, strings.Join(groups, ""), frac, nil
}

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

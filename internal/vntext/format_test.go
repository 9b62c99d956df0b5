package vntext

import (
	"errors"
	"math"
	"testing"
	"time"
)

func TestFormatInt(t *testing.T) {
	tests := []struct {
		in   int64
		want string
	}{
		{0, "0"}, {999, "999"}, {1000, "1.000"}, {-1500, "-1.500"},
		{26_000_000_000, "26.000.000.000"}, {123456, "123.456"},
		{math.MaxInt64, "9.223.372.036.854.775.807"}, {math.MinInt64, "-9.223.372.036.854.775.808"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := FormatInt(tt.in); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if got := string(AppendInt([]byte("x"), tt.in)); got != "x"+tt.want {
				t.Errorf("AppendInt: got %v, want x%v", got, tt.want)
			}
		})
	}
}

func TestFormatDecimal(t *testing.T) {
	tests := []struct {
		in       float64
		decimals int
		want     string
	}{
		{1234.5, 1, "1.234,5"}, {0.25, 2, "0,25"}, {1234567.891, 2, "1.234.567,89"},
		{12, 0, "12"}, {-1234.5, 1, "-1.234,5"}, {-0.04, 1, "0,0"}, {2.5, -1, "2,5"},
		{98.75, 1, "98,8"}, {math.NaN(), 1, "NaN"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := FormatDecimal(tt.in, tt.decimals); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestFormatMoney(t *testing.T) {
	tests := []struct {
		in          int64
		full, short string
	}{
		{26_000_000_000, "26.000.000.000 đồng", "26 tỷ đồng"},
		{26_400_000_000, "26.400.000.000 đồng", "26,4 tỷ đồng"},
		{26_449_999_999, "26.449.999.999 đồng", "26,4 tỷ đồng"},
		{26_450_000_000, "26.450.000.000 đồng", "26,5 tỷ đồng"},
		{850_000_000, "850.000.000 đồng", "850 triệu đồng"},
		{1_500_000, "1.500.000 đồng", "1,5 triệu đồng"},
		{999_960_000, "999.960.000 đồng", "1 tỷ đồng"},
		{12_500_000_000_000, "12.500.000.000.000 đồng", "12.500 tỷ đồng"},
		{62_000, "62.000 đồng", "62 nghìn đồng"},
		{500, "500 đồng", "500 đồng"},
		{0, "0 đồng", "0 đồng"},
		{-3_000_000, "-3.000.000 đồng", "-3 triệu đồng"},
	}
	for _, tt := range tests {
		t.Run(tt.full, func(t *testing.T) {
			if got := FormatMoney(tt.in); got != tt.full {
				t.Errorf("got %v, want %v", got, tt.full)
			}
			if got := FormatMoneyShort(tt.in); got != tt.short {
				t.Errorf("got %v, want %v", got, tt.short)
			}
		})
	}
}

func TestFormatQuantityShort(t *testing.T) {
	tests := []struct {
		n    int64
		unit string
		want string
	}{
		{62_000, "lượt", "62 nghìn lượt"},
		{1_250_000, "người", "1,3 triệu người"},
		{999_950, "lượt", "1 triệu lượt"},
		{1_000, "", "1 nghìn"},
		{12, "hộ", "12 hộ"},
		{math.MaxInt64, "", "9.223.372.036,9 tỷ"},
		{math.MinInt64, "", "-9.223.372.036,9 tỷ"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := FormatQuantityShort(tt.n, tt.unit); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestDates(t *testing.T) {
	tests := []struct {
		y          int
		m          time.Month
		d          int
		long, date string
		weekday    string
	}{
		{2019, time.March, 28, "ngày 28 tháng 3 năm 2019", "28/03/2019", "Thứ Năm"},
		{2020, time.January, 5, "ngày 05 tháng 01 năm 2020", "05/01/2020", "Chủ nhật"},
		{2020, time.February, 14, "ngày 14 tháng 02 năm 2020", "14/02/2020", "Thứ Sáu"},
		{2020, time.November, 15, "ngày 15 tháng 11 năm 2020", "15/11/2020", "Chủ nhật"},
		{2019, time.March, 25, "ngày 25 tháng 3 năm 2019", "25/03/2019", "Thứ Hai"},
		{2019, time.March, 30, "ngày 30 tháng 3 năm 2019", "30/03/2019", "Thứ Bảy"},
	}
	for _, tt := range tests {
		t.Run(tt.long, func(t *testing.T) {
			tm := time.Date(tt.y, tt.m, tt.d, 10, 0, 0, 0, time.UTC)
			if got := FormatDateLong(tt.y, tt.m, tt.d); got != tt.long {
				t.Errorf("got %v, want %v", got, tt.long)
			}
			if got := FormatDateLongTime(tm); got != tt.long {
				t.Errorf("got %v, want %v", got, tt.long)
			}
			if got := FormatDate(tm); got != tt.date {
				t.Errorf("got %v, want %v", got, tt.date)
			}
			if got := Weekday(tm); got != tt.weekday {
				t.Errorf("got %v, want %v", got, tt.weekday)
			}
		})
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in      string
		want    float64
		wantErr bool
	}{
		{"26.000.000", 26_000_000, false},
		{"1.234,5", 1234.5, false},
		{"26000000", 26_000_000, false},
		{"26 000 000", 26_000_000, false},
		{"26\u00a0000", 26_000, false},
		{"  -0,5 ", -0.5, false},
		{"+12", 12, false},
		{"−7", -7, false},
		{"1,234", 1.234, false}, // decimal comma, the Vietnamese reading
		{"1.234", 1234, false},
		{"0", 0, false},
		{"-0", 0, false},
		{"1.5", 0, true},
		{"1234.5", 0, true},
		{"1.234.56", 0, true},
		{"1,234,567", 0, true},
		{"1.234 567", 0, true},
		{".5", 0, true},
		{",5", 0, true},
		{"5,", 0, true},
		{"1..000", 0, true},
		{"1.000.", 0, true},
		{"12a", 0, true},
		{"1e5", 0, true},
		{"", 0, true},
		{"-", 0, true},
		{"một", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseNumber(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			var ne *NumberError
			if err != nil && !errors.As(err, &ne) {
				t.Errorf("got %T, want *NumberError", err)
			}
		})
	}
}

func TestParseInt(t *testing.T) {
	tests := []struct {
		in      string
		want    int64
		wantErr bool
	}{
		{"26.000.000.000", 26_000_000_000, false},
		{"62 000", 62_000, false},
		{"-1.500", -1500, false},
		{"26,0", 26, false},
		{"26,5", 0, true},
		{"9.223.372.036.854.775.807", math.MaxInt64, false},
		{"-9.223.372.036.854.775.808", math.MinInt64, false},
		{"9.223.372.036.854.775.808", 0, true},
		{"1.5", 0, true},
		{"abc", 0, true},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			got, err := ParseInt(tt.in)
			if (err != nil) != tt.wantErr {
				t.Fatalf("got error %v, want error %v", err, tt.wantErr)
			}
			if got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
		})
	}
}

func TestNumberErrorMessage(t *testing.T) {
	_, err := ParseNumber("1.5")
	want := "“1.5” không phải là số hợp lệ: dấu chấm ngăn cách hàng nghìn phải đứng trước đúng ba chữ số; phần thập phân dùng dấu phẩy"
	if err == nil || err.Error() != want {
		t.Errorf("got %v, want %v", err, want)
	}
}

func TestFormatParseRoundTrip(t *testing.T) {
	for _, n := range []int64{0, 7, 1000, 26_000_000_000, -123_456_789, math.MaxInt64, math.MinInt64} {
		got, err := ParseInt(FormatInt(n))
		if err != nil || got != n {
			t.Errorf("got %v (%v), want %v", got, err, n)
		}
	}
	for _, f := range []float64{0.5, 1234.5, -98765.4321, 1e15} {
		got, err := ParseNumber(FormatDecimal(f, -1))
		if err != nil || got != f {
			t.Errorf("got %v (%v), want %v", got, err, f)
		}
	}
}

func TestFormatOver(t *testing.T) {
	tests := []struct {
		n          int64
		unit, want string
	}{
		{12, "đoàn", "12 đoàn"}, {999, "", "999"}, {62350, "lượt", "trên 62 nghìn lượt"},
		{62000, "lượt", "62 nghìn lượt"}, {26_180_000_000, "đồng", "trên 26 tỷ đồng"},
		{26_000_000_000, "đồng", "26 tỷ đồng"}, {1_250_000, "người", "trên 1 triệu người"},
		{-5000, "đồng", "-5.000 đồng"},
	}
	for _, tt := range tests {
		if got := FormatOver(tt.n, tt.unit); got != tt.want {
			t.Errorf("FormatOver(%d, %q) = %q, want %q", tt.n, tt.unit, got, tt.want)
		}
	}
}

// Package report holds indicators, report templates, reports, their
// validation and their workflow (draft → submitted → accepted, or returned
// with a reason). It knows nothing of SQL or HTTP.
package report

import (
	"fmt"
	"math"
	"strconv"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/vntext"
)

// ValueType is the type of an indicator's value.
type ValueType string

const (
	TypeInteger ValueType = "integer"
	TypeMoney   ValueType = "money" // VND, whole đồng
	TypeDecimal ValueType = "decimal"
	TypePercent ValueType = "percent"
	TypeBoolean ValueType = "boolean" // có/không
	TypeText    ValueType = "text"
)

// ValueTypes lists every value type.
var ValueTypes = []ValueType{TypeInteger, TypeMoney, TypeDecimal, TypePercent, TypeBoolean, TypeText}

// Label returns the Vietnamese name of the type.
func (t ValueType) Label() string {
	switch t {
	case TypeInteger:
		return "Số nguyên"
	case TypeMoney:
		return "Tiền (đồng)"
	case TypeDecimal:
		return "Số thập phân"
	case TypePercent:
		return "Tỷ lệ (%)"
	case TypeBoolean:
		return "Có/Không"
	case TypeText:
		return "Văn bản"
	}
	return string(t)
}

// Numeric reports whether values of t are numbers.
func (t ValueType) Numeric() bool {
	return t == TypeInteger || t == TypeMoney || t == TypeDecimal || t == TypePercent
}

// Aggregation says how an indicator rolls up over units.
type Aggregation string

const (
	AggSum     Aggregation = "sum"
	AggAverage Aggregation = "average"
	AggMax     Aggregation = "max"
	AggNone    Aggregation = "none" // text: gathered, not summed
)

// Label returns the Vietnamese name of the aggregation.
func (a Aggregation) Label() string {
	switch a {
	case AggSum:
		return "Cộng"
	case AggAverage:
		return "Trung bình"
	case AggMax:
		return "Lớn nhất"
	case AggNone:
		return "Không cộng"
	}
	return string(a)
}

// Indicator is one figure units report (chỉ tiêu).
type Indicator struct {
	Code        string // stable: never renamed, retyped or deleted once it has data
	Name        string
	Unit        string // unit of measure: đoàn, lượt, người, mô hình, đồng...
	Type        ValueType
	Aggregation Aggregation
	Section     string // group heading on the form
	Description string
	Min, Max    *float64 // range check, nil: none (numbers are never negative unless Min says so)
	Retired     bool
	Version     int
}

// Validate checks an indicator definition.
func (ind *Indicator) Validate() error {
	f := map[string]string{}
	ind.Code = strings.ToUpper(strings.TrimSpace(ind.Code))
	if !validCode(ind.Code) {
		f["code"] = "Mã chỉ tiêu gồm 1–40 ký tự: chữ cái không dấu, số, gạch dưới, gạch ngang hoặc dấu chấm."
	}
	ind.Name = vntext.Normalize(ind.Name)
	if ind.Name == "" {
		f["name"] = "Cần tên chỉ tiêu."
	}
	ind.Unit = vntext.Normalize(ind.Unit)
	ind.Section = vntext.Normalize(ind.Section)
	okType := false
	for _, t := range ValueTypes {
		okType = okType || t == ind.Type
	}
	if !okType {
		f["type"] = "Kiểu giá trị không hợp lệ."
	}
	switch ind.Aggregation {
	case AggSum, AggAverage, AggMax:
		if !ind.Type.Numeric() && ind.Type != TypeBoolean {
			f["aggregation"] = "Chỉ tiêu văn bản không thể cộng; chọn \"Không cộng\"."
		}
	case AggNone:
	default:
		f["aggregation"] = "Cách tổng hợp không hợp lệ."
	}
	if ind.Min != nil && ind.Max != nil && *ind.Min > *ind.Max {
		f["max"] = "Giá trị lớn nhất phải không nhỏ hơn giá trị nhỏ nhất."
	}
	if len(f) > 0 {
		return apperr.Invalid("Chỉ tiêu chưa hợp lệ.", f)
	}
	return nil
}

func validCode(s string) bool {
	if len(s) == 0 || len(s) > 40 {
		return false
	}
	for _, r := range s {
		if !(r >= 'A' && r <= 'Z' || r >= 'a' && r <= 'z' || r >= '0' && r <= '9' || r == '_' || r == '-' || r == '.') {
			return false
		}
	}
	return true
}

// Value is one reported value. Integers, money and yes/no are exact
// (int64: money sums over a whole country exceed float64's exact range);
// decimals and percentages are float64.
type Value struct {
	Int   int64
	Float float64
	Text  string
	Set   bool
}

// Number returns the value as a float64 for comparisons and statistics.
func (v Value) Number(t ValueType) float64 {
	switch t {
	case TypeDecimal, TypePercent:
		return v.Float
	}
	return float64(v.Int)
}

// Parse reads user input for an indicator of type t: Vietnamese number
// formats ("26.000.000", "1.234,5"), "có"/"không" for yes/no. Legacy-encoded
// text is converted to Unicode. An empty string is an unset value.
func Parse(t ValueType, s string) (Value, error) {
	s = strings.TrimSpace(s)
	if s == "" {
		return Value{}, nil
	}
	switch t {
	case TypeInteger, TypeMoney:
		s = strings.TrimSuffix(strings.TrimSuffix(strings.TrimSpace(strings.TrimSuffix(s, "đồng")), "đ"), " ")
		n, err := vntext.ParseInt(strings.TrimSpace(s))
		if err != nil {
			return Value{}, fmt.Errorf("cần một số nguyên, ví dụ 26.000.000")
		}
		return Value{Int: n, Set: true}, nil
	case TypeDecimal, TypePercent:
		s = strings.TrimSpace(strings.TrimSuffix(s, "%"))
		f, err := vntext.ParseNumber(s)
		if err != nil || math.IsNaN(f) || math.IsInf(f, 0) {
			return Value{}, fmt.Errorf("cần một số, ví dụ 12,5")
		}
		return Value{Float: f, Set: true}, nil
	case TypeBoolean:
		switch vntext.Fold(s) {
		case "co", "x", "1", "true", "yes", "dung", "dat":
			return Value{Int: 1, Set: true}, nil
		case "khong", "0", "false", "no", "chua":
			return Value{Int: 0, Set: true}, nil
		}
		return Value{}, fmt.Errorf("cần \"có\" hoặc \"không\"")
	case TypeText:
		return Value{Text: vntext.Fix(s), Set: true}, nil
	}
	return Value{}, fmt.Errorf("kiểu giá trị không hợp lệ")
}

// Format prints a value the Vietnamese way for forms and tables.
func Format(t ValueType, v Value) string {
	if !v.Set {
		return ""
	}
	switch t {
	case TypeInteger, TypeMoney:
		return vntext.FormatInt(v.Int)
	case TypeDecimal:
		return vntext.FormatDecimal(v.Float, decimals(v.Float))
	case TypePercent:
		return vntext.FormatDecimal(v.Float, decimals(v.Float))
	case TypeBoolean:
		if v.Int != 0 {
			return "Có"
		}
		return "Không"
	}
	return v.Text
}

func decimals(f float64) int {
	for d := 0; d < 4; d++ {
		p := math.Pow(10, float64(d))
		if math.Abs(f*p-math.Round(f*p)) < 1e-9 {
			return d
		}
	}
	return 4
}

// JSON returns the value as a JSON-ready Go value: a number, a string or a
// boolean; nil when unset.
func (v Value) JSON(t ValueType) any {
	if !v.Set {
		return nil
	}
	switch t {
	case TypeInteger, TypeMoney:
		return v.Int
	case TypeDecimal, TypePercent:
		return v.Float
	case TypeBoolean:
		return v.Int != 0
	}
	return v.Text
}

// FromJSON reads a decoded JSON value (float64/json.Number, string, bool,
// nil) for an indicator of type t. Strings are parsed like user input.
func FromJSON(t ValueType, x any) (Value, error) {
	switch x := x.(type) {
	case nil:
		return Value{}, nil
	case string:
		return Parse(t, x)
	case bool:
		if t != TypeBoolean {
			return Value{}, fmt.Errorf("kiểu giá trị không đúng")
		}
		if x {
			return Value{Int: 1, Set: true}, nil
		}
		return Value{Int: 0, Set: true}, nil
	case float64:
		return fromNumber(t, x, strconv.FormatFloat(x, 'f', -1, 64))
	case interface{ String() string }: // json.Number
		f, err := strconv.ParseFloat(x.String(), 64)
		if err != nil {
			return Value{}, fmt.Errorf("số không hợp lệ")
		}
		return fromNumber(t, f, x.String())
	}
	return Value{}, fmt.Errorf("kiểu giá trị không đúng")
}

func fromNumber(t ValueType, f float64, lit string) (Value, error) {
	switch t {
	case TypeInteger, TypeMoney:
		n, err := strconv.ParseInt(lit, 10, 64)
		if err != nil {
			if f != math.Trunc(f) {
				return Value{}, fmt.Errorf("cần một số nguyên")
			}
			// float64 can hold 2^63 exactly, which int64 cannot: the
			// bound is exclusive on the upper side.
			if f >= 9223372036854775807 || f < -9223372036854775808 {
				return Value{}, fmt.Errorf("số quá lớn")
			}
			n = int64(f)
		}
		return Value{Int: n, Set: true}, nil
	case TypeDecimal, TypePercent:
		return Value{Float: f, Set: true}, nil
	case TypeBoolean:
		if f == 0 || f == 1 {
			return Value{Int: int64(f), Set: true}, nil
		}
		return Value{}, fmt.Errorf("cần 0 hoặc 1 (có/không)")
	case TypeText:
		return Value{Text: lit, Set: true}, nil
	}
	return Value{}, fmt.Errorf("kiểu giá trị không hợp lệ")
}

// Check returns a Vietnamese message when v breaks the indicator's range,
// or "" when it is acceptable. Negative numbers are refused unless Min
// allows them: no indicator of this work counts below zero.
func (ind *Indicator) Check(v Value) string {
	if !v.Set || !ind.Type.Numeric() {
		if ind.Type == TypeText && len([]rune(v.Text)) > 20000 {
			return "Nội dung quá dài (tối đa 20.000 ký tự)."
		}
		return ""
	}
	x := v.Number(ind.Type)
	min := 0.0
	if ind.Min != nil {
		min = *ind.Min
	}
	if x < min {
		return fmt.Sprintf("Giá trị không được nhỏ hơn %s.", vntext.FormatDecimal(min, decimals(min)))
	}
	if ind.Max != nil && x > *ind.Max {
		return fmt.Sprintf("Giá trị không được lớn hơn %s.", vntext.FormatDecimal(*ind.Max, decimals(*ind.Max)))
	}
	if ind.Type == TypePercent && ind.Max == nil && x > 100 {
		return "Tỷ lệ không được lớn hơn 100%."
	}
	return ""
}

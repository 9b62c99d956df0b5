package report_test

import (
	"encoding/json"
	"maps"
	"math"
	"reflect"
	"slices"
	"strings"
	"testing"

	"giaoban/internal/report"
)

func f64(x float64) *float64 { return &x }

func intv(n int64) report.Value     { return report.Value{Int: n, Set: true} }
func floatv(f float64) report.Value { return report.Value{Float: f, Set: true} }
func textv(s string) report.Value   { return report.Value{Text: s, Set: true} }

func TestRuleParse(t *testing.T) {
	tests := []struct {
		name    string
		typ     report.ValueType
		in      string
		want    report.Value
		wantErr bool
	}{
		{"integer plain", report.TypeInteger, "12", intv(12), false},
		{"integer thousands dots", report.TypeInteger, "62.350", intv(62350), false},
		{"integer spaces around", report.TypeInteger, "  8  ", intv(8), false},
		{"integer zero fraction", report.TypeInteger, "26,0", intv(26), false},
		{"integer fraction refused", report.TypeInteger, "1,5", report.Value{}, true},
		{"integer ambiguous dot refused", report.TypeInteger, "1.5", report.Value{}, true},
		{"integer letters refused", report.TypeInteger, "mười hai", report.Value{}, true},
		{"integer negative parses (range is Check's)", report.TypeInteger, "-3", intv(-3), false},
		{"empty is unset", report.TypeInteger, "   ", report.Value{}, false},
		{"money Vietnamese", report.TypeMoney, "26.000.000", intv(26_000_000), false},
		{"money billions exact", report.TypeMoney, "26.180.000.000", intv(26_180_000_000), false},
		{"money with đồng", report.TypeMoney, "26.000.000 đồng", intv(26_000_000), false},
		{"money with đ", report.TypeMoney, "1.500.000đ", intv(1_500_000), false},
		{"money max int64", report.TypeMoney, "9.223.372.036.854.775.807", intv(math.MaxInt64), false},
		{"money over int64 refused", report.TypeMoney, "9.223.372.036.854.775.808", report.Value{}, true},
		{"decimal comma", report.TypeDecimal, "1.234,5", floatv(1234.5), false},
		{"decimal small", report.TypeDecimal, "0,25", floatv(0.25), false},
		{"decimal garbage", report.TypeDecimal, "1,2,3", report.Value{}, true},
		{"percent with sign", report.TypePercent, "12,5%", floatv(12.5), false},
		{"percent spaced sign", report.TypePercent, "97,4 %", floatv(97.4), false},
		{"percent without sign", report.TypePercent, "100", floatv(100), false},
		{"percent garbage", report.TypePercent, "cao", report.Value{}, true},
		{"boolean có", report.TypeBoolean, "có", intv(1), false},
		{"boolean Có capital", report.TypeBoolean, "Có", intv(1), false},
		{"boolean không", report.TypeBoolean, "không", intv(0), false},
		{"boolean KHÔNG", report.TypeBoolean, "KHÔNG", intv(0), false},
		{"boolean x", report.TypeBoolean, "x", intv(1), false},
		{"boolean 0", report.TypeBoolean, "0", intv(0), false},
		{"boolean garbage", report.TypeBoolean, "có lẽ", report.Value{}, true},
		{"text unicode kept", report.TypeText, "Tết vì người nghèo", textv("Tết vì người nghèo"), false},
		{"text TCVN3 converted", report.TypeText, "Céng hßa x· héi", textv("Cộng hòa xã hội"), false},
		{"text TCVN3 đ converted", report.TypeText, "§¶ng bé ®Þa ph\u00ad¬ng", textv("Đảng bộ địa phương"), false},
		{"text VNI converted", report.TypeText, "Coäng hoøa xaõ hoäi", textv("Cộng hòa xã hội"), false},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := report.Parse(tt.typ, tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("Parse(%s, %q) = %+v, want an error", tt.typ, tt.in, got)
				}
				if err.Error() == "" {
					t.Errorf("Parse(%s, %q): empty error message", tt.typ, tt.in)
				}
				return
			}
			if err != nil {
				t.Fatalf("Parse(%s, %q): %v", tt.typ, tt.in, err)
			}
			if got != tt.want {
				t.Errorf("Parse(%s, %q) = %+v, want %+v", tt.typ, tt.in, got, tt.want)
			}
		})
	}
	if _, err := report.Parse(report.ValueType("date"), "1"); err == nil {
		t.Error("Parse of an unknown type: got nil error")
	}
}

// Every value type formats back to an input Parse reads to the same value.
func TestRuleFormatParseRoundTrip(t *testing.T) {
	tests := []struct {
		typ  report.ValueType
		v    report.Value
		want string
	}{
		{report.TypeInteger, intv(62350), "62.350"},
		{report.TypeMoney, intv(26_180_000_000), "26.180.000.000"},
		{report.TypeMoney, intv(math.MaxInt64), "9.223.372.036.854.775.807"},
		{report.TypeDecimal, floatv(1234.5), "1.234,5"},
		{report.TypePercent, floatv(12.5), "12,5"},
		{report.TypeBoolean, intv(1), "Có"},
		{report.TypeBoolean, intv(0), "Không"},
		{report.TypeText, textv("Dân vận khéo"), "Dân vận khéo"},
		{report.TypeInteger, report.Value{}, ""},
	}
	for _, tt := range tests {
		s := report.Format(tt.typ, tt.v)
		if s != tt.want {
			t.Errorf("Format(%s, %+v) = %q, want %q", tt.typ, tt.v, s, tt.want)
		}
		back, err := report.Parse(tt.typ, s)
		if err != nil || back != tt.v {
			t.Errorf("Parse(%s, Format(...) = %q) = %+v, %v; want %+v", tt.typ, s, back, err, tt.v)
		}
	}
}

func TestRuleFromJSON(t *testing.T) {
	tests := []struct {
		name    string
		typ     report.ValueType
		in      any
		want    report.Value
		wantErr bool
	}{
		{"nil is unset", report.TypeInteger, nil, report.Value{}, false},
		{"number integer", report.TypeInteger, json.Number("12"), intv(12), false},
		{"number money 26 billion exact", report.TypeMoney, json.Number("26000000000"), intv(26_000_000_000), false},
		{"number money max int64 exact", report.TypeMoney, json.Number("9223372036854775807"), intv(math.MaxInt64), false},
		{"number integer exponent whole", report.TypeInteger, json.Number("2e3"), intv(2000), false},
		{"number integer fraction refused", report.TypeInteger, json.Number("1.5"), report.Value{}, true},
		{"number not a number", report.TypeInteger, json.Number("abc"), report.Value{}, true},
		{"number decimal", report.TypeDecimal, json.Number("1234.5"), floatv(1234.5), false},
		{"number percent", report.TypePercent, json.Number("97.4"), floatv(97.4), false},
		{"number boolean 1", report.TypeBoolean, json.Number("1"), intv(1), false},
		{"number boolean 0", report.TypeBoolean, json.Number("0"), intv(0), false},
		{"number boolean 2 refused", report.TypeBoolean, json.Number("2"), report.Value{}, true},
		{"number text keeps literal", report.TypeText, json.Number("2019"), textv("2019"), false},
		{"float64 integer", report.TypeInteger, float64(42), intv(42), false},
		{"float64 integer fraction refused", report.TypeInteger, 4.2, report.Value{}, true},
		{"float64 percent", report.TypePercent, 12.5, floatv(12.5), false},
		{"bool true", report.TypeBoolean, true, intv(1), false},
		{"bool false", report.TypeBoolean, false, intv(0), false},
		{"bool for integer refused", report.TypeInteger, true, report.Value{}, true},
		{"string Vietnamese money", report.TypeMoney, "26.000.000", intv(26_000_000), false},
		{"string percent", report.TypePercent, "12,5%", floatv(12.5), false},
		{"string có", report.TypeBoolean, "có", intv(1), false},
		{"string TCVN3 text", report.TypeText, "Céng hßa x· héi", textv("Cộng hòa xã hội"), false},
		{"string bad integer", report.TypeInteger, "mười", report.Value{}, true},
		{"array refused", report.TypeInteger, []any{1}, report.Value{}, true},
		{"object refused", report.TypeText, map[string]any{}, report.Value{}, true},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := report.FromJSON(tt.typ, tt.in)
			if tt.wantErr {
				if err == nil {
					t.Fatalf("FromJSON(%s, %#v) = %+v, want an error", tt.typ, tt.in, got)
				}
				return
			}
			if err != nil {
				t.Fatalf("FromJSON(%s, %#v): %v", tt.typ, tt.in, err)
			}
			if got != tt.want {
				t.Errorf("FromJSON(%s, %#v) = %+v, want %+v", tt.typ, tt.in, got, tt.want)
			}
		})
	}
}

// A whole JSON body decoded with UseNumber, as the API does: money beyond
// float64's exact range survives to the int64.
func TestRuleFromJSONDecodedBody(t *testing.T) {
	dec := json.NewDecoder(strings.NewReader(`{"KINH_PHI": 26180000000123, "MAX": 9223372036854775807}`))
	dec.UseNumber()
	var m map[string]any
	if err := dec.Decode(&m); err != nil {
		t.Fatal(err)
	}
	for code, want := range map[string]int64{"KINH_PHI": 26_180_000_000_123, "MAX": math.MaxInt64} {
		v, err := report.FromJSON(report.TypeMoney, m[code])
		if err != nil || v != intv(want) {
			t.Errorf("%s: got %+v, %v; want %d exactly", code, v, err, want)
		}
	}
}

// A JSON integer too large for int64 must be refused, not wrapped around.
func TestRuleFromJSONOverflow(t *testing.T) {
	for _, lit := range []string{"9223372036854775808", "1e20", "-1e20"} {
		v, err := report.FromJSON(report.TypeMoney, json.Number(lit))
		if err == nil {
			t.Errorf("FromJSON(money, %s) = %+v (Int %d), want an error: the number does not fit an int64", lit, v, v.Int)
		}
	}
}

func TestRuleIndicatorCheck(t *testing.T) {
	tests := []struct {
		name string
		ind  report.Indicator
		v    report.Value
		want string // substring of the message; "" means accepted
	}{
		{"unset accepted", report.Indicator{Type: report.TypeInteger}, report.Value{}, ""},
		{"zero accepted", report.Indicator{Type: report.TypeInteger}, intv(0), ""},
		{"negative integer refused", report.Indicator{Type: report.TypeInteger}, intv(-1), "không được nhỏ hơn 0"},
		{"negative money refused", report.Indicator{Type: report.TypeMoney}, intv(-26_000_000), "không được nhỏ hơn 0"},
		{"negative decimal refused", report.Indicator{Type: report.TypeDecimal}, floatv(-0.5), "không được nhỏ hơn 0"},
		{"min allows negative", report.Indicator{Type: report.TypeDecimal, Min: f64(-10)}, floatv(-5), ""},
		{"below explicit min", report.Indicator{Type: report.TypeDecimal, Min: f64(-10)}, floatv(-10.5), "không được nhỏ hơn -10"},
		{"positive min", report.Indicator{Type: report.TypeInteger, Min: f64(1)}, intv(0), "không được nhỏ hơn 1"},
		{"at max accepted", report.Indicator{Type: report.TypeInteger, Max: f64(100)}, intv(100), ""},
		{"over max refused", report.Indicator{Type: report.TypeInteger, Max: f64(100)}, intv(101), "không được lớn hơn 100"},
		{"over decimal max", report.Indicator{Type: report.TypeDecimal, Max: f64(1234.5)}, floatv(1234.6), "không được lớn hơn 1.234,5"},
		{"percent 100 accepted", report.Indicator{Type: report.TypePercent}, floatv(100), ""},
		{"percent over 100 refused", report.Indicator{Type: report.TypePercent}, floatv(100.5), "Tỷ lệ không được lớn hơn 100%"},
		{"percent with explicit max above 100", report.Indicator{Type: report.TypePercent, Max: f64(200)}, floatv(150), ""},
		{"percent explicit max 100", report.Indicator{Type: report.TypePercent, Max: f64(100)}, floatv(101), "không được lớn hơn 100"},
		{"huge money accepted", report.Indicator{Type: report.TypeMoney}, intv(math.MaxInt64), ""},
		{"boolean not range-checked", report.Indicator{Type: report.TypeBoolean}, intv(1), ""},
		{"text accepted", report.Indicator{Type: report.TypeText}, textv("ngắn"), ""},
		{"text too long", report.Indicator{Type: report.TypeText}, textv(strings.Repeat("ậ", 20001)), "quá dài"},
		{"text at limit", report.Indicator{Type: report.TypeText}, textv(strings.Repeat("ậ", 20000)), ""},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := tt.ind.Check(tt.v)
			if tt.want == "" && got != "" {
				t.Errorf("Check(%+v) = %q, want accepted", tt.v, got)
			}
			if tt.want != "" && !strings.Contains(got, tt.want) {
				t.Errorf("Check(%+v) = %q, want a message containing %q", tt.v, got, tt.want)
			}
		})
	}
}

// ruleTemplate is a small template with the demo's kinds of rules.
func ruleTemplate() (*report.Template, map[string]report.Indicator) {
	inds := []report.Indicator{
		{Code: "QUA_TANG", Name: "Quà tặng", Type: report.TypeInteger},
		{Code: "KINH_PHI", Name: "Kinh phí", Type: report.TypeMoney},
		{Code: "HV_TRIEU_TAP", Name: "Cán bộ được triệu tập", Type: report.TypeInteger},
		{Code: "HV_THAM_DU", Name: "Cán bộ tham dự", Type: report.TypeInteger},
		{Code: "TY_LE", Name: "Tỷ lệ", Type: report.TypePercent},
		{Code: "TY_SO", Name: "Tỷ số", Type: report.TypeDecimal},
		{Code: "KH_QCDC", Name: "Đã có kế hoạch", Type: report.TypeBoolean},
		{Code: "NOI_BAT", Name: "Nổi bật", Type: report.TypeText},
	}
	cat := map[string]report.Indicator{}
	var codes []string
	for _, i := range inds {
		cat[i.Code] = i
		codes = append(codes, i.Code)
	}
	t := &report.Template{Code: "T", Name: "Mẫu", Kind: report.KindPeriodic, Outline: report.DefaultOutline, Indicators: codes,
		Rules: []report.Rule{
			{Type: report.RuleRequires, A: "KINH_PHI", B: "QUA_TANG"},
			{Type: report.RuleLTE, A: "HV_THAM_DU", B: "HV_TRIEU_TAP"},
			{Type: report.RuleLTE, A: "TY_SO", B: "TY_LE", Message: "Tỷ số vượt tỷ lệ."},
			{Type: report.RuleRequired, A: "KH_QCDC"},
		}}
	return t, cat
}

func keys(m map[string]string) []string { return slices.Sorted(maps.Keys(m)) }

func TestRuleCheckDraft(t *testing.T) {
	tmpl, cat := ruleTemplate()
	tests := []struct {
		name string
		d    report.Draft
		want []string // field keys, sorted; nil: valid
	}{
		{"empty draft", report.Draft{}, nil},
		{"valid values", report.Draft{Values: map[string]report.Value{"QUA_TANG": intv(62350), "KINH_PHI": intv(26_000_000_000),
			"TY_LE": floatv(97.5), "KH_QCDC": intv(1), "NOI_BAT": textv("Tết")}}, nil},
		{"unknown code", report.Draft{Values: map[string]report.Value{"KHONG_CO": intv(1)}}, []string{"values.KHONG_CO"}},
		{"negative", report.Draft{Values: map[string]report.Value{"QUA_TANG": intv(-1)}}, []string{"values.QUA_TANG"}},
		{"percent over 100", report.Draft{Values: map[string]report.Value{"TY_LE": floatv(120)}}, []string{"values.TY_LE"}},
		{"several at once", report.Draft{Values: map[string]report.Value{"QUA_TANG": intv(-1), "TY_LE": floatv(101), "X": intv(1), "KINH_PHI": intv(5)}},
			[]string{"values.QUA_TANG", "values.TY_LE", "values.X"}},
		{"comment on unknown code", report.Draft{Comments: map[string]string{"X": "ghi chú", "QUA_TANG": "đúng"}}, []string{"comments.X"}},
		{"narrative of the outline", report.Draft{Narrative: map[string]string{"ket_qua": "Tốt", report.TasksSection: "Đã làm"}}, nil},
		{"narrative unknown section", report.Draft{Narrative: map[string]string{"muc_la": "?"}}, []string{"narrative.muc_la"}},
		{"narrative too long", report.Draft{Narrative: map[string]string{"ket_qua": strings.Repeat("a", 200001)}}, []string{"narrative.ket_qua"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := report.CheckDraft(tmpl, cat, &tt.d)
			if tt.want == nil {
				if got != nil {
					t.Errorf("CheckDraft = %v, want nil", got)
				}
				return
			}
			if k := keys(got); !reflect.DeepEqual(k, tt.want) {
				t.Errorf("CheckDraft fields = %v (%v), want %v", k, got, tt.want)
			}
			for k, msg := range got {
				if msg == "" {
					t.Errorf("field %s: empty message", k)
				}
			}
		})
	}
}

func TestRuleCheckSubmit(t *testing.T) {
	tmpl, cat := ruleTemplate()
	base := func(extra map[string]report.Value) *report.Report {
		r := report.NewReport(report.Key{Template: "T", Period: "2019Q2", Unit: "20-MTTQ"})
		r.Values["KH_QCDC"] = intv(1)
		for k, v := range extra {
			if !v.Set {
				delete(r.Values, k)
				continue
			}
			r.Values[k] = v
		}
		return r
	}
	tests := []struct {
		name string
		r    *report.Report
		want map[string]string // field → substring of the message
	}{
		{"nothing but the required", base(nil), nil},
		// requires: A > 0 requires B > 0
		{"requires: money with gifts", base(map[string]report.Value{"KINH_PHI": intv(26_000_000_000), "QUA_TANG": intv(62350)}), nil},
		{"requires: money without gifts", base(map[string]report.Value{"KINH_PHI": intv(1_000_000)}),
			map[string]string{"values.QUA_TANG": "\"Kinh phí\" lớn hơn 0 thì \"Quà tặng\" phải lớn hơn 0"}},
		{"requires: money with zero gifts", base(map[string]report.Value{"KINH_PHI": intv(1_000_000), "QUA_TANG": intv(0)}),
			map[string]string{"values.QUA_TANG": "phải lớn hơn 0"}},
		{"requires: zero money, no gifts", base(map[string]report.Value{"KINH_PHI": intv(0)}), nil},
		{"requires: gifts without money", base(map[string]report.Value{"QUA_TANG": intv(10)}), nil},
		// lte: A ≤ B
		{"lte: attended under invited", base(map[string]report.Value{"HV_THAM_DU": intv(58), "HV_TRIEU_TAP": intv(60)}), nil},
		{"lte: equal", base(map[string]report.Value{"HV_THAM_DU": intv(60), "HV_TRIEU_TAP": intv(60)}), nil},
		{"lte: attended over invited", base(map[string]report.Value{"HV_THAM_DU": intv(65), "HV_TRIEU_TAP": intv(60)}),
			map[string]string{"values.HV_THAM_DU": "\"Cán bộ tham dự\" không được lớn hơn \"Cán bộ được triệu tập\""}},
		{"lte: one side unset", base(map[string]report.Value{"HV_THAM_DU": intv(65)}), nil},
		{"lte: decimal vs percent, custom message", base(map[string]report.Value{"TY_SO": floatv(50.5), "TY_LE": floatv(50.25)}),
			map[string]string{"values.TY_SO": "Tỷ số vượt tỷ lệ."}},
		// required
		{"required: missing", base(map[string]report.Value{"KH_QCDC": {}}), map[string]string{"values.KH_QCDC": "bắt buộc"}},
		{"required: 'không' counts as filled", base(map[string]report.Value{"KH_QCDC": intv(0)}), nil},
		{"all rules broken", base(map[string]report.Value{"KH_QCDC": {}, "KINH_PHI": intv(5), "HV_THAM_DU": intv(2), "HV_TRIEU_TAP": intv(1)}),
			map[string]string{"values.KH_QCDC": "", "values.QUA_TANG": "", "values.HV_THAM_DU": ""}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := report.CheckSubmit(tmpl, cat, tt.r)
			if tt.want == nil {
				if got != nil {
					t.Errorf("CheckSubmit = %v, want nil", got)
				}
				return
			}
			if len(got) != len(tt.want) {
				t.Errorf("CheckSubmit = %v, want fields %v", got, keys(tt.want))
			}
			for k, sub := range tt.want {
				msg, ok := got[k]
				if !ok || msg == "" || !strings.Contains(msg, sub) {
					t.Errorf("field %s: got %q, want a message containing %q", k, msg, sub)
				}
			}
		})
	}
}

func TestRuleOutlier(t *testing.T) {
	tests := []struct {
		name    string
		history []float64
		x       float64
		flag    bool
		median  float64
	}{
		{"no history", nil, 1e9, false, 0},
		{"two values are not enough", []float64{10, 12}, 1e9, false, 0},
		{"flat history, same value", []float64{10, 10, 10}, 10, false, 10},
		{"flat history, within half", []float64{10, 10, 10}, 14, false, 10},
		{"flat history, more than half above", []float64{10, 10, 10}, 16, true, 10},
		{"flat history, more than half below", []float64{10, 10, 10}, 4, true, 10},
		{"flat zero history, zero", []float64{0, 0, 0, 0}, 0, false, 0},
		{"flat zero history, one", []float64{0, 0, 0, 0}, 1, true, 0},
		// median 100, MAD 10 → scaled 14.826; 5 scaled MADs = 74.13
		{"noisy history, ordinary value", []float64{100, 120, 80, 110, 90}, 125, false, 100},
		{"noisy history, just inside", []float64{100, 120, 80, 110, 90}, 170, false, 100},
		{"noisy history, far above", []float64{100, 120, 80, 110, 90}, 180, true, 100},
		{"noisy history, far below", []float64{100, 120, 80, 110, 90}, 20, true, 100},
		{"even count median", []float64{90, 100, 110, 120}, 105, false, 105},
		// One odd quarter in the history does not hide the next one.
		{"robust to one odd value", []float64{100, 100, 1000, 110, 90}, 1000, true, 100},
		{"order does not matter", []float64{90, 1000, 110, 100, 100}, 105, false, 100},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			in := append([]float64(nil), tt.history...)
			flag, med := report.Outlier(tt.history, tt.x)
			if flag != tt.flag || med != tt.median {
				t.Errorf("Outlier(%v, %v) = %v, %v; want %v, %v", tt.history, tt.x, flag, med, tt.flag, tt.median)
			}
			if !reflect.DeepEqual(in, tt.history) {
				t.Errorf("Outlier changed its input: %v → %v", in, tt.history)
			}
		})
	}
	if msg := report.OutlierMessage(report.TypeInteger, 1234.5); !strings.Contains(msg, "1.234,5") || !strings.Contains(msg, "ghi chú") {
		t.Errorf("OutlierMessage = %q, want the median in Vietnamese format and a request for a note", msg)
	}
}

func TestRuleEncodeDecodeValues(t *testing.T) {
	in := map[string]report.Value{
		"KINH_PHI":  intv(26_000_000_000),
		"MAX":       intv(math.MaxInt64),
		"MIN":       intv(math.MinInt64),
		"ZERO":      intv(0),
		"NEG":       intv(-42),
		"CO":        intv(1),
		"TY_LE":     floatv(97.4),
		"THIRD":     floatv(1.0 / 3),
		"TINY":      floatv(5e-324),
		"HUGE":      floatv(1.7976931348623157e308),
		"NEG_FLOAT": floatv(-0.1),
		"TEXT":      textv("Ủy ban MTTQ tỉnh \"Tết vì người nghèo\"\n– dòng 2 {}: \\ 'i1'"),
		"TEXT_I":    textv("i123"), // text that looks like an encoded int
		"UNSET":     {},
	}
	s := report.EncodeValues(in)
	if !json.Valid([]byte(s)) {
		t.Fatalf("EncodeValues: not JSON: %s", s)
	}
	if strings.Contains(s, "UNSET") {
		t.Errorf("EncodeValues kept an unset value: %s", s)
	}
	if !strings.Contains(s, `"KINH_PHI":"i26000000000"`) || !strings.Contains(s, `"MAX":"i9223372036854775807"`) {
		t.Errorf("EncodeValues: money not stored as exact integers: %s", s)
	}
	out, err := report.DecodeValues(s)
	if err != nil {
		t.Fatalf("DecodeValues(%s): %v", s, err)
	}
	want := map[string]report.Value{}
	for k, v := range in {
		if v.Set {
			want[k] = v
		}
	}
	if !reflect.DeepEqual(out, want) {
		t.Errorf("round trip:\n got %+v\nwant %+v", out, want)
	}
	if out["KINH_PHI"].Int != 26_000_000_000 || out["MAX"].Int != math.MaxInt64 {
		t.Errorf("money not exact: %d, %d", out["KINH_PHI"].Int, out["MAX"].Int)
	}
	// Encoding is deterministic (the same report always stores the same text).
	if again := report.EncodeValues(out); again != s {
		t.Errorf("re-encoding differs:\n%s\n%s", s, again)
	}
	// Empty map.
	if s := report.EncodeValues(nil); s != "{}" {
		t.Errorf("EncodeValues(nil) = %q, want {}", s)
	}
	if m, err := report.DecodeValues("{}"); err != nil || len(m) != 0 {
		t.Errorf("DecodeValues({}) = %v, %v", m, err)
	}
	// Damaged stored forms are errors, never silently wrong values.
	for _, bad := range []string{``, `{`, `{"A":1}`, `{"A":"x1"}`, `{"A":"iabc"}`, `{"A":"i9223372036854775808"}`, `{"A":"fzz"}`} {
		if m, err := report.DecodeValues(bad); err == nil {
			t.Errorf("DecodeValues(%q) = %v, want an error", bad, m)
		}
	}
	// An empty stored string is an unset value.
	if m, err := report.DecodeValues(`{"A":""}`); err != nil || len(m) != 0 {
		t.Errorf(`DecodeValues({"A":""}) = %v, %v; want empty`, m, err)
	}
}

func TestRuleEncodeDecodeText(t *testing.T) {
	in := map[string]string{"ket_qua": "Kết quả \"tốt\"\nDòng 2", "ton_tai": ""}
	out, err := report.DecodeText(report.EncodeText(in))
	if err != nil || !reflect.DeepEqual(out, in) {
		t.Errorf("text round trip: %v, %v", out, err)
	}
	if s := report.EncodeText(nil); s != "{}" {
		t.Errorf("EncodeText(nil) = %q", s)
	}
	if m, err := report.DecodeText(""); err != nil || len(m) != 0 {
		t.Errorf(`DecodeText("") = %v, %v`, m, err)
	}
	if _, err := report.DecodeText("{"); err == nil {
		t.Error(`DecodeText("{"): want an error`)
	}
}

func TestRuleDiff(t *testing.T) {
	tmpl, cat := ruleTemplate()
	a := &report.Version{Version: 3,
		Values:    map[string]report.Value{"QUA_TANG": intv(62000), "KINH_PHI": intv(26_000_000_000), "TY_LE": floatv(97.5), "KH_QCDC": intv(1), "NOI_BAT": textv("Tết")},
		Comments:  map[string]string{"QUA_TANG": "ước tính"},
		Narrative: map[string]string{"ket_qua": "Tốt", "ton_tai": "Chậm"}}
	b := &report.Version{Version: 6,
		Values:    map[string]report.Value{"QUA_TANG": intv(62350), "KINH_PHI": intv(26_000_000_000), "TY_LE": floatv(97.5), "KH_QCDC": intv(0), "HV_THAM_DU": intv(5)},
		Comments:  map[string]string{},
		Narrative: map[string]string{"ket_qua": "Tốt hơn", "ton_tai": "Chậm", "kien_nghi": "Mở lớp"}}
	got := report.Diff(tmpl, cat, a, b)
	want := []report.Change{
		{Field: "QUA_TANG", Label: "Quà tặng", Before: "62.000", After: "62.350"},
		{Field: "comments.QUA_TANG", Label: "Ghi chú: Quà tặng", Before: "ước tính", After: ""},
		{Field: "HV_THAM_DU", Label: "Cán bộ tham dự", Before: "", After: "5"},
		{Field: "KH_QCDC", Label: "Đã có kế hoạch", Before: "Có", After: "Không"},
		{Field: "NOI_BAT", Label: "Nổi bật", Before: "Tết", After: ""},
		{Field: "narrative.ket_qua", Label: "I. Kết quả đạt được", Before: "Tốt", After: "Tốt hơn"},
		{Field: "narrative.kien_nghi", Label: "IV. Kiến nghị, đề xuất", Before: "", After: "Mở lớp"},
	}
	if !reflect.DeepEqual(got, want) {
		t.Errorf("Diff:\n got %+v\nwant %+v", got, want)
	}
	if d := report.Diff(tmpl, cat, a, a); len(d) != 0 {
		t.Errorf("Diff of a version with itself = %+v, want none", d)
	}
}

func TestRuleStatus(t *testing.T) {
	for _, tt := range []struct {
		s        report.Status
		editable bool
	}{{report.StatusDraft, true}, {report.StatusReturned, true}, {report.StatusSubmitted, false}, {report.StatusAccepted, false}} {
		if tt.s.Editable() != tt.editable {
			t.Errorf("%s.Editable() = %v, want %v", tt.s, !tt.editable, tt.editable)
		}
		if tt.s.Label() == string(tt.s) {
			t.Errorf("%s has no Vietnamese label", tt.s)
		}
	}
}

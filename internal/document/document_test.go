package document

import (
	"strings"
	"testing"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
)

func d(s string) period.Date { return period.MustParse(s) }

func TestTermAt(t *testing.T) {
	tests := []struct {
		date, want string
	}{
		{"2010-10-01", "2010-2015"},
		{"2015-10-14", "2010-2015"},
		{"2015-10-15", "2015-2020"},
		{"2019-03-28", "2015-2020"},
		{"2020-10-14", "2015-2020"},
		{"2020-10-15", "2020-2025"},
		{"2025-09-30", "2020-2025"},
		{"2025-10-01", "2025-2030"},
		{"2031-06-01", "2025-2030"}, // open until the next congress is recorded
	}
	for _, tt := range tests {
		t.Run(tt.date, func(t *testing.T) {
			got, err := TermAt(DefaultTerms, d(tt.date))
			if err != nil {
				t.Fatal(err)
			}
			if got.ID != tt.want {
				t.Errorf("TermAt(%s) = %s, want %s", tt.date, got.ID, tt.want)
			}
		})
	}
	if err := ValidateTerms(DefaultTerms); err != nil {
		t.Errorf("DefaultTerms: %v", err)
	}
}

func TestTermAtErrors(t *testing.T) {
	overlap := []Term{
		{ID: "a", From: d("2020-01-01"), To: d("2020-12-31")},
		{ID: "b", From: d("2020-06-01"), To: d("2021-12-31")},
	}
	tests := []struct {
		name  string
		terms []Term
		date  period.Date
		want  string
	}{
		{"before first", DefaultTerms, d("2010-09-30"), "không thuộc nhiệm kỳ nào"},
		{"zero date", DefaultTerms, period.Date{}, "Thiếu ngày"},
		{"no terms", nil, d("2020-01-01"), "không thuộc nhiệm kỳ nào"},
		{"overlap", overlap, d("2020-07-01"), "thuộc nhiều nhiệm kỳ"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := TermAt(tt.terms, tt.date)
			if !apperr.Is(err, apperr.EINVALID) || !strings.Contains(apperr.Message(err), tt.want) {
				t.Errorf("err = %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}

func TestValidateTerms(t *testing.T) {
	tests := []struct {
		name  string
		terms []Term
		want  string // "" for valid
	}{
		{"default", DefaultTerms, ""},
		{"gap is fine", []Term{{"a", d("2020-01-01"), d("2020-06-30")}, {"b", d("2020-08-01"), period.Forever}}, ""},
		{"no id", []Term{{"", d("2020-01-01"), d("2020-06-30")}}, "thiếu mã"},
		{"duplicate id", []Term{{"a", d("2020-01-01"), d("2020-06-30")}, {"a", d("2021-01-01"), d("2021-06-30")}}, "Trùng"},
		{"reversed", []Term{{"a", d("2020-07-01"), d("2020-06-30")}}, "không hợp lệ"},
		{"zero to", []Term{{"a", d("2020-07-01"), period.Date{}}}, "không hợp lệ"},
		{"touching", []Term{{"a", d("2020-01-01"), d("2020-06-30")}, {"b", d("2020-06-30"), period.Forever}}, "chồng lên nhau"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			err := ValidateTerms(tt.terms)
			if tt.want == "" {
				if err != nil {
					t.Errorf("unexpected error %v", err)
				}
				return
			}
			if !apperr.Is(err, apperr.EINVALID) || !strings.Contains(apperr.Message(err), tt.want) {
				t.Errorf("err = %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}

func TestSeriesFor(t *testing.T) {
	custom := []Term{{ID: "XV", From: d("2019-01-01"), To: period.Forever}}
	tests := []struct {
		name    string
		style   Style
		issuer  string
		docType string
		date    string
		terms   []Term
		want    Series
	}{
		{"party 2019", Party, "BDVTU", "BC", "2019-03-28", nil, Series{Party, "BDVTU", "BC", "2015-2020"}},
		{"party same term next year", Party, "BDVTU", "BC", "2020-03-28", nil, Series{Party, "BDVTU", "BC", "2015-2020"}},
		{"party new term", Party, "BDVTU", "BC", "2020-10-15", nil, Series{Party, "BDVTU", "BC", "2020-2025"}},
		{"party custom terms", Party, "BDVTU", "TB", "2019-03-28", custom, Series{Party, "BDVTU", "TB", "XV"}},
		{"party trims", Party, " BDVTU ", " GM", "2026-01-09", nil, Series{Party, "BDVTU", "GM", "2025-2030"}},
		{"state per year", State, "UBND", "BC", "2020-12-31", nil, Series{State, "UBND", "BC", "2020"}},
		{"state next year", State, "UBND", "BC", "2021-01-01", nil, Series{State, "UBND", "BC", "2021"}},
		{"state công văn", State, "UBND-VP", "CV", "2021-01-01", nil, Series{State, "UBND-VP", "CV", "2021"}},
		{"party Đ in codes", Party, "ĐU", "QĐ", "2021-01-01", nil, Series{Party, "ĐU", "QĐ", "2020-2025"}},
		// NFD input is normalised to NFC.
		{"nfd", State, "VA\u0306N", "BC", "2021-01-01", nil, Series{State, "VĂN", "BC", "2021"}},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got, err := SeriesFor(tt.style, tt.issuer, tt.docType, d(tt.date), tt.terms)
			if err != nil {
				t.Fatal(err)
			}
			if got != tt.want {
				t.Errorf("got %+v, want %+v", got, tt.want)
			}
		})
	}
}

func TestSeriesForErrors(t *testing.T) {
	tests := []struct {
		name            string
		style           Style
		issuer, docType string
		date            period.Date
		field           string
	}{
		{"bad style", "party2", "BDVTU", "BC", d("2020-01-01"), "style"},
		{"no issuer", Party, "", "BC", d("2020-01-01"), "issuer"},
		{"issuer slash", Party, "BDV/TU", "BC", d("2020-01-01"), "issuer"},
		{"issuer space", State, "UBND VP", "BC", d("2020-01-01"), "issuer"},
		{"issuer double hyphen", State, "UBND--VP", "BC", d("2020-01-01"), "issuer"},
		{"unknown type", Party, "BDVTU", "XX", d("2020-01-01"), "doc_type"},
		{"no date", Party, "BDVTU", "BC", period.Date{}, "date"},
		{"before terms", Party, "BDVTU", "BC", d("2009-01-01"), "date"},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			_, err := SeriesFor(tt.style, tt.issuer, tt.docType, tt.date, nil)
			if !apperr.Is(err, apperr.EINVALID) {
				t.Fatalf("err = %v, want EINVALID", err)
			}
			if _, ok := apperr.FieldsOf(err)[tt.field]; !ok {
				t.Errorf("fields = %v, want %q", apperr.FieldsOf(err), tt.field)
			}
		})
	}
}

func TestFormat(t *testing.T) {
	party := Series{Party, "BDVTU", "BC", "2015-2020"}
	state := Series{State, "UBND", "BC", "2020"}
	tests := []struct {
		s    Series
		seq  int
		want string
	}{
		{party, 15, "Số 15-BC/BDVTU"},
		{party, 5, "Số 05-BC/BDVTU"},
		{party, 1, "Số 01-BC/BDVTU"},
		{party, 10, "Số 10-BC/BDVTU"},
		{party, 123, "Số 123-BC/BDVTU"},
		{party, 0, "Số     -BC/BDVTU"},
		{Series{Party, "BDVTU", "CV", "x"}, 7, "Số 07-CV/BDVTU"},
		{state, 15, "Số: 15/BC-UBND"},
		{state, 5, "Số: 05/BC-UBND"},
		{state, 1000, "Số: 1000/BC-UBND"},
		{state, 0, "Số:     /BC-UBND"},
		{Series{State, "UBND", "QĐ", "2020"}, 9, "Số: 09/QĐ-UBND"},
		{Series{State, "UBND-VP", "CV", "2020"}, 15, "Số: 15/UBND-VP"},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := Format(tt.s, tt.seq); got != tt.want {
				t.Errorf("Format(%v, %d) = %q, want %q", tt.s, tt.seq, got, tt.want)
			}
		})
	}
}

func TestParseNumber(t *testing.T) {
	tests := []struct {
		in      string
		style   Style
		docType string
		issuer  string
		seq     int
		text    string
	}{
		{"Số 15-BC/BDVTU", Party, "BC", "BDVTU", 15, "Số 15-BC/BDVTU"},
		{"Số 05-BC/BDVTU", Party, "BC", "BDVTU", 5, "Số 05-BC/BDVTU"},
		{"Số 5-BC/BDVTU", Party, "BC", "BDVTU", 5, "Số 05-BC/BDVTU"},
		{"số 15 - TB / BDVTU", Party, "TB", "BDVTU", 15, "Số 15-TB/BDVTU"},
		{"SỐ 123-GM/BDVTU", Party, "GM", "BDVTU", 123, "Số 123-GM/BDVTU"},
		{"15-KH/BDVTU", Party, "KH", "BDVTU", 15, "Số 15-KH/BDVTU"},
		{"Số 07-CV/BDVTU", Party, "CV", "BDVTU", 7, "Số 07-CV/BDVTU"},
		{"Số 15-QĐ/ĐU", Party, "QĐ", "ĐU", 15, "Số 15-QĐ/ĐU"},
		{"Số: 15/BC-UBND", State, "BC", "UBND", 15, "Số: 15/BC-UBND"},
		{"Số: 05/BC-UBND", State, "BC", "UBND", 5, "Số: 05/BC-UBND"},
		{"Số:15/QĐ-UBND", State, "QĐ", "UBND", 15, "Số: 15/QĐ-UBND"},
		{"  Số 15/BC-UBND  ", State, "BC", "UBND", 15, "Số: 15/BC-UBND"},
		{"Số: 15/UBND-VP", State, CongVan, "UBND-VP", 15, "Số: 15/UBND-VP"},
		{"Số: 15/UBND", State, CongVan, "UBND", 15, "Số: 15/UBND"},
		{"Số: 15/BC-UBND-VX", State, "BC", "UBND-VX", 15, "Số: 15/BC-UBND-VX"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			n, err := ParseNumber(tt.in)
			if err != nil {
				t.Fatal(err)
			}
			want := Series{Style: tt.style, Issuer: tt.issuer, DocType: tt.docType}
			if n.Series != want || n.Seq != tt.seq || n.Text != tt.text {
				t.Errorf("got %+v %d %q, want %+v %d %q", n.Series, n.Seq, n.Text, want, tt.seq, tt.text)
			}
		})
	}
	// NFD input ("Số" written with combining marks) parses like NFC.
	n, err := ParseNumber("So\u0302\u0301 15-BC/BDVTU")
	if err != nil || n.Text != "Số 15-BC/BDVTU" {
		t.Errorf("NFD: got %+v, %v", n, err)
	}
}

func TestParseNumberRoundTrip(t *testing.T) {
	for _, s := range []Series{
		{Party, "BDVTU", "BC", ""}, {Party, "HU", "TB", ""}, {Party, "ĐU", "QĐ", ""}, {Party, "BDVTU", "CV", ""},
		{State, "UBND", "BC", ""}, {State, "UBND-VP", "CV", ""}, {State, "SNV", "KH", ""}, {State, "UBND", "TTr", ""},
	} {
		for _, seq := range []int{1, 9, 10, 99, 100, 4321} {
			text := Format(s, seq)
			n, err := ParseNumber(text)
			if err != nil {
				t.Errorf("ParseNumber(%q): %v", text, err)
				continue
			}
			if n.Series != s || n.Seq != seq || n.Text != text {
				t.Errorf("ParseNumber(%q) = %+v %d %q", text, n.Series, n.Seq, n.Text)
			}
		}
	}
}

func TestParseNumberErrors(t *testing.T) {
	tests := []struct{ in, want string }{
		{"", "thiếu số thứ tự và ký hiệu"},
		{"Số", "thiếu số thứ tự và ký hiệu"},
		{"Số BC/BDVTU", "thiếu số thứ tự"},
		{"Số 00-BC/BDVTU", "từ 1 trở lên"},
		{"Số 15", "thiếu ký hiệu"},
		{"Số 15-BC", "thiếu dấu \"/\""},
		{"Số 15-BC/", "Thiếu tên viết tắt"},
		{"Số 15-/BDVTU", "thiếu loại văn bản"},
		{"Số 15-XX/BDVTU", "không có loại văn bản mã \"XX\""},
		{"Số 15.BC/BDVTU", "cần dấu \"-\""},
		{"Số 1234567-BC/BDVTU", "quá lớn"},
		{"Số 15-BC/BDV/TU", "chỉ được gồm chữ, số"},
		{"Số: 15/2020/NĐ-CP", "chỉ được gồm chữ, số"},
		{"Số     -BC/BDVTU", "thiếu số thứ tự"},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			_, err := ParseNumber(tt.in)
			if !apperr.Is(err, apperr.EINVALID) || !strings.Contains(apperr.Message(err), tt.want) {
				t.Errorf("err = %v, want EINVALID containing %q", err, tt.want)
			}
		})
	}
}

func TestDocTypeName(t *testing.T) {
	tests := map[string]string{
		"BC": "Báo cáo", "TB": "Thông báo", "GM": "Giấy mời", "KH": "Kế hoạch", "CV": "Công văn",
		"QĐ": "Quyết định", "NQ": "Nghị quyết", " BC ": "Báo cáo",
		"XX": "", "": "", "bc": "",
	}
	for code, want := range tests {
		if got := DocTypeName(code); got != want {
			t.Errorf("DocTypeName(%q) = %q, want %q", code, got, want)
		}
	}
	codes := DocTypeCodes()
	if len(codes) < 7 {
		t.Errorf("DocTypeCodes = %v", codes)
	}
	for _, c := range codes {
		if DocTypeName(c) == "" {
			t.Errorf("code %q has no name", c)
		}
	}
}

func TestProfileFor(t *testing.T) {
	tests := []struct {
		style Style
		date  string
		want  string
	}{
		{Party, "2018-01-01", "HD 36-HD/VPTW"},
		{Party, "2019-03-28", "HD 36-HD/VPTW"},
		{Party, "2026-01-08", "HD 36-HD/VPTW"},
		{Party, "2026-01-09", "QĐ 399-QĐ/TW"},
		{Party, "2030-01-01", "QĐ 399-QĐ/TW"},
		{State, "2020-03-05", "Nghị định 30/2020/NĐ-CP"},
		{State, "2026-01-09", "Nghị định 30/2020/NĐ-CP"},
	}
	for _, tt := range tests {
		t.Run(string(tt.style)+" "+tt.date, func(t *testing.T) {
			p, err := ProfileFor(tt.style, d(tt.date))
			if err != nil {
				t.Fatal(err)
			}
			if p.Name != tt.want || p.Style != tt.style {
				t.Errorf("got %s (%s), want %s", p.Name, p.Style, tt.want)
			}
			if p.Font != "Times New Roman" || p.SizePt != 14 || p.PageWidthMM != 210 || p.PageHeightMM != 297 ||
				p.MarginTopMM != 20 || p.MarginBottomMM != 20 || p.MarginLeftMM != 30 || p.MarginRightMM != 15 {
				t.Errorf("measurements %+v", p)
			}
		})
	}
	if p, _ := ProfileFor(Party, d("2019-03-28")); p.MotoSizePt != 15 {
		t.Errorf("Party motto size %v, want 15", p.MotoSizePt)
	}
	for _, tt := range []struct {
		style Style
		date  period.Date
	}{{Party, d("2017-12-31")}, {State, d("2020-03-04")}, {"x", d("2020-01-01")}, {Party, period.Date{}}} {
		if _, err := ProfileFor(tt.style, tt.date); !apperr.Is(err, apperr.EINVALID) {
			t.Errorf("ProfileFor(%s, %s) err = %v, want EINVALID", tt.style, tt.date, err)
		}
	}
	// Overlapping profiles are an error, not a guess.
	two := append([]Profile{}, Profiles...)
	two = append(two, Profile{Name: "extra", Style: Party, ValidFrom: d("2019-01-01"), ValidTo: d("2019-12-31")})
	if _, err := ProfileIn(two, Party, d("2019-06-01")); !apperr.Is(err, apperr.EINVALID) {
		t.Errorf("overlap: err = %v", err)
	}
	// The list is contiguous per style: no day without a profile since its
	// start, none with two.
	for _, style := range []Style{Party, State} {
		start := d("2018-01-01")
		if style == State {
			start = d("2020-03-05")
		}
		for day := start; day.Before(d("2027-01-01")); day = day.AddDays(1) {
			if _, err := ProfileFor(style, day); err != nil {
				t.Fatalf("%s %s: %v", style, day, err)
			}
		}
	}
}

func TestPlaceDate(t *testing.T) {
	tests := []struct {
		place string
		date  period.Date
		want  string
	}{
		{"Lạng Sơn", d("2019-03-28"), "Lạng Sơn, ngày 28 tháng 3 năm 2019"},
		{"Lạng Sơn", d("2020-01-05"), "Lạng Sơn, ngày 05 tháng 01 năm 2020"},
		{"Lạng Sơn", d("2020-02-29"), "Lạng Sơn, ngày 29 tháng 02 năm 2020"},
		{"Lạng Sơn", d("2020-11-15"), "Lạng Sơn, ngày 15 tháng 11 năm 2020"},
		{"Lạng Sơn", d("2020-03-09"), "Lạng Sơn, ngày 09 tháng 3 năm 2020"},
		{"Lạng Sơn", d("2020-10-10"), "Lạng Sơn, ngày 10 tháng 10 năm 2020"},
		{"La\u0323ng So\u031bn ", d("2019-03-28"), "Lạng Sơn, ngày 28 tháng 3 năm 2019"},
		{"Lạng Sơn", period.Date{}, "Lạng Sơn, ngày     tháng     năm     "},
	}
	for _, tt := range tests {
		t.Run(tt.want, func(t *testing.T) {
			if got := PlaceDate(tt.place, tt.date); got != tt.want {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestIssuerCode(t *testing.T) {
	for name, want := range map[string]string{
		"Ban Dân vận Tỉnh ủy": "BDVTU", "Ban Tuyên giáo và Dân vận Tỉnh ủy": "BTGDVTU", "Ban Dân vận Tỉnh uỷ": "BDVTU",
		"Đảng ủy xã": "DUX",
	} {
		if got := IssuerCode(name); got != want {
			t.Errorf("IssuerCode(%q) = %q, want %q", name, got, want)
		}
	}
}

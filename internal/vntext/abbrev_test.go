package vntext

import (
	"slices"
	"strings"
	"testing"
)

func TestAbbreviations(t *testing.T) {
	list := Abbreviations()
	rows := 0
	var ambiguous []string
	for _, a := range list {
		if !a.Derived {
			rows++
		}
		if a.Abbr == "" || a.Expansion == "" {
			t.Errorf("got empty field in %+v, want abbreviation and expansion", a)
		}
		if a.Expansion != Normalize(a.Expansion) {
			t.Errorf("got expansion %q, want it normalised", a.Expansion)
		}
		if a.Ambiguous {
			ambiguous = append(ambiguous, a.Abbr)
		}
	}
	if rows != 153 {
		t.Errorf("got %v rows, want %v", rows, 153)
	}
	slices.Sort(ambiguous)
	want := []string{"BTC", "CĐ", "DN", "HĐ", "Q.", "TT", "ĐH", "ĐV"}
	slices.Sort(want)
	if !slices.Equal(ambiguous, want) {
		t.Errorf("got ambiguous %q, want %q", ambiguous, want)
	}
	// Every hand-written table refers to a real row.
	have := map[string]bool{}
	for _, a := range list {
		have[a.Abbr] = true
	}
	for k := range abbrAlternatives {
		if !have[k] {
			t.Errorf("got alternatives for %q, want a row for it", k)
		}
	}
	for k := range abbrVariants {
		if !have[k] {
			t.Errorf("got variants for %q, want a row for it", k)
		}
	}
	// The caller may modify the result.
	list[0].Variants = append(list[0].Variants, "X")
	list[0].Abbr = "changed"
	if Abbreviations()[0].Abbr == "changed" {
		t.Error("got shared state, want a copy")
	}
}

func TestExpand(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"MTTQ", []string{"mat tran to quoc"}},
		{"mttq", []string{"mat tran to quoc"}},
		{"UBND", []string{"uy ban nhan dan"}},
		{"GD&ĐT", []string{"giao duc va dao tao"}},
		{"GD-ĐT", []string{"giao duc va dao tao"}},
		{"gddt", []string{"giao duc va dao tao"}},
		{"TP.HCM", []string{"thanh pho ho chi minh"}},
		{"tphcm", []string{"thanh pho ho chi minh"}},
		{"TP HCM", []string{"thanh pho ho chi minh"}},
		{"TW", []string{"trung uong"}},
		{"PCTN", []string{"phong chong tham nhung"}},
		{"CNH", []string{"cong nghiep hoa"}},
		{"BGDĐT", []string{"bo giao duc va dao tao"}},
		{"HĐ", []string{"huong dan", "hop dong", "hoi dong"}}, // folded: HD and HĐ meet
		{"TT", []string{"thong tu", "thong tri", "thi tran", "trung tam"}},
		{"Q.", []string{"quyen", "quan"}},
		{"XĐGN", []string{"xoa doi giam ngheo"}},
		{"dân vận", nil},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Expand(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestAbbreviate(t *testing.T) {
	tests := []struct {
		in   string
		want []string
	}{
		{"mat tran to quoc", []string{"mttq"}},
		{"Mặt trận Tổ quốc", []string{"mttq"}},
		{"Uỷ ban nhân dân", []string{"ubnd"}},
		{"thanh pho ho chi minh", []string{"tp hcm", "tphcm"}},
		{"giao duc va dao tao", []string{"gd dt", "gddt"}},
		{"trung uong", []string{"tw", "tu"}},
		{"phòng, chống tham nhũng", []string{"pctn"}},
		{"dan van", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			if got := Abbreviate(tt.in); !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExpandQuery(t *testing.T) {
	tests := []struct {
		in   string
		want []string // alternatives, each joined by spaces
	}{
		{"mttq", []string{"mttq", "mat tran to quoc"}},
		{"Mặt trận Tổ quốc", []string{"mat tran to quoc", "mttq"}},
		{"UBND tỉnh", []string{"ubnd tinh", "uy ban nhan dan tinh"}},
		{"Sở GD&ĐT", []string{"so gd dt", "so giao duc va dao tao", "so gddt"}},
		{"sở gddt", []string{"so gddt", "so giao duc va dao tao", "so gd dt"}},
		{"TP HCM", []string{"tp hcm", "thanh pho ho chi minh", "tphcm"}},
		{"Thành phố Hồ Chí Minh", []string{"thanh pho ho chi minh", "tp hcm", "tphcm"}},
		{"TƯ", []string{"tu", "trung uong", "tw"}}, // written as an abbreviation
		{"tu tuong", []string{"tu tuong"}},         // an ordinary word
		{"Đảng ủy", []string{"dang uy"}},           // "du" would match "du lịch"
		{"hợp đồng", []string{"hop dong"}},         // "hd" has three meanings
		{"dan van", []string{"dan van"}},           // nothing to expand
		{"BCH TW", []string{"bch tw", "ban chap hanh trung uong", "bchtw", "bch trung uong"}},
		{"", nil},
	}
	for _, tt := range tests {
		t.Run(tt.in, func(t *testing.T) {
			var got []string
			for _, alt := range ExpandQuery(tt.in) {
				got = append(got, strings.Join(alt, " "))
			}
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
		})
	}
}

func TestExpandQueryCap(t *testing.T) {
	q := strings.Repeat("UBND MTTQ HĐND ", 10)
	got := ExpandQuery(q)
	if len(got) != maxQueryAlternatives {
		t.Errorf("got %v alternatives, want %v", len(got), maxQueryAlternatives)
	}
	if !slices.Equal(got[0], Tokens(q)) {
		t.Errorf("got first %q, want %q", got[0], Tokens(q))
	}
}

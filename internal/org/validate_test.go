package org

import (
	"fmt"
	"os"
	"strings"
	"testing"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
)

var (
	d2020    = period.MustParse("2020-12-31")
	d2021    = period.MustParse("2021-01-01")
	dLastOld = period.MustParse("2025-06-30")
)

// validImport is a small correct import: province P, district D dissolved
// in 2025, commune C1 moved from D to P, commune C2 split off C1. Lines 2–9
// are its source lines.
func validImport() *Import {
	return &Import{
		Records: []Record{
			{Code: "P", Kind: KindProvince, ValidFrom: Epoch, ValidTo: period.Forever, Line: 2},
			{Code: "D", Kind: KindDistrict, ValidFrom: Epoch, ValidTo: dLastOld, Line: 3},
			{Code: "C1", Kind: KindCommune, Sector: SectorGovernment, ValidFrom: Epoch, ValidTo: period.Forever, Line: 4},
			{Code: "C2", Kind: KindCommune, ValidFrom: Reform2025, ValidTo: period.Forever, Line: 5},
		},
		Names: []NameVersion{
			{Code: "P", Name: "Lạng Sơn", ValidFrom: Epoch, ValidTo: period.Forever, Line: 2},
			{Code: "D", Name: "Cao Lộc", ValidFrom: Epoch, ValidTo: dLastOld, Line: 3},
			{Code: "C1", Name: "Đồng Đăng", ValidFrom: Epoch, ValidTo: dLastOld, Line: 4},
			{Code: "C1", Name: "Đồng Đăng mới", ValidFrom: Reform2025, ValidTo: period.Forever, Line: 6},
			{Code: "C2", Name: "Tân Thanh", ValidFrom: Reform2025, ValidTo: period.Forever, Line: 5},
		},
		Parents: []ParentLink{
			{Code: "D", Parent: "P", ValidFrom: Epoch, ValidTo: dLastOld, Line: 3},
			{Code: "C1", Parent: "D", ValidFrom: Epoch, ValidTo: dLastOld, Line: 4},
			{Code: "C1", Parent: "P", ValidFrom: Reform2025, ValidTo: period.Forever, Line: 6},
			{Code: "C2", Parent: "P", ValidFrom: Reform2025, ValidTo: period.Forever, Line: 5},
		},
		Events: []Event{
			{Kind: EventDissolve, Date: Reform2025, Links: []Link{{From: "D"}}, Line: 7},
			{Kind: EventSplit, Date: Reform2025, Links: []Link{{From: "C1", To: "C1"}}, Line: 8},
			{Kind: EventSplit, Date: Reform2025, Links: []Link{{From: "C1", To: "C2"}}, Line: 9},
		},
	}
}

// addUnit adds a commune in force from..to with a name, at line.
func addUnit(imp *Import, code string, from, to period.Date, line int) {
	imp.Records = append(imp.Records, Record{Code: code, Kind: KindCommune, ValidFrom: from, ValidTo: to, Line: line})
	imp.Names = append(imp.Names, NameVersion{Code: code, Name: code, ValidFrom: from, ValidTo: to, Line: line})
}

func TestValidate(t *testing.T) {
	tests := []struct {
		name   string
		change func(*Import)
		want   string // Message; "" for no error
	}{
		{"valid", func(*Import) {}, ""},
		{"empty code", func(imp *Import) { imp.Records[1].Code = "" },
			"Dòng 3: mã đơn vị trống"},
		{"unknown kind", func(imp *Import) { imp.Records[2].Kind = "village" },
			`Dòng 4: đơn vị C1 có loại không hợp lệ "village"`},
		{"unknown sector", func(imp *Import) { imp.Records[2].Sector = "khac" },
			`Dòng 4: đơn vị C1 có khối không hợp lệ "khac"`},
		{"record ends before it starts", func(imp *Import) { imp.Records[3].ValidTo = dLastOld },
			"Dòng 5: đơn vị C2: ngày hết hiệu lực 30/06/2025 trước ngày bắt đầu 01/07/2025"},
		{"record without start", func(imp *Import) { imp.Records[0].ValidFrom = period.Date{} },
			"Dòng 2: đơn vị P: thiếu ngày bắt đầu hiệu lực"},
		{"name ends before it starts", func(imp *Import) { imp.Names[3].ValidTo = d2020 },
			"Dòng 6: tên của đơn vị C1: ngày hết hiệu lực 31/12/2020 trước ngày bắt đầu 01/07/2025"},
		{"parent link without end", func(imp *Import) { imp.Parents[0].ValidTo = period.Date{} },
			"Dòng 3: đơn vị cha của D: thiếu ngày hết hiệu lực (không thời hạn là 9999-12-31)"},
		{"duplicate code", func(imp *Import) { addUnit(imp, "C1", Epoch, period.Forever, 12) },
			"Dòng 12: mã đơn vị C1 bị trùng (đã có ở dòng 4)"},
		{"name of unknown code", func(imp *Import) {
			imp.Names = append(imp.Names, NameVersion{Code: "X", Name: "Xã X", ValidFrom: Epoch, ValidTo: period.Forever, Line: 12})
		}, `Dòng 12: tên "Xã X" cho mã đơn vị X không có trong danh sách đơn vị`},
		{"empty name", func(imp *Import) { imp.Names[0].Name = " " },
			"Dòng 2: đơn vị P có tên trống"},
		{"name outside the unit's life", func(imp *Import) { imp.Names[4].ValidFrom = Epoch },
			"Dòng 5: tên của đơn vị C2 có hiệu lực 01/01/1900–nay, ngoài thời gian tồn tại của đơn vị (01/07/2025–nay)"},
		{"overlapping names", func(imp *Import) { imp.Names[3].ValidFrom = d2021 },
			"Dòng 6: tên của đơn vị C1 từ 01/01/2021 chồng lên tên ở dòng 4 (hiệu lực đến 30/06/2025)"},
		{"parent link of unknown code", func(imp *Import) { imp.Parents[3].Code = "X" },
			"Dòng 5: mã đơn vị X (có đơn vị cha P) không có trong danh sách đơn vị"},
		{"unknown parent", func(imp *Import) { imp.Parents[3].Parent = "X" },
			"Dòng 5: đơn vị C2 có đơn vị cha X không có trong danh sách đơn vị"},
		{"empty parent", func(imp *Import) { imp.Parents[3].Parent = "" },
			"Dòng 5: đơn vị C2 thiếu mã đơn vị cha"},
		{"parent not in force", func(imp *Import) { imp.Parents[1].ValidTo = period.Forever; imp.Parents = imp.Parents[:2] },
			"Dòng 4: đơn vị cha D của C1 không có hiệu lực suốt 01/01/1900–nay (chỉ có hiệu lực 01/01/1900–30/06/2025)"},
		{"overlapping parents", func(imp *Import) { imp.Parents[2].ValidFrom = d2021 },
			"Dòng 6: đơn vị cha của đơn vị C1 từ 01/01/2021 chồng lên đơn vị cha ở dòng 4 (hiệu lực đến 30/06/2025)"},
		{"own parent", func(imp *Import) {
			addUnit(imp, "A", Epoch, period.Forever, 12)
			imp.Parents = append(imp.Parents, ParentLink{Code: "A", Parent: "A", ValidFrom: Epoch, ValidTo: period.Forever, Line: 13})
		}, "Dòng 13: vòng lặp đơn vị cha vào ngày 01/01/1900: A → A"},
		{"cycle from 2021", func(imp *Import) {
			addUnit(imp, "A", Epoch, period.Forever, 12)
			addUnit(imp, "B", Epoch, period.Forever, 13)
			imp.Parents = append(imp.Parents,
				ParentLink{Code: "A", Parent: "B", ValidFrom: Epoch, ValidTo: period.Forever, Line: 14},
				ParentLink{Code: "B", Parent: "P", ValidFrom: Epoch, ValidTo: d2020, Line: 15},
				ParentLink{Code: "B", Parent: "A", ValidFrom: d2021, ValidTo: period.Forever, Line: 16})
		}, "Dòng 16: vòng lặp đơn vị cha vào ngày 01/01/2021: A → B → A"},
		{"cycle of three under a chain", func(imp *Import) {
			addUnit(imp, "A", Epoch, period.Forever, 12)
			addUnit(imp, "B", Epoch, period.Forever, 13)
			addUnit(imp, "E", Epoch, period.Forever, 14)
			imp.Parents = append(imp.Parents,
				ParentLink{Code: "E", Parent: "A", ValidFrom: Reform2025, ValidTo: period.Forever, Line: 15},
				ParentLink{Code: "A", Parent: "B", ValidFrom: Reform2025, ValidTo: period.Forever, Line: 16},
				ParentLink{Code: "B", Parent: "C1", ValidFrom: Reform2025, ValidTo: period.Forever, Line: 17})
			imp.Parents[2].Parent = "E" // C1 → E from 2025
		}, "Dòng 16: vòng lặp đơn vị cha vào ngày 01/07/2025: A → B → C1 → E → A"},
		{"unknown event kind", func(imp *Import) { imp.Events[1].Kind = "annex" },
			`Dòng 8: loại sự kiện không hợp lệ "annex"`},
		{"event without date", func(imp *Import) { imp.Events[0].Date = period.Date{} },
			"Dòng 7: sự kiện thiếu ngày"},
		{"event without links", func(imp *Import) { imp.Events[0].Links = nil },
			"Dòng 7: sự kiện không có đơn vị nào"},
		{"event with unknown successor", func(imp *Import) { imp.Events[2].Links[0].To = "X" },
			"Dòng 9: sự kiện Chia tách ngày 01/07/2025 có mã đơn vị X không có trong danh sách đơn vị"},
		{"event with unknown predecessor", func(imp *Import) { imp.Events[0].Links[0].From = "X" },
			"Dòng 7: sự kiện Giải thể ngày 01/07/2025 có mã đơn vị X không có trong danh sách đơn vị"},
		{"merge without successor", func(imp *Import) { imp.Events[2].Kind = EventMerge; imp.Events[2].Links[0].To = "" },
			"Dòng 9: sự kiện Hợp nhất, sáp nhập thiếu mã đơn vị sau"},
		{"dissolve with successor", func(imp *Import) { imp.Events[0].Links[0].To = "P" },
			"Dòng 7: sự kiện giải thể D không có đơn vị sau, nhưng có P"},
		{"repeated link", func(imp *Import) { imp.Events[2].Links = append(imp.Events[2].Links, Link{From: "C1", To: "C2"}) },
			"Dòng 9: liên kết C1 → C2 bị lặp lại trong sự kiện"},
		{"successor not yet in force", func(imp *Import) { imp.Events[2].Date = d2021 },
			"Dòng 9: đơn vị sau C2 của sự kiện Chia tách ngày 01/01/2021 không có hiệu lực vào ngày 01/01/2021 (chỉ có hiệu lực 01/07/2025–nay)"},
		{"predecessor already gone", func(imp *Import) { imp.Events[0].Date = Reform2025.AddDays(1) },
			"Dòng 7: đơn vị trước D của sự kiện Giải thể ngày 02/07/2025 không có hiệu lực vào ngày 01/07/2025 (chỉ có hiệu lực 01/01/1900–30/06/2025)"},
		{"no source line", func(imp *Import) { imp.Records[1].Line = 0; imp.Records[1].Kind = "" },
			`Đơn vị thứ 2: đơn vị D có loại không hợp lệ ""`},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			imp := validImport()
			tt.change(imp)
			err := imp.Validate()
			if tt.want == "" {
				if err != nil {
					t.Fatalf("unexpected error %v; fields %q", err, apperr.FieldsOf(err))
				}
				return
			}
			if err == nil {
				t.Fatalf("no error, want %q", tt.want)
			}
			if apperr.Code(err) != apperr.EINVALID {
				t.Errorf("code %q", apperr.Code(err))
			}
			if got := apperr.Message(err); got != tt.want {
				t.Errorf("message\n %q\nwant\n %q\nfields %q", got, tt.want, apperr.FieldsOf(err))
			}
		})
	}
}

func TestValidateAllProblems(t *testing.T) {
	imp := validImport()
	imp.Records[0].Kind = "x"                                     // line 2
	imp.Records[3].Sector = "y"                                   // line 5
	imp.Events[1].Links[0].To = "Z"                               // line 8
	imp.Records[2].ValidTo = imp.Records[2].ValidFrom.AddDays(-1) // line 4
	err := imp.Validate()
	fields := apperr.FieldsOf(err)
	for _, key := range []string{"line 2", "line 4", "line 5", "line 8"} {
		if fields[key] == "" {
			t.Errorf("no problem at %q; fields %q", key, fields)
		}
	}
	if !strings.HasPrefix(apperr.Message(err), "Dòng 2: ") {
		t.Errorf("message %q, want the first problem", apperr.Message(err))
	}

	// At most 50 problems.
	imp = validImport()
	for i := range 80 {
		imp.Records = append(imp.Records, Record{Code: "P", Kind: KindCommune, ValidFrom: Epoch, ValidTo: period.Forever, Line: 100 + i})
	}
	if n := len(apperr.FieldsOf(imp.Validate())); n != maxIssues {
		t.Errorf("%d problems, want %d", n, maxIssues)
	}
}

// countryImport builds a tree the size of the country on two dates: 63
// provinces, 700 districts and 10,000 communes before 2025, 34 provinces
// and 3,300 communes after, plus each pre-2025 commune's name twice.
func countryImport() *Import {
	imp := &Import{}
	add := func(code string, kind Kind, from, to period.Date, parent string) {
		imp.Records = append(imp.Records, Record{Code: code, Kind: kind, ValidFrom: from, ValidTo: to})
		imp.Names = append(imp.Names, NameVersion{Code: code, Name: code, ValidFrom: from, ValidTo: to})
		if parent != "" {
			imp.Parents = append(imp.Parents, ParentLink{Code: code, Parent: parent, ValidFrom: from, ValidTo: to})
		}
	}
	for p := range 63 {
		add(fmt.Sprintf("%02d", p), KindProvince, Epoch, period.Forever, "")
	}
	for d := range 700 {
		add(fmt.Sprintf("%03d", d), KindDistrict, Epoch, dLastOld, fmt.Sprintf("%02d", d%63))
	}
	for c := range 10000 {
		add(fmt.Sprintf("%05d", c), KindCommune, Epoch, dLastOld, fmt.Sprintf("%03d", c%700))
	}
	for c := range 3300 {
		add(fmt.Sprintf("N%05d", c), KindCommune, Reform2025, period.Forever, fmt.Sprintf("%02d", c%34))
		imp.Events = append(imp.Events, Event{Kind: EventMerge, Date: Reform2025, Links: []Link{
			{From: fmt.Sprintf("%05d", c), To: fmt.Sprintf("N%05d", c)},
			{From: fmt.Sprintf("%05d", c+3300), To: fmt.Sprintf("N%05d", c)},
		}})
	}
	return imp
}

func TestValidateCountryFast(t *testing.T) {
	imp := countryImport()
	start := time.Now()
	if err := imp.Validate(); err != nil {
		t.Fatal(err)
	}
	if d := time.Since(start); d > 500*time.Millisecond {
		t.Errorf("Validate of %d records took %v", len(imp.Records), d)
	}
	// A cycle deep in the tree is still found.
	imp.Parents[0].Parent = "00001" // district 000 under commune 00001, which is under 001
	imp.Parents[1].Parent = "00000" // district 001 under commune 00000, which is under 000
	msg := apperr.Message(imp.Validate())
	if !strings.Contains(msg, "vòng lặp đơn vị cha vào ngày 01/01/1900: 000 → 00001 → 001 → 00000 → 000") {
		t.Errorf("message %q", msg)
	}
}

func BenchmarkValidate(b *testing.B) {
	if _, err := os.Stat(realDir); err != nil {
		b.Skipf("no shared data: %v", err)
	}
	imp, _, err := ParseAdminUnits(os.DirFS(realDir))
	if err != nil {
		b.Fatal(err)
	}
	for b.Loop() {
		if err := imp.Validate(); err != nil {
			b.Fatal(err)
		}
	}
}

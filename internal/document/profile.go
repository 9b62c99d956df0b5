package document

import (
	"fmt"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
)

// Profile is a layout profile (thể thức và kỹ thuật trình bày): the rule a
// document follows, chosen by the document's date. Sizes are in points,
// lengths in millimetres. ValidFrom and ValidTo are inclusive.
type Profile struct {
	Name  string // short name: "HD 36-HD/VPTW"
	Basis string // the instrument that sets the rule, in full
	Style Style
	Font  string
	// SizePt is the body text size; MotoSizePt the size of the national
	// motto line ("ĐẢNG CỘNG SẢN VIỆT NAM", "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT
	// NAM").
	SizePt, MotoSizePt                                       float64
	PageWidthMM, PageHeightMM                                float64
	MarginTopMM, MarginBottomMM, MarginLeftMM, MarginRightMM float64
	ValidFrom, ValidTo                                       period.Date
}

// Profiles are the layout profiles the product ships, as data.
//
// The instruments give ranges (margins top and bottom 20–25 mm, left 30–35
// mm, right 15–20 mm; body 13–14 pt); the profiles take one value of each:
// Times New Roman 14 pt, A4, margins 20/20/30/15 mm. The Party motto is 15
// pt (bold, underlined), the State motto 13 pt (bold).
//
// Assumptions: HD 36 is dated 03/4/2018; the profile starts on 01/01/2018 so
// that everything issued in 2018 uses it. QĐ 399-QĐ/TW replaces it from
// 09/01/2026; its measurements are assumed to be those of HD 36 until its
// text is checked. No State profile exists before Nghị định 30/2020 took
// effect (05/3/2020; before it Thông tư 01/2011/TT-BNV applied), so State
// documents dated earlier have no profile. The Party profiles do not cover
// documents before 2018.
var Profiles = []Profile{
	{
		Name:  "HD 36-HD/VPTW",
		Basis: "Hướng dẫn số 36-HD/VPTW ngày 03/4/2018 của Văn phòng Trung ương Đảng về thể thức và kỹ thuật trình bày văn bản của Đảng",
		Style: Party, Font: "Times New Roman", SizePt: 14, MotoSizePt: 15,
		PageWidthMM: 210, PageHeightMM: 297,
		MarginTopMM: 20, MarginBottomMM: 20, MarginLeftMM: 30, MarginRightMM: 15,
		ValidFrom: period.New(2018, 1, 1), ValidTo: period.New(2026, 1, 8),
	},
	{
		Name:  "QĐ 399-QĐ/TW",
		Basis: "Quy định số 399-QĐ/TW của Ban Chấp hành Trung ương Đảng về thể thức và kỹ thuật trình bày văn bản của Đảng",
		Style: Party, Font: "Times New Roman", SizePt: 14, MotoSizePt: 15,
		PageWidthMM: 210, PageHeightMM: 297,
		MarginTopMM: 20, MarginBottomMM: 20, MarginLeftMM: 30, MarginRightMM: 15,
		ValidFrom: period.New(2026, 1, 9), ValidTo: period.Forever,
	},
	{
		Name:  "Nghị định 30/2020/NĐ-CP",
		Basis: "Nghị định số 30/2020/NĐ-CP ngày 05/3/2020 của Chính phủ về công tác văn thư, Phụ lục I",
		Style: State, Font: "Times New Roman", SizePt: 14, MotoSizePt: 13,
		PageWidthMM: 210, PageHeightMM: 297,
		MarginTopMM: 20, MarginBottomMM: 20, MarginLeftMM: 30, MarginRightMM: 15,
		ValidFrom: period.New(2020, 3, 5), ValidTo: period.Forever,
	},
}

// ProfileFor returns the profile of Profiles for a document of style dated
// d.
func ProfileFor(style Style, d period.Date) (Profile, error) { return ProfileIn(Profiles, style, d) }

// ProfileIn returns the profile of list for a document of style dated d:
// the one whose validity contains d. It fails (EINVALID, in Vietnamese)
// when there is none, or when two overlap.
func ProfileIn(list []Profile, style Style, d period.Date) (Profile, error) {
	if !style.Valid() {
		return Profile{}, apperr.Invalid(fmt.Sprintf("Kiểu văn bản %q không hợp lệ.", style), nil)
	}
	if d.IsZero() {
		return Profile{}, apperr.Invalid("Thiếu ngày văn bản để chọn thể thức trình bày.", nil)
	}
	var found []Profile
	for _, p := range list {
		if p.Style == style && !d.Before(p.ValidFrom) && !d.After(p.ValidTo) {
			found = append(found, p)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Profile{}, apperr.Invalid(fmt.Sprintf("Chưa có thể thức trình bày %s cho văn bản ngày %s.", styleName(style), d.VN()), nil)
	default:
		return Profile{}, apperr.Invalid(fmt.Sprintf("Có hai thể thức trình bày %s cùng áp dụng ngày %s (%s và %s).", styleName(style), d.VN(), found[0].Name, found[1].Name), nil)
	}
}

func styleName(s Style) string {
	if s == State {
		return "văn bản hành chính"
	}
	return "văn bản Đảng"
}

// Package document numbers and lays out the official papers Giao Ban issues
// (reports, conclusion notices, invitations, plans): the number's series and
// text in the Party style (Hướng dẫn 36-HD/VPTW, "Số 15-BC/BDVTU") and the
// State style (Nghị định 30/2020/NĐ-CP, "Số: 15/BC-UBND"), the Party
// committee terms that Party series run in, the layout profiles chosen by
// the document's date, and the place-and-date line.
//
// The package is pure: it keeps no state and touches no database. The
// numbers themselves are reserved by the store (sqlstore.ReserveNumber) at
// issue time, never at drafting, consecutively within a series; a number is
// never reused and never deleted — a cancelled document keeps its number,
// and the next document takes the next one.
package document

import (
	"fmt"
	"strconv"
	"strings"
	"time"
	"unicode"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

// Style is the numbering and layout style of a document.
type Style string

const (
	// Party documents (văn bản của Đảng): "Số 15-BC/BDVTU", numbered per
	// issuer × document type × Party committee term.
	Party Style = "party"
	// State documents (văn bản hành chính, Nghị định 30/2020/NĐ-CP):
	// "Số: 15/BC-UBND", numbered per issuer × document type × calendar
	// year.
	State Style = "state"
)

// Valid reports whether s is one of the known styles.
func (s Style) Valid() bool { return s == Party || s == State }

// docTypes maps the abbreviation of a document type (ký hiệu loại văn bản)
// to its name. The abbreviations are those of Hướng dẫn 36-HD/VPTW and of
// Nghị định 30/2020/NĐ-CP, Phụ lục III, where the two agree.
var docTypes = map[string]string{
	"BB":  "Biên bản",
	"BC":  "Báo cáo",
	"CT":  "Chỉ thị",
	"CTr": "Chương trình",
	"CV":  "Công văn",
	"ĐA":  "Đề án",
	"GGT": "Giấy giới thiệu",
	"GM":  "Giấy mời",
	"HD":  "Hướng dẫn",
	"KH":  "Kế hoạch",
	"KL":  "Kết luận",
	"NQ":  "Nghị quyết",
	"PA":  "Phương án",
	"QC":  "Quy chế",
	"QĐ":  "Quyết định",
	"TB":  "Thông báo",
	"TTr": "Tờ trình",
}

// CongVan is the document type code of a công văn. Under Nghị định 30/2020
// (Phụ lục I, mục I.3) a State công văn carries no type code in its number:
// "Số: 15/UBND-VP" (issuer, then the drafting unit), while a Party công văn
// does: "Số 15-CV/BDVTU".
const CongVan = "CV"

// DocTypeName returns the Vietnamese name of a document type code: "BC"
// gives "Báo cáo", "QĐ" gives "Quyết định". It returns "" for a code it does
// not know.
func DocTypeName(code string) string { return docTypes[vntext.Normalize(code)] }

// DocTypeCodes returns the known document type codes, sorted.
func DocTypeCodes() []string {
	out := make([]string, 0, len(docTypes))
	for c := range docTypes {
		out = append(out, c)
	}
	vntext.SortStrings(out)
	return out
}

// Series is one numbering sequence. Numbers run 1, 2, 3… within a series and
// restart at 1 in a new one.
type Series struct {
	Style   Style
	Issuer  string // abbreviation of the issuing body: "BDVTU", "UBND", "UBND-VP"
	DocType string // document type code: "BC", "TB", "GM", "KH", "CV"…
	// Key is what restarts the numbering: the Party committee term's ID
	// ("2020-2025") for Party documents, the calendar year ("2020") for
	// State documents.
	Key string
}

// String returns the series as "party BC/BDVTU 2020-2025", for logs.
func (s Series) String() string {
	return fmt.Sprintf("%s %s/%s %s", s.Style, s.DocType, s.Issuer, s.Key)
}

// Validate checks that s can be numbered and formatted; the error is an
// EINVALID apperr with a Vietnamese message.
func (s Series) Validate() error {
	if !s.Style.Valid() {
		return apperr.Invalid("Kiểu văn bản không hợp lệ.", map[string]string{"style": fmt.Sprintf("Kiểu văn bản %q không hợp lệ (cần %q hoặc %q).", s.Style, Party, State)})
	}
	if err := checkIssuer(s.Issuer); err != nil {
		return err
	}
	if DocTypeName(s.DocType) == "" {
		return apperr.Invalid("Loại văn bản không hợp lệ.", map[string]string{"doc_type": fmt.Sprintf("Không có loại văn bản mã %q.", s.DocType)})
	}
	if strings.TrimSpace(s.Key) == "" {
		return apperr.Invalid("Thiếu nhiệm kỳ hoặc năm của dãy số văn bản.", map[string]string{"key": "Thiếu nhiệm kỳ (văn bản Đảng) hoặc năm (văn bản hành chính)."})
	}
	return nil
}

// checkIssuer accepts an abbreviation made of letters and digits, in parts
// joined by single hyphens ("BDVTU", "UBND-VP", "ĐU").
func checkIssuer(issuer string) error {
	bad := func(msg string) error {
		return apperr.Invalid("Cơ quan ban hành không hợp lệ.", map[string]string{"issuer": msg})
	}
	if issuer == "" {
		return bad("Thiếu tên viết tắt của cơ quan ban hành.")
	}
	for _, part := range strings.Split(issuer, "-") {
		if part == "" {
			return bad(fmt.Sprintf("Tên viết tắt %q của cơ quan ban hành có dấu gạch nối thừa.", issuer))
		}
		for _, r := range part {
			if !unicode.IsLetter(r) && !unicode.IsDigit(r) {
				return bad(fmt.Sprintf("Tên viết tắt %q của cơ quan ban hành chỉ được gồm chữ, số và dấu gạch nối.", issuer))
			}
		}
	}
	return nil
}

// SeriesFor returns the series a document of docType issued by issuer on
// date d is numbered in: per term for Party documents (terms nil means
// DefaultTerms), per calendar year for State documents. Codes are
// normalised (NFC, spaces trimmed).
func SeriesFor(style Style, issuer, docType string, d period.Date, terms []Term) (Series, error) {
	s := Series{Style: style, Issuer: vntext.Normalize(issuer), DocType: vntext.Normalize(docType)}
	if d.IsZero() {
		return Series{}, apperr.Invalid("Thiếu ngày ban hành văn bản.", map[string]string{"date": "Thiếu ngày ban hành văn bản."})
	}
	switch style {
	case Party:
		if terms == nil {
			terms = DefaultTerms
		}
		t, err := TermAt(terms, d)
		if err != nil {
			return Series{}, err
		}
		s.Key = t.ID
	case State:
		s.Key = strconv.Itoa(d.Year())
	}
	if err := s.Validate(); err != nil {
		return Series{}, err
	}
	return s, nil
}

// Format returns the number line of the document with sequence seq in s:
// Party "Số 15-BC/BDVTU", State "Số: 15/BC-UBND" (a State công văn: "Số:
// 15/UBND-VP"). Numbers below 10 get a leading zero ("Số 05-BC/BDVTU"), as
// both Hướng dẫn 36 and Nghị định 30 write them. A seq of 0 or less gives the
// line of a draft, whose number is left blank until it is issued: "Số
// -BC/BDVTU" with four spaces for the number.
func Format(s Series, seq int) string {
	n := "    "
	if seq > 0 {
		n = fmt.Sprintf("%02d", seq)
	}
	if s.Style == State {
		if s.DocType == CongVan {
			return "Số: " + n + "/" + s.Issuer
		}
		return "Số: " + n + "/" + s.DocType + "-" + s.Issuer
	}
	return "Số " + n + "-" + s.DocType + "/" + s.Issuer
}

// Number is a document number as parsed from its text (ParseNumber) or as
// reserved and stored (sqlstore.ListNumbers fills every field).
type Number struct {
	ID       int64
	Series   Series // Key is empty when parsed from text
	Seq      int
	Text     string // "Số 15-BC/BDVTU"
	Subject  string // trích yếu
	Ref      string // what the number is for, e.g. "conclusion:12"
	IssuedAt time.Time
	IssuedBy string
}

// ParseNumber reads the number of an imported document, the inverse of
// Format: "Số 15-BC/BDVTU" (Party), "Số: 15/BC-UBND" or "Số: 15/UBND-VP"
// (State; the latter a công văn). The "Số" prefix is optional, any case;
// spaces are ignored; the leading zero is optional. The series key (term or
// year) cannot be read from the number and is left empty: SeriesFor gives
// it from the document's date. Errors are EINVALID with Vietnamese messages.
func ParseNumber(text string) (Number, error) {
	orig := text
	bad := func(why string) (Number, error) {
		return Number{}, apperr.Invalid(fmt.Sprintf("Số văn bản %q không đúng dạng: %s", orig, why),
			map[string]string{"number": why})
	}
	s := vntext.Normalize(text)
	if rest, ok := cutPrefixFold(s, "số"); ok {
		s = rest
	}
	s = strings.TrimLeft(s, " ")
	s = strings.TrimPrefix(s, ":")
	s = strings.ReplaceAll(s, " ", "")
	if s == "" {
		return bad("thiếu số thứ tự và ký hiệu.")
	}
	i := 0
	for i < len(s) && s[i] >= '0' && s[i] <= '9' {
		i++
	}
	if i == 0 {
		return bad("thiếu số thứ tự (cần dạng \"Số 15-BC/BDVTU\" hoặc \"Số: 15/BC-UBND\").")
	}
	if i > 6 {
		return bad("số thứ tự quá lớn.")
	}
	seq, _ := strconv.Atoi(s[:i])
	if seq == 0 {
		return bad("số thứ tự phải từ 1 trở lên.")
	}
	if i == len(s) {
		return bad("thiếu ký hiệu văn bản sau số thứ tự.")
	}
	n := Number{Seq: seq}
	sep, rest := s[i], s[i+1:]
	switch sep {
	case '-':
		n.Series.Style = Party
		typ, issuer, ok := strings.Cut(rest, "/")
		if !ok {
			return bad("văn bản Đảng cần dạng \"Số 15-BC/BDVTU\" (thiếu dấu \"/\" trước cơ quan ban hành).")
		}
		n.Series.DocType, n.Series.Issuer = typ, issuer
	case '/':
		n.Series.Style = State
		typ, issuer, ok := strings.Cut(rest, "-")
		if ok && DocTypeName(typ) != "" && typ != CongVan {
			n.Series.DocType, n.Series.Issuer = typ, issuer
		} else {
			// A công văn: "Số: 15/UBND-VP".
			n.Series.DocType, n.Series.Issuer = CongVan, rest
		}
	default:
		return bad(fmt.Sprintf("sau số thứ tự cần dấu \"-\" (văn bản Đảng) hoặc \"/\" (văn bản hành chính), không phải %q.", string(firstRune(s[i:]))))
	}
	if n.Series.DocType == "" {
		return bad("thiếu loại văn bản.")
	}
	if DocTypeName(n.Series.DocType) == "" {
		return bad(fmt.Sprintf("không có loại văn bản mã %q.", n.Series.DocType))
	}
	if err := checkIssuer(n.Series.Issuer); err != nil {
		return bad(apperr.FieldsOf(err)["issuer"])
	}
	n.Text = Format(n.Series, n.Seq)
	return n, nil
}

// firstRune returns the first rune of s.
func firstRune(s string) rune {
	for _, r := range s {
		return r
	}
	return 0
}

// cutPrefixFold removes prefix from s ignoring case.
func cutPrefixFold(s, prefix string) (string, bool) {
	if len(s) < len(prefix) {
		return s, false
	}
	// "Số", "số" and "SỐ" all have the same length in UTF-8.
	if strings.EqualFold(s[:len(prefix)], prefix) {
		return s[len(prefix):], true
	}
	return s, false
}

// PlaceDate returns the place-and-date line of a document: "Lạng Sơn, ngày
// 28 tháng 3 năm 2019". Following Nghị định 30/2020 a day below 10 and the
// months 1 and 2 get a leading zero ("ngày 05 tháng 01 năm 2020"). A zero
// date gives the blank line of a draft: "Lạng Sơn, ngày     tháng     năm
// ".
func PlaceDate(place string, d period.Date) string {
	place = vntext.Normalize(place)
	if d.IsZero() {
		return place + ", ngày     tháng     năm     "
	}
	return place + ", " + vntext.FormatDateLong(d.Year(), d.Month(), d.Day())
}

// IssuerCode abbreviates a body's name the Party way for its document
// numbers: the initials of its words, diacritics folded, "và" left out
// ("Ban Dân vận Tỉnh ủy" → BDVTU, "Ban Tuyên giáo và Dân vận Tỉnh ủy" →
// BTGDVTU).
func IssuerCode(name string) string {
	var b strings.Builder
	for _, w := range strings.Fields(vntext.Fold(name)) {
		if w == "va" {
			continue
		}
		b.WriteString(strings.ToUpper(w[:1]))
	}
	return b.String()
}

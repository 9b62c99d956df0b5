package document

import (
	"fmt"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
)

// Term is a Party committee term (nhiệm kỳ): Party documents are numbered
// per issuer × document type × term, and numbering restarts at 1 when the
// congress elects the new committee (never at a new year). From and To are
// inclusive; the current term's To is period.Forever until the next
// congress is held, because a term lasts until then even when the congress
// is late.
type Term struct {
	ID       string // "2020-2025"; becomes Series.Key
	From, To period.Date
}

// Contains reports whether d falls in the term.
func (t Term) Contains(d period.Date) bool {
	return !d.Before(t.From) && !d.After(t.To)
}

// DefaultTerms are the terms of a provincial Party committee (Tỉnh ủy) as
// the product ships them, each starting about the day of the provincial
// congress. Congress dates differ from province to province (and district
// and commune committees hold theirs earlier), so this list is data, not
// law: an administrator changes the dates for the province and, after each
// congress, closes the current term and adds the next one. The last term is
// open (To is period.Forever) until then.
var DefaultTerms = []Term{
	{ID: "2010-2015", From: period.New(2010, 10, 1), To: period.New(2015, 10, 14)},
	{ID: "2015-2020", From: period.New(2015, 10, 15), To: period.New(2020, 10, 14)},
	{ID: "2020-2025", From: period.New(2020, 10, 15), To: period.New(2025, 9, 30)},
	{ID: "2025-2030", From: period.New(2025, 10, 1), To: period.Forever},
}

// ValidateTerms checks a list of terms as an administrator edits it: every
// term has an ID (unique) and a From not after its To, and no two terms
// overlap. Gaps are allowed (TermAt reports dates that fall in one).
func ValidateTerms(terms []Term) error {
	seen := map[string]bool{}
	for i, t := range terms {
		if strings.TrimSpace(t.ID) == "" {
			return apperr.Invalid("Nhiệm kỳ thiếu mã.", map[string]string{"terms": fmt.Sprintf("Nhiệm kỳ thứ %d thiếu mã (ví dụ \"2020-2025\").", i+1)})
		}
		if seen[t.ID] {
			return apperr.Invalid("Trùng mã nhiệm kỳ.", map[string]string{"terms": fmt.Sprintf("Mã nhiệm kỳ %q xuất hiện hai lần.", t.ID)})
		}
		seen[t.ID] = true
		if t.From.IsZero() || t.To.IsZero() || t.From.After(t.To) {
			return apperr.Invalid("Ngày của nhiệm kỳ không hợp lệ.", map[string]string{"terms": fmt.Sprintf("Nhiệm kỳ %s: ngày bắt đầu và ngày kết thúc phải có, và ngày bắt đầu không được sau ngày kết thúc.", t.ID)})
		}
		for _, u := range terms[:i] {
			if !t.From.After(u.To) && !u.From.After(t.To) {
				return apperr.Invalid("Các nhiệm kỳ chồng lên nhau.", map[string]string{"terms": fmt.Sprintf("Nhiệm kỳ %s và %s chồng lên nhau.", u.ID, t.ID)})
			}
		}
	}
	return nil
}

// TermAt returns the term containing d. It fails (EINVALID, in Vietnamese)
// when no term contains d or when more than one does: a document number must
// never be guessed.
func TermAt(terms []Term, d period.Date) (Term, error) {
	if d.IsZero() {
		return Term{}, apperr.Invalid("Thiếu ngày để xác định nhiệm kỳ.", map[string]string{"date": "Thiếu ngày ban hành văn bản."})
	}
	var found []Term
	for _, t := range terms {
		if t.Contains(d) {
			found = append(found, t)
		}
	}
	switch len(found) {
	case 1:
		return found[0], nil
	case 0:
		return Term{}, apperr.Invalid(fmt.Sprintf("Ngày %s không thuộc nhiệm kỳ nào đã khai báo.", d.VN()),
			map[string]string{"date": fmt.Sprintf("Ngày %s không thuộc nhiệm kỳ nào; quản trị viên cần khai báo nhiệm kỳ của cấp ủy.", d.VN())})
	default:
		return Term{}, apperr.Invalid(fmt.Sprintf("Ngày %s thuộc nhiều nhiệm kỳ (%s và %s).", d.VN(), found[0].ID, found[1].ID),
			map[string]string{"date": "Các nhiệm kỳ đã khai báo chồng lên nhau; quản trị viên cần sửa lại ngày của nhiệm kỳ."})
	}
}

package period

import (
	"errors"
	"strings"
	"testing"
)

// FuzzParse feeds arbitrary text to ParseID under both calendars: it must
// never panic, every error must be a Vietnamese ErrInvalid, and every
// accepted period must round-trip through its own ID and be consistent
// with For, Previous/Next and Quarters.
func FuzzParse(f *testing.F) {
	for _, s := range []string{
		"201903", "2019Q1", "2019S1", "2019S2", "2019N9", "2019", "2019q4", "2000", "2100",
		"210012", "200001", "2019Q5", "201913", "19Q1", "2019-TET", "", " 2019", "2019ſ1",
		"1999", "2101", "9999Q9", "0000", "2019N", "2019Q", "20190", "２０１９",
	} {
		f.Add(s)
	}
	f.Fuzz(func(t *testing.T, id string) {
		for _, cal := range Calendars() {
			p, err := ParseID(id, cal)
			if err != nil {
				if !errors.Is(err, ErrInvalid) || !strings.HasPrefix(err.Error(), "Mã kỳ báo cáo không hợp lệ: ") {
					t.Fatalf("ParseID(%q): got %v, want a Vietnamese ErrInvalid", id, err)
				}
				continue
			}
			if !strings.EqualFold(p.ID, id) {
				t.Fatalf("ParseID(%q): got ID %v, want the input up to case", id, p.ID)
			}
			q, err := ParseID(p.ID, cal)
			if err != nil || !q.Equal(p) {
				t.Fatalf("ParseID(%q) round trip: got %+v, %v, want %+v", p.ID, q, err, p)
			}
			if p.Year < minYear || p.Year > maxYear || p.End.Before(p.Start) {
				t.Fatalf("ParseID(%q): got %+v", id, p)
			}
			if got := For(p.Type, p.Start, cal); !got.Equal(p) {
				t.Fatalf("For(%v, %v): got %v, want %v", p.Type, p.Start, got, p)
			}
			if got := For(p.Type, p.End, cal); !got.Equal(p) {
				t.Fatalf("For(%v, %v): got %v, want %v", p.Type, p.End, got, p)
			}
			if got := p.Next().Previous(); !got.Equal(p) {
				t.Fatalf("Next().Previous(): got %v, want %v", got, p)
			}
			if err := p.Validate(); err != nil {
				t.Fatalf("Validate(%v): got %v, want nil", p, err)
			}
			if p.Label() == "" || p.Label() == p.ID {
				t.Fatalf("Label(%v): got %q", p, p.Label())
			}
			if qs := p.Quarters(); len(qs) > 0 && (!qs[0].Start.Equal(p.Start) || !qs[len(qs)-1].End.Equal(p.End)) {
				t.Fatalf("Quarters(%v): got %v–%v, want %v–%v", p, qs[0].Start, qs[len(qs)-1].End, p.Start, p.End)
			}
		}
	})
}

package demo_test

import (
	"math"
	"reflect"
	"testing"

	"giaoban/internal/demo"
	"giaoban/internal/org"
	"giaoban/internal/report"
)

func synth(t *testing.T, scale string, seed int64) *demo.Synth {
	t.Helper()
	s, err := demo.Synthetic(scale, seed)
	if err != nil {
		t.Fatalf("Synthetic(%q, %d): %v", scale, seed, err)
	}
	return s
}

func firstReport(s *demo.Synth) report.Report {
	for b := range s.Reports(100) {
		return b[0]
	}
	return report.Report{}
}

func TestSyntheticDeterministic(t *testing.T) {
	a, b := synth(t, demo.ScaleProvince, 42), synth(t, demo.ScaleProvince, 42)
	ra, rb := firstReport(a), firstReport(b)
	if !reflect.DeepEqual(ra, rb) {
		t.Errorf("same seed: first reports differ:\n%+v\n%+v", ra, rb)
	}
	if !reflect.DeepEqual(a.Units, b.Units) || !reflect.DeepEqual(a.Indicators, b.Indicators) || !reflect.DeepEqual(a.Template, b.Template) {
		t.Errorf("same seed: units, indicators or template differ")
	}
	if rc := firstReport(synth(t, demo.ScaleProvince, 43)); reflect.DeepEqual(ra.Values, rc.Values) {
		t.Errorf("seeds 42 and 43: first reports have the same values")
	}
	// A report is the same whatever the batch size, and Report rebuilds it.
	q, i := 5, 300
	want := a.Report(q, i)
	n := 0
	for batch := range a.Reports(77) {
		for _, r := range batch {
			if n == q*len(a.Filers)+i && !reflect.DeepEqual(r, want) {
				t.Errorf("report %d of the stream differs from Report(%d, %d)", n, q, i)
			}
			n++
		}
	}
	if n != a.ReportCount() {
		t.Errorf("Reports yielded %d reports, want %d", n, a.ReportCount())
	}
	// The country shares the first province's generator: same first report.
	if c := firstReport(synth(t, demo.ScaleCountry, 42)); !reflect.DeepEqual(c.Values, ra.Values) {
		t.Errorf("country and province, same seed: first report values differ")
	}
}

func countKinds(s *demo.Synth) map[org.Kind]int {
	m := map[org.Kind]int{}
	for _, r := range s.Units.Records {
		m[r.Kind]++
	}
	return m
}

func TestSyntheticProvinceShape(t *testing.T) {
	s := synth(t, demo.ScaleProvince, 1)
	if got := len(s.Units.Records); got != 600 {
		t.Errorf("units: got %d, want 600", got)
	}
	want := map[org.Kind]int{org.KindOther: 1 + 97*5, org.KindProvince: 1, org.KindCommission: 1, org.KindCommune: 97,
		org.KindFront: 1, org.KindMassOrg: 5, org.KindArmedForces: 3, org.KindGovernment: 6}
	if got := countKinds(s); !reflect.DeepEqual(got, want) {
		t.Errorf("units by kind: got %v, want %v", got, want)
	}
	if len(s.Filers) != 598 || s.ReportCount() != 598*8 || s.ValueCount() != 598*8*100 {
		t.Errorf("filers %d, reports %d, values %d: want 598, 4784, 478400", len(s.Filers), s.ReportCount(), s.ValueCount())
	}
	if len(s.Periods) != 8 || s.Periods[0].ID != "2024Q1" || s.Periods[7].ID != "2025Q4" {
		t.Errorf("periods: %v", s.Periods)
	}
	if s.Template.Code != demo.SynthTemplate || s.Template.Owner != demo.SynthRoot || len(s.Template.Indicators) != 100 {
		t.Errorf("template: %+v", s.Template)
	}
	// The template's filer rule picks exactly the filers.
	filer := map[string]bool{}
	for _, f := range s.Filers {
		filer[f.Code] = true
	}
	for i, r := range s.Units.Records {
		u := org.Unit{Code: r.Code, Kind: r.Kind, Sector: r.Sector, Name: s.Units.Names[i].Name}
		for _, p := range s.Periods {
			if got := s.Template.MustFile(u, p.End); got != filer[r.Code] {
				t.Fatalf("MustFile(%s, %s): got %v, want %v", r.Code, p.ID, got, filer[r.Code])
			}
		}
	}
	// Indicator mix.
	mix := map[[2]string]int{}
	for _, ind := range s.Indicators {
		mix[[2]string{string(ind.Type), string(ind.Aggregation)}]++
	}
	wantMix := map[[2]string]int{{"integer", "sum"}: 80, {"money", "sum"}: 10, {"percent", "average"}: 5, {"integer", "max"}: 3, {"text", "none"}: 2}
	if !reflect.DeepEqual(mix, wantMix) {
		t.Errorf("indicator mix: got %v, want %v", mix, wantMix)
	}
}

func TestSyntheticCountryShape(t *testing.T) {
	s := synth(t, demo.ScaleCountry, 1)
	k := countKinds(s)
	if len(s.Units.Records) != 20367 || k[org.KindProvince] != 34 || k[org.KindCommune] != 34*97 || k[org.KindCommission] != 34 {
		t.Errorf("country: %d units, by kind %v", len(s.Units.Records), k)
	}
	if len(s.Filers) != 20332 || s.ReportCount() != 162656 {
		t.Errorf("country: %d filers, %d reports", len(s.Filers), s.ReportCount())
	}
}

func TestSyntheticBadScale(t *testing.T) {
	if _, err := demo.Synthetic("planet", 1); err == nil {
		t.Error("scale planet: got nil error")
	}
}

// Every value of every province report fits its indicator's type and range
// and survives the stored encoding exactly.
func TestSyntheticValues(t *testing.T) {
	s := synth(t, demo.ScaleProvince, 9)
	cat := map[string]report.Indicator{}
	for _, ind := range s.Indicators {
		cat[ind.Code] = ind
	}
	onTime, total := 0, 0
	for batch := range s.Reports(1000) {
		for _, r := range batch {
			total++
			if r.Status != report.StatusAccepted || r.Version < 1 || r.UnitName == "" {
				t.Fatalf("%s: status %s, version %d, name %q", r.Key, r.Status, r.Version, r.UnitName)
			}
			if r.SubmittedAt.IsZero() || !r.AcceptedAt.After(r.SubmittedAt) || !r.UpdatedAt.Equal(r.AcceptedAt) {
				t.Fatalf("%s: submitted %v, accepted %v, updated %v", r.Key, r.SubmittedAt, r.AcceptedAt, r.UpdatedAt)
			}
			if r.OnTime {
				onTime++
			}
			if len(r.Values) != len(s.Template.Indicators) {
				t.Fatalf("%s: %d values, want %d", r.Key, len(r.Values), len(s.Template.Indicators))
			}
			for _, code := range s.Template.Indicators {
				ind, v := cat[code], r.Values[code]
				if !v.Set {
					t.Fatalf("%s %s: unset", r.Key, code)
				}
				if msg := ind.Check(v); msg != "" {
					t.Fatalf("%s %s = %+v: %s", r.Key, code, v, msg)
				}
				switch ind.Type {
				case report.TypeInteger:
					if v.Float != 0 || v.Text != "" || v.Int < 0 || v.Int > 500 {
						t.Fatalf("%s %s: integer %+v", r.Key, code, v)
					}
				case report.TypeMoney:
					if v.Float != 0 || v.Text != "" || v.Int < 0 || v.Int > 5e9 || v.Int%1000 != 0 {
						t.Fatalf("%s %s: money %+v", r.Key, code, v)
					}
				case report.TypePercent:
					if v.Int != 0 || v.Text != "" || v.Float < 0 || v.Float > 100 || math.Abs(v.Float*10-math.Round(v.Float*10)) > 1e-9 {
						t.Fatalf("%s %s: percent %+v", r.Key, code, v)
					}
				case report.TypeText:
					if v.Text == "" || v.Int != 0 || v.Float != 0 {
						t.Fatalf("%s %s: text %+v", r.Key, code, v)
					}
				default:
					t.Fatalf("%s %s: unexpected type %s", r.Key, code, ind.Type)
				}
			}
			if total%97 == 0 {
				back, err := report.DecodeValues(report.EncodeValues(r.Values))
				if err != nil || !reflect.DeepEqual(back, r.Values) {
					t.Fatalf("%s: values do not survive encoding: %v", r.Key, err)
				}
			}
		}
	}
	if total != s.ReportCount() {
		t.Errorf("reports: got %d, want %d", total, s.ReportCount())
	}
	if share := float64(onTime) / float64(total); share < 0.85 || share > 0.98 {
		t.Errorf("on time: %.1f%%, want mostly (85–98%%)", share*100)
	}
}

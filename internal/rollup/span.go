package rollup

import (
	"giaoban/internal/report"
)

// Combine rolls several periods' matrices of one template into one, for
// six-month, nine-month and yearly views of quarterly data: per unit, each
// indicator is combined over the quarters it reported in, by its
// aggregation (sums add up, averages average, maxima take the largest,
// texts are joined). Only the reports that would be counted are combined
// (accepted, or also submitted); a unit that reported in any quarter
// appears as accepted, on time only if every counted quarter was.
func Combine(ms []*Matrix, cat map[string]report.Indicator, withSubmitted bool, periodID string) *Matrix {
	if len(ms) == 0 {
		return nil
	}
	first := ms[0]
	out := &Matrix{Template: first.Template, Period: periodID, col: map[string]int{}, row: map[string]int{}}
	for i, c := range first.Codes {
		out.col[c] = i
		out.Codes = append(out.Codes, c)
		out.Types = append(out.Types, first.Types[i])
		out.Int = append(out.Int, nil)
		out.Float = append(out.Float, nil)
		out.Set = append(out.Set, nil)
		out.Text = append(out.Text, nil)
	}
	counts := map[[2]int]int{} // (col,row) → quarters that gave a value
	for _, m := range ms {
		if m == nil {
			continue
		}
		for r, u := range m.Units {
			if !counted(m.Status[r], withSubmitted) {
				continue
			}
			i, ok := out.row[u]
			if !ok {
				i = len(out.Units)
				out.row[u] = i
				out.Units = append(out.Units, u)
				out.UnitName = append(out.UnitName, m.UnitName[r])
				out.Status = append(out.Status, report.StatusAccepted)
				out.OnTime = append(out.OnTime, true)
				out.Version = append(out.Version, 0)
				out.Narrative = append(out.Narrative, nil)
				for c := range out.Codes {
					out.Int[c] = append(out.Int[c], 0)
					out.Float[c] = append(out.Float[c], 0)
					out.Set[c] = append(out.Set[c], false)
				}
			}
			out.OnTime[i] = out.OnTime[i] && m.OnTime[r]
			out.UnitName[i] = m.UnitName[r] // the latest name it filed under
			for c, code := range out.Codes {
				mc := m.Col(code)
				if mc < 0 || !m.Set[mc][r] {
					continue
				}
				agg := cat[code].Aggregation
				k := [2]int{c, i}
				n := counts[k]
				switch out.Types[c] {
				case report.TypeText:
					if out.Text[c] == nil {
						out.Text[c] = map[int]string{}
					}
					if prev := out.Text[c][i]; prev != "" {
						out.Text[c][i] = prev + "\n" + m.Text[mc][r]
					} else {
						out.Text[c][i] = m.Text[mc][r]
					}
				case report.TypeDecimal, report.TypePercent:
					x := m.Float[mc][r]
					switch {
					case n == 0:
						out.Float[c][i] = x
					case agg == report.AggMax:
						out.Float[c][i] = max(out.Float[c][i], x)
					case agg == report.AggAverage:
						out.Float[c][i] = (out.Float[c][i]*float64(n) + x) / float64(n+1)
					default:
						out.Float[c][i] += x
					}
				default:
					x := m.Int[mc][r]
					switch {
					case n == 0:
						out.Int[c][i] = x
					case agg == report.AggMax:
						out.Int[c][i] = max(out.Int[c][i], x)
					case agg == report.AggAverage:
						// Whole-number averages over quarters round to the
						// nearest unit; the unit-level average is then
						// averaged again across units.
						out.Int[c][i] = (out.Int[c][i]*int64(n) + x + int64(n+1)/2) / int64(n+1)
					default:
						out.Int[c][i] += x
					}
				}
				out.Set[c][i] = true
				counts[k] = n + 1
			}
		}
	}
	return out
}

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
	out := newMatrix(first.Template, periodID)
	for i, c := range first.Codes {
		out.addColumn(c, first.Types[i])
	}
	counts := map[[2]int]int{} // (col,row) → quarters that gave a value
	for _, m := range ms {
		if m == nil {
			continue
		}
		for r := range m.Len() {
			meta := m.At(r)
			u := meta.Unit
			if !counted(meta.Status, withSubmitted) {
				continue
			}
			i, ok := out.row[u]
			if !ok {
				i = out.rowFor(u)
				o := out.At(i)
				o.Status, o.OnTime = report.StatusAccepted, true
			}
			o := out.At(i)
			o.OnTime = o.OnTime && meta.OnTime
			o.UnitName = meta.UnitName // the latest name it filed under
			ch, j := i>>ChunkBits, i&ChunkMask
			for c, code := range out.Codes {
				mc := m.Col(code)
				if mc < 0 || !m.IsSet(mc, r) {
					continue
				}
				agg := cat[code].Aggregation
				k := [2]int{c, i}
				n := counts[k]
				switch out.Types[c] {
				case report.TypeText:
					text := m.Value(r, mc).Text
					if prev := out.Text[c][ch][j]; prev != "" {
						out.Text[c][ch][j] = prev + "\n" + text
					} else {
						out.Text[c][ch][j] = text
					}
				case report.TypeDecimal, report.TypePercent:
					x := m.FloatAt(mc, r)
					switch {
					case n == 0:
						out.Float[c][ch][j] = x
					case agg == report.AggMax:
						out.Float[c][ch][j] = max(out.Float[c][ch][j], x)
					case agg == report.AggAverage:
						out.Float[c][ch][j] = (out.Float[c][ch][j]*float64(n) + x) / float64(n+1)
					default:
						out.Float[c][ch][j] += x
					}
				default:
					x := m.IntAt(mc, r)
					switch {
					case n == 0:
						out.Int[c][ch][j] = x
					case agg == report.AggMax:
						out.Int[c][ch][j] = max(out.Int[c][ch][j], x)
					case agg == report.AggAverage:
						// Whole-number averages over quarters round to the
						// nearest unit; the unit-level average is then
						// averaged again across units.
						out.Int[c][ch][j] = (out.Int[c][ch][j]*int64(n) + x + int64(n+1)/2) / int64(n+1)
					default:
						out.Int[c][ch][j] += x
					}
				}
				out.Set[c][ch][j] = true
				counts[k] = n + 1
			}
		}
	}
	return out
}

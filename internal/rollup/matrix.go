// Package rollup consolidates reports: totals of every indicator over a
// unit's subtree, breakdowns by child unit and by sector, comparisons with
// the previous period and the same period last year, and completeness. It
// is pure: it works on Matrix values and the hierarchy it is given, with no
// SQL or HTTP inside.
//
// A Matrix holds one template × period in columns (one slice per
// indicator, one entry per reporting unit), so that a consolidation is a
// few tight loops over int64 and float64 slices — a country's 2 million
// values in milliseconds — instead of a GROUP BY.
package rollup

import (
	"maps"
	"slices"

	"giaoban/internal/report"
)

// Matrix is one template and period: a row per report, a column per
// indicator. Rows are appended as reports arrive and replaced in place.
type Matrix struct {
	Template string
	Period   string
	Codes    []string // indicator codes, in the template's order
	Types    []report.ValueType

	Units    []string // reporting unit of each row
	UnitName []string // name the unit filed under
	Status   []report.Status
	OnTime   []bool
	Version  []int

	Int   [][]int64        // [column][row]: integer, money, yes/no
	Float [][]float64      // [column][row]: decimal, percent
	Set   [][]bool         // [column][row]
	Text  []map[int]string // [column] row → text, for text indicators

	Narrative []map[string]string // [row] section → text

	col map[string]int
	row map[string]int
}

// NewMatrix returns an empty matrix for the template's indicators.
func NewMatrix(t *report.Template, cat map[string]report.Indicator, periodID string) *Matrix {
	m := &Matrix{Template: t.Code, Period: periodID, col: map[string]int{}, row: map[string]int{}}
	for _, c := range t.Indicators {
		m.col[c] = len(m.Codes)
		m.Codes = append(m.Codes, c)
		m.Types = append(m.Types, cat[c].Type)
		m.Int = append(m.Int, nil)
		m.Float = append(m.Float, nil)
		m.Set = append(m.Set, nil)
		m.Text = append(m.Text, nil)
	}
	return m
}

// Col returns the column of an indicator code, or -1.
func (m *Matrix) Col(code string) int {
	if i, ok := m.col[code]; ok {
		return i
	}
	return -1
}

// Row returns the row of a unit's report, or -1.
func (m *Matrix) Row(unit string) int {
	if i, ok := m.row[unit]; ok {
		return i
	}
	return -1
}

// Len is the number of reports held.
func (m *Matrix) Len() int { return len(m.Units) }

// Put stores r, replacing the unit's earlier row.
func (m *Matrix) Put(r *report.Report) {
	i, ok := m.row[r.Unit]
	if !ok {
		i = len(m.Units)
		m.row[r.Unit] = i
		m.Units = append(m.Units, r.Unit)
		m.UnitName = append(m.UnitName, "")
		m.Status = append(m.Status, "")
		m.OnTime = append(m.OnTime, false)
		m.Version = append(m.Version, 0)
		m.Narrative = append(m.Narrative, nil)
		for c := range m.Codes {
			m.Int[c] = append(m.Int[c], 0)
			m.Float[c] = append(m.Float[c], 0)
			m.Set[c] = append(m.Set[c], false)
		}
	}
	m.UnitName[i], m.Status[i], m.OnTime[i], m.Version[i] = r.UnitName, r.Status, r.OnTime, r.Version
	m.Narrative[i] = maps.Clone(r.Narrative)
	for c, code := range m.Codes {
		v, ok := r.Values[code]
		m.Int[c][i], m.Float[c][i], m.Set[c][i] = v.Int, v.Float, ok && v.Set
		if m.Types[c] == report.TypeText {
			if m.Text[c] == nil {
				m.Text[c] = map[int]string{}
			}
			if ok && v.Set {
				m.Text[c][i] = v.Text
			} else {
				delete(m.Text[c], i)
			}
		}
	}
}

// Clone returns a copy that later Puts on m do not change: the store hands
// out clones so that a consolidation in progress sees one consistent state.
func (m *Matrix) Clone() *Matrix {
	c := *m
	c.Units, c.UnitName, c.Status, c.OnTime, c.Version = slices.Clone(m.Units), slices.Clone(m.UnitName), slices.Clone(m.Status), slices.Clone(m.OnTime), slices.Clone(m.Version)
	c.Narrative = slices.Clone(m.Narrative)
	c.Int, c.Float, c.Set, c.Text = make([][]int64, len(m.Int)), make([][]float64, len(m.Float)), make([][]bool, len(m.Set)), make([]map[int]string, len(m.Text))
	for i := range m.Codes {
		c.Int[i], c.Float[i], c.Set[i] = slices.Clone(m.Int[i]), slices.Clone(m.Float[i]), slices.Clone(m.Set[i])
		if m.Text[i] != nil {
			c.Text[i] = maps.Clone(m.Text[i])
		}
	}
	c.row = maps.Clone(m.row)
	return &c
}

// Value returns one stored value.
func (m *Matrix) Value(row, col int) report.Value {
	if !m.Set[col][row] {
		return report.Value{}
	}
	v := report.Value{Int: m.Int[col][row], Float: m.Float[col][row], Set: true}
	if m.Types[col] == report.TypeText {
		v.Text = m.Text[col][row]
	}
	return v
}

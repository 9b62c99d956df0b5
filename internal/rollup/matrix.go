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
	"weak"

	"giaoban/internal/report"
)

// Matrix is one template and period: a row per report, a column per
// indicator. Rows are appended as reports arrive and replaced in place.
//
// Each column is held in chunks of ChunkLen rows. A snapshot handed to
// readers is never written again; the next state is a Clone, which shares
// every chunk with its parent and copies a chunk only when a Put writes
// into it. Accepting one report of a 20,000-unit quarter so copies 100
// columns × one 256-row chunk (~0.4 MB), not the whole 40 MB matrix.
type Matrix struct {
	Template string
	Period   string
	Codes    []string // indicator codes, in the template's order
	Types    []report.ValueType

	// Meta is each row's report: [chunk][row & ChunkMask], like the
	// columns. Read it through At.
	Meta [][]RowMeta
	n    int // rows held

	// [column][chunk][row & ChunkMask], for row's chunk row >> ChunkBits.
	Int   [][][]int64   // integer, money, yes/no
	Float [][][]float64 // decimal, percent
	Set   [][][]bool
	Text  [][][]string // text indicators only (nil chunks for the others)

	col map[string]int
	row map[string]int

	// Copy-on-write bookkeeping: which chunks, text maps and the row index
	// this matrix may write without copying (false when shared).
	owned    []bool
	rowOwned bool

	// parent is the snapshot this one was cloned from, and changed the
	// rows Put since: enough to patch the parent's placement instead of
	// placing every row again. Weak, so snapshots do not chain in memory.
	parent  weak.Pointer[Matrix]
	changed []int
}

// RowMeta is what a matrix row holds of its report besides the values.
type RowMeta struct {
	Unit      string // the reporting unit
	UnitName  string // the name it filed under
	Status    report.Status
	OnTime    bool
	Version   int
	Narrative map[string]string // section → text
}

// Chunk geometry of the columns.
const (
	ChunkBits = 8
	ChunkLen  = 1 << ChunkBits
	ChunkMask = ChunkLen - 1
)

// NewMatrix returns an empty matrix for the template's indicators.
func NewMatrix(t *report.Template, cat map[string]report.Indicator, periodID string) *Matrix {
	m := newMatrix(t.Code, periodID)
	for _, c := range t.Indicators {
		m.addColumn(c, cat[c].Type)
	}
	return m
}

func newMatrix(template, periodID string) *Matrix {
	return &Matrix{Template: template, Period: periodID, col: map[string]int{}, row: map[string]int{}, rowOwned: true}
}

func (m *Matrix) addColumn(code string, t report.ValueType) {
	m.col[code] = len(m.Codes)
	m.Codes = append(m.Codes, code)
	m.Types = append(m.Types, t)
	m.Int = append(m.Int, nil)
	m.Float = append(m.Float, nil)
	m.Set = append(m.Set, nil)
	m.Text = append(m.Text, nil)
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
func (m *Matrix) Len() int { return m.n }

// At returns row r's report data (read-only).
func (m *Matrix) At(r int) *RowMeta { return &m.Meta[r>>ChunkBits][r&ChunkMask] }

// IsSet, IntAt and FloatAt read one cell.
func (m *Matrix) IsSet(col, row int) bool { return m.Set[col][row>>ChunkBits][row&ChunkMask] }

func (m *Matrix) IntAt(col, row int) int64 { return m.Int[col][row>>ChunkBits][row&ChunkMask] }

func (m *Matrix) FloatAt(col, row int) float64 { return m.Float[col][row>>ChunkBits][row&ChunkMask] }

// rowFor returns unit's row, appending an empty one (and a chunk when the
// last is full) for a unit not held yet.
func (m *Matrix) rowFor(unit string) int {
	if i, ok := m.row[unit]; ok {
		return i
	}
	if !m.rowOwned {
		m.row, m.rowOwned = maps.Clone(m.row), true
	}
	i := m.n
	m.row[unit] = i
	m.n++
	if i&ChunkMask == 0 {
		m.Meta = append(m.Meta, make([]RowMeta, ChunkLen))
		for c := range m.Codes {
			m.Int[c] = append(m.Int[c], make([]int64, ChunkLen))
			m.Float[c] = append(m.Float[c], make([]float64, ChunkLen))
			m.Set[c] = append(m.Set[c], make([]bool, ChunkLen))
			if m.Types[c] == report.TypeText {
				m.Text[c] = append(m.Text[c], make([]string, ChunkLen))
			}
		}
		m.owned = append(m.owned, true)
	}
	m.own(i)
	m.Meta[i>>ChunkBits][i&ChunkMask].Unit = unit
	return i
}

// own makes the chunk holding row writable by this matrix alone.
func (m *Matrix) own(row int) {
	k := row >> ChunkBits
	if m.owned[k] {
		return
	}
	m.Meta[k] = slices.Clone(m.Meta[k])
	for c := range m.Codes {
		m.Int[c][k] = slices.Clone(m.Int[c][k])
		m.Float[c][k] = slices.Clone(m.Float[c][k])
		m.Set[c][k] = slices.Clone(m.Set[c][k])
		if m.Text[c] != nil {
			m.Text[c][k] = slices.Clone(m.Text[c][k])
		}
	}
	m.owned[k] = true
}

// Put stores r, replacing the unit's earlier row.
func (m *Matrix) Put(r *report.Report) {
	i := m.rowFor(r.Unit)
	m.own(i)
	k, j := i>>ChunkBits, i&ChunkMask
	meta := m.At(i)
	meta.UnitName, meta.Status, meta.OnTime, meta.Version = r.UnitName, r.Status, r.OnTime, r.Version
	meta.Narrative = maps.Clone(r.Narrative)
	if m.parent.Value() != nil && len(m.changed) <= maxChanged {
		m.changed = append(m.changed, i)
	}
	for c, code := range m.Codes {
		v, ok := r.Values[code]
		m.Int[c][k][j], m.Float[c][k][j], m.Set[c][k][j] = v.Int, v.Float, ok && v.Set
		if m.Text[c] != nil {
			m.Text[c][k][j] = ""
			if ok && v.Set {
				m.Text[c][k][j] = v.Text
			}
		}
	}
}

// Clone returns the next state of m: later Puts on the clone do not change
// m, and m must not be written again (readers of m may go on). The chunks
// are shared and copied on the clone's first write into each.
func (m *Matrix) Clone() *Matrix {
	c := *m
	c.Meta = slices.Clone(m.Meta)
	c.Int, c.Float, c.Set = make([][][]int64, len(m.Int)), make([][][]float64, len(m.Float)), make([][][]bool, len(m.Set))
	for i := range m.Codes {
		c.Int[i], c.Float[i], c.Set[i] = slices.Clone(m.Int[i]), slices.Clone(m.Float[i]), slices.Clone(m.Set[i])
	}
	c.Text = make([][][]string, len(m.Text))
	for i := range m.Text {
		c.Text[i] = slices.Clone(m.Text[i])
	}
	c.owned, c.rowOwned = make([]bool, len(m.owned)), false
	c.parent, c.changed = weak.Make(m), nil
	clear(m.owned)
	m.rowOwned = false
	return &c
}

// maxChanged bounds the change list: past it, placing afresh is as cheap.
const maxChanged = 4096

// Parent returns the snapshot m was cloned from (nil if gone or none) and
// the rows written since; ok is false when the change list overflowed.
func (m *Matrix) Parent() (parent *Matrix, changed []int, ok bool) {
	p := m.parent.Value()
	if p == nil || len(m.changed) > maxChanged {
		return nil, nil, false
	}
	return p, m.changed, true
}

// Value returns one stored value.
func (m *Matrix) Value(row, col int) report.Value {
	if !m.IsSet(col, row) {
		return report.Value{}
	}
	v := report.Value{Int: m.IntAt(col, row), Float: m.FloatAt(col, row), Set: true}
	if m.Types[col] == report.TypeText {
		v.Text = m.Text[col][row>>ChunkBits][row&ChunkMask]
	}
	return v
}

package report

import (
	"context"
	"maps"

	"giaoban/internal/period"
)

// DerivedValue is a figure the system already knows (a count of records it
// keeps), with a Vietnamese note saying where it comes from.
type DerivedValue struct {
	Value Value
	Note  string
}

// Derived supplies the values of indicators computed from other records,
// so that nobody types a number the system already knows (the Dân vận
// khéo register gives the counts of models). DerivedValues returns, for
// those of codes it knows, the value of unit k.Unit for period p; codes
// it does not know are left out. It is asked only for integer indicators
// of the report's template.
type Derived interface {
	DerivedValues(ctx context.Context, k Key, p period.Period, codes []string) (map[string]DerivedValue, error)
}

// derived asks s.Derived for c's template; nil when there is no provider
// or nothing to derive.
func (s *Service) derived(ctx context.Context, c *Context, k Key) (map[string]DerivedValue, error) {
	if s.Derived == nil {
		return nil, nil
	}
	var codes []string
	for _, code := range c.Template.Indicators {
		if ind, ok := c.Catalogue[code]; ok && ind.Type == TypeInteger {
			codes = append(codes, code)
		}
	}
	if len(codes) == 0 {
		return nil, nil
	}
	return s.Derived.DerivedValues(ctx, k, c.Period, codes)
}

// fillDerived overwrites the derived indicators of values and comments
// (the note goes in the indicator's comment). The maps are the caller's
// own copies.
func fillDerived(dv map[string]DerivedValue, values map[string]Value, comments map[string]string) {
	for code, d := range dv {
		values[code] = d.Value
		comments[code] = d.Note
	}
}

// withDerived returns r with the derived indicators filled in, as a copy
// (r may be shared with a cache), and records them in c.Derived. Reports
// the unit can no longer change keep the figures they were filed with.
func (s *Service) withDerived(ctx context.Context, c *Context, r *Report) (*Report, error) {
	if s.Derived == nil || !r.Status.Editable() {
		return r, nil
	}
	dv, err := s.derived(ctx, c, r.Key)
	if err != nil || len(dv) == 0 {
		return r, err
	}
	c.Derived = dv
	cp := *r
	cp.Values, cp.Comments = cloneOrNew(r.Values), cloneOrNew(r.Comments)
	fillDerived(dv, cp.Values, cp.Comments)
	return &cp, nil
}

func cloneOrNew[V any](m map[string]V) map[string]V {
	if m == nil {
		return map[string]V{}
	}
	return maps.Clone(m)
}

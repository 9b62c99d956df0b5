package org

import (
	"context"
	"fmt"
	"slices"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
)

// Service answers questions about the hierarchy that need more than one
// store call: scopes, and successors and predecessors across restructuring.
type Service struct {
	Store Store
}

// ScopeRootsAt returns the roots of the subtrees that a member of unit acts
// for on date at. A commission (Ban Dân vận) acts for the Party committee it
// advises, so its scope is its parent's subtree; any other unit's scope is
// its own subtree. When unit did not exist yet on at (a body formed by a
// 2025 merge looking at 2019), the scope is that of its predecessors which
// were in force on at: the merged commission inherits the history of the
// bodies it replaced.
func (s *Service) ScopeRootsAt(ctx context.Context, unit string, at period.Date) ([]string, error) {
	units, err := s.inForceAt(ctx, unit, at)
	if err != nil {
		return nil, err
	}
	var roots []string
	for _, u := range units {
		root := u.Code
		if u.Kind == KindCommission && u.ParentCode != "" {
			root = u.ParentCode
		}
		if !slices.Contains(roots, root) {
			roots = append(roots, root)
		}
	}
	return roots, nil
}

// inForceAt returns unit as of at, or, when it was not in force then, its
// predecessors (transitively) that were; or its successors when at is after
// its end.
func (s *Service) inForceAt(ctx context.Context, code string, at period.Date) ([]Unit, error) {
	u, err := s.Store.FindUnit(ctx, code, at)
	if err == nil {
		return []Unit{*u}, nil
	}
	if !apperr.Is(err, apperr.ENOTFOUND) {
		return nil, err
	}
	codes, err := s.PredecessorsAt(ctx, code, at)
	if err != nil {
		return nil, err
	}
	if len(codes) == 0 {
		codes, err = s.SuccessorsAt(ctx, code, at)
		if err != nil {
			return nil, err
		}
	}
	var out []Unit
	for _, c := range codes {
		u, err := s.Store.FindUnit(ctx, c, at)
		if err != nil {
			if apperr.Is(err, apperr.ENOTFOUND) {
				continue
			}
			return nil, err
		}
		out = append(out, *u)
	}
	return out, nil
}

// Within reports whether unit is one of roots or below one of them on at.
func (s *Service) Within(ctx context.Context, roots []string, unit string, at period.Date) (bool, error) {
	if len(roots) == 0 {
		return false, nil
	}
	if slices.Contains(roots, unit) {
		return true, nil
	}
	anc, err := s.Store.AncestorsAt(ctx, unit, at)
	if err != nil {
		if apperr.Is(err, apperr.ENOTFOUND) {
			return false, nil
		}
		return false, err
	}
	for _, a := range anc {
		if slices.Contains(roots, a) {
			return true, nil
		}
	}
	return false, nil
}

// maxHops bounds the walk through restructuring events; real chains are a
// handful of events long, and the bound guards against a bad cycle in data.
const maxHops = 32

// SuccessorsAt follows restructuring events forward from code and returns
// the units in force on at that code became (code itself if still in force).
func (s *Service) SuccessorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	return s.walk(ctx, code, at, s.Store.EventsFrom, func(l Link) string { return l.To })
}

// PredecessorsAt follows restructuring events backward from code and returns
// the units in force on at that became code.
func (s *Service) PredecessorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	return s.walk(ctx, code, at, s.Store.EventsTo, func(l Link) string { return l.From })
}

func (s *Service) walk(ctx context.Context, code string, at period.Date,
	events func(context.Context, string) ([]Event, error), other func(Link) string) ([]string, error) {
	seen := map[string]bool{code: true}
	frontier := []string{code}
	var out []string
	for hop := 0; len(frontier) > 0; hop++ {
		if hop > maxHops {
			return nil, fmt.Errorf("walk restructuring from %s: more than %d hops", code, maxHops)
		}
		var next []string
		for _, c := range frontier {
			if _, err := s.Store.FindUnit(ctx, c, at); err == nil {
				if !slices.Contains(out, c) {
					out = append(out, c)
				}
				continue
			} else if !apperr.Is(err, apperr.ENOTFOUND) {
				return nil, err
			}
			evs, err := events(ctx, c)
			if err != nil {
				return nil, err
			}
			for _, e := range evs {
				for _, l := range e.Links {
					if l.From != c && l.To != c {
						continue
					}
					o := other(l)
					if o == "" || seen[o] {
						continue
					}
					seen[o] = true
					next = append(next, o)
				}
			}
		}
		frontier = next
	}
	return out, nil
}

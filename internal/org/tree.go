package org

import (
	"bytes"
	"slices"

	"giaoban/internal/vntext"
)

// SortSiblings orders units the way the UI lists siblings: bodies before
// territories (the commission first, then the provincial bodies, then the
// districts and communes), and by Vietnamese alphabetical order within each
// kind.
func SortSiblings(us []Unit) {
	keys := make(map[string][]byte, len(us))
	for _, u := range us {
		keys[u.Code] = sortKey(u)
	}
	sortSiblings(us, keys)
}

// sortSiblings sorts with precomputed collation keys: a collator comparison
// costs microseconds, and a country tree sorts ten thousand names.
func sortSiblings(us []Unit, keys map[string][]byte) {
	slices.SortStableFunc(us, func(a, b Unit) int {
		if a.Kind != b.Kind {
			return kindOrder(a.Kind) - kindOrder(b.Kind)
		}
		return bytes.Compare(keys[a.Code], keys[b.Code])
	})
}

func kindOrder(k Kind) int {
	if i := slices.Index(displayOrder, k); i >= 0 {
		return i
	}
	return len(displayOrder)
}

var displayOrder = []Kind{KindCommission, KindPartyCommittee, KindFront, KindMassOrg, KindGovernment,
	KindArmedForces, KindOther, KindProvince, KindDistrict, KindCommune}

// Tree orders units in force on one date depth-first for display: every
// unit whose parent is not among them is a root; siblings are sorted with
// SortSiblings; Level is set to the depth below the unit's root.
func Tree(units []Unit) []Unit {
	present := make(map[string]bool, len(units))
	keys := make(map[string][]byte, len(units))
	for _, u := range units {
		present[u.Code] = true
		keys[u.Code] = sortKey(u)
	}
	children := map[string][]Unit{}
	var roots []Unit
	for _, u := range units {
		if u.ParentCode != "" && present[u.ParentCode] {
			children[u.ParentCode] = append(children[u.ParentCode], u)
		} else {
			roots = append(roots, u)
		}
	}
	sortSiblings(roots, keys)
	for k := range children {
		sortSiblings(children[k], keys)
	}
	out := make([]Unit, 0, len(units))
	var walk func(u Unit, level int)
	walk = func(u Unit, level int) {
		u.Level = level
		out = append(out, u)
		for _, c := range children[u.Code] {
			walk(c, level+1)
		}
	}
	for _, r := range roots {
		walk(r, 0)
	}
	return out
}

func sortKey(u Unit) []byte {
	if u.SortKey != nil {
		return u.SortKey
	}
	return vntext.Key(u.Name)
}

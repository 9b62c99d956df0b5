package vntext

import (
	"bytes"
	"slices"
	"sync"

	"golang.org/x/text/collate"
	"golang.org/x/text/language"
)

// collator is a Vietnamese collator with its key buffer. collate.Collator
// keeps iteration state, so each goroutine borrows one from the pool.
type collator struct {
	c   *collate.Collator
	buf collate.Buffer
}

// collators hands out Vietnamese collators. Numeric ordering is on so that
// "Phường 2" sorts before "Phường 10", as people expect for unit names.
var collators = sync.Pool{New: func() any {
	return &collator{c: collate.New(language.Vietnamese, collate.Numeric)}
}}

// Compare orders a and b by Vietnamese collation (CLDR, via
// golang.org/x/text/collate): letters first, in the order
// a ă â b c d đ e ê … o ô ơ … u ư …, then tones (ngang, huyền, hỏi, ngã,
// sắc, nặng), then case, lower case first; digit runs compare by value.
// Both strings are Normalized first, so tone placement, NFD and extra white
// space do not affect the order. It returns -1, 0 or +1.
func Compare(a, b string) int {
	c := collators.Get().(*collator)
	defer collators.Put(c)
	return c.c.CompareString(Normalize(a), Normalize(b))
}

// Less reports whether a sorts before b in Vietnamese collation.
func Less(a, b string) bool { return Compare(a, b) < 0 }

// Key returns the Vietnamese collation key of s: Compare(a, b) equals
// bytes.Compare(Key(a), Key(b)). Stored in a BLOB/bytea column it gives a
// Vietnamese ORDER BY on SQLite and PostgreSQL alike. Keys depend on the CLDR
// data of golang.org/x/text; recompute stored keys after upgrading it.
func Key(s string) []byte {
	c := collators.Get().(*collator)
	defer collators.Put(c)
	k := bytes.Clone(c.c.KeyFromString(&c.buf, Normalize(s)))
	c.buf.Reset()
	return k
}

// SortStrings sorts ss in place by Vietnamese collation. The sort is stable,
// and each key is computed once.
func SortStrings(ss []string) {
	if len(ss) < 2 {
		return
	}
	type item struct {
		key []byte
		s   string
	}
	c := collators.Get().(*collator)
	items := make([]item, len(ss))
	for i, s := range ss {
		items[i] = item{key: c.c.KeyFromString(&c.buf, Normalize(s)), s: s}
	}
	slices.SortStableFunc(items, func(x, y item) int { return bytes.Compare(x.key, y.key) })
	for i := range items {
		ss[i] = items[i].s
	}
	c.buf.Reset()
	collators.Put(c)
}

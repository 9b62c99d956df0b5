package vntext

import (
	"math/rand/v2"
	"strings"
	"testing"
	"time"
)

func TestScratchPerf(t *testing.T) {
	r := rand.New(rand.NewPCG(1, 1))
	for _, hi := range []int{0x300, 0x3000, 0x30000, 0x10FFFF} {
		var b strings.Builder
		for b.Len() < 1<<20 {
			b.WriteRune(rune(r.IntN(hi)))
		}
		s := b.String()
		for name, f := range map[string]func(string){"Fold": func(s string) { Fold(s) }, "Normalize": func(s string) { Normalize(s) }, "Fix": func(s string) { Fix(s) }, "Tokens": func(s string) { Tokens(s) }, "ExpandQuery": func(s string) { ExpandQuery(s) }, "Slug": func(s string) { Slug(s) }} {
			st := time.Now()
			f(s)
			t.Logf("%x %s %v", hi, name, time.Since(st))
		}
	}
}

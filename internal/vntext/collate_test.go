package vntext

import (
	"bytes"
	"math/rand/v2"
	"slices"
	"sync"
	"testing"
)

func TestSortStrings(t *testing.T) {
	tests := []struct {
		name string
		in   []string
		want []string
	}{
		{
			// Vietnamese alphabet: a ă â b c d đ e ê … o ô ơ … u ư; tones come
			// after the letters, so "Ánh" sorts with "Anh", not after "Z".
			name: "names",
			in:   []string{"Uyên", "Ê", "Dũng", "Đình", "Bắc", "Anh", "Ánh", "Ư", "Ơn", "Ôn", "On", "Ăn", "Ân", "An"},
			want: []string{"An", "Anh", "Ánh", "Ăn", "Ân", "Bắc", "Dũng", "Đình", "Ê", "On", "Ôn", "Ơn", "Uyên", "Ư"},
		},
		{
			// ngang, huyền, hỏi, ngã, sắc, nặng
			name: "tones",
			in:   []string{"ạ", "á", "ã", "ả", "à", "a"},
			want: []string{"a", "à", "ả", "ã", "á", "ạ"},
		},
		{
			name: "d before đ even with tones",
			in:   []string{"Đà Nẵng", "Dương", "Đắk Lắk", "Dũng"},
			want: []string{"Dũng", "Dương", "Đà Nẵng", "Đắk Lắk"},
		},
		{
			name: "numbers by value",
			in:   []string{"Phường 10", "Phường 2", "Phường 1"},
			want: []string{"Phường 1", "Phường 2", "Phường 10"},
		},
		{
			name: "districts of Lạng Sơn",
			in:   []string{"Văn Quan", "Tràng Định", "Lộc Bình", "Cao Lộc", "Đình Lập", "Bình Gia", "Bắc Sơn", "Chi Lăng", "Hữu Lũng", "Văn Lãng"},
			want: []string{"Bắc Sơn", "Bình Gia", "Cao Lộc", "Chi Lăng", "Đình Lập", "Hữu Lũng", "Lộc Bình", "Tràng Định", "Văn Lãng", "Văn Quan"},
		},
	}
	for _, tt := range tests {
		t.Run(tt.name, func(t *testing.T) {
			got := slices.Clone(tt.in)
			SortStrings(got)
			if !slices.Equal(got, tt.want) {
				t.Errorf("got %q, want %q", got, tt.want)
			}
			got2 := slices.Clone(tt.in)
			slices.SortStableFunc(got2, Compare)
			if !slices.Equal(got2, tt.want) {
				t.Errorf("Compare: got %q, want %q", got2, tt.want)
			}
			keys := make([][]byte, len(tt.in))
			for i, s := range tt.want {
				keys[i] = Key(s)
			}
			if !slices.IsSortedFunc(keys, bytes.Compare) {
				t.Errorf("got keys out of order for %q, want sorted", tt.want)
			}
		})
	}
}

func TestCompare(t *testing.T) {
	tests := []struct {
		a, b string
		want int
	}{
		{"Anh", "Ánh", -1},
		{"Ánh", "Bắc", -1},
		{"Dũng", "Đình", -1},
		{"Tỉnh uỷ", "Tỉnh ủy", 0},
		{"hoà", "hòa", 0},
		{"Hà  Nội", "Hà Nội", 0},
		{"Hòa", "hòa", 1}, // lower case first, at the last level only
		{"Uyên", "Ư", -1},
	}
	for _, tt := range tests {
		t.Run(tt.a+"|"+tt.b, func(t *testing.T) {
			if got := Compare(tt.a, tt.b); got != tt.want {
				t.Errorf("got %v, want %v", got, tt.want)
			}
			if got := Less(tt.a, tt.b); got != (tt.want < 0) {
				t.Errorf("Less: got %v, want %v", got, tt.want < 0)
			}
			if got := bytes.Compare(Key(tt.a), Key(tt.b)); got != tt.want {
				t.Errorf("Key: got %v, want %v", got, tt.want)
			}
		})
	}
}

// TestKeyMatchesCompare checks that byte order of keys is the collation
// order, which is what an ORDER BY on a key column relies on.
func TestKeyMatchesCompare(t *testing.T) {
	words := []string{"a", "á", "ă", "ắ", "â", "b", "d", "đ", "Đ", "e", "ê", "hòa", "hoà", "Hoàng", "Ô", "ơ", "u", "ư", "Ư", "y", "ý", "1", "2", "10", " ", "Z"}
	r := rand.New(rand.NewPCG(1, 2))
	gen := func() string {
		var s string
		for range r.IntN(4) + 1 {
			s += words[r.IntN(len(words))]
		}
		return s
	}
	for range 2000 {
		a, b := gen(), gen()
		if got, want := bytes.Compare(Key(a), Key(b)), Compare(a, b); got != want {
			t.Fatalf("%q vs %q: got %v, want %v", a, b, got, want)
		}
	}
}

func TestCompareConcurrent(t *testing.T) {
	var wg sync.WaitGroup
	for range 8 {
		wg.Go(func() {
			for range 200 {
				if Compare("Đình", "Dũng") != 1 || !bytes.Equal(Key("hoà"), Key("hòa")) {
					t.Error("got wrong order, want Dũng < Đình and equal keys")
					return
				}
			}
		})
	}
	wg.Wait()
}

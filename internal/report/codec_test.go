package report

import (
	"testing"
)

// TestDecodeFastPathAgrees: the hand-written decoder gives what
// encoding/json gives, and refuses what it does not handle.
func TestDecodeFastPathAgrees(t *testing.T) {
	vals := map[string]Value{
		"A": {Int: 26_000_000_000, Set: true}, "B": {Float: 87.5, Set: true}, "C": {Text: "Mặt trận: tổ chức, \"đại hội\"", Set: true},
		"D": {Int: -9223372036854775808, Set: true}, "E": {Text: "a,b:c}", Set: true}, "F": {Int: 0, Set: true},
	}
	enc := EncodeValues(vals)
	got, err := DecodeValues(enc)
	if err != nil {
		t.Fatal(err)
	}
	for k, v := range vals {
		if got[k] != v {
			t.Errorf("%s: got %+v, want %+v", k, got[k], v)
		}
	}
	for _, s := range []string{`{}`, `{"A":"i1"}`, `{"A":"i1","B":"f2.5","C":"tchữ"}`} {
		fast, ok := decodeSimple(s)
		if !ok {
			t.Errorf("fast path refused %s", s)
			continue
		}
		slow, err := DecodeValues(s)
		if err != nil || len(fast) != len(slow) {
			t.Errorf("%s: fast %v, slow %v %v", s, fast, slow, err)
		}
	}
	for _, s := range []string{`{"A":"x1"}`, `{"A":"i1"`, `["A"]`, `{"A":"i1",}`, `{"A" :"i1"}`, `{"A":"iz"}`} {
		if _, ok := decodeSimple(s); ok {
			t.Errorf("fast path accepted %s", s)
		}
	}
}

func FuzzDecodeValues(f *testing.F) {
	f.Add(`{"A":"i1","B":"f2.5","C":"tchữ"}`)
	f.Add(`{"A":"t\u0041"}`)
	f.Fuzz(func(t *testing.T, s string) {
		fast, ok := decodeSimple(s)
		if !ok {
			return
		}
		// Whatever the fast path accepts, encoding/json must read the same.
		var slow map[string]Value
		func() {
			defer func() { recover() }()
			slow, _ = decodeJSONValues(s)
		}()
		if slow != nil && len(slow) != len(fast) {
			t.Errorf("%q: fast %d values, json %d", s, len(fast), len(slow))
		}
	})
}

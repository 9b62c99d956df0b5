// Package vntext owns Vietnamese text: NFC, canonical tone placement,
// diacritic folding (đ→d), tokens, abbreviations, legacy TCVN3/VNI decoding,
// collation, and Vietnamese number, money and date formats.
package vntext

import (
	"strings"
	"unicode"

	"golang.org/x/text/unicode/norm"
)

// Normalize returns s in NFC with canonical tone placement and trimmed,
// single-spaced whitespace. (Preliminary: tone placement to follow.)
func Normalize(s string) string {
	return strings.Join(strings.Fields(norm.NFC.String(s)), " ")
}

// Fold returns the search key of s: lower case, every diacritic removed,
// đ mapped to d, whitespace collapsed. (Preliminary.)
func Fold(s string) string {
	d := norm.NFD.String(strings.ToLower(s))
	var b strings.Builder
	for _, r := range d {
		switch {
		case unicode.Is(unicode.Mn, r):
		case r == 'đ':
			b.WriteRune('d')
		default:
			b.WriteRune(r)
		}
	}
	return strings.Join(strings.Fields(b.String()), " ")
}

// Compare orders a and b by Vietnamese collation. (Preliminary.)
func Compare(a, b string) int { return strings.Compare(Fold(a), Fold(b)) }

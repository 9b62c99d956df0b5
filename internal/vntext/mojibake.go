package vntext

import (
	"strings"
	"unicode/utf8"
)

// Text saved as UTF-8 and read back as Windows-1252 (or Latin-1) — an
// e-mail or a CSV opened with the wrong code page — turns "Dân vận Tỉnh
// ủy" into "DÃ¢n váº­n Tá»‰nh á»§y". repairUTF8Mojibake undoes that word by
// word: a word whose runes all have a Windows-1252 (or Latin-1) byte, that
// has a UTF-8 lead byte Vietnamese uses (Ã Ä Å Æ for U+00C0–U+01BF, Ì Í
// for combining marks, á for U+1E00–U+1EFF) followed by continuation
// bytes, and whose bytes form valid UTF-8, is replaced by that UTF-8. Plain
// Vietnamese is never changed: its letters are single Latin-1 bytes such as
// à or ô, which are not valid UTF-8 on their own, and it never has a lead
// byte followed by continuation symbols such as "»" or "º".
func repairUTF8Mojibake(s string) (string, bool) {
	if !strings.ContainsAny(s, "ÃÄÅÆÌÍá") {
		return s, false
	}
	t := tables()
	changed := false
	var b strings.Builder
	rest := s
	for len(rest) > 0 {
		// Split on ASCII white space, keeping it.
		i := strings.IndexAny(rest, " \t\n\r")
		word, sep := rest, ""
		if i >= 0 {
			word, sep = rest[:i], rest[i:i+1]
			rest = rest[i+1:]
		} else {
			rest = ""
		}
		if fixed, ok := t.unmojibakeWord(word); ok {
			b.WriteString(fixed)
			changed = true
		} else {
			b.WriteString(word)
		}
		b.WriteString(sep)
	}
	if !changed {
		return s, false
	}
	return b.String(), true
}

// unmojibakeWord re-encodes word to Windows-1252 bytes and returns them as
// UTF-8 when they are valid UTF-8 with at least one multi-byte sequence.
func (t *legacyTables) unmojibakeWord(word string) (string, bool) {
	if !strings.ContainsAny(word, "ÃÄÅÆÌÍá") {
		return "", false
	}
	buf := make([]byte, 0, len(word))
	multi := false
	for _, r := range word {
		switch {
		case r < 0x80:
			buf = append(buf, byte(r))
		case r <= 0xFF:
			// Latin-1, including the C1 controls that Windows-1252 leaves
			// undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D: "Đ" is C4 90).
			buf = append(buf, byte(r))
			multi = true
		default:
			c, ok := t.toCP1252[r]
			if !ok {
				return "", false
			}
			buf = append(buf, c)
			multi = true
		}
	}
	if !multi || !utf8.Valid(buf) {
		return "", false
	}
	out := string(buf)
	for _, r := range out {
		if r >= 0x80 {
			return out, true
		}
	}
	return "", false
}

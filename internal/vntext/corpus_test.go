package vntext

import (
	"bufio"
	"encoding/json"
	"os"
	"path/filepath"
	"strings"
	"testing"
	"unicode/utf8"

	"golang.org/x/text/unicode/norm"
)

// corpusDoc is one line of shared/data/corpus-vi/corpus.jsonl.
type corpusDoc struct {
	ID          string `json:"id"`
	Title       string `json:"title"`
	Body        string `json:"body"`
	UnicodeForm string `json:"unicode_form"`
}

// loadCorpus reads the shared Vietnamese corpus at run time (it must not be
// copied into the repository). GIAOBAN_CORPUS_VI overrides the path; tests
// skip when the file is absent.
func loadCorpus(tb testing.TB) []corpusDoc {
	tb.Helper()
	path := os.Getenv("GIAOBAN_CORPUS_VI")
	if path == "" {
		path = filepath.Join("..", "..", "..", "shared", "data", "corpus-vi", "corpus.jsonl")
	}
	f, err := os.Open(path)
	if err != nil {
		tb.Skipf("corpus not available: %v", err)
	}
	defer f.Close()
	var docs []corpusDoc
	sc := bufio.NewScanner(f)
	sc.Buffer(nil, 16<<20)
	for sc.Scan() {
		var d corpusDoc
		if err := json.Unmarshal(sc.Bytes(), &d); err != nil {
			tb.Fatalf("corpus line %d: %v", len(docs)+1, err)
		}
		docs = append(docs, d)
	}
	if err := sc.Err(); err != nil {
		tb.Fatal(err)
	}
	return docs
}

// TestCorpusNoFalseLegacy checks that real Unicode documents are never taken
// for legacy mojibake: Fix must equal NormalizeText on every title and body.
func TestCorpusNoFalseLegacy(t *testing.T) {
	for _, d := range loadCorpus(t) {
		for _, s := range []string{d.Title, d.Body} {
			if enc := DetectLegacy(s); enc != Unicode {
				t.Errorf("%s: got %v, want %v", d.ID, enc, Unicode)
				continue
			}
			if got, want := Fix(s), NormalizeText(s); got != want {
				t.Errorf("%s: got Fix != NormalizeText, want equal", d.ID)
			}
		}
	}
}

// TestCorpusFoldNFD checks that decomposed documents fold like their NFC
// form, and that tone placement does not change the folded key.
func TestCorpusFoldNFD(t *testing.T) {
	nfd := 0
	for _, d := range loadCorpus(t) {
		nfc := norm.NFC.String(d.Body)
		want := Fold(nfc)
		if d.UnicodeForm == "NFD" {
			nfd++
			if got := Fold(d.Body); got != want {
				t.Errorf("%s: got Fold(NFD) != Fold(NFC), want equal", d.ID)
			}
		}
		if got := Fold(norm.NFD.String(d.Body)); got != want {
			t.Errorf("%s: got Fold(NFD(body)) != Fold(NFC), want equal", d.ID)
		}
		if got := Fold(Normalize(d.Body)); got != want {
			t.Errorf("%s: got Fold(Normalize(body)) != Fold(body), want equal", d.ID)
		}
		if got := NormalizeText(d.Body); got != NormalizeText(norm.NFD.String(d.Body)) {
			t.Errorf("%s: got NormalizeText different for NFD, want equal", d.ID)
		}
		if got := Normalize(d.Title); Normalize(got) != got {
			t.Errorf("%s: got Normalize not idempotent, want idempotent", d.ID)
		}
	}
	if nfd == 0 {
		t.Errorf("got %v NFD documents, want some", nfd)
	}
}

// TestCorpusLegacyRoundTrip encodes real documents in TCVN3 and VNI, reads
// them back as Windows-1252 mojibake, and checks detection and repair.
func TestCorpusLegacyRoundTrip(t *testing.T) {
	docs := loadCorpus(t)
	for _, enc := range []Encoding{TCVN3, VNI} {
		t.Run(enc.String(), func(t *testing.T) {
			m := legacyEncoder(t, enc)
			tested := 0
			for _, d := range docs {
				text := NormalizeText(d.Title + "\n" + d.Body)
				b, ok := encodeBytes(m, text)
				if !ok {
					continue // a character the legacy encoding cannot hold
				}
				// Symbols whose byte is a letter byte in the legacy encoding
				// («, ·, ±…) cannot survive the round trip.
				if strings.ContainsFunc(text, func(r rune) bool {
					c, ok := tables().cp1252Byte(r)
					return r >= 0x80 && m[r] == nil && ok && tables().legacyLetter[enc][c]
				}) {
					continue
				}
				tested++
				in := mojibake(b)
				if got := DetectLegacy(in); got != enc {
					t.Errorf("%s: got %v, want %v", d.ID, got, enc)
					continue
				}
				got, want := Fix(in), text
				if enc == TCVN3 {
					// TCVN3 has no upper-case toned vowels.
					got, want = strings.ToLower(got), strings.ToLower(want)
				}
				if got != want {
					t.Errorf("%s: got %.200q, want %.200q", d.ID, got, want)
				}
				if got := FixBytes(b); !utf8.ValidString(got) {
					t.Errorf("%s: got invalid UTF-8 from FixBytes, want valid", d.ID)
				}
			}
			if tested < len(docs)/2 {
				t.Errorf("got %v documents tested, want at least %v", tested, len(docs)/2)
			}
		})
	}
}

// corpusTexts returns every title and body of the corpus, and their size.
func corpusTexts(b *testing.B) ([]string, int64) {
	var texts []string
	var n int64
	for _, d := range loadCorpus(b) {
		texts = append(texts, d.Title, d.Body)
		n += int64(len(d.Title) + len(d.Body))
	}
	return texts, n
}

// benchCorpus runs f over every document, reporting MB/s of input.
func benchCorpus(b *testing.B, f func(string)) {
	texts, n := corpusTexts(b)
	b.SetBytes(n)
	b.ResetTimer()
	for b.Loop() {
		for _, s := range texts {
			f(s)
		}
	}
}

func BenchmarkFold(b *testing.B)          { benchCorpus(b, func(s string) { Fold(s) }) }
func BenchmarkNormalize(b *testing.B)     { benchCorpus(b, func(s string) { Normalize(s) }) }
func BenchmarkNormalizeText(b *testing.B) { benchCorpus(b, func(s string) { NormalizeText(s) }) }
func BenchmarkFix(b *testing.B)           { benchCorpus(b, func(s string) { Fix(s) }) }
func BenchmarkTokens(b *testing.B)        { benchCorpus(b, func(s string) { Tokens(s) }) }
func BenchmarkDetectLegacy(b *testing.B)  { benchCorpus(b, func(s string) { DetectLegacy(s) }) }
func BenchmarkKey(b *testing.B)           { benchCorpus(b, func(s string) { Key(s) }) }

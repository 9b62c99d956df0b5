package news

import (
	"bytes"
	"hash/crc32"
	"image"
	"image/color"
	"image/gif"
	"image/jpeg"
	"image/png"
	"strings"
	"testing"

	"giaoban/internal/apperr"
)

// TestImage returns an encoded test photo of w×h pixels ("png" or "jpeg").
func testImage(t testing.TB, format string, w, h int) []byte {
	t.Helper()
	img := image.NewRGBA(image.Rect(0, 0, w, h))
	for y := 0; y < h; y++ {
		for x := 0; x < w; x++ {
			img.Set(x, y, color.RGBA{uint8(x), uint8(y), 128, 255})
		}
	}
	var buf bytes.Buffer
	var err error
	switch format {
	case "png":
		err = png.Encode(&buf, img)
	case "gif":
		err = gif.Encode(&buf, img, nil)
	default:
		err = jpeg.Encode(&buf, img, nil)
	}
	if err != nil {
		t.Fatal(err)
	}
	return buf.Bytes()
}

func decodedWidth(t *testing.T, b []byte) (int, int, string) {
	t.Helper()
	cfg, format, err := image.DecodeConfig(bytes.NewReader(b))
	if err != nil {
		t.Fatal(err)
	}
	return cfg.Width, cfg.Height, format
}

func TestProcessImage(t *testing.T) {
	f, err := ProcessImage(testImage(t, "jpeg", 1600, 900))
	if err != nil {
		t.Fatal(err)
	}
	if f.ContentType != "image/jpeg" || f.Width != 1600 || f.Height != 900 {
		t.Errorf("got %s %d×%d", f.ContentType, f.Width, f.Height)
	}
	if w, h, format := decodedWidth(t, f.Small); w != 320 || h != 180 || format != "jpeg" {
		t.Errorf("small: %d×%d %s", w, h, format)
	}
	if w, h, _ := decodedWidth(t, f.Large); w != 960 || h != 540 {
		t.Errorf("large: %d×%d", w, h)
	}
	// A PNG stays PNG, and a small one is not enlarged.
	f, err = ProcessImage(testImage(t, "png", 400, 300))
	if err != nil {
		t.Fatal(err)
	}
	if w, _, format := decodedWidth(t, f.Large); w != 400 || format != "png" {
		t.Errorf("large of a 400 px PNG: %d %s", w, format)
	}
	if w, _, _ := decodedWidth(t, f.Small); w != 320 {
		t.Errorf("small of a 400 px PNG: %d", w)
	}
}

func TestProcessImageRefuses(t *testing.T) {
	// A PNG header claiming 9000×9000 pixels: refused before decoding.
	big := testImage(t, "png", 20, 20)
	binaryPutSize(big, 9000, 9000)
	cases := map[string][]byte{
		"empty":          nil,
		"not an image":   []byte("<script>alert(1)</script>"),
		"gif":            testImage(t, "gif", 50, 50),
		"too small":      testImage(t, "png", 8, 8),
		"too large":      big,
		"too many bytes": append(testImage(t, "png", 20, 20), make([]byte, MaxImageBytes)...),
	}
	for name, b := range cases {
		if _, err := ProcessImage(b); apperr.Code(err) != apperr.EINVALID || apperr.FieldsOf(err)["file"] == "" {
			t.Errorf("%s: got %v, want EINVALID on file", name, err)
		}
	}
	if _, err := ProcessImage(big); !strings.Contains(apperr.Message(err), "8.000") {
		t.Errorf("9000×9000: %v", err)
	}
}

// binaryPutSize overwrites the width and height in a PNG's IHDR chunk.
func binaryPutSize(b []byte, w, h uint32) {
	put := func(at int, v uint32) {
		b[at], b[at+1], b[at+2], b[at+3] = byte(v>>24), byte(v>>16), byte(v>>8), byte(v)
	}
	put(16, w)
	put(20, h)
	put(29, crc32.ChecksumIEEE(b[12:29]))
}

func TestImageMetaValidate(t *testing.T) {
	m := ImageMeta{Caption: " Toàn cảnh hội nghị "}
	m.Normalize()
	if err := m.Validate(); apperr.FieldsOf(err)["alt"] == "" {
		t.Errorf("missing alt accepted: %v", err)
	}
	m.Alt = "Toàn cảnh hội nghị giao ban"
	if err := m.Validate(); err != nil {
		t.Error(err)
	}
}

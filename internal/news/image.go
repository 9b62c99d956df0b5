package news

import (
	"bytes"
	"image"
	"image/jpeg"
	"image/png"
	"time"
	"unicode/utf8"

	"golang.org/x/image/draw"

	"giaoban/internal/apperr"
	"giaoban/internal/vntext"
)

// Image is an article's photo with its caption and alt text, without its
// bytes. An image without a file is a photo slot waiting for a photo.
type Image struct {
	ID          int64
	ArticleID   int64
	Seq         int // display order
	Caption     string
	Alt         string
	ContentType string // "" for a slot
	Width       int
	Height      int
	Size        int64 // bytes of the original
	UploadedAt  time.Time
	UploadedBy  string
}

// HasFile reports whether a photo was uploaded.
func (im Image) HasFile() bool { return im.ContentType != "" }

// Image sizes stored beside the original: the article column and a
// thumbnail for lists. Images narrower than a size are not enlarged.
const (
	SmallWidth = 320
	LargeWidth = 960
)

// Limits on uploads: bytes, and pixels on each side (a small file can
// still decode into a huge bitmap).
const (
	MaxImageBytes = 10 << 20
	MaxImageSide  = 8000
	MinImageSide  = 16
	MaxCaption    = 500
	MaxAlt        = 300
)

// Size names one stored rendition of an image in URLs.
type Size string

const (
	SizeSmall    Size = "320"
	SizeLarge    Size = "960"
	SizeOriginal Size = "goc"
)

// ParseSize parses a size from a URL; ok is false for anything else.
func ParseSize(s string) (Size, bool) {
	switch Size(s) {
	case SizeSmall, SizeLarge, SizeOriginal:
		return Size(s), true
	}
	return "", false
}

// ImageFile is an upload decoded and resized.
type ImageFile struct {
	ContentType   string // image/jpeg or image/png
	Width, Height int
	Original      []byte
	Small, Large  []byte
}

// Data returns the bytes of one size.
func (f *ImageFile) Data(s Size) []byte {
	switch s {
	case SizeSmall:
		return f.Small
	case SizeLarge:
		return f.Large
	}
	return f.Original
}

// ImageMeta is what an editor types about a photo.
type ImageMeta struct {
	Caption string
	Alt     string
}

// Normalize cleans the caption and alt text.
func (m *ImageMeta) Normalize() {
	m.Caption = vntext.Normalize(m.Caption)
	m.Alt = vntext.Normalize(m.Alt)
}

// Validate requires alt text (a photo must be described for readers who
// cannot see it) and bounds both texts.
func (m *ImageMeta) Validate() error {
	f := map[string]string{}
	if m.Alt == "" {
		f["alt"] = "Vui lòng nhập mô tả ảnh (cho người không xem được ảnh)."
	} else if utf8.RuneCountInString(m.Alt) > MaxAlt {
		f["alt"] = "Mô tả ảnh dài quá 300 ký tự."
	}
	if utf8.RuneCountInString(m.Caption) > MaxCaption {
		f["caption"] = "Chú thích ảnh dài quá 500 ký tự."
	}
	if len(f) > 0 {
		return apperr.Invalid("Thông tin ảnh chưa hợp lệ.", f)
	}
	return nil
}

// ProcessImage checks an upload (JPEG or PNG, within the size limits) and
// makes its resized copies with Catmull-Rom resampling. EINVALID with the
// field "file" when the file is refused.
func ProcessImage(data []byte) (*ImageFile, error) {
	bad := func(msg string) error { return apperr.Invalid(msg, map[string]string{"file": msg}) }
	if len(data) == 0 {
		return nil, bad("Vui lòng chọn tệp ảnh.")
	}
	if len(data) > MaxImageBytes {
		return nil, bad("Ảnh lớn quá 10 MB.")
	}
	cfg, format, err := image.DecodeConfig(bytes.NewReader(data))
	if err != nil || (format != "jpeg" && format != "png") {
		return nil, bad("Chỉ nhận ảnh JPEG hoặc PNG.")
	}
	if cfg.Width > MaxImageSide || cfg.Height > MaxImageSide {
		return nil, bad("Ảnh lớn quá 8.000 điểm ảnh mỗi chiều.")
	}
	if cfg.Width < MinImageSide || cfg.Height < MinImageSide {
		return nil, bad("Ảnh nhỏ quá (cần ít nhất 16 điểm ảnh mỗi chiều).")
	}
	img, _, err := image.Decode(bytes.NewReader(data))
	if err != nil {
		return nil, bad("Không đọc được tệp ảnh (tệp hỏng?).")
	}
	f := &ImageFile{ContentType: "image/" + format, Width: cfg.Width, Height: cfg.Height, Original: data}
	if f.Small, err = resized(img, format, SmallWidth); err != nil {
		return nil, err
	}
	if f.Large, err = resized(img, format, LargeWidth); err != nil {
		return nil, err
	}
	return f, nil
}

// resized encodes img at most width pixels wide, keeping its proportions.
func resized(img image.Image, format string, width int) ([]byte, error) {
	b := img.Bounds()
	w, h := b.Dx(), b.Dy()
	if w > width {
		h = max(1, h*width/w)
		w = width
	}
	dst := image.NewRGBA(image.Rect(0, 0, w, h))
	draw.CatmullRom.Scale(dst, dst.Bounds(), img, b, draw.Src, nil)
	var buf bytes.Buffer
	var err error
	if format == "png" {
		err = (&png.Encoder{CompressionLevel: png.BestSpeed}).Encode(&buf, dst)
	} else {
		err = jpeg.Encode(&buf, dst, &jpeg.Options{Quality: 85})
	}
	return buf.Bytes(), err
}

package report

import (
	"bytes"
	"context"
	"net/http"
	"path"
	"strings"
	"time"
	"unicode/utf8"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
)

// MaxAttachment is the largest file a report may carry: scanned documents
// of a few pages fit; video does not belong in a report.
const MaxAttachment = 10 << 20

// Attachment is a file attached to a report (scanned signed copy, photos).
type Attachment struct {
	ID          int64
	Key         Key
	Filename    string
	ContentType string
	Size        int64
	Data        []byte // only when read for download
	UploadedAt  time.Time
	UploadedBy  string
}

// allowed maps an extension to the content types its bytes may sniff as.
// Office files sniff as ZIP (OOXML) or as generic binary (old .doc/.xls).
var allowed = map[string][]string{
	".pdf":  {"application/pdf"},
	".jpg":  {"image/jpeg"},
	".jpeg": {"image/jpeg"},
	".png":  {"image/png"},
	".docx": {"application/zip"},
	".xlsx": {"application/zip"},
	".doc":  {"application/octet-stream"},
	".xls":  {"application/octet-stream"},
}

var officeTypes = map[string]string{
	".docx": "application/vnd.openxmlformats-officedocument.wordprocessingml.document",
	".xlsx": "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet",
	".doc":  "application/msword",
	".xls":  "application/vnd.ms-excel",
}

// CheckAttachment validates a file's name, size and type by its bytes, not
// by what the browser claims. It returns the content type to store.
func CheckAttachment(filename string, data []byte) (string, error) {
	name := strings.TrimSpace(path.Base(strings.ReplaceAll(filename, "\\", "/")))
	if name == "" || name == "." || !utf8.ValidString(name) || len(name) > 200 {
		return "", apperr.Invalid("Tên tệp không hợp lệ.", map[string]string{"file": "Tên tệp không hợp lệ."})
	}
	if len(data) == 0 {
		return "", apperr.Invalid("Tệp rỗng.", map[string]string{"file": "Tệp rỗng."})
	}
	if len(data) > MaxAttachment {
		return "", apperr.Invalid("Tệp quá lớn.", map[string]string{"file": "Tệp tối đa 10 MB."})
	}
	ext := strings.ToLower(path.Ext(name))
	want, ok := allowed[ext]
	if !ok {
		return "", apperr.Invalid("Loại tệp không được phép.", map[string]string{"file": "Chỉ nhận tệp PDF, Word, Excel, JPG hoặc PNG."})
	}
	sniffed := http.DetectContentType(data)
	if i := strings.Index(sniffed, ";"); i >= 0 {
		sniffed = sniffed[:i]
	}
	match := false
	for _, w := range want {
		match = match || sniffed == w
	}
	// Old Office files are OLE2 compound documents.
	if (ext == ".doc" || ext == ".xls") && !bytes.HasPrefix(data, []byte{0xD0, 0xCF, 0x11, 0xE0}) {
		match = false
	}
	if !match {
		return "", apperr.Invalid("Nội dung tệp không khớp với phần mở rộng.", map[string]string{"file": "Nội dung tệp không phải " + strings.ToUpper(strings.TrimPrefix(ext, ".")) + "."})
	}
	if t, ok := officeTypes[ext]; ok {
		return t, nil
	}
	return want[0], nil
}

// AttachmentStore persists attachments. Implemented by sqlstore.
type AttachmentStore interface {
	AddAttachment(ctx context.Context, a *Attachment) error
	ListAttachments(ctx context.Context, k Key) ([]Attachment, error)
	FindAttachment(ctx context.Context, id int64) (*Attachment, error)
	DeleteAttachment(ctx context.Context, id int64) error
}

// Attach adds a file to an editable report the actor may write.
func (s *Service) Attach(ctx context.Context, store AttachmentStore, a *auth.Actor, k Key, filename string, data []byte) (*Attachment, error) {
	c, err := s.Get(ctx, a, k)
	if err != nil {
		return nil, err
	}
	if err := s.CanWrite(ctx, a, c); err != nil {
		return nil, err
	}
	if !c.Report.Status.Editable() {
		return nil, LockedError(c.Report)
	}
	ct, err := CheckAttachment(filename, data)
	if err != nil {
		return nil, err
	}
	att := &Attachment{Key: k, Filename: path.Base(strings.ReplaceAll(filename, "\\", "/")), ContentType: ct, Size: int64(len(data)), Data: data,
		UploadedAt: s.Now().UTC(), UploadedBy: a.Username}
	return att, store.AddAttachment(ctx, att)
}

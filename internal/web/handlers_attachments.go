package web

import (
	"io"
	"mime"
	"net/http"
	"strconv"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/report"
)

// readUpload reads the "file" part of a multipart form, at most limit bytes.
func readUpload(r *http.Request, limit int64) (string, []byte, error) {
	if err := r.ParseMultipartForm(limit + 1<<20); err != nil {
		return "", nil, apperr.Invalid("Không đọc được tệp tải lên (tối đa "+strconv.FormatInt(limit>>20, 10)+" MB).", map[string]string{"file": "Tệp quá lớn hoặc biểu mẫu hỏng."})
	}
	f, h, err := r.FormFile("file")
	if err != nil {
		return "", nil, apperr.Invalid("Chưa chọn tệp.", map[string]string{"file": "Chưa chọn tệp."})
	}
	defer f.Close()
	data, err := io.ReadAll(io.LimitReader(f, limit+1))
	if err != nil {
		return "", nil, err
	}
	if int64(len(data)) > limit {
		return "", nil, apperr.Invalid("Tệp quá lớn.", map[string]string{"file": "Tệp tối đa " + strconv.FormatInt(limit>>20, 10) + " MB."})
	}
	return h.Filename, data, nil
}

func (s *Server) handleAttach(w http.ResponseWriter, r *http.Request) error {
	k := reportKey(r)
	a := reqCtx(r).actor
	c, err := s.reports.Get(r.Context(), a, k)
	if err != nil {
		return err
	}
	if err := s.reports.CanWrite(r.Context(), a, c); err != nil {
		return err
	}
	name, data, err := readUpload(r, report.MaxAttachment)
	if err == nil {
		_, err = s.reports.Attach(r.Context(), s.db, reqCtx(r).actor, k, name, data)
	}
	if err != nil {
		if apperr.Is(err, apperr.EINVALID) || apperr.Is(err, apperr.ECONFLICT) {
			msg := apperr.Message(err)
			if f := apperr.FieldsOf(err); f["file"] != "" {
				msg = f["file"]
			}
			setFlash(w, "Chưa đính kèm được: "+msg)
			http.Redirect(w, r, reportURL(k)+"#tep-dinh-kem", http.StatusSeeOther)
			return nil
		}
		return err
	}
	setFlash(w, "Đã đính kèm "+name+".")
	http.Redirect(w, r, reportURL(k)+"#tep-dinh-kem", http.StatusSeeOther)
	return nil
}

// attachmentOf finds an attachment by id and checks it belongs to the
// report in the path, so a URL cannot reach another unit's file.
func (s *Server) attachmentOf(r *http.Request) (*report.Attachment, error) {
	id, err := strconv.ParseInt(r.PathValue("id"), 10, 64)
	if err != nil {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tệp đính kèm.")
	}
	att, err := s.db.FindAttachment(r.Context(), id)
	if err != nil {
		return nil, err
	}
	if att.Key != reportKey(r) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy tệp đính kèm.")
	}
	return att, nil
}

func (s *Server) handleAttachmentGet(w http.ResponseWriter, r *http.Request) error {
	if _, err := s.reports.Get(r.Context(), reqCtx(r).actor, reportKey(r)); err != nil {
		return err
	}
	att, err := s.attachmentOf(r)
	if err != nil {
		return err
	}
	w.Header().Set("Content-Type", att.ContentType)
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": att.Filename}))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(att.Data)
	return err
}

func (s *Server) handleAttachmentDelete(w http.ResponseWriter, r *http.Request) error {
	a := reqCtx(r).actor
	k := reportKey(r)
	c, err := s.reports.Get(r.Context(), a, k)
	if err != nil {
		return err
	}
	if err := s.authz.Can(r.Context(), a, auth.ActReportWrite, k.Unit, c.Period.End); err != nil {
		return err
	}
	if !c.Report.Status.Editable() {
		return report.LockedError(c.Report)
	}
	att, err := s.attachmentOf(r)
	if err != nil {
		return err
	}
	if err := s.db.DeleteAttachment(r.Context(), att.ID); err != nil {
		return err
	}
	setFlash(w, "Đã xóa tệp "+att.Filename+".")
	http.Redirect(w, r, reportURL(k)+"#tep-dinh-kem", http.StatusSeeOther)
	return nil
}

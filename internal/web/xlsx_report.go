package web

import (
	"bytes"
	"context"
	"fmt"
	"io"
	"mime"
	"net/http"
	"sort"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/export/xlsx"
	"giaoban/internal/report"
)

// maxWorkbook bounds an uploaded workbook: a 100-indicator form is ~30 KB;
// a commission's workbook of a few hundred units stays well below this.
const maxWorkbook = 20 << 20

// cellValue turns a stored value into the typed Go value the workbook holds.
func cellValue(t report.ValueType, v report.Value) any {
	if !v.Set {
		return nil
	}
	return v.JSON(t)
}

// formFor lays out a report as a workbook form, with the comparison
// columns filled from the previous period and the same period last year.
func (s *Server) formFor(ctx context.Context, c *report.Context) xlsx.Form {
	rep := c.Report
	f := xlsx.Form{Title: strings.ToUpper(c.Template.Name), TemplateCode: c.Template.Code, TemplateName: c.Template.Name,
		PeriodID: c.Period.ID, PeriodLabel: c.Period.Label(), UnitCode: rep.Unit, UnitName: rep.UnitName, Version: rep.Version, Theme: c.Template.Theme}
	prev, last := s.loadComparisons(ctx, c)
	for _, code := range c.Template.Indicators {
		ind := c.Catalogue[code]
		row := xlsx.Row{Code: code, Name: ind.Name, Measure: ind.Unit, Type: string(ind.Type), Section: ind.Section,
			Value: cellValue(ind.Type, rep.Values[code]), Comment: rep.Comments[code]}
		if prev != nil {
			row.Previous = cellValue(ind.Type, prev.Values[code])
		}
		if last != nil {
			row.LastYear = cellValue(ind.Type, last.Values[code])
		}
		f.Rows = append(f.Rows, row)
	}
	for _, sec := range c.Template.Outline {
		f.Narrative = append(f.Narrative, xlsx.Section{Key: sec.Key, Title: sec.Title, Text: rep.Narrative[sec.Key]})
	}
	return f
}

func writeWorkbook(w http.ResponseWriter, filename string, forms ...xlsx.Form) error {
	var buf bytes.Buffer
	if err := xlsx.Write(&buf, forms...); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": filename}))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err := w.Write(buf.Bytes())
	return err
}

// handleReportXLSX downloads one report as a workbook (page and API).
func (s *Server) handleReportXLSX(w http.ResponseWriter, r *http.Request) error {
	c, err := s.reports.Get(r.Context(), reqCtx(r).actor, reportKey(r))
	if err != nil {
		return err
	}
	k := c.Report.Key
	return writeWorkbook(w, k.Template+"_"+k.Period+"_"+k.Unit+".xlsx", s.formFor(r.Context(), c))
}

// sheetDraft turns one sheet into a draft of report k, parsing each cell by
// its indicator's type. Problems are keyed "Sheet!Ref" with a Vietnamese
// message naming the cell.
func sheetDraft(c *report.Context, sh xlsx.SheetData, errs map[string]string) *report.Draft {
	d := &report.Draft{Version: sh.Version, Values: map[string]report.Value{}, Comments: map[string]string{}, Narrative: map[string]string{}}
	at := func(ref string) string { return sh.Name + "!" + ref }
	seen := map[string]bool{}
	for _, cell := range sh.Cells {
		ind, ok := c.Catalogue[cell.Code]
		inTemplate := false
		for _, code := range c.Template.Indicators {
			inTemplate = inTemplate || code == cell.Code
		}
		if !ok || !inTemplate {
			errs[at(cell.Ref)] = fmt.Sprintf("Ô %s: mã chỉ tiêu %q không có trong mẫu báo cáo.", cell.Ref, cell.Code)
			continue
		}
		if seen[cell.Code] {
			continue // the reader reports the duplicate
		}
		seen[cell.Code] = true
		v, err := report.Parse(ind.Type, cell.Raw)
		if err != nil {
			errs[at(cell.Ref)] = fmt.Sprintf("Ô %s (%s): giá trị %q không hợp lệ — %s.", cell.Ref, ind.Name, cell.Raw, err.Error())
			continue
		}
		if msg := ind.Check(v); msg != "" {
			errs[at(cell.Ref)] = fmt.Sprintf("Ô %s (%s): %s", cell.Ref, ind.Name, msg)
			continue
		}
		d.Values[cell.Code] = v
		if cell.Comment != "" {
			d.Comments[cell.Code] = cell.Comment
		}
	}
	for _, n := range sh.Narrative {
		known := false
		for _, sec := range c.Template.Outline {
			known = known || sec.Key == n.Key
		}
		if !known {
			errs[at(n.Ref)] = fmt.Sprintf("Ô %s: mục thuyết minh %q không có trong đề cương.", n.Ref, n.Key)
			continue
		}
		d.Narrative[n.Key] = n.Text
	}
	for _, p := range sh.Problems {
		errs[p.Sheet+"!"+p.Ref] = p.Message
	}
	return d
}

// importError is the 422 of a workbook that cannot be imported: every
// problem, keyed by sheet and cell, and nothing saved.
func importError(errs map[string]string) error {
	return apperr.Invalid(fmt.Sprintf("Tệp Excel có %d lỗi; chưa nhập gì. Sửa các ô được nêu rồi tải lên lại.", len(errs)), errs)
}

// importOne reads a workbook holding exactly the form of report k and
// saves it as a draft. Nothing is saved on any error.
func (s *Server) importOne(ctx context.Context, a *auth.Actor, k report.Key, body io.Reader) (*report.Context, *report.Report, error) {
	c, err := s.reports.Get(ctx, a, k)
	if err != nil {
		return nil, nil, err
	}
	if err := s.reports.CanWrite(ctx, a, c); err != nil {
		return nil, nil, err
	}
	wb, err := xlsx.Read(body, maxWorkbook)
	if err != nil {
		return nil, nil, err
	}
	errs := map[string]string{}
	var found *xlsx.SheetData
	for i := range wb.Sheets {
		sh := &wb.Sheets[i]
		switch {
		case sh.TemplateCode == "" && len(sh.Cells) == 0:
			errs[sh.Name+"!A1"] = fmt.Sprintf("Trang tính %q không thuộc mẫu báo cáo; tệp chỉ được có đúng một trang báo cáo.", sh.Name)
		case sh.TemplateCode != k.Template || sh.PeriodID != k.Period || sh.UnitCode != k.Unit:
			errs[sh.Name+"!A6"] = fmt.Sprintf("Trang tính %q là báo cáo %s/%s/%s, không phải báo cáo đang mở (%s).", sh.Name, sh.TemplateCode, sh.PeriodID, sh.UnitCode, k)
		case found != nil:
			errs[sh.Name+"!A6"] = fmt.Sprintf("Trang tính %q lặp lại báo cáo đã có ở trang %q.", sh.Name, found.Name)
		default:
			found = sh
		}
	}
	if found == nil && len(errs) == 0 {
		errs["!"] = "Tệp không có trang báo cáo nào của Giao Ban."
	}
	var d *report.Draft
	if found != nil {
		d = sheetDraft(c, *found, errs)
	}
	if len(errs) > 0 {
		return nil, nil, importError(errs)
	}
	rep, err := s.reports.SaveMany(ctx, a, map[report.Key]*report.Draft{k: d}, "report.import")
	if err != nil {
		return nil, nil, err
	}
	return c, rep[0], nil
}

// handleReportXLSXUpload imports a filled form from the report page.
func (s *Server) handleReportXLSXUpload(w http.ResponseWriter, r *http.Request) error {
	a := reqCtx(r).actor
	k := reportKey(r)
	c, err := s.reports.Get(r.Context(), a, k)
	if err != nil {
		return err
	}
	if err := s.reports.CanWrite(r.Context(), a, c); err != nil {
		return err
	}
	_, data, err := readUpload(r, maxWorkbook)
	if err == nil {
		_, _, err = s.importOne(r.Context(), a, k, bytes.NewReader(data))
	}
	if err != nil {
		switch apperr.Code(err) {
		case apperr.EINVALID, apperr.ECONFLICT:
			return s.showReportError(w, r, statusOf(err), apperr.Message(err), nil, sortedProblems(apperr.FieldsOf(err)))
		}
		return err
	}
	setFlash(w, "Đã nhập số liệu từ tệp Excel (chưa gửi). Kiểm tra lại rồi bấm “Lưu và gửi báo cáo”.")
	http.Redirect(w, r, reportURL(k), http.StatusSeeOther)
	return nil
}

// problem is one import error for display.
type problem struct{ Where, Message string }

func sortedProblems(m map[string]string) []problem {
	out := make([]problem, 0, len(m))
	for k, v := range m {
		out = append(out, problem{k, v})
	}
	sort.Slice(out, func(i, j int) bool { return cellLess(out[i].Where, out[j].Where) })
	return out
}

// cellLess orders "Sheet!E12" by sheet, then row, then column.
func cellLess(a, b string) bool {
	sa, ra := splitCell(a)
	sb, rb := splitCell(b)
	if sa != sb {
		return sa < sb
	}
	if ra.row != rb.row {
		return ra.row < rb.row
	}
	return ra.col < rb.col
}

type cellPos struct {
	col string
	row int
}

func splitCell(s string) (string, cellPos) {
	i := strings.LastIndex(s, "!")
	sheet, ref := s[:max(i, 0)], s[i+1:]
	j := strings.IndexAny(ref, "0123456789")
	if j < 0 {
		return sheet, cellPos{col: ref}
	}
	n := 0
	fmt.Sscanf(ref[j:], "%d", &n)
	return sheet, cellPos{col: fmt.Sprintf("%3s", ref[:j]), row: n}
}

// apiReportXLSXPut imports a filled workbook sent as the request body.
func (s *Server) apiReportXLSXPut(w http.ResponseWriter, r *http.Request) error {
	c, rep, err := s.importOne(r.Context(), reqCtx(r).actor, reportKey(r), r.Body)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, toAPIReport(c, rep))
}

// handleBulkXLSX downloads one workbook with a sheet per filer under the
// unit, for a commission that collects reports by e-mail.
func (s *Server) handleBulkXLSX(w http.ResponseWriter, r *http.Request) error {
	a := reqCtx(r).actor
	k := reportKey(r)
	comp, rc, err := s.reports.Completeness(r.Context(), a, k)
	if err != nil {
		return err
	}
	if err := s.authz.Can(r.Context(), a, auth.ActReportWrite, k.Unit, rc.Period.End); err != nil {
		return err
	}
	var forms []xlsx.Form
	for _, row := range comp.Rows {
		c, err := s.reports.Get(r.Context(), a, report.Key{Template: k.Template, Period: k.Period, Unit: row.Unit.Code})
		if err != nil {
			return err
		}
		forms = append(forms, s.formFor(r.Context(), c))
	}
	if len(forms) == 0 {
		return apperr.Errorf(apperr.ENOTFOUND, "Không có đơn vị nào phải gửi báo cáo này.")
	}
	return writeWorkbook(w, k.Template+"_"+k.Period+"_"+k.Unit+"_tat-ca.xlsx", forms...)
}

// handleBulkImport imports a workbook with one sheet per unit: every
// sheet is checked, and all are saved in one transaction or none.
func (s *Server) handleBulkImport(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := reqCtx(r).actor
	k := reportKey(r)
	_, rc, err := s.reports.Completeness(ctx, a, k)
	if err != nil {
		return err
	}
	if err := s.authz.Can(ctx, a, auth.ActReportWrite, k.Unit, rc.Period.End); err != nil {
		return err
	}
	back := "/tien-do/" + k.Template + "/" + k.Period + "/" + k.Unit
	_, data, err := readUpload(r, maxWorkbook)
	var n int
	if err == nil {
		n, err = s.importMany(ctx, a, k, data)
	}
	if err != nil {
		if apperr.Is(err, apperr.EINVALID) || apperr.Is(err, apperr.ECONFLICT) || apperr.Is(err, apperr.EFORBIDDEN) || apperr.Is(err, apperr.ENOTFOUND) {
			msg := apperr.Message(err)
			for _, p := range sortedProblems(apperr.FieldsOf(err)) {
				msg += "\n" + p.Where + ": " + p.Message
			}
			setFlash(w, msg)
			http.Redirect(w, r, back, http.StatusSeeOther)
			return nil
		}
		return err
	}
	setFlash(w, fmt.Sprintf("Đã nhập báo cáo của %d đơn vị từ tệp Excel (lưu nháp, chưa gửi).", n))
	http.Redirect(w, r, back, http.StatusSeeOther)
	return nil
}

func (s *Server) importMany(ctx context.Context, a *auth.Actor, k report.Key, data []byte) (int, error) {
	wb, err := xlsx.Read(bytes.NewReader(data), maxWorkbook)
	if err != nil {
		return 0, err
	}
	errs := map[string]string{}
	drafts := map[report.Key]*report.Draft{}
	for _, sh := range wb.Sheets {
		if sh.TemplateCode == "" {
			errs[sh.Name+"!A1"] = fmt.Sprintf("Trang tính %q không phải mẫu báo cáo của Giao Ban.", sh.Name)
			continue
		}
		if sh.TemplateCode != k.Template || sh.PeriodID != k.Period {
			errs[sh.Name+"!A6"] = fmt.Sprintf("Trang tính %q là mẫu %s kỳ %s, không phải %s kỳ %s.", sh.Name, sh.TemplateCode, sh.PeriodID, k.Template, k.Period)
			continue
		}
		uk := report.Key{Template: k.Template, Period: k.Period, Unit: sh.UnitCode}
		if _, dup := drafts[uk]; dup {
			errs[sh.Name+"!A6"] = fmt.Sprintf("Đơn vị %s có hai trang tính.", sh.UnitCode)
			continue
		}
		c, err := s.reports.Get(ctx, a, uk)
		if err != nil {
			errs[sh.Name+"!A6"] = fmt.Sprintf("Trang tính %q: %s", sh.Name, apperr.Message(err))
			continue
		}
		drafts[uk] = sheetDraft(c, sh, errs)
	}
	if len(errs) > 0 {
		return 0, importError(errs)
	}
	if len(drafts) == 0 {
		return 0, apperr.Invalid("Tệp không có trang báo cáo nào.", nil)
	}
	saved, err := s.reports.SaveMany(ctx, a, drafts, "report.import")
	if err != nil {
		return 0, err
	}
	return len(saved), nil
}

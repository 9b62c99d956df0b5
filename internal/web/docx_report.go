package web

import (
	"fmt"
	"mime"
	"net/http"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/document"
	"giaoban/internal/export/docx"
	"giaoban/internal/export/pdf"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/rollup"
)

// commissionOf finds the commission among the scope's units on a date.
func commissionOf(units []org.Unit, scope string) *org.Unit {
	for i := range units {
		if units[i].Kind == org.KindCommission && units[i].ParentCode == scope {
			return &units[i]
		}
	}
	return nil
}

// consolidatedDocument drafts the consolidated quarterly report in the
// Party layout: header, "BÁO CÁO" and its subject, the outline's sections
// filled with the gathered narratives, the figures table, signature block
// and "Nơi nhận". The number stays blank: it is reserved when the report
// is issued, never when it is drafted.
func consolidatedDocument(out *rollup.Output, commission *org.Unit, date period.Date) (docx.Document, error) {
	prof, err := document.ProfileFor(document.Party, date)
	if err != nil {
		return docx.Document{}, err
	}
	place := out.Scope.Place
	if place == "" {
		place = out.Scope.Name
	}
	d := docx.Document{
		Profile: docx.Profile{Name: prof.Name, PageWidthMM: prof.PageWidthMM, PageHeightMM: prof.PageHeightMM,
			MarginTopMM: prof.MarginTopMM, MarginBottomMM: prof.MarginBottomMM, MarginLeftMM: prof.MarginLeftMM, MarginRightMM: prof.MarginRightMM,
			Font: prof.Font, SizePt: prof.SizePt, LineSpacing: 1.0},
		Header: docx.Header{ParentBody: "TỈNH ỦY " + strings.ToUpper(place), Motto: "ĐẢNG CỘNG SẢN VIỆT NAM",
			PlaceDate: document.PlaceDate(place, date)},
		Kind:    "BÁO CÁO",
		Subject: subjectOf(out.Template.Name, out.Period),
	}
	issuer := "BDVTU"
	if commission != nil {
		body := strings.TrimSpace(strings.TrimSuffix(commission.Name, "Tỉnh ủy"))
		d.Header.IssuingBody = strings.ToUpper(body)
		issuer = document.IssuerCode(commission.Name)
		d.Signature = docx.Signature{Mode: "K/T", Body: "TRƯỞNG BAN", Title: "PHÓ TRƯỞNG BAN"}
	}
	series, err := document.SeriesFor(document.Party, issuer, "BC", date, nil)
	if err != nil {
		return docx.Document{}, err
	}
	d.Header.Number = document.Format(series, 0)
	if out.Template.Theme != "" {
		d.Blocks = append(d.Blocks, docx.Paragraph{Text: "Thực hiện chủ đề công tác \"" + out.Template.Theme + "\".", Italic: true})
	}
	c := out.Completeness
	d.Blocks = append(d.Blocks, docx.Paragraph{Text: fmt.Sprintf("Số liệu tổng hợp từ báo cáo của %d/%d đơn vị (%s).",
		c.Submitted, c.Expected, lowerFirst(out.Period.WindowLabel()))})
	for i, sec := range out.Template.Outline {
		d.Blocks = append(d.Blocks, docx.Heading{Level: 1, Text: strings.ToUpper(sec.Title)})
		if i == 0 {
			d.Blocks = append(d.Blocks, figuresTable(out))
		}
		for _, item := range out.Narrative[sec.Key] {
			d.Blocks = append(d.Blocks, docx.Paragraph{Text: item.UnitName + ": " + item.Text})
		}
	}
	d.Recipients = []string{"Thường trực Tỉnh ủy (b/c),", "Các đồng chí Ủy viên Ban Thường vụ Tỉnh ủy,", "Các đơn vị trong khối,", "Lưu Văn phòng."}
	return d, nil
}

// subjectOf is the report's subject line: "Báo cáo công tác dân vận quý"
// for Q1/2019 gives "Kết quả công tác dân vận quý I năm 2019".
func subjectOf(templateName string, p period.Period) string {
	name := strings.TrimPrefix(templateName, "Báo cáo ")
	for _, suffix := range []string{" quý", " tháng", " 6 tháng", " 9 tháng", " năm"} {
		name = strings.TrimSuffix(name, suffix)
	}
	label := lowerFirst(strings.Replace(p.Label(), "/", " năm ", 1))
	return "Kết quả " + lowerFirst(name) + " " + label
}

func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToLower(string(r[0])) + string(r[1:])
}

// figuresTable is the consolidated figures with the comparisons.
func figuresTable(out *rollup.Output) docx.Table {
	t := docx.Table{Columns: []docx.Column{{Title: "Chỉ tiêu", WidthPct: 31}, {Title: "Đơn vị tính", WidthPct: 10},
		{Title: out.Period.Label(), WidthPct: 20, Numeric: true}, {Title: "Kỳ trước", WidthPct: 19, Numeric: true},
		{Title: "Cùng kỳ năm trước", WidthPct: 20, Numeric: true}}, SizePt: 12}
	for _, code := range out.Template.Indicators {
		ind := out.Catalogue[code]
		if ind.Type == report.TypeText {
			continue
		}
		t.Rows = append(t.Rows, []string{ind.Name, ind.Unit, aggText(ind, out.Totals[code]), aggText(ind, out.Previous[code]), aggText(ind, out.LastYear[code])})
	}
	return t
}

// draftReport consolidates the request's period and drafts its report for
// the date in ?ngay= (default today).
func (s *Server) draftReport(r *http.Request) (*rollup.Output, docx.Document, error) {
	req := consolidationRequest(r)
	req.Narrative = true
	out, err := s.rollup.Consolidate(r.Context(), reqCtx(r).actor, req)
	if err != nil {
		return nil, docx.Document{}, err
	}
	date, err := s.dateParam(r, "ngay")
	if err != nil {
		return nil, docx.Document{}, err
	}
	d, err := consolidatedDocument(out, commissionOf(out.Units, out.Request.Unit), date)
	return out, d, err
}

// handleConsolidationDOCX downloads the draft consolidated report.
// ?ngay= sets the document's date (default today).
func (s *Server) handleConsolidationDOCX(w http.ResponseWriter, r *http.Request) error {
	out, d, err := s.draftReport(r)
	if err != nil {
		return err
	}
	b, err := docx.Bytes(d)
	if err != nil {
		return fmt.Errorf("consolidated docx: %w", err)
	}
	k := out.Request.Key
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "bao-cao-tong-hop_" + k.Template + "_" + k.Period + "_" + k.Unit + ".docx"}))
	_, err = w.Write(b)
	return err
}

// handleConsolidationIssue issues the consolidated report: it reserves the
// next number of the commission's "BC" series for the Party committee's
// term (never reused, never skipped), records what it numbers, and sends
// the DOCX with the number in place. Commission staff only.
func (s *Server) handleConsolidationIssue(w http.ResponseWriter, r *http.Request) error {
	req := consolidationRequest(r)
	req.Narrative = true
	a := reqCtx(r).actor
	out, err := s.rollup.Consolidate(r.Context(), a, req)
	if err != nil {
		return err
	}
	if err := s.authz.Can(r.Context(), a, auth.ActReportReview, req.Unit, out.Period.End); err != nil {
		return err
	}
	date := s.today()
	if v := r.PostFormValue("ngay"); v != "" {
		if date, err = period.Parse(v); err != nil {
			return apperr.Invalid("Ngày không hợp lệ.", map[string]string{"ngay": err.Error()})
		}
	}
	commission := commissionOf(out.Units, req.Unit)
	d, err := consolidatedDocument(out, commission, date)
	if err != nil {
		return err
	}
	issuer := "BDVTU"
	if commission != nil {
		issuer = document.IssuerCode(commission.Name)
	}
	series, err := document.SeriesFor(document.Party, issuer, "BC", date, nil)
	if err != nil {
		return err
	}
	k := out.Request.Key
	_, number, err := s.db.ReserveNumber(r.Context(), series, d.Kind+" "+d.Subject, "consolidation:"+k.String(), s.now())
	if err != nil {
		return err
	}
	d.Header.Number = number
	b, err := docx.Bytes(d)
	if err != nil {
		return fmt.Errorf("issued docx: %w", err)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "bao-cao-tong-hop_" + k.Template + "_" + k.Period + "_" + k.Unit + "_" + strings.ReplaceAll(strings.TrimPrefix(number, "Số "), "/", "-") + ".docx"}))
	_, err = w.Write(b)
	return err
}

// handleConsolidationPDF sends the draft report as PDF, made from the same
// DOCX by LibreOffice when the server has it.
func (s *Server) handleConsolidationPDF(w http.ResponseWriter, r *http.Request) error {
	out, d, err := s.draftReport(r)
	if err != nil {
		return err
	}
	if !pdf.Available() {
		return apperr.Errorf(apperr.EUNAVAILABLE, "Máy chủ chưa cài LibreOffice nên chưa xuất được PDF; hãy tải bản Word.")
	}
	b, err := docx.Bytes(d)
	if err != nil {
		return err
	}
	p, err := pdf.FromDOCX(r.Context(), b)
	if err != nil {
		return fmt.Errorf("consolidated pdf: %w", err)
	}
	k := out.Request.Key
	w.Header().Set("Content-Type", "application/pdf")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": "bao-cao-tong-hop_" + k.Template + "_" + k.Period + "_" + k.Unit + ".pdf"}))
	_, err = w.Write(p)
	return err
}

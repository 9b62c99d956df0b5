package web

import (
	"context"
	"fmt"
	"mime"
	"net/http"
	"strconv"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/conference"
	"giaoban/internal/document"
	"giaoban/internal/export/docx"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

// draftMark heads a document that is not issued yet.
const draftMark = "DỰ THẢO"

// partyDocument starts a Party document of the host of c dated date (zero
// for a draft, whose date and number stay blank): the layout profile of
// that date, the two-column header with the Party committee, the issuing
// body in bold and the number of series docType.
func (s *Server) partyDocument(ctx context.Context, c *conference.Conference, date period.Date, docType, number string) (docx.Document, *org.Unit, error) {
	at := c.Date()
	host, err := s.db.FindUnit(ctx, c.HostUnit, at)
	if err != nil {
		return docx.Document{}, nil, err
	}
	scope := host
	if host.ParentCode != "" {
		if u, err := s.db.FindUnit(ctx, host.ParentCode, at); err == nil {
			scope = u
		}
	}
	profDate := date
	if profDate.IsZero() {
		profDate = at
	}
	prof, err := document.ProfileFor(document.Party, profDate)
	if err != nil {
		return docx.Document{}, nil, err
	}
	place := scope.Place
	if place == "" {
		place = scope.Name
	}
	committee := "TỈNH ỦY "
	if scope.Kind == org.KindDistrict {
		committee = "HUYỆN ỦY "
	}
	if number == "" {
		series, err := document.SeriesFor(document.Party, document.IssuerCode(host.Name), docType, profDate, nil)
		if err != nil {
			return docx.Document{}, nil, err
		}
		number = document.Format(series, 0)
	}
	d := docx.Document{
		Profile: docx.Profile{Name: prof.Name, PageWidthMM: prof.PageWidthMM, PageHeightMM: prof.PageHeightMM,
			MarginTopMM: prof.MarginTopMM, MarginBottomMM: prof.MarginBottomMM, MarginLeftMM: prof.MarginLeftMM, MarginRightMM: prof.MarginRightMM,
			Font: prof.Font, SizePt: prof.SizePt, LineSpacing: 1.0},
		Header: docx.Header{ParentBody: committee + strings.ToUpper(place), IssuingBody: strings.ToUpper(conference.BodyName(host.Name)),
			Number: number, Motto: "ĐẢNG CỘNG SẢN VIỆT NAM", PlaceDate: document.PlaceDate(place, date)},
	}
	return d, host, nil
}

// recipientLines is the "Nơi nhận:" list, one item a line, each with its
// dash.
func recipientLines(text string) []string {
	var out []string
	for _, ln := range strings.Split(text, "\n") {
		ln = strings.TrimSpace(ln)
		if ln == "" {
			continue
		}
		if !strings.HasPrefix(ln, "-") {
			ln = "- " + ln
		}
		out = append(out, ln)
	}
	return out
}

func upperFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToUpper(string(r[:1])) + string(r[1:])
}

// conclusionDocument lays out the notice in the Party layout: header,
// "THÔNG BÁO" and its subject, the preamble, the numbered items, the
// closing, the signature block "T/L BAN THƯỜNG VỤ" with the signer's title
// and name, and "Nơi nhận:". A notice not issued yet is marked as a draft
// and has no number or date.
func (s *Server) conclusionDocument(ctx context.Context, c *conference.Conference, cl *conference.Conclusion) (docx.Document, error) {
	var date period.Date
	if cl.Locked() {
		date = cl.IssuedOn
	}
	d, _, err := s.partyDocument(ctx, c, date, "TB", cl.NumberText)
	if err != nil {
		return d, err
	}
	d.Kind = "THÔNG BÁO"
	d.Subject = upperFirst(strings.TrimSpace(strings.TrimPrefix(cl.Title, "Thông báo")))
	if !cl.Locked() {
		d.Blocks = append(d.Blocks, docx.Paragraph{Text: draftMark, Bold: true, Align: "center"})
	}
	if cl.Preamble != "" {
		d.Blocks = append(d.Blocks, docx.Paragraph{Text: cl.Preamble})
	}
	for _, it := range cl.Items {
		lines := strings.Split(it.Text, "\n")
		lines[0] = fmt.Sprintf("%d. %s", it.Seq, lines[0])
		d.Blocks = append(d.Blocks, docx.Paragraph{Text: strings.Join(lines, "\n")})
	}
	if cl.Closing != "" {
		d.Blocks = append(d.Blocks, docx.Paragraph{Text: cl.Closing})
	}
	d.Signature = docx.Signature{Mode: "T/L", Body: "BAN THƯỜNG VỤ", Title: cl.SignerTitle, Name: cl.SignerName}
	d.Recipients = recipientLines(cl.Recipients)
	return d, nil
}

// hourText is "08 giờ 00" for 8:00.
func hourText(h, m int) string { return fmt.Sprintf("%02d giờ %02d", h, m) }

// invitationDocument lays out the invitation letter ("Giấy mời") in the
// Party layout: header, "GIẤY MỜI" and its subject, "Kính gửi:" the
// invitees, the time, place and agenda, the working papers, the signature
// block and "Nơi nhận:". Before it is issued it is a draft without number
// or date.
func (s *Server) invitationDocument(ctx context.Context, c *conference.Conference) (docx.Document, error) {
	d, host, err := s.partyDocument(ctx, c, c.InvitationOn, "GM", c.InvitationNo)
	if err != nil {
		return d, err
	}
	date := c.Date()
	d.Kind = "GIẤY MỜI"
	d.Subject = "Dự " + lowerFirst(c.Title)
	if c.InvitationNo == "" {
		d.Blocks = append(d.Blocks, docx.Paragraph{Text: draftMark, Bold: true, Align: "center"})
	}
	d.Blocks = append(d.Blocks, docx.Paragraph{Text: "Kính gửi:", Bold: true, Align: "left"})
	for i, inv := range c.Invitees {
		var who string
		switch {
		case inv.PersonName != "":
			who = "Đồng chí " + inv.PersonName
			if inv.Position != "" {
				who += ", " + inv.Position
			}
			if inv.UnitCode != "" {
				who += ", " + s.unitName(ctx, inv.UnitCode, date)
			}
		case inv.UnitCode != "":
			who = "Lãnh đạo " + s.unitName(ctx, inv.UnitCode, date)
		default:
			who = "Đồng chí " + inv.Position
		}
		end := ";"
		if i == len(c.Invitees)-1 {
			end = "."
		}
		d.Blocks = append(d.Blocks, docx.Paragraph{Text: "- " + who + end, Align: "left"})
	}
	intro := fmt.Sprintf("%s tổ chức %s", host.Name, lowerFirst(c.Title))
	if c.ChairName != "" {
		intro += fmt.Sprintf(", do đồng chí %s", c.ChairName)
		if c.ChairTitle != "" {
			intro += ", " + c.ChairTitle
		}
		intro += " chủ trì"
	}
	d.Blocks = append(d.Blocks, docx.Paragraph{Text: intro + ". Trân trọng kính mời các đồng chí tới dự hội nghị, cụ thể như sau:"})
	st := c.StartsAt.In(period.Vietnam)
	when := hourText(st.Hour(), st.Minute())
	if !c.EndsAt.IsZero() {
		en := c.EndsAt.In(period.Vietnam)
		when = "từ " + when + " đến " + hourText(en.Hour(), en.Minute())
	}
	when += ", " + lowerFirst(vntext.Weekday(st)) + ", ngày " + strconv.Itoa(st.Day()) + "/" + strconv.Itoa(int(st.Month())) + "/" + strconv.Itoa(st.Year())
	d.Blocks = append(d.Blocks, docx.Paragraph{Text: "1. Thời gian: " + when + "."}, docx.Paragraph{Text: "2. Địa điểm: " + c.Place + "."})
	if len(c.Agenda) > 0 {
		d.Blocks = append(d.Blocks, docx.Paragraph{Text: "3. Nội dung:"})
		for _, a := range c.Agenda {
			line := "- " + a.Title
			var detail []string
			if a.Presenter != "" {
				detail = append(detail, a.Presenter)
			}
			if a.Minutes > 0 {
				detail = append(detail, strconv.Itoa(a.Minutes)+" phút")
			}
			if len(detail) > 0 {
				line += " (" + strings.Join(detail, ", ") + ")"
			}
			d.Blocks = append(d.Blocks, docx.Paragraph{Text: line + ";"})
		}
	}
	if len(c.Papers) > 0 {
		var titles []string
		for _, p := range c.Papers {
			titles = append(titles, p.Title)
		}
		d.Blocks = append(d.Blocks, docx.Paragraph{Text: "Tài liệu hội nghị (đăng trên hệ thống Giao Ban): " + strings.Join(titles, "; ") + "."})
	}
	d.Blocks = append(d.Blocks, docx.Paragraph{Text: "Đề nghị các đồng chí bố trí thời gian tham dự đúng thành phần, đúng giờ./."})
	d.Signature = docx.Signature{Mode: "K/T", Body: "TRƯỞNG BAN", Title: "PHÓ TRƯỞNG BAN"}
	d.Recipients = []string{"- Như kính gửi,", "- Lưu Văn phòng."}
	return d, nil
}

// sendDOCX writes a document as an attachment named name.
func sendDOCX(w http.ResponseWriter, d docx.Document, name string) error {
	b, err := docx.Bytes(d)
	if err != nil {
		return fmt.Errorf("docx %s: %w", name, err)
	}
	w.Header().Set("Content-Type", "application/vnd.openxmlformats-officedocument.wordprocessingml.document")
	w.Header().Set("Content-Disposition", mime.FormatMediaType("attachment", map[string]string{"filename": name}))
	w.Header().Set("Cache-Control", "private, no-store")
	_, err = w.Write(b)
	return err
}

// numberSlug turns "Số 05-TB/BDVTU" into "05-TB-BDVTU" for a file name.
func numberSlug(number string) string {
	return strings.ReplaceAll(strings.TrimSpace(strings.TrimPrefix(number, "Số")), "/", "-")
}

// handleInvitationDOCX downloads the invitation letter (a draft until it
// is issued) to whoever may read the conference.
func (s *Server) handleInvitationDOCX(w http.ResponseWriter, r *http.Request) error {
	c, a, err := s.requestConference(r)
	if err != nil {
		return err
	}
	id := c.ID
	// The draft is for the host's readers; invitees get the issued letter.
	if c.InvitationNo == "" && s.authz.Can(r.Context(), a, auth.ActConferenceRead, c.HostUnit, c.Date()) != nil {
		return apperr.Errorf(apperr.ENOTFOUND, "Giấy mời của hội nghị chưa được phát hành.")
	}
	d, err := s.invitationDocument(r.Context(), c)
	if err != nil {
		return err
	}
	name := "giay-moi_" + strconv.FormatInt(id, 10)
	if c.InvitationNo != "" {
		name += "_" + numberSlug(c.InvitationNo)
	} else {
		name += "_du-thao"
	}
	return sendDOCX(w, d, name+".docx")
}

// handleConclusionDOCX downloads the conclusion notice: the issued one, or
// the draft (marked as such) to those who may see drafts.
func (s *Server) handleConclusionDOCX(w http.ResponseWriter, r *http.Request) error {
	c, cl, err := s.requestConclusion(r)
	if err != nil {
		return err
	}
	id := c.ID
	d, err := s.conclusionDocument(r.Context(), c, cl)
	if err != nil {
		return err
	}
	name := "thong-bao-ket-luan_" + strconv.FormatInt(id, 10)
	if cl.Locked() {
		name += "_" + numberSlug(cl.NumberText)
	} else {
		name += "_du-thao"
	}
	return sendDOCX(w, d, name+".docx")
}

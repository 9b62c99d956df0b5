package conference

import (
	"context"
	"fmt"
	"slices"
	"strings"
	"time"
	"unicode/utf8"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/task"
	"giaoban/internal/vntext"
)

// ConclusionEdit is what the drafter of a conclusion notice edits.
type ConclusionEdit struct {
	Title       string
	SignerName  string
	SignerTitle string
	Preamble    string
	Closing     string
	Recipients  string
	Items       []Item
}

// lockedConclusion is the refusal to change an issued notice.
func lockedConclusion(c *Conclusion) error {
	return apperr.Errorf(apperr.ECONFLICT, "Thông báo kết luận đã ban hành (%s) nên không sửa được nữa.", c.NumberText)
}

func staleConclusion() error {
	return apperr.Errorf(apperr.ECONFLICT, "Thông báo kết luận vừa được người khác cập nhật. Vui lòng tải lại trang rồi thực hiện lại.")
}

// Conclusion returns the conclusion notice of conference id as a may see
// it: the stored notice, or — for whoever may manage the conference — a
// new draft (ID 0, Version 0) with the default title, preamble and
// recipients. A reporter invited to the conference sees the notice only
// once issued. ENOTFOUND when there is none to show.
func (s *Service) Conclusion(ctx context.Context, a *auth.Actor, id int64) (*Conference, *Conclusion, error) {
	c, err := s.Get(ctx, a, id)
	if err != nil {
		return nil, nil, err
	}
	cl, err := s.Store.FindConclusion(ctx, id)
	if apperr.Is(err, apperr.ENOTFOUND) {
		if s.CanManage(ctx, a, c) != nil {
			return c, nil, apperr.Errorf(apperr.ENOTFOUND, "Hội nghị chưa có thông báo kết luận.")
		}
		cl, err = s.defaultConclusion(ctx, c)
		if err != nil {
			return nil, nil, err
		}
		return c, cl, nil
	} else if err != nil {
		return nil, nil, err
	}
	if !cl.Locked() && !s.canReadFully(ctx, a, c) {
		return c, nil, apperr.Errorf(apperr.ENOTFOUND, "Hội nghị chưa có thông báo kết luận ban hành.")
	}
	return c, cl, nil
}

// VisibleConclusion returns the conclusion of c a reader may see (nil
// when none): any stored notice for the host's readers, only the issued
// one for invited reporters. The caller has read c.
func (s *Service) VisibleConclusion(ctx context.Context, a *auth.Actor, c *Conference) (*Conclusion, error) {
	cl, err := s.Store.FindConclusion(ctx, c.ID)
	if apperr.Is(err, apperr.ENOTFOUND) {
		return nil, nil
	} else if err != nil {
		return nil, err
	}
	if !cl.Locked() && !s.canReadFully(ctx, a, c) {
		return nil, nil
	}
	return cl, nil
}

// BodyName is the name of a body without its Party committee, as the
// header of its documents and the signer's title write it: "Ban Dân vận
// Tỉnh ủy" → "Ban Dân vận".
func BodyName(name string) string {
	for _, suffix := range []string{" Tỉnh ủy", " Thành ủy", " Huyện ủy", " Quận ủy", " Thị ủy"} {
		if strings.HasSuffix(name, suffix) {
			return strings.TrimSuffix(name, suffix)
		}
	}
	return name
}

// committeeName names the Party committee of a scope unit for the
// recipients list: "Tỉnh ủy" for a province.
func committeeName(scope *org.Unit) string {
	if scope != nil && scope.Kind == org.KindDistrict {
		return "Huyện ủy"
	}
	return "Tỉnh ủy"
}

// DefaultConclusionTitle is the title of a conclusion notice: "Thông báo
// kết luận của đồng chí {chair}, {title} tại hội nghị giao ban công tác dân
// vận quý I năm 2019".
func DefaultConclusionTitle(c *Conference) string {
	t := "Thông báo kết luận"
	if c.ChairName != "" {
		t += " của đồng chí " + c.ChairName
		if c.ChairTitle != "" {
			t += ", " + c.ChairTitle
		}
	}
	if p, err := period.ParseID(c.Period, period.Decree09); err == nil && p.Type == period.Quarter && c.Kind == KindQuarterly {
		return t + fmt.Sprintf(" tại hội nghị giao ban công tác dân vận quý %s năm %d", roman[p.Index-1], p.Year)
	}
	return t + " tại " + lowerFirst(c.Title)
}

func lowerFirst(s string) string {
	r := []rune(s)
	if len(r) == 0 {
		return s
	}
	return strings.ToLower(string(r[:1])) + string(r[1:])
}

// defaultConclusion is the new draft of c's notice.
func (s *Service) defaultConclusion(ctx context.Context, c *Conference) (*Conclusion, error) {
	date := c.Date()
	host, err := s.Units.FindUnit(ctx, c.HostUnit, date)
	if err != nil {
		return nil, err
	}
	var scope *org.Unit
	if host.ParentCode != "" {
		scope, _ = s.Units.FindUnit(ctx, host.ParentCode, date)
	}
	committee := committeeName(scope)
	// Documents write dates without leading zeros: "Ngày 28/3/2019".
	preamble := fmt.Sprintf("Ngày %d/%d/%d, %s tổ chức %s.", date.Day(), date.Month(), date.Year(), host.Name, lowerFirst(c.Title))
	if c.ChairName != "" {
		chair := c.ChairName
		if c.ChairTitle != "" {
			chair += ", " + c.ChairTitle
		}
		preamble += fmt.Sprintf(" Sau khi nghe báo cáo và ý kiến phát biểu của các đại biểu, đồng chí %s kết luận như sau:", chair)
	}
	return &Conclusion{ConferenceID: c.ID, IssuerUnit: c.HostUnit, Title: DefaultConclusionTitle(c),
		SignerTitle: "Trưởng " + BodyName(host.Name),
		Preamble:    preamble,
		Closing:     fmt.Sprintf("%s thông báo để các cơ quan, đơn vị biết, thực hiện.", host.Name),
		Recipients: strings.Join([]string{"Thường trực " + committee + " (b/c),", "Các đồng chí Ủy viên Ban Thường vụ " + committee + ",",
			"Các cơ quan, đơn vị dự hội nghị,", "Lưu Văn phòng."}, "\n"),
		Status: ConclusionDraft}, nil
}

// normalizeDraft cleans d and renumbers its items.
func normalizeDraft(d *ConclusionEdit) {
	d.Title = vntext.Normalize(d.Title)
	d.SignerName = vntext.Normalize(d.SignerName)
	d.SignerTitle = vntext.Normalize(d.SignerTitle)
	d.Preamble = strings.TrimSpace(vntext.NormalizeText(d.Preamble))
	d.Closing = strings.TrimSpace(vntext.NormalizeText(d.Closing))
	d.Recipients = strings.TrimSpace(vntext.NormalizeText(d.Recipients))
	var items []Item
	for _, it := range d.Items {
		it.Text = strings.TrimSpace(vntext.NormalizeText(it.Text))
		var addr []string
		for _, u := range it.Addressees {
			if u = strings.TrimSpace(u); u != "" && !slices.Contains(addr, u) {
				addr = append(addr, u)
			}
		}
		it.Addressees = addr
		if it.Text == "" && len(addr) == 0 && it.Deadline.IsZero() && !it.Ongoing {
			continue
		}
		it.Seq = len(items) + 1
		items = append(items, it)
	}
	d.Items = items
}

// checkDraft validates d for conference c; items are named "items.N".
func (s *Service) checkDraft(ctx context.Context, c *Conference, d *ConclusionEdit) error {
	errs := map[string]string{}
	switch n := utf8.RuneCountInString(d.Title); {
	case n == 0:
		errs["title"] = "Chưa nhập tên (trích yếu) của thông báo."
	case n > maxTitle:
		errs["title"] = fmt.Sprintf("Tên thông báo dài quá %d ký tự.", maxTitle)
	}
	if utf8.RuneCountInString(d.SignerName) > maxLine || utf8.RuneCountInString(d.SignerTitle) > maxLine {
		errs["signer_name"] = "Họ tên, chức vụ người ký dài quá."
	}
	for _, f := range []struct{ key, v string }{{"preamble", d.Preamble}, {"closing", d.Closing}, {"recipients", d.Recipients}} {
		if utf8.RuneCountInString(f.v) > maxText {
			errs[f.key] = "Nội dung dài quá."
		}
	}
	date := c.Date()
	for i, it := range d.Items {
		key := fmt.Sprintf("items.%d", i+1)
		n := i + 1
		switch {
		case !it.Kind.Valid():
			errs[key] = fmt.Sprintf("Mục %d: chọn loại (đánh giá chung hoặc chỉ đạo, giao nhiệm vụ).", n)
		case it.Text == "":
			errs[key] = fmt.Sprintf("Mục %d chưa có nội dung.", n)
		case utf8.RuneCountInString(it.Text) > maxText:
			errs[key] = fmt.Sprintf("Nội dung mục %d dài quá.", n)
		case it.Kind == ItemAssessment && (len(it.Addressees) > 0 || !it.Deadline.IsZero() || it.Ongoing):
			errs[key] = fmt.Sprintf("Mục %d là đánh giá chung nên không giao đơn vị thực hiện hay thời hạn; chọn loại \"chỉ đạo, giao nhiệm vụ\".", n)
		case it.Ongoing && !it.Deadline.IsZero():
			errs[key] = fmt.Sprintf("Mục %d: chọn hoặc thời hạn, hoặc \"thường xuyên\", không chọn cả hai.", n)
		case len(it.Addressees) > 0 && it.Deadline.IsZero() && !it.Ongoing:
			errs[key] = fmt.Sprintf("Mục %d giao việc cho đơn vị nên cần thời hạn hoàn thành hoặc chọn \"thường xuyên\".", n)
		case !it.Deadline.IsZero() && it.Deadline.Before(date):
			errs[key] = fmt.Sprintf("Thời hạn của mục %d (%s) trước ngày họp %s.", n, it.Deadline.VN(), date.VN())
		}
		if errs[key] != "" {
			continue
		}
		for _, u := range it.Addressees {
			if _, err := s.Units.FindUnit(ctx, u, date); apperr.Is(err, apperr.ENOTFOUND) {
				errs[key] = fmt.Sprintf("Mục %d: đơn vị %s không tồn tại vào ngày họp %s.", n, u, date.VN())
				break
			} else if err != nil {
				return err
			}
		}
	}
	return invalid(errs)
}

// SaveConclusion stores the draft of conference id's notice: it creates
// it (base 0) or updates it at version base. Editing an approved notice
// sends it back to draft: the leader approves what is issued. ECONFLICT
// when it is issued (locked) or base is stale; EINVALID with per-field
// messages.
func (s *Service) SaveConclusion(ctx context.Context, a *auth.Actor, id int64, base int, d ConclusionEdit) (*Conclusion, error) {
	c, err := s.Store.FindConference(ctx, id)
	if err != nil {
		return nil, err
	}
	if err := s.CanManage(ctx, a, c); err != nil {
		return nil, err
	}
	cur, err := s.Store.FindConclusion(ctx, id)
	if apperr.Is(err, apperr.ENOTFOUND) {
		cur = nil
	} else if err != nil {
		return nil, err
	}
	if cur != nil && cur.Locked() {
		return nil, lockedConclusion(cur)
	}
	if (cur == nil && base != 0) || (cur != nil && cur.Version != base) {
		return nil, staleConclusion()
	}
	normalizeDraft(&d)
	if err := s.checkDraft(ctx, c, &d); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	if cur == nil {
		cl := &Conclusion{ConferenceID: id, IssuerUnit: c.HostUnit, Status: ConclusionDraft, CreatedAt: now, UpdatedAt: now, UpdatedBy: a.Username}
		applyDraft(cl, &d)
		if err := s.Store.CreateConclusion(ctx, cl); err != nil {
			return nil, err
		}
		return cl, nil
	}
	cl := *cur
	applyDraft(&cl, &d)
	cl.UpdatedAt, cl.UpdatedBy = now, a.Username
	summary := "Sửa dự thảo thông báo kết luận: " + cl.Title
	if cl.Status == ConclusionApproved {
		cl.Status, cl.ApprovedBy, cl.ApprovedAt = ConclusionDraft, "", time.Time{}
		summary += " (đã duyệt, trở lại dự thảo)"
	}
	if err := s.Store.UpdateConclusion(ctx, &cl, base, "conclusion.update", summary); err != nil {
		return nil, err
	}
	return &cl, nil
}

func applyDraft(cl *Conclusion, d *ConclusionEdit) {
	cl.Title, cl.SignerName, cl.SignerTitle = d.Title, d.SignerName, d.SignerTitle
	cl.Preamble, cl.Closing, cl.Recipients = d.Preamble, d.Closing, d.Recipients
	cl.Items = slices.Clone(d.Items)
}

// ApproveConclusion is the leader's approval of the draft notice of
// conference id at version base (ActConclusionApprove on the issuer).
func (s *Service) ApproveConclusion(ctx context.Context, a *auth.Actor, id int64, base int) (*Conclusion, error) {
	_, cl, err := s.conclusionFor(ctx, a, id, base, auth.ActConclusionApprove)
	if err != nil {
		return nil, err
	}
	if cl.Status != ConclusionDraft {
		return nil, apperr.Errorf(apperr.ECONFLICT, "Thông báo kết luận đang ở trạng thái \"%s\", không duyệt lại được.", cl.Status.Label())
	}
	errs := map[string]string{}
	if len(cl.Items) == 0 {
		errs["items"] = "Thông báo chưa có nội dung kết luận nào."
	}
	if cl.SignerName == "" {
		errs["signer_name"] = "Chưa nhập họ tên người ký."
	}
	if err := invalid(errs); err != nil {
		return nil, err
	}
	now := s.now().UTC()
	cl.Status, cl.ApprovedBy, cl.ApprovedAt = ConclusionApproved, a.Username, now
	cl.UpdatedAt, cl.UpdatedBy = now, a.Username
	if err := s.Store.UpdateConclusion(ctx, cl, base, "conclusion.approve", "Duyệt thông báo kết luận: "+cl.Title); err != nil {
		return nil, err
	}
	return cl, nil
}

// conclusionFor loads conference id and its notice for action by a at
// version base.
func (s *Service) conclusionFor(ctx context.Context, a *auth.Actor, id int64, base int, action auth.Action) (*Conference, *Conclusion, error) {
	c, err := s.Store.FindConference(ctx, id)
	if err != nil {
		return nil, nil, err
	}
	cur, err := s.Store.FindConclusion(ctx, id)
	if apperr.Is(err, apperr.ENOTFOUND) {
		if err := s.Authz.Can(ctx, a, action, c.HostUnit, c.Date()); err != nil {
			return nil, nil, err
		}
		return nil, nil, apperr.Errorf(apperr.ECONFLICT, "Hội nghị chưa có dự thảo thông báo kết luận.")
	} else if err != nil {
		return nil, nil, err
	}
	if err := s.Authz.Can(ctx, a, action, cur.IssuerUnit, c.Date()); err != nil {
		return nil, nil, err
	}
	if cur.Locked() {
		return nil, nil, lockedConclusion(cur)
	}
	if cur.Version != base {
		return nil, nil, staleConclusion()
	}
	cl := *cur
	cl.Items = slices.Clone(cur.Items)
	return c, &cl, nil
}

// IssueConclusion issues the approved notice of conference id, dated on:
// in one transaction it reserves the next number of the issuer's Party
// series TB for the term (never reused, never skipped), locks the notice,
// marks the conference concluded, and makes one task per addressee of
// every directive item (lead unit the addressee, monitoring unit the
// issuer, the item's deadline or "thường xuyên"), each with an
// "assigned" notification to its lead unit. The conference must have been
// held; no deadline may fall before the issue date.
func (s *Service) IssueConclusion(ctx context.Context, a *auth.Actor, id int64, base int, on period.Date) (*Conclusion, error) {
	c, cl, err := s.conclusionFor(ctx, a, id, base, auth.ActConclusionIssue)
	if err != nil {
		return nil, err
	}
	if cl.Status != ConclusionApproved {
		return nil, apperr.Errorf(apperr.ECONFLICT, "Thông báo kết luận chưa được lãnh đạo duyệt nên chưa ban hành được.")
	}
	if !c.Status.Reached(StatusHeld) {
		return nil, apperr.Errorf(apperr.ECONFLICT, "Hội nghị chưa được ghi nhận là đã tổ chức (chưa điểm danh) nên chưa ban hành kết luận được.")
	}
	if on.IsZero() {
		on = s.today()
	}
	errs := map[string]string{}
	if on.Before(c.Date()) {
		errs["ngay"] = fmt.Sprintf("Ngày ban hành không được trước ngày họp %s.", c.Date().VN())
	}
	for i, it := range cl.Items {
		if !it.Deadline.IsZero() && it.Deadline.Before(on) {
			errs[fmt.Sprintf("items.%d", i+1)] = fmt.Sprintf("Thời hạn của mục %d (%s) trước ngày ban hành %s.", it.Seq, it.Deadline.VN(), on.VN())
		}
	}
	if err := invalid(errs); err != nil {
		return nil, err
	}
	series, err := s.series(ctx, cl.IssuerUnit, "TB", on)
	if err != nil {
		return nil, err
	}
	now := s.now().UTC()
	cl.Status, cl.IssuedOn, cl.IssuedAt, cl.IssuedBy = ConclusionIssued, on, now, a.Username
	cl.UpdatedAt, cl.UpdatedBy = now, a.Username
	tasks := TasksOf(cl, on, now, a.Username)
	if err := s.Store.IssueConclusion(ctx, cl, base, series, tasks, now); err != nil {
		return nil, err
	}
	return cl, nil
}

// TasksOf makes the tasks of an issued notice: one per addressee of each
// directive item. SourceNumber is left to the store, which knows the
// number it reserves in the same transaction.
func TasksOf(cl *Conclusion, on period.Date, now time.Time, by string) []task.Task {
	var out []task.Task
	for _, it := range cl.Items {
		if it.Kind != ItemDirective {
			continue
		}
		for _, u := range it.Addressees {
			out = append(out, task.Task{Content: it.Text, LeadUnit: u, MonitorUnit: cl.IssuerUnit,
				Deadline: it.Deadline, Ongoing: it.Ongoing, SourceKind: task.SourceConclusion, ConclusionItemID: it.ID,
				SourceNumber: cl.NumberText, SourceTitle: cl.Title, AssignedOn: on, State: task.StateOpen,
				CreatedAt: now, CreatedBy: by, UpdatedAt: now, UpdatedBy: by, Version: 1})
		}
	}
	return out
}

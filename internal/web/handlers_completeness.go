package web

import (
	"fmt"
	"html/template"
	"net/http"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/notify"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/vntext"
)

type completenessPage struct {
	page
	C         *report.Completeness
	Template  *report.Template
	Period    period.Period
	Scope     string
	ScopeName string
	Deadline  period.Date
	Rows      []completenessRow
	Chart     template.HTML
	CanRemind bool
	Periods   []periodLink
}

type completenessRow struct {
	Code, Name, URL string
	Status          report.Status
	Started         bool
	SubmittedAt     string
	OnTime          bool
	Submitted       bool
}

type periodLink struct {
	Label, URL string
	Current    bool
}

// handleCompleteness shows who has filed a template for a period under a
// unit: counts, the list with statuses, one button to remind the missing
// units, and the reporting rate over the last 8 periods.
func (s *Server) handleCompleteness(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := reqCtx(r).actor
	k := reportKey(r)
	comp, rc, err := s.reports.Completeness(ctx, a, k)
	if err != nil {
		return err
	}
	p := completenessPage{page: s.basePage(r, "Tình hình gửi báo cáo — "+rc.Template.Name+" "+rc.Period.Label()), C: comp,
		Template: rc.Template, Period: rc.Period, Scope: k.Unit, ScopeName: s.unitName(ctx, k.Unit, rc.Period.End),
		Deadline: rc.Template.Deadline.Deadline(rc.Period)}
	p.CanRemind = s.authz.Can(ctx, a, auth.ActReportReview, k.Unit, rc.Period.End) == nil
	for _, row := range comp.Rows {
		cr := completenessRow{Code: row.Unit.Code, Name: row.Unit.Label(), URL: reportURL(report.Key{Template: k.Template, Period: k.Period, Unit: row.Unit.Code}), Status: report.StatusDraft}
		if row.Report != nil {
			cr.Status, cr.Started = row.Report.Status, true
			if !row.Report.SubmittedAt.IsZero() {
				cr.SubmittedAt = row.Report.SubmittedAt.In(period.Vietnam).Format("15:04 02/01/2006")
				cr.OnTime = row.Report.OnTime
				cr.Submitted = row.Report.Status == report.StatusSubmitted || row.Report.Status == report.StatusAccepted
			}
		}
		p.Rows = append(p.Rows, cr)
	}
	// The reporting rate over the last 8 periods up to this one.
	var bars []bar
	per := rc.Period
	var ps []period.Period
	if rc.Template.Kind == report.KindPeriodic {
		for i := 0; i < 8; i++ {
			ps = append([]period.Period{per}, ps...)
			per = per.Previous()
		}
	} else {
		ps = []period.Period{rc.Period}
	}
	for _, pp := range ps {
		c, _, err := s.reports.Completeness(ctx, a, report.Key{Template: k.Template, Period: pp.ID, Unit: k.Unit})
		if err != nil {
			return err
		}
		rate := 0.0
		if c.Expected > 0 {
			rate = 100 * float64(c.Submitted) / float64(c.Expected)
		}
		bars = append(bars, bar{Label: shortLabel(pp), Value: rate, Note: vntext.FormatDecimal(rate, 0) + "%"})
		p.Periods = append(p.Periods, periodLink{Label: pp.Label(), URL: "/tien-do/" + k.Template + "/" + pp.ID + "/" + k.Unit, Current: pp.ID == rc.Period.ID})
	}
	p.Chart = barChart("Tỷ lệ đơn vị gửi báo cáo qua các kỳ", bars, 100, "%")
	return s.render(w, r, http.StatusOK, "completeness", p)
}

// shortLabel is a period's label short enough for a chart axis: "I/2019".
func shortLabel(p period.Period) string {
	if p.Type == period.Quarter {
		return []string{"", "I", "II", "III", "IV"}[p.Index] + "/" + fmt.Sprint(p.Year)
	}
	return p.ID
}

// handleRemind notifies every unit that has not filed (in-app, and by
// e-mail to its users who have an address when SMTP is configured).
func (s *Server) handleRemind(w http.ResponseWriter, r *http.Request) error {
	ctx := r.Context()
	a := reqCtx(r).actor
	k := reportKey(r)
	comp, rc, err := s.reports.Completeness(ctx, a, k)
	if err != nil {
		return err
	}
	if err := s.authz.Can(ctx, a, auth.ActReportReview, k.Unit, rc.Period.End); err != nil {
		return err
	}
	if len(comp.Missing) == 0 {
		setFlash(w, "Mọi đơn vị đã gửi báo cáo; không cần nhắc.")
		http.Redirect(w, r, "/tien-do/"+k.Template+"/"+k.Period+"/"+k.Unit, http.StatusSeeOther)
		return nil
	}
	deadline := rc.Template.Deadline.Deadline(rc.Period)
	msg := fmt.Sprintf("Đề nghị gửi \"%s\" %s (hạn %s).", rc.Template.Name, rc.Period.Label(), deadline.VN())
	var ns []notify.Notification
	var units []string
	for _, u := range comp.Missing {
		ns = append(ns, notify.Notification{Unit: u.Code, Message: msg, Link: reportURL(report.Key{Template: k.Template, Period: k.Period, Unit: u.Code}),
			CreatedAt: s.now().UTC(), CreatedBy: a.Username})
		units = append(units, u.Code)
	}
	if err := s.db.CreateNotifications(ctx, ns); err != nil {
		return err
	}
	sent := 0
	if s.cfg.Mailer != nil {
		users, err := s.db.ListUsers(ctx, auth.UserFilter{UnitCodes: units})
		if err != nil {
			return err
		}
		var to []string
		for _, u := range users {
			if u.Email != "" && !u.Disabled {
				to = append(to, u.Email)
			}
		}
		if len(to) > 0 {
			if err := s.cfg.Mailer.Send(ctx, to, "[Giao Ban] "+msg, msg+"\n\n"+"Đăng nhập hệ thống để gửi báo cáo."); err != nil {
				s.log.Error("send reminder mail", "err", err)
				return apperr.Errorf(apperr.EINTERNAL, "Đã tạo nhắc nhở trong hệ thống nhưng gửi thư điện tử thất bại.")
			}
			sent = len(to)
		}
	}
	flash := fmt.Sprintf("Đã nhắc %d đơn vị chưa gửi báo cáo.", len(ns))
	if sent > 0 {
		flash += fmt.Sprintf(" Đã gửi thư điện tử tới %d địa chỉ.", sent)
	}
	setFlash(w, flash)
	http.Redirect(w, r, "/tien-do/"+k.Template+"/"+k.Period+"/"+k.Unit, http.StatusSeeOther)
	return nil
}

type notificationsPage struct {
	page
	Items []notify.Notification
}

func (s *Server) handleNotifications(w http.ResponseWriter, r *http.Request) error {
	a, err := s.require(r, auth.ActSelf, "", s.today())
	if err != nil {
		return err
	}
	p := notificationsPage{page: s.basePage(r, "Thông báo")}
	if a.UnitCode != "" {
		if p.Items, err = s.db.ListNotifications(r.Context(), a.UnitCode, 100); err != nil {
			return err
		}
		if err := s.db.MarkRead(r.Context(), a.UnitCode, s.now().UTC()); err != nil {
			return err
		}
	}
	return s.render(w, r, http.StatusOK, "notifications", p)
}

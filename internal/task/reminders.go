package task

import (
	"context"
	"fmt"
	"strconv"

	"giaoban/internal/notify"
	"giaoban/internal/period"
)

// RemindAssigned tells the lead and coordinating units of a new task, once
// per task. Tasks made from a conclusion get theirs when it is issued.
func (s *Service) RemindAssigned(ctx context.Context, t *Task) error {
	_, err := s.remind(ctx, t, RemindAssigned, s.today())
	return err
}

// RunReminders sends the reminders due on today: 7 days before a task's
// deadline, and once it is overdue; each at most once per task and kind,
// also when several servers run it at once. It returns how many were sent.
func (s *Service) RunReminders(ctx context.Context, today period.Date) (int, error) {
	ps, err := s.Store.PendingReminders(ctx, today)
	if err != nil {
		return 0, err
	}
	n := 0
	for i := range ps {
		sent, err := s.remind(ctx, &ps[i].Task, ps[i].Kind, today)
		if err != nil {
			return n, err
		}
		if sent {
			n++
		}
	}
	return n, nil
}

// remind stores the reminder of kind for t (in-app) unless it was sent
// before, then e-mails it when mail is configured.
func (s *Service) remind(ctx context.Context, t *Task, kind ReminderKind, today period.Date) (bool, error) {
	msgs := s.reminderMessages(ctx, t, kind, today)
	now := s.Now().UTC()
	var ns []notify.Notification
	var units []string
	for _, m := range msgs {
		ns = append(ns, notify.Notification{Unit: m.unit, Message: m.text, Link: linkPrefix + strconv.FormatInt(t.ID, 10), CreatedAt: now, CreatedBy: "hệ thống"})
		units = append(units, m.unit)
	}
	sent, err := s.Store.RecordReminder(ctx, t.ID, kind, now, ns)
	if err != nil || !sent {
		return false, err
	}
	if s.Mail != nil && len(msgs) > 0 {
		// The lead unit's message heads the e-mail; every unit gets it.
		if err := s.Mail(ctx, units, mailSubject+msgs[0].subject, msgs[0].text+mailFooter); err != nil {
			s.log().Error("task reminder mail", "task", t.ID, "kind", kind, "err", err)
		}
	}
	return true, nil
}

type reminderMsg struct {
	unit, subject, text string
}

// reminderMessages words the reminder of kind for each unit it goes to.
func (s *Service) reminderMessages(ctx context.Context, t *Task, kind ReminderKind, today period.Date) []reminderMsg {
	content := clip(t.Content, 200)
	due := "hạn " + t.DeadlineLabel()
	if t.Ongoing || t.Deadline.IsZero() {
		due = "thực hiện thường xuyên"
	}
	switch kind {
	case RemindAssigned:
		out := []reminderMsg{{t.LeadUnit, "Nhiệm vụ mới được giao",
			fmt.Sprintf("Đơn vị được giao chủ trì nhiệm vụ (%s): %s", due, content)}}
		lead := s.unitLabel(ctx, t.LeadUnit, t.AssignedOn)
		for _, c := range t.Coordinating {
			out = append(out, reminderMsg{c, "Nhiệm vụ phối hợp",
				fmt.Sprintf("Đơn vị được giao phối hợp với %s thực hiện nhiệm vụ (%s): %s", lead, due, content)})
		}
		return out
	case RemindDueSoon:
		days := int(t.Deadline.Time().Sub(today.Time()).Hours() / 24)
		left := fmt.Sprintf("còn %d ngày", days)
		if days == 0 {
			left = "hết hạn hôm nay"
		}
		return []reminderMsg{{t.LeadUnit, "Nhiệm vụ sắp đến hạn",
			fmt.Sprintf("Nhiệm vụ sắp đến hạn (%s, %s): %s", due, left, content)}}
	case RemindOverdue:
		if t.State == StateProposed {
			return []reminderMsg{{t.MonitorUnit, "Nhiệm vụ quá hạn chờ xác nhận",
				fmt.Sprintf("Nhiệm vụ đã quá hạn (%s), đơn vị chủ trì đã đề nghị hoàn thành, đang chờ xác nhận: %s", due, content)}}
		}
		return []reminderMsg{{t.LeadUnit, "Nhiệm vụ quá hạn",
			fmt.Sprintf("Nhiệm vụ đã quá hạn (%s) mà chưa hoàn thành: %s", due, content)}}
	}
	return nil
}

func (s *Service) unitLabel(ctx context.Context, code string, at period.Date) string {
	if u, err := s.Units.FindUnit(ctx, code, at); err == nil {
		return u.Label()
	}
	return code
}

// notify stores an ordinary in-app notification about t for units.
func (s *Service) notify(ctx context.Context, t *Task, units []string, msg, by string) error {
	now := s.Now().UTC()
	var ns []notify.Notification
	for _, u := range units {
		if u != "" {
			ns = append(ns, notify.Notification{Unit: u, Message: msg, Link: linkPrefix + strconv.FormatInt(t.ID, 10), CreatedAt: now, CreatedBy: by})
		}
	}
	if len(ns) == 0 {
		return nil
	}
	return s.Store.CreateNotifications(ctx, ns)
}

package task

import (
	"context"
	"fmt"
	"strconv"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

// ForReport returns the tasks a unit's report for period p accounts for
// (the section "Kết quả thực hiện nhiệm vụ được giao"): those led by the
// unit and assigned by the end of the period's window that were still
// open during it — open or proposed, or done on or after its start.
func (s *Service) ForReport(ctx context.Context, a *auth.Actor, unit string, p period.Period) ([]Task, error) {
	if err := s.Authz.Can(ctx, a, auth.ActTaskRead, unit, p.End); err != nil {
		return nil, nil // the actor sees the report but not the tasks: no section
	}
	ts, err := s.Store.ListTasks(ctx, Filter{LeadUnits: []string{unit}})
	if err != nil {
		return nil, err
	}
	out := ts[:0]
	for _, t := range ts {
		if t.AssignedOn.After(p.End) {
			continue
		}
		if t.State == StateDone && t.DoneOn.Before(p.Start) {
			continue
		}
		out = append(out, t)
	}
	SortUrgent(out, s.today())
	return out, nil
}

// ReportLine is what a unit writes for one task in its periodic report.
type ReportLine struct {
	TaskID  int64
	Text    string
	Percent string // typed; "" leaves the percent as it is
}

// ReportBatch is the checked lines of one report save that change a task.
type ReportBatch struct {
	unit  string
	lines []reportChange
}

type reportChange struct {
	id      int64
	text    string
	percent *int
}

// Len is the number of tasks the batch changes.
func (b *ReportBatch) Len() int {
	if b == nil {
		return 0
	}
	return len(b.lines)
}

// CheckReport checks the task lines of unit's report before the report is
// saved, so that a bad line stops the save with nothing written. Field
// errors are keyed "tasks.<id>.text" and "tasks.<id>.percent". Lines that
// repeat the task's latest progress, and lines of tasks already done, are
// left out of the batch.
func (s *Service) CheckReport(ctx context.Context, a *auth.Actor, unit string, lines []ReportLine) (*ReportBatch, error) {
	b := &ReportBatch{unit: unit}
	fields := map[string]string{}
	for _, l := range lines {
		key := "tasks." + strconv.FormatInt(l.TaskID, 10)
		t, err := s.Store.FindTask(ctx, l.TaskID)
		if apperr.Is(err, apperr.ENOTFOUND) || (err == nil && t.LeadUnit != unit) {
			fields[key+".text"] = "Nhiệm vụ không thuộc đơn vị này."
			continue
		} else if err != nil {
			return nil, err
		}
		if t.State == StateDone {
			continue
		}
		if err := s.Authz.Can(ctx, a, auth.ActTaskProgress, t.LeadUnit, t.AssignedOn); err != nil {
			return nil, refuse(err, "Chỉ đơn vị chủ trì nhiệm vụ mới được cập nhật tiến độ.")
		}
		c := reportChange{id: t.ID, text: strings.TrimSpace(vntext.NormalizeText(l.Text))}
		if len([]rune(c.text)) > MaxText {
			fields[key+".text"] = fmt.Sprintf("Nội dung tối đa %s ký tự.", vntext.FormatInt(MaxText))
		}
		if v := strings.TrimSpace(strings.TrimSuffix(strings.TrimSpace(l.Percent), "%")); v != "" {
			n, err := strconv.Atoi(v)
			if err != nil || n < 0 || n > 100 {
				fields[key+".percent"] = "Tỷ lệ hoàn thành phải là số nguyên từ 0 đến 100."
			} else {
				c.percent = &n
			}
		}
		changed := (c.text != "" && c.text != t.LastProgress) || (c.percent != nil && *c.percent != t.Percent)
		if changed {
			b.lines = append(b.lines, c)
		}
	}
	if len(fields) > 0 {
		return nil, apperr.Invalid("Có dòng nhiệm vụ chưa hợp lệ (xem các ô tô đỏ). Chưa lưu gì.", fields)
	}
	return b, nil
}

// ApplyReport writes a checked batch once its report is saved: each task
// gets an event of kind report naming the report (ref is
// template/period/unit) and its latest progress. It returns how many
// tasks changed.
func (s *Service) ApplyReport(ctx context.Context, a *auth.Actor, b *ReportBatch, ref string) (int, error) {
	n := 0
	for _, c := range b.lines {
		// A concurrent update between reading and writing is retried on
		// the fresh task: a report line adds to the history, it does not
		// overwrite a decision.
		var err error
		for attempt := 0; attempt < 3; attempt++ {
			if err = s.applyLine(ctx, a, c, ref); !apperr.Is(err, apperr.ECONFLICT) {
				break
			}
		}
		if err != nil {
			return n, err
		}
		n++
	}
	return n, nil
}

func (s *Service) applyLine(ctx context.Context, a *auth.Actor, c reportChange, ref string) error {
	t, err := s.Store.FindTask(ctx, c.id)
	if err != nil {
		return err
	}
	if t.State == StateDone {
		return nil
	}
	base := t.Version
	if c.text != "" {
		t.LastProgress = c.text
	}
	if c.percent != nil {
		t.Percent = *c.percent
	}
	s.touch(t, a)
	ev := Event{TaskID: t.ID, Kind: EventReport, On: s.today(), Text: c.text, Percent: c.percent, ReportRef: ref,
		CreatedAt: t.UpdatedAt, CreatedBy: a.Username}
	return s.Store.UpdateTask(ctx, t, base, []Event{ev})
}

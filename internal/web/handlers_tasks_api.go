package web

import (
	"net/http"
	"strconv"

	"giaoban/internal/apperr"
	"giaoban/internal/auth"
	"giaoban/internal/period"
	"giaoban/internal/task"
)

// apiTaskItem is a task in the list: {"id","content","lead_unit",
// "deadline","status"}; deadline is null for an ongoing task, status one
// of the four buckets.
type apiTaskItem struct {
	ID       int64   `json:"id"`
	Content  string  `json:"content"`
	LeadUnit string  `json:"lead_unit"`
	Deadline *string `json:"deadline"`
	Status   string  `json:"status"`
}

type apiTaskSource struct {
	Kind             string  `json:"kind"` // conclusion, document
	Number           string  `json:"number"`
	Title            string  `json:"title"`
	ConclusionItemID *int64  `json:"conclusion_item_id"`
	ConferenceID     *int64  `json:"conference_id"`
	ConferenceTitle  string  `json:"conference_title,omitempty"`
	ItemSeq          *int    `json:"item_seq"`
	ItemText         string  `json:"item_text,omitempty"`
	IssuedOn         *string `json:"issued_on"`
}

type apiTaskEvidence struct {
	ID       int64  `json:"id"`
	FileName string `json:"file_name"`
	Size     int64  `json:"size"`
	URL      string `json:"url"`
}

type apiTaskEvent struct {
	ID        int64             `json:"id"`
	Kind      string            `json:"kind"`
	Date      string            `json:"date"`
	Text      string            `json:"text"`
	Percent   *int              `json:"percent"`
	ReportRef string            `json:"report_ref,omitempty"`
	Evidence  []apiTaskEvidence `json:"evidence"`
	CreatedAt string            `json:"created_at"`
	CreatedBy string            `json:"created_by"`
}

// apiTask is one task in full.
type apiTask struct {
	apiTaskItem
	LeadUnitName string         `json:"lead_unit_name"`
	Coordinating []string       `json:"coordinating_units"`
	MonitorUnit  string         `json:"monitor_unit"`
	Ongoing      bool           `json:"ongoing"`
	State        string         `json:"state"` // open, proposed, done
	AssignedOn   string         `json:"assigned_on"`
	DoneOn       *string        `json:"done_on"`
	Percent      int            `json:"percent"`
	LastProgress string         `json:"last_progress"`
	Version      int            `json:"version"`
	Source       apiTaskSource  `json:"source"`
	Events       []apiTaskEvent `json:"events"`
}

func taskDateJSON(d period.Date) *string {
	if d.IsZero() {
		return nil
	}
	s := d.String()
	return &s
}

func toAPITaskItem(t *task.Task, today period.Date) apiTaskItem {
	return apiTaskItem{ID: t.ID, Content: t.Content, LeadUnit: t.LeadUnit, Deadline: taskDateJSON(t.Deadline), Status: string(t.BucketOn(today))}
}

func (s *Server) toAPITask(r *http.Request, d *task.Detail) apiTask {
	t := d.Task
	out := apiTask{apiTaskItem: toAPITaskItem(t, s.today()), LeadUnitName: s.unitName(r.Context(), t.LeadUnit, t.AssignedOn),
		Coordinating: append([]string{}, t.Coordinating...), MonitorUnit: t.MonitorUnit, Ongoing: t.Ongoing, State: string(t.State),
		AssignedOn: t.AssignedOn.String(), DoneOn: taskDateJSON(t.DoneOn), Percent: t.Percent, LastProgress: t.LastProgress, Version: t.Version,
		Source: apiTaskSource{Kind: string(t.SourceKind), Number: t.SourceNumber, Title: t.SourceTitle}, Events: []apiTaskEvent{}}
	if t.ConclusionItemID != 0 {
		id := t.ConclusionItemID
		out.Source.ConclusionItemID = &id
	}
	if o := d.Origin; o != nil {
		cid, seq := o.ConferenceID, o.ItemSeq
		out.Source.ConferenceID, out.Source.ConferenceTitle, out.Source.ItemSeq, out.Source.ItemText = &cid, o.ConferenceTitle, &seq, o.ItemText
		out.Source.IssuedOn = taskDateJSON(o.ConclusionIssued)
		if out.Source.Number == "" {
			out.Source.Number = o.ConclusionNumber
		}
		if out.Source.Title == "" {
			out.Source.Title = o.ConclusionTitle
		}
	}
	for _, ev := range d.Events {
		e := apiTaskEvent{ID: ev.ID, Kind: string(ev.Kind), Date: ev.On.String(), Text: ev.Text, Percent: ev.Percent, ReportRef: ev.ReportRef,
			Evidence: []apiTaskEvidence{}, CreatedAt: ev.CreatedAt.UTC().Format("2006-01-02T15:04:05Z07:00"), CreatedBy: ev.CreatedBy}
		for _, f := range ev.Evidence {
			e.Evidence = append(e.Evidence, apiTaskEvidence{ID: f.ID, FileName: f.FileName, Size: f.Size,
				URL: taskURL(t.ID) + "/minh-chung/" + strconv.FormatInt(f.ID, 10)})
		}
		out.Events = append(out.Events, e)
	}
	return out
}

// apiTasks lists the tasks the caller may see: ?unit= keeps one lead unit
// (403 when the caller may not see that unit's tasks), ?status= one
// bucket (422 for anything else).
func (s *Server) apiTasks(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	ctx := r.Context()
	unit, status := r.URL.Query().Get("unit"), task.Bucket(r.URL.Query().Get("status"))
	if status != "" && !status.Valid() {
		return apperr.Invalid("Trạng thái không hợp lệ.", map[string]string{"status": "Trạng thái là một trong open, overdue, done_on_time, done_late."})
	}
	ts, err := s.visibleTaskList(ctx, a)
	if err != nil {
		return err
	}
	today := s.today()
	out := []apiTaskItem{}
	found := false
	for i := range ts {
		t := &ts[i]
		if unit != "" && t.LeadUnit != unit {
			continue
		}
		found = true
		if status != "" && t.BucketOn(today) != status {
			continue
		}
		out = append(out, toAPITaskItem(t, today))
	}
	// A unit whose tasks the caller may not see is refused, as for
	// reports, rather than answered with an empty list.
	if unit != "" && !found {
		if err := s.authz.Can(ctx, a, auth.ActTaskRead, unit, today); err != nil {
			return err
		}
	}
	return writeJSON(w, http.StatusOK, out)
}

// apiTask is one task with its coordinating units, monitor, source and
// events.
func (s *Server) apiTask(w http.ResponseWriter, r *http.Request) error {
	id, err := taskIDParam(r)
	if err != nil {
		return err
	}
	d, err := s.tasks.Detail(r.Context(), reqCtx(r).actor, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusOK, s.toAPITask(r, d))
}

// apiTaskProgress posts progress: {"text","percent","propose_done"}, and
// optionally "date" (YYYY-MM-DD) and "version" (409 when stale). 201 with
// the task.
func (s *Server) apiTaskProgress(w http.ResponseWriter, r *http.Request) error {
	id, err := taskIDParam(r)
	if err != nil {
		return err
	}
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	var in struct {
		Text        string `json:"text"`
		Percent     *int   `json:"percent"`
		ProposeDone bool   `json:"propose_done"`
		Date        string `json:"date"`
		Version     int    `json:"version"`
	}
	if err := decodeJSON(r, &in); err != nil {
		return err
	}
	if _, err := s.tasks.PostProgress(r.Context(), a, id, task.Progress{Version: in.Version, Text: in.Text, Percent: in.Percent, On: in.Date, ProposeDone: in.ProposeDone}); err != nil {
		return err
	}
	d, err := s.tasks.Detail(r.Context(), a, id)
	if err != nil {
		return err
	}
	return writeJSON(w, http.StatusCreated, s.toAPITask(r, d))
}

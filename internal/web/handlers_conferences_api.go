package web

import (
	"net/http"
	"strconv"
	"strings"
	"time"

	"giaoban/internal/conference"
)

// apiConferenceHead is a conference in a list (GET /api/v1/conferences).
type apiConferenceHead struct {
	ID     int64  `json:"id"`
	Title  string `json:"title"`
	Date   string `json:"date"`
	Period string `json:"period"`
	Status string `json:"status"`
}

type apiPerson struct {
	Name  string `json:"name"`
	Title string `json:"title"`
}

type apiInvitee struct {
	Unit     string `json:"unit"`
	Name     string `json:"name"`
	Position string `json:"position"`
}

type apiAgendaItem struct {
	Title     string `json:"title"`
	Presenter string `json:"presenter"`
	Minutes   int    `json:"minutes"`
	Kind      string `json:"kind"`
}

type apiAttendee struct {
	Unit          string `json:"unit"`
	Name          string `json:"name"`
	Title         string `json:"title"`
	Present       bool   `json:"present"`
	AbsenceReason string `json:"absence_reason"`
}

type apiPaper struct {
	ID          int64  `json:"id"`
	Kind        string `json:"kind"`
	Title       string `json:"title"`
	Ref         string `json:"ref,omitempty"`
	URL         string `json:"url"`
	FileName    string `json:"file_name,omitempty"`
	ContentType string `json:"content_type,omitempty"`
	Size        int64  `json:"size,omitempty"`
}

type apiConclusionItem struct {
	Seq        int      `json:"seq"`
	Kind       string   `json:"kind"`
	Text       string   `json:"text"`
	Addressees []string `json:"addressees"`
	Deadline   *string  `json:"deadline"`
	Ongoing    bool     `json:"ongoing"`
}

type apiConclusion struct {
	ID         int64               `json:"id"`
	Status     string              `json:"status"`
	Number     string              `json:"number"`
	Title      string              `json:"title"`
	IssuerUnit string              `json:"issuer_unit"`
	IssuedOn   *string             `json:"issued_on"`
	Signer     apiPerson           `json:"signer"`
	Preamble   string              `json:"preamble"`
	Closing    string              `json:"closing"`
	Recipients []string            `json:"recipients"`
	Items      []apiConclusionItem `json:"items"`
	Version    int                 `json:"version"`
}

// apiConferenceFull is GET /api/v1/conferences/{id}.
type apiConferenceFull struct {
	apiConferenceHead
	Kind             string          `json:"kind"`
	HostUnit         string          `json:"host_unit"`
	Template         string          `json:"template"`
	StartsAt         string          `json:"starts_at"`
	EndsAt           *string         `json:"ends_at"`
	Place            string          `json:"place"`
	Chair            apiPerson       `json:"chair"`
	InvitationNumber string          `json:"invitation_number"`
	Invitees         []apiInvitee    `json:"invitees"`
	Agenda           []apiAgendaItem `json:"agenda"`
	Attendance       []apiAttendee   `json:"attendance"`
	Papers           []apiPaper      `json:"papers"`
	Minutes          string          `json:"minutes"`
	Conclusion       *apiConclusion  `json:"conclusion"`
	Version          int             `json:"version"`
}

func apiHead(c *conference.Conference) apiConferenceHead {
	return apiConferenceHead{ID: c.ID, Title: c.Title, Date: c.Date().String(), Period: c.Period, Status: string(c.Status)}
}

// apiConferences lists the conferences the caller may read: ?period=,
// ?host=, ?status=.
func (s *Server) apiConferences(w http.ResponseWriter, r *http.Request) error {
	a, err := s.actor(r)
	if err != nil {
		return err
	}
	q := r.URL.Query()
	cs, err := s.conferences.List(r.Context(), a, conference.Filter{Period: strings.ToUpper(strings.TrimSpace(q.Get("period"))),
		Host: q.Get("host"), Status: conference.Status(q.Get("status"))})
	if err != nil {
		return err
	}
	out := make([]apiConferenceHead, 0, len(cs))
	for i := range cs {
		out = append(out, apiHead(&cs[i]))
	}
	return writeJSON(w, http.StatusOK, out)
}

// apiConference is one conference in full: its lists, papers without
// their bytes, and its conclusion notice as the caller may see it (null
// when none).
func (s *Server) apiConference(w http.ResponseWriter, r *http.Request) error {
	c, a, err := s.requestConference(r)
	if err != nil {
		return err
	}
	out := apiConferenceFull{apiConferenceHead: apiHead(c), Kind: string(c.Kind), HostUnit: c.HostUnit, Template: c.Template,
		StartsAt: c.StartsAt.Format(time.RFC3339), Place: c.Place, Chair: apiPerson{Name: c.ChairName, Title: c.ChairTitle},
		InvitationNumber: c.InvitationNo, Minutes: c.Minutes, Version: c.Version,
		Invitees: []apiInvitee{}, Agenda: []apiAgendaItem{}, Attendance: []apiAttendee{}, Papers: []apiPaper{}}
	if !c.EndsAt.IsZero() {
		e := c.EndsAt.Format(time.RFC3339)
		out.EndsAt = &e
	}
	for _, x := range c.Invitees {
		out.Invitees = append(out.Invitees, apiInvitee{Unit: x.UnitCode, Name: x.PersonName, Position: x.Position})
	}
	for _, x := range c.Agenda {
		out.Agenda = append(out.Agenda, apiAgendaItem{Title: x.Title, Presenter: x.Presenter, Minutes: x.Minutes, Kind: x.Kind})
	}
	for _, x := range c.Attendance {
		out.Attendance = append(out.Attendance, apiAttendee{Unit: x.UnitCode, Name: x.PersonName, Title: x.PersonTitle, Present: x.Present, AbsenceReason: x.AbsenceReason})
	}
	for _, x := range c.Papers {
		p := apiPaper{ID: x.ID, Kind: string(x.Kind), Title: x.Title, Ref: x.Ref, URL: x.ConsolidationURL()}
		if x.Kind == conference.PaperFile {
			p.URL, p.FileName, p.ContentType, p.Size = conferenceURL(c.ID)+"/tai-lieu/"+strconv.FormatInt(x.ID, 10), x.FileName, x.ContentType, x.Size
		}
		out.Papers = append(out.Papers, p)
	}
	cl, err := s.conferences.VisibleConclusion(r.Context(), a, c)
	if err != nil {
		return err
	}
	if cl != nil {
		ac := &apiConclusion{ID: cl.ID, Status: string(cl.Status), Number: cl.NumberText, Title: cl.Title, IssuerUnit: cl.IssuerUnit,
			Signer: apiPerson{Name: cl.SignerName, Title: cl.SignerTitle}, Preamble: cl.Preamble, Closing: cl.Closing,
			Recipients: []string{}, Items: []apiConclusionItem{}, Version: cl.Version}
		if !cl.IssuedOn.IsZero() {
			d := cl.IssuedOn.String()
			ac.IssuedOn = &d
		}
		for _, ln := range strings.Split(cl.Recipients, "\n") {
			if ln = strings.TrimSpace(ln); ln != "" {
				ac.Recipients = append(ac.Recipients, ln)
			}
		}
		for _, it := range cl.Items {
			item := apiConclusionItem{Seq: it.Seq, Kind: string(it.Kind), Text: it.Text, Addressees: it.Addressees, Ongoing: it.Ongoing}
			if item.Addressees == nil {
				item.Addressees = []string{}
			}
			if !it.Deadline.IsZero() {
				d := it.Deadline.String()
				item.Deadline = &d
			}
			ac.Items = append(ac.Items, item)
		}
		out.Conclusion = ac
	}
	return writeJSON(w, http.StatusOK, out)
}

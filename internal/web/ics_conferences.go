package web

import (
	"strconv"
	"strings"
	"time"

	"giaoban/internal/conference"
	"giaoban/internal/export/ics"
)

// conferenceCalendar is the iCalendar feed of conferences for a unit named
// unitName; base is the server's address for the events' links. A
// conference without an end time lasts its agenda, or half a day.
func conferenceCalendar(cs []conference.Conference, unitName string, now time.Time, base string) []byte {
	cal := ics.Calendar{ProdID: "-//Giao Ban//Hoi nghi giao ban//VI", Name: "Hội nghị — " + unitName}
	for i := range cs {
		c := &cs[i]
		end := c.EndsAt
		if end.IsZero() {
			d := time.Duration(c.AgendaMinutes()) * time.Minute
			if d <= 0 {
				d = 4 * time.Hour
			}
			end = c.StartsAt.Add(d)
		}
		var desc []string
		if c.ChairName != "" {
			chair := "Chủ trì: đồng chí " + c.ChairName
			if c.ChairTitle != "" {
				chair += ", " + c.ChairTitle
			}
			desc = append(desc, chair)
		}
		for j, a := range c.Agenda {
			line := strconv.Itoa(j+1) + ". " + a.Title
			if a.Presenter != "" {
				line += " (" + a.Presenter + ")"
			}
			desc = append(desc, line)
		}
		if c.InvitationNo != "" {
			desc = append(desc, "Giấy mời "+c.InvitationNo)
		}
		status := "CONFIRMED"
		if c.Status == conference.StatusPlanned {
			status = "TENTATIVE"
		}
		cal.Events = append(cal.Events, ics.Event{UID: "conference-" + strconv.FormatInt(c.ID, 10) + "@giaoban", Stamp: now,
			Start: c.StartsAt, End: end, Summary: c.Title, Location: c.Place, Description: strings.Join(desc, "\n"),
			URL: base + conferenceURL(c.ID), Status: status, Sequence: c.Version - 1})
	}
	return ics.Bytes(cal)
}

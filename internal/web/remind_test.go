package web_test

import (
	"net/http"
	"strings"
	"testing"

	"giaoban/internal/apptest"
	"giaoban/internal/notify"
)

func TestRemindMissingUnits(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	c := srv.NewClient(t)
	c.Login("chuyenvien", "demo")
	_, page := c.Get("/tien-do/BCQ-DV/2019Q1/20")
	for _, want := range []string{"Hội Cựu chiến binh tỉnh", "Tỉnh đoàn", "Nhắc 2 đơn vị chưa gửi", "<svg"} {
		if !strings.Contains(page, want) {
			t.Errorf("progress page lacks %q", want)
		}
	}
	if res := c.PostForm("/tien-do/BCQ-DV/2019Q1/20/nhac", nil); res.StatusCode != http.StatusSeeOther {
		t.Fatalf("remind: got %d, want 303", res.StatusCode)
	}
	// reportReminders keeps the reminders to file a report (the demo's
	// task notifications link to /nhiem-vu/).
	reportReminders := func(unit string) []notify.Notification {
		ns, err := srv.DB.ListNotifications(t.Context(), unit, 50)
		if err != nil {
			t.Fatal(err)
		}
		var out []notify.Notification
		for _, n := range ns {
			if strings.HasPrefix(n.Link, "/bao-cao/") {
				out = append(out, n)
			}
		}
		return out
	}
	for _, unit := range []string{"20-HCCB", "20-TD"} {
		ns := reportReminders(unit)
		if len(ns) != 1 || !strings.Contains(ns[0].Message, "Quý I/2019") || ns[0].CreatedBy != "chuyenvien" {
			t.Errorf("notifications of %s: got %+v, want one reminder for Quý I/2019", unit, ns)
		}
	}
	// Units that filed were not reminded.
	if ns := reportReminders("20-MTTQ"); len(ns) != 0 {
		t.Errorf("a unit that filed got %d reminders", len(ns))
	}
}

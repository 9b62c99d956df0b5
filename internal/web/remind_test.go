package web_test

import (
	"net/http"
	"strings"
	"testing"

	"giaoban/internal/apptest"
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
	for _, unit := range []string{"20-HCCB", "20-TD"} {
		ns, err := srv.DB.ListNotifications(t.Context(), unit, 10)
		if err != nil || len(ns) != 1 || !strings.Contains(ns[0].Message, "Quý I/2019") || ns[0].CreatedBy != "chuyenvien" {
			t.Errorf("notifications of %s: got %+v %v, want one reminder for Quý I/2019", unit, ns, err)
		}
	}
	// Units that filed were not reminded.
	if ns, _ := srv.DB.ListNotifications(t.Context(), "20-MTTQ", 10); len(ns) != 0 {
		t.Errorf("a unit that filed got %d reminders", len(ns))
	}
}

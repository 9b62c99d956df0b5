package demo_test

import (
	"html"
	"strings"
	"testing"

	"giaoban/internal/apptest"
	"giaoban/internal/conference"
	"giaoban/internal/period"
	"giaoban/internal/sqlstore"
	"giaoban/internal/task"
)

// TestDemoMeetings: the demo replays the 2019 conference with its chair,
// its issued conclusion with the seed's items, the tasks in every bucket,
// and the Q2 conference reviewing them.
func TestDemoMeetings(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		srv := apptest.NewServer(t, db)
		ctx := t.Context()
		cs, err := srv.DB.ListConferences(ctx, conference.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		var q1, q2 *conference.Conference
		for i := range cs {
			switch cs[i].Period {
			case "2019Q1":
				q1 = &cs[i]
			case "2019Q2":
				q2 = &cs[i]
			}
		}
		if q1 == nil || q2 == nil {
			t.Fatalf("demo conferences: %+v", cs)
		}
		if q1.Status != conference.StatusConcluded || q1.ChairName != "Hoàng Văn Nghiệm" || q1.StartsAt.In(period.Vietnam).Format("2006-01-02") != "2019-03-28" {
			t.Errorf("Q1 conference: %+v", q1)
		}
		tasks, err := srv.DB.ListTasks(ctx, task.Filter{})
		if err != nil {
			t.Fatal(err)
		}
		today := period.Today(apptest.Clock)
		buckets := map[task.Bucket]int{}
		for _, tk := range tasks {
			buckets[tk.BucketOn(today)]++
		}
		if buckets[task.BucketDoneOnTime] < 2 || buckets[task.BucketDoneLate] != 1 || buckets[task.BucketOverdue] != 1 || buckets[task.BucketOpen] < 1 {
			t.Errorf("task buckets: %v", buckets)
		}
	})
}

// TestDemoArticle: the portal opens with the news of the 28/3/2019
// conference, written from the conference's data, carrying the seed's
// figures, and the year's theme.
func TestDemoArticle(t *testing.T) {
	srv := apptest.NewServer(t, apptest.NewDB(t))
	c := srv.NewClient(t)
	_, home := c.Get("/")
	if !strings.Contains(home, "Hội nghị giao ban công tác dân vận quý I, triển khai nhiệm vụ quý II năm 2019") || !strings.Contains(home, "Năm Dân vận chính quyền") {
		t.Fatalf("portal home lacks the demo article or the theme:\n%.2000s", home)
	}
	i := strings.Index(home, `href="/tin/`)
	if i < 0 {
		t.Fatal("no article link on the portal home")
	}
	slug := home[i+len(`href="`):]
	slug = slug[:strings.IndexByte(slug, '"')]
	_, page := c.Get(slug)
	page = html.UnescapeString(page)
	for _, want := range []string{"Ngày 28/3/2019, Ban Dân vận Tỉnh ủy tổ chức", "Hoàng Văn Nghiệm", "Nguyễn Long Hải",
		"12 đoàn công tác", "8 đoàn kiểm tra", "trên 62 nghìn lượt quà tặng", "trên 26 tỷ đồng", "Thùy Linh",
		"Đại hội Dân tộc thiểu số tỉnh năm 2019"} {
		if !strings.Contains(page, want) {
			t.Errorf("the demo article lacks %q", want)
		}
	}
}

package task_test

import (
	"testing"

	"giaoban/internal/period"
	"giaoban/internal/task"
)

// TestBucketOn walks the four buckets at and around a deadline, with the
// day injected.
func TestBucketOn(t *testing.T) {
	deadline := period.MustParse("2019-06-30")
	d := period.MustParse
	open := func() task.Task { return task.Task{State: task.StateOpen, Deadline: deadline} }
	done := func(on string) task.Task { return task.Task{State: task.StateDone, Deadline: deadline, DoneOn: d(on)} }
	proposed := func(on string) task.Task {
		return task.Task{State: task.StateProposed, Deadline: deadline, DoneOn: d(on)}
	}
	ongoing := func(s task.State) task.Task { return task.Task{State: s, Ongoing: true} }
	cases := []struct {
		name  string
		task  task.Task
		today string
		want  task.Bucket
	}{
		{"open, the day before the deadline", open(), "2019-06-29", task.BucketOpen},
		{"open, on the deadline", open(), "2019-06-30", task.BucketOpen},
		{"open, the day after the deadline", open(), "2019-07-01", task.BucketOverdue},
		{"open, a year after", open(), "2020-07-01", task.BucketOverdue},
		{"open, long before", open(), "2019-04-01", task.BucketOpen},
		{"done a week early", done("2019-06-23"), "2019-07-15", task.BucketDoneOnTime},
		{"done on the deadline", done("2019-06-30"), "2019-07-01", task.BucketDoneOnTime},
		{"done a day late", done("2019-07-01"), "2019-07-01", task.BucketDoneLate},
		{"done a day late, seen later", done("2019-07-01"), "2026-11-25", task.BucketDoneLate},
		{"done on time, seen before the deadline", done("2019-06-01"), "2019-06-02", task.BucketDoneOnTime},
		{"proposed before the deadline, not confirmed, on the deadline", proposed("2019-06-28"), "2019-06-30", task.BucketOpen},
		{"proposed but not confirmed past the deadline", proposed("2019-06-28"), "2019-07-01", task.BucketOverdue},
		{"ongoing, open, years later", ongoing(task.StateOpen), "2030-01-01", task.BucketOpen},
		{"ongoing, proposed", ongoing(task.StateProposed), "2030-01-01", task.BucketOpen},
		{"ongoing, done", task.Task{State: task.StateDone, Ongoing: true, DoneOn: d("2025-01-01")}, "2030-01-01", task.BucketDoneOnTime},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.task.BucketOn(d(c.today)); got != c.want {
				t.Errorf("BucketOn(%s) = %s, want %s", c.today, got, c.want)
			}
		})
	}
}

// TestDueSoon: amber within 7 days of the deadline, today included; never
// for a task done, overdue or ongoing.
func TestDueSoon(t *testing.T) {
	deadline := period.MustParse("2019-06-30")
	d := period.MustParse
	open := task.Task{State: task.StateOpen, Deadline: deadline}
	cases := []struct {
		name  string
		task  task.Task
		today string
		want  bool
	}{
		{"8 days before", open, "2019-06-22", false},
		{"7 days before", open, "2019-06-23", true},
		{"the day before", open, "2019-06-29", true},
		{"on the deadline", open, "2019-06-30", true},
		{"the day after (overdue, red not amber)", open, "2019-07-01", false},
		{"done", task.Task{State: task.StateDone, Deadline: deadline, DoneOn: deadline}, "2019-06-29", false},
		{"proposed, not confirmed", task.Task{State: task.StateProposed, Deadline: deadline}, "2019-06-29", true},
		{"ongoing", task.Task{State: task.StateOpen, Ongoing: true}, "2019-06-29", false},
	}
	for _, c := range cases {
		t.Run(c.name, func(t *testing.T) {
			if got := c.task.DueSoon(d(c.today), task.DueSoonDays); got != c.want {
				t.Errorf("DueSoon(%s) = %v, want %v", c.today, got, c.want)
			}
		})
	}
}

func TestBucketLabelsAndValidity(t *testing.T) {
	for _, b := range task.Buckets {
		if !b.Valid() || b.Label() == string(b) {
			t.Errorf("bucket %s: valid %v, label %q", b, b.Valid(), b.Label())
		}
	}
	if task.Bucket("late").Valid() {
		t.Error("an unknown bucket is valid")
	}
	tk := task.Task{Ongoing: true}
	if tk.DeadlineLabel() != "Thường xuyên" {
		t.Errorf("ongoing deadline label %q", tk.DeadlineLabel())
	}
}

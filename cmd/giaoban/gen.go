package main

import (
	"context"
	"flag"
	"fmt"
	"io"
	"os"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/demo"
	"giaoban/internal/report"
	"giaoban/internal/vntext"
)

// genBatch is the number of reports per transaction of `giaoban gen`: big
// enough that commits (a disk flush each on SQLite) cost nothing, small
// enough that a batch's maps stay a few tens of megabytes.
const genBatch = 5000

// runGen writes the synthetic load data (demo.Synthetic) into a database:
// units, indicators, the quarterly template and eight quarters of accepted
// reports, with a progress bar on stderr and a summary on stdout.
func runGen(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	var scale string
	var seed int64
	c, rest, err := toolFlags("gen", args, stderr, func(fs *flag.FlagSet) {
		fs.StringVar(&scale, "scale", demo.ScaleCountry, "quy mô: province (một tỉnh, 600 đơn vị) hoặc country (34 tỉnh, 20.367 đơn vị)")
		fs.Int64Var(&seed, "seed", 1, "hạt giống sinh số ngẫu nhiên (cùng hạt giống, cùng dữ liệu)")
	})
	if err != nil {
		return err
	}
	if len(rest) != 0 {
		fmt.Fprintln(stderr, "Cách dùng: giaoban gen --db ... [--scale province|country] [--seed N]")
		return errUsage
	}
	start := time.Now()
	s, err := demo.Synthetic(scale, seed)
	if err != nil {
		return err
	}
	db, err := openDB(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()

	if _, err := db.UnitHistory(ctx, demo.SynthRoot); err == nil {
		return fmt.Errorf("cơ sở dữ liệu %s đã có dữ liệu tổng hợp (đơn vị %s); không tạo thêm. Hãy dùng một cơ sở dữ liệu khác", redactDSN(c.DB), demo.SynthRoot)
	} else if !apperr.Is(err, apperr.ENOTFOUND) {
		return err
	}

	step := time.Now()
	if err := db.ImportUnits(ctx, s.Units); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stderr, "Đơn vị     %s (%s giây)\n", vntext.FormatInt(int64(len(s.Units.Records))), seconds(time.Since(step)))

	step = time.Now()
	for i := range s.Indicators {
		if err := db.CreateIndicator(ctx, &s.Indicators[i]); err != nil {
			return userError(err)
		}
	}
	if err := db.CreateTemplate(ctx, s.Template); err != nil {
		return userError(err)
	}
	fmt.Fprintf(stderr, "Chỉ tiêu   %d, mẫu báo cáo %s (%s giây)\n", len(s.Indicators), s.Template.Code, seconds(time.Since(step)))

	if err := genReports(ctx, db, s, stderr); err != nil {
		return err
	}
	fmt.Fprintf(stdout, "Đã tạo dữ liệu tổng hợp quy mô %s (hạt giống %d): %s đơn vị, %d chỉ tiêu, mẫu %s, %s báo cáo, %s giá trị trong %s giây.\n",
		scale, seed, vntext.FormatInt(int64(len(s.Units.Records))), len(s.Indicators), s.Template.Code,
		vntext.FormatInt(int64(s.ReportCount())), vntext.FormatInt(int64(s.ValueCount())), seconds(time.Since(start)))
	return nil
}

// bulkInserter is the store method genReports needs.
type bulkInserter interface {
	BulkInsertReports(ctx context.Context, reports []report.Report) error
}

// genReports makes the reports in one goroutine while the store writes
// the previous batch, one transaction per batch.
func genReports(ctx context.Context, db bulkInserter, s *demo.Synth, stderr io.Writer) error {
	ctx, cancel := context.WithCancel(ctx)
	defer cancel()
	batches := make(chan []report.Report, 2)
	go func() {
		defer close(batches)
		for b := range s.Reports(genBatch) {
			select {
			case batches <- b:
			case <-ctx.Done():
				return
			}
		}
	}()
	bar := newProgress(stderr, "Báo cáo", s.ReportCount())
	done := 0
	for b := range batches {
		if err := db.BulkInsertReports(ctx, b); err != nil {
			bar.abort()
			return userError(err)
		}
		done += len(b)
		bar.set(done)
	}
	if err := ctx.Err(); err != nil {
		bar.abort()
		return err
	}
	bar.finish()
	return nil
}

// progress draws a progress bar: on a terminal one line redrawn with \r
// (at most ten times a second), elsewhere a line at every 10 %.
type progress struct {
	w        io.Writer
	label    string
	total    int
	tty      bool
	start    time.Time
	lastDraw time.Time
	nextTen  int // next multiple of 10 % to print when not a terminal
	drawn    int // done at the last draw on a terminal
	now      func() time.Time
}

func newProgress(w io.Writer, label string, total int) *progress {
	p := &progress{w: w, label: label, total: total, tty: isTerminal(w), now: time.Now, nextTen: 10}
	p.start = p.now()
	if p.tty {
		p.draw(0)
	}
	return p
}

// isTerminal reports whether w is a character device (a terminal).
func isTerminal(w io.Writer) bool {
	f, ok := w.(*os.File)
	if !ok {
		return false
	}
	fi, err := f.Stat()
	return err == nil && fi.Mode()&os.ModeCharDevice != 0
}

func (p *progress) set(done int) {
	now := p.now()
	if p.tty {
		if done < p.total && now.Sub(p.lastDraw) < 100*time.Millisecond {
			return
		}
		p.lastDraw = now
		p.draw(done)
		return
	}
	pct := 100
	if p.total > 0 {
		pct = done * 100 / p.total
	}
	if pct >= p.nextTen {
		fmt.Fprintln(p.w, p.line(done, now.Sub(p.start)))
		p.nextTen = pct/10*10 + 10
	}
}

func (p *progress) draw(done int) {
	p.drawn = done
	fmt.Fprintf(p.w, "\r%s\x1b[K", p.line(done, p.now().Sub(p.start)))
}

// finish ends the bar's line on a terminal.
func (p *progress) finish() {
	if p.tty {
		if p.drawn != p.total {
			p.draw(p.total)
		}
		fmt.Fprintln(p.w)
	}
}

// abort ends the line so that an error prints below the bar.
func (p *progress) abort() {
	if p.tty {
		fmt.Fprintln(p.w)
	}
}

// line is the bar's text: "Báo cáo  [#########...........]  64.000/160.000
// 40%  12.500/s  còn 8s".
func (p *progress) line(done int, elapsed time.Duration) string {
	const width = 30
	frac := 1.0
	if p.total > 0 {
		frac = float64(done) / float64(p.total)
	}
	fill := int(frac * width)
	var b strings.Builder
	fmt.Fprintf(&b, "%s  [%s%s]  %s/%s  %3d%%", p.label, strings.Repeat("#", fill), strings.Repeat(".", width-fill),
		vntext.FormatInt(int64(done)), vntext.FormatInt(int64(p.total)), int(frac*100))
	if elapsed > 0 && done > 0 {
		rate := float64(done) / elapsed.Seconds()
		fmt.Fprintf(&b, "  %s/s", vntext.FormatInt(int64(rate+0.5)))
		if done < p.total {
			left := time.Duration(float64(p.total-done) / rate * float64(time.Second))
			fmt.Fprintf(&b, "  còn %s", shortDuration(left))
		} else {
			fmt.Fprintf(&b, "  %s", shortDuration(elapsed))
		}
	}
	return b.String()
}

// shortDuration prints 8s, 1m05s, 1h02m.
func shortDuration(d time.Duration) string {
	s := int(d.Round(time.Second).Seconds())
	switch {
	case s < 60:
		return fmt.Sprintf("%ds", s)
	case s < 3600:
		return fmt.Sprintf("%dm%02ds", s/60, s%60)
	}
	return fmt.Sprintf("%dh%02dm", s/3600, s/60%60)
}

// seconds prints a duration in seconds the Vietnamese way: "95,3".
func seconds(d time.Duration) string { return vntext.FormatDecimal(d.Seconds(), 1) }

// redactDSN hides a PostgreSQL password in messages.
func redactDSN(dsn string) string {
	if i := strings.Index(dsn, "://"); i >= 0 {
		if at := strings.Index(dsn[i+3:], "@"); at >= 0 {
			cred := dsn[i+3 : i+3+at]
			if c := strings.Index(cred, ":"); c >= 0 {
				return dsn[:i+3] + cred[:c] + ":***" + dsn[i+3+at:]
			}
		}
	}
	return dsn
}

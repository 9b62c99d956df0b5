package web

import (
	"fmt"
	"html/template"
	"strings"

	"giaoban/internal/vntext"
)

// bar is one bar of a chart.
type bar struct {
	Label string
	Value float64 // 0..Max
	Note  string  // text above the bar
}

// barChart draws bars as inline SVG on the server: no script, readable
// when printed, and it works offline. Labels are escaped.
func barChart(title string, bars []bar, max float64, unit string) template.HTML {
	const w, h, top, bottom, left = 640, 240, 28, 48, 40
	if max <= 0 {
		max = 1
	}
	n := len(bars)
	if n == 0 {
		return ""
	}
	slot := float64(w-left-10) / float64(n)
	bw := slot * 0.6
	var b strings.Builder
	fmt.Fprintf(&b, `<svg class="chart" viewBox="0 0 %d %d" role="img" aria-label="%s" xmlns="http://www.w3.org/2000/svg">`, w, h, esc(title))
	fmt.Fprintf(&b, `<title>%s</title>`, esc(title))
	plot := float64(h - top - bottom)
	for _, g := range []float64{0, 0.5, 1} {
		y := float64(top) + plot*(1-g)
		fmt.Fprintf(&b, `<line x1="%d" x2="%d" y1="%.1f" y2="%.1f" class="grid"/>`, left, w-10, y, y)
		fmt.Fprintf(&b, `<text x="%d" y="%.1f" class="axis" text-anchor="end">%s%s</text>`, left-4, y+4, esc(vntext.FormatDecimal(max*g, 0)), esc(unit))
	}
	for i, x := range bars {
		v := x.Value
		if v < 0 {
			v = 0
		}
		bh := plot * v / max
		bx := float64(left) + slot*float64(i) + (slot-bw)/2
		by := float64(top) + plot - bh
		fmt.Fprintf(&b, `<rect x="%.1f" y="%.1f" width="%.1f" height="%.1f" class="bar"><title>%s: %s</title></rect>`, bx, by, bw, bh, esc(x.Label), esc(x.Note))
		fmt.Fprintf(&b, `<text x="%.1f" y="%.1f" class="note" text-anchor="middle">%s</text>`, bx+bw/2, by-4, esc(x.Note))
		fmt.Fprintf(&b, `<text x="%.1f" y="%d" class="label" text-anchor="middle">%s</text>`, bx+bw/2, h-bottom+16, esc(x.Label))
	}
	b.WriteString(`</svg>`)
	return template.HTML(b.String())
}

func esc(s string) string { return template.HTMLEscapeString(s) }

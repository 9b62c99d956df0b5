package org

import (
	"cmp"
	"fmt"
	"slices"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
)

// maxIssues bounds the problems one validation reports; past it the rest
// of the input is not worth reading until the first ones are fixed.
const maxIssues = 50

// Validate checks the whole import before it is stored: codes, kinds,
// sectors and dates of every record; duplicate codes; name and parent
// versions of unknown codes, outside their unit's life, or overlapping one
// another; parents that are unknown or not in force for the whole link;
// cycles of parent links on any date; events of unknown kinds, without a
// date or links, or whose links name unknown units or units not in force
// around the event's date.
//
// It returns nil or an *apperr.Error with code EINVALID whose Message is
// the first problem, in Vietnamese, prefixed by its source line ("Dòng 12:
// mã đơn vị 00004 bị trùng (đã có ở dòng 5)"), and whose Fields hold every
// problem found (up to 50), keyed "line 12" (or "records[3]" and the like
// for items with no source line).
func (imp *Import) Validate() error {
	if imp == nil {
		return apperr.Invalid("Không có dữ liệu đơn vị để nhập", nil)
	}
	var out issues
	v := validator{imp: imp, out: &out}
	v.run()
	return out.err()
}

// issue is one problem: a key for apperr.Error.Fields and a message.
type issue struct{ key, msg string }

// issues collects problems up to maxIssues.
type issues struct{ list []issue }

func (s *issues) add(key, msg string) {
	if len(s.list) < maxIssues {
		s.list = append(s.list, issue{key, msg})
	}
}

func (s *issues) full() bool { return len(s.list) >= maxIssues }

// err returns nil when there is no problem, else an EINVALID *apperr.Error
// with the first problem as its message and all of them as fields.
func (s *issues) err() error {
	if len(s.list) == 0 {
		return nil
	}
	fields := make(map[string]string, len(s.list))
	for _, is := range s.list {
		if prev, ok := fields[is.key]; ok {
			fields[is.key] = prev + "; " + is.msg
		} else {
			fields[is.key] = is.msg
		}
	}
	return apperr.Invalid(s.list[0].msg, fields)
}

// section names one of the slices of an Import.
type section uint8

const (
	secRecord section = iota
	secName
	secParent
	secEvent
)

// validator checks one Import. src, when set, names the file an item came
// from so that messages can say "units-2025.csv dòng 17" rather than
// "Dòng 17".
type validator struct {
	imp *Import
	src func(sec section, idx int) string
	out *issues

	byCode map[string]int // code → index of its first record
}

func (v *validator) line(sec section, idx int) int {
	switch sec {
	case secRecord:
		return v.imp.Records[idx].Line
	case secName:
		return v.imp.Names[idx].Line
	case secParent:
		return v.imp.Parents[idx].Line
	default:
		return v.imp.Events[idx].Line
	}
}

func (v *validator) file(sec section, idx int) string {
	if v.src == nil {
		return ""
	}
	return v.src(sec, idx)
}

var sectionKeys = [...]string{"records", "names", "parents", "events"}
var sectionLabels = [...]string{"Đơn vị", "Tên đơn vị", "Quan hệ cấp trên", "Sự kiện"}

// report adds a problem about item idx of section sec.
func (v *validator) report(sec section, idx int, format string, args ...any) {
	msg := fmt.Sprintf(format, args...)
	line, file := v.line(sec, idx), v.file(sec, idx)
	switch {
	case line > 0 && file != "":
		v.out.add(fmt.Sprintf("%s line %d", file, line), fmt.Sprintf("%s dòng %d: %s", file, line, msg))
	case line > 0:
		v.out.add(fmt.Sprintf("line %d", line), fmt.Sprintf("Dòng %d: %s", line, msg))
	default:
		v.out.add(fmt.Sprintf("%s[%d]", sectionKeys[sec], idx),
			fmt.Sprintf("%s thứ %d: %s", sectionLabels[sec], idx+1, msg))
	}
}

// ref names item idx of sec in a message about item (atSec, atIdx): "dòng
// 5", or "units-pre2025.csv dòng 5" when it is in another file.
func (v *validator) ref(sec section, idx int, atSec section, atIdx int) string {
	line := v.line(sec, idx)
	if line == 0 {
		return fmt.Sprintf("%s thứ %d", strings.ToLower(sectionLabels[sec]), idx+1)
	}
	if f := v.file(sec, idx); f != "" && f != v.file(atSec, atIdx) {
		return fmt.Sprintf("%s dòng %d", f, line)
	}
	return fmt.Sprintf("dòng %d", line)
}

// vnDate formats a date for a message.
func vnDate(d period.Date) string {
	switch {
	case d.IsZero():
		return "(trống)"
	case d.IsForever():
		return "nay"
	}
	return d.VN()
}

// badDates describes what is wrong with an interval, or returns "".
func badDates(from, to period.Date) string {
	switch {
	case from.IsZero():
		return "thiếu ngày bắt đầu hiệu lực"
	case to.IsZero():
		return "thiếu ngày hết hiệu lực (không thời hạn là 9999-12-31)"
	case to.Before(from):
		return fmt.Sprintf("ngày hết hiệu lực %s trước ngày bắt đầu %s", vnDate(to), vnDate(from))
	}
	return ""
}

func covers(outerFrom, outerTo, from, to period.Date) bool {
	return !from.Before(outerFrom) && !to.After(outerTo)
}

func (v *validator) run() {
	v.records()
	if !v.out.full() {
		v.names()
	}
	if !v.out.full() {
		v.parents()
	}
	if !v.out.full() {
		v.cycles()
	}
	if !v.out.full() {
		v.events()
	}
}

func (v *validator) records() {
	recs := v.imp.Records
	v.byCode = make(map[string]int, len(recs))
	for i := range recs {
		r := &recs[i]
		if r.Code == "" {
			v.report(secRecord, i, "mã đơn vị trống")
			continue
		}
		if !r.Kind.Valid() {
			v.report(secRecord, i, "đơn vị %s có loại không hợp lệ %q", r.Code, r.Kind)
		}
		if !r.Sector.Valid() {
			v.report(secRecord, i, "đơn vị %s có khối không hợp lệ %q", r.Code, r.Sector)
		}
		if msg := badDates(r.ValidFrom, r.ValidTo); msg != "" {
			v.report(secRecord, i, "đơn vị %s: %s", r.Code, msg)
		}
		if j, dup := v.byCode[r.Code]; dup {
			v.report(secRecord, i, "mã đơn vị %s bị trùng (đã có ở %s)", r.Code, v.ref(secRecord, j, secRecord, i))
			continue
		}
		v.byCode[r.Code] = i
		if v.out.full() {
			return
		}
	}
}

// version is what names and parent links share, for the overlap check.
type version struct {
	idx      int
	from, to period.Date
}

// checkOverlaps reports every version that starts before an earlier one of
// the same record ends. vs is grouped by record: byRec[r] lists the
// versions of record r.
func (v *validator) checkOverlaps(sec section, byRec [][]version, what string) {
	for r, vs := range byRec {
		if len(vs) < 2 {
			continue
		}
		slices.SortFunc(vs, func(a, b version) int {
			return cmp.Or(a.from.Compare(b.from), cmp.Compare(a.idx, b.idx))
		})
		last := vs[0]
		for _, x := range vs[1:] {
			if !x.from.After(last.to) {
				v.report(sec, x.idx, "%s của đơn vị %s từ %s chồng lên %s ở %s (hiệu lực đến %s)",
					what, v.imp.Records[r].Code, vnDate(x.from), what, v.ref(sec, last.idx, sec, x.idx), vnDate(last.to))
			}
			if x.to.After(last.to) {
				last = x
			}
		}
	}
}

func (v *validator) names() {
	byRec := make([][]version, len(v.imp.Records))
	for i := range v.imp.Names {
		n := &v.imp.Names[i]
		if n.Code == "" {
			v.report(secName, i, "tên đơn vị thiếu mã đơn vị")
			continue
		}
		r, ok := v.byCode[n.Code]
		if !ok {
			v.report(secName, i, "tên %q cho mã đơn vị %s không có trong danh sách đơn vị", n.Name, n.Code)
			continue
		}
		if strings.TrimSpace(n.Name) == "" {
			v.report(secName, i, "đơn vị %s có tên trống", n.Code)
		}
		if msg := badDates(n.ValidFrom, n.ValidTo); msg != "" {
			v.report(secName, i, "tên của đơn vị %s: %s", n.Code, msg)
			continue
		}
		rec := &v.imp.Records[r]
		if badDates(rec.ValidFrom, rec.ValidTo) == "" && !covers(rec.ValidFrom, rec.ValidTo, n.ValidFrom, n.ValidTo) {
			v.report(secName, i, "tên của đơn vị %s có hiệu lực %s–%s, ngoài thời gian tồn tại của đơn vị (%s–%s)",
				n.Code, vnDate(n.ValidFrom), vnDate(n.ValidTo), vnDate(rec.ValidFrom), vnDate(rec.ValidTo))
		}
		byRec[r] = append(byRec[r], version{i, n.ValidFrom, n.ValidTo})
		if v.out.full() {
			return
		}
	}
	v.checkOverlaps(secName, byRec, "tên")
}

func (v *validator) parents() {
	byRec := make([][]version, len(v.imp.Records))
	for i := range v.imp.Parents {
		p := &v.imp.Parents[i]
		if p.Code == "" {
			v.report(secParent, i, "quan hệ cấp trên thiếu mã đơn vị")
			continue
		}
		r, ok := v.byCode[p.Code]
		if !ok {
			v.report(secParent, i, "mã đơn vị %s (có đơn vị cha %s) không có trong danh sách đơn vị", p.Code, p.Parent)
			continue
		}
		if msg := badDates(p.ValidFrom, p.ValidTo); msg != "" {
			v.report(secParent, i, "đơn vị cha của %s: %s", p.Code, msg)
			continue
		}
		rec := &v.imp.Records[r]
		if badDates(rec.ValidFrom, rec.ValidTo) == "" && !covers(rec.ValidFrom, rec.ValidTo, p.ValidFrom, p.ValidTo) {
			v.report(secParent, i, "đơn vị cha của %s có hiệu lực %s–%s, ngoài thời gian tồn tại của đơn vị (%s–%s)",
				p.Code, vnDate(p.ValidFrom), vnDate(p.ValidTo), vnDate(rec.ValidFrom), vnDate(rec.ValidTo))
		}
		byRec[r] = append(byRec[r], version{i, p.ValidFrom, p.ValidTo})
		switch q, ok := v.byCode[p.Parent]; {
		case p.Parent == "":
			v.report(secParent, i, "đơn vị %s thiếu mã đơn vị cha", p.Code)
		case !ok:
			v.report(secParent, i, "đơn vị %s có đơn vị cha %s không có trong danh sách đơn vị", p.Code, p.Parent)
		default:
			pr := &v.imp.Records[q]
			if badDates(pr.ValidFrom, pr.ValidTo) == "" && !covers(pr.ValidFrom, pr.ValidTo, p.ValidFrom, p.ValidTo) {
				v.report(secParent, i, "đơn vị cha %s của %s không có hiệu lực suốt %s–%s (chỉ có hiệu lực %s–%s)",
					p.Parent, p.Code, vnDate(p.ValidFrom), vnDate(p.ValidTo), vnDate(pr.ValidFrom), vnDate(pr.ValidTo))
			}
		}
		if v.out.full() {
			return
		}
	}
	v.checkOverlaps(secParent, byRec, "đơn vị cha")
}

// cycles reports every cycle of parent links on any date.
//
// The parent graph only changes on the first day of some link, and a cycle
// in force on a date d is already whole on the latest first day of its
// links, which is one of those days. So it is enough to look on each
// distinct first day, and only from the units whose link starts that day:
// every new cycle goes through one of them. The sweep keeps the parent of
// each unit in force, walks up from each unit whose link starts on the day,
// and stops at a root or at a unit already walked that day, so each day
// costs O(units whose parent changed + their ancestors), at most O(n).
func (v *validator) cycles() {
	type link struct {
		child, parent int32
		idx           int
		from, to      period.Date
	}
	var links []link
	for i := range v.imp.Parents {
		p := &v.imp.Parents[i]
		c, ok1 := v.byCode[p.Code]
		q, ok2 := v.byCode[p.Parent]
		if !ok1 || !ok2 || badDates(p.ValidFrom, p.ValidTo) != "" {
			continue
		}
		links = append(links, link{int32(c), int32(q), i, p.ValidFrom, p.ValidTo})
	}
	if len(links) == 0 {
		return
	}
	byFrom := slices.Clone(links)
	slices.SortStableFunc(byFrom, func(a, b link) int { return a.from.Compare(b.from) })
	byTo := links
	slices.SortStableFunc(byTo, func(a, b link) int { return a.to.Compare(b.to) })

	n := len(v.imp.Records)
	parent := make([]int32, n) // parent in force, -1 for none
	current := make([]int, n)  // index in Parents of that link, -1 for none
	walked := make([]int32, n) // walk number that last visited the unit
	pos := make([]int32, n)    // position of the unit on that walk's path
	for i := range parent {
		parent[i], current[i] = -1, -1
	}
	seen := map[string]bool{} // cycles already reported
	var walk int32
	var path []int32
	ends := 0
	for start := 0; start < len(byFrom); {
		day := byFrom[start].from
		for ends < len(byTo) && byTo[ends].to.Before(day) {
			l := byTo[ends]
			if current[l.child] == l.idx {
				parent[l.child], current[l.child] = -1, -1
			}
			ends++
		}
		stop := start
		for stop < len(byFrom) && byFrom[stop].from.Equal(day) {
			l := byFrom[stop]
			parent[l.child], current[l.child] = l.parent, l.idx
			stop++
		}
		firstWalk := walk + 1
		for _, l := range byFrom[start:stop] {
			walk++
			path = path[:0]
			for x := l.child; x >= 0; x = parent[x] {
				if walked[x] == walk {
					v.reportCycle(path[pos[x]:], current, day, seen)
					break
				}
				if walked[x] >= firstWalk { // walked earlier today: its end is known
					break
				}
				walked[x], pos[x] = walk, int32(len(path))
				path = append(path, x)
			}
			if v.out.full() {
				return
			}
		}
		start = stop
	}
}

// reportCycle reports the cycle of units cyc (each the child of the next,
// the last the child of the first) once.
func (v *validator) reportCycle(cyc []int32, current []int, day period.Date, seen map[string]bool) {
	codes := make([]string, len(cyc))
	first, at := 0, -1
	for i, x := range cyc {
		codes[i] = v.imp.Records[x].Code
		if codes[i] < codes[first] {
			first = i
		}
		// Report the cycle at the link that closed it, the one starting
		// on day (there is one); the first in code order if several.
		if v.imp.Parents[current[x]].ValidFrom.Equal(day) && (at < 0 || codes[i] < v.imp.Parents[at].Code) {
			at = current[x]
		}
	}
	if at < 0 {
		at = current[cyc[first]]
	}
	// Start the cycle at its smallest code, so that each is reported once.
	codes = append(codes[first:], codes[:first]...)
	key := strings.Join(codes, " ")
	if seen[key] {
		return
	}
	seen[key] = true
	codes = append(codes, codes[0])
	v.report(secParent, at, "vòng lặp đơn vị cha vào ngày %s: %s", vnDate(day), strings.Join(codes, " → "))
}

// knownEventKind reports whether k is one of the EventKind constants.
func knownEventKind(k EventKind) bool {
	switch k {
	case EventRename, EventMerge, EventSplit, EventMove, EventDissolve, EventCreate:
		return true
	}
	return false
}

func (v *validator) events() {
	type pair struct{ from, to string }
	var dups map[pair]bool
	for i := range v.imp.Events {
		e := &v.imp.Events[i]
		if !knownEventKind(e.Kind) {
			v.report(secEvent, i, "loại sự kiện không hợp lệ %q", e.Kind)
		}
		if e.Date.IsZero() {
			v.report(secEvent, i, "sự kiện thiếu ngày")
		}
		if len(e.Links) == 0 {
			v.report(secEvent, i, "sự kiện không có đơn vị nào")
		}
		if len(e.Links) > 1 {
			if dups == nil {
				dups = map[pair]bool{}
			}
			clear(dups)
		}
		for _, l := range e.Links {
			if len(e.Links) > 1 {
				if dups[pair{l.From, l.To}] {
					v.report(secEvent, i, "liên kết %s → %s bị lặp lại trong sự kiện", l.From, l.To)
				}
				dups[pair{l.From, l.To}] = true
			}
			switch {
			case l.From == "" && e.Kind != EventCreate:
				v.report(secEvent, i, "sự kiện %s thiếu mã đơn vị trước", e.Kind.Label())
			case l.From != "":
				v.eventUnit(i, l.From, true)
			}
			switch {
			case l.To == "" && e.Kind != EventDissolve:
				v.report(secEvent, i, "sự kiện %s thiếu mã đơn vị sau", e.Kind.Label())
			case l.To != "" && e.Kind == EventDissolve:
				v.report(secEvent, i, "sự kiện giải thể %s không có đơn vị sau, nhưng có %s", l.From, l.To)
			case l.To != "":
				v.eventUnit(i, l.To, false)
			}
		}
		if v.out.full() {
			return
		}
	}
}

// eventUnit checks that code, named by event i, exists and is in force on
// the day before the event (a predecessor) or on its date (a successor).
func (v *validator) eventUnit(i int, code string, before bool) {
	e := &v.imp.Events[i]
	r, ok := v.byCode[code]
	if !ok {
		v.report(secEvent, i, "sự kiện %s ngày %s có mã đơn vị %s không có trong danh sách đơn vị",
			e.Kind.Label(), vnDate(e.Date), code)
		return
	}
	rec := &v.imp.Records[r]
	if e.Date.IsZero() || badDates(rec.ValidFrom, rec.ValidTo) != "" {
		return
	}
	day, role := e.Date, "sau"
	if before {
		day, role = e.Date.AddDays(-1), "trước"
	}
	if day.Before(rec.ValidFrom) || day.After(rec.ValidTo) {
		v.report(secEvent, i, "đơn vị %s %s của sự kiện %s ngày %s không có hiệu lực vào ngày %s (chỉ có hiệu lực %s–%s)",
			role, code, e.Kind.Label(), vnDate(e.Date), vnDate(day), vnDate(rec.ValidFrom), vnDate(rec.ValidTo))
	}
}

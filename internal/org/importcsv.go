package org

import (
	"encoding/csv"
	"errors"
	"fmt"
	"io"
	"io/fs"
	"strings"

	"giaoban/internal/apperr"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

// Epoch is the start of every unit whose real start is not known: the
// pre-2025 administrative units are taken to exist since then.
var Epoch = period.MustParse("1900-01-01")

// Reform2025 is the first day of the two-tier administrative system (no
// district level, communes re-formed, 34 provinces).
var Reform2025 = period.MustParse("2025-07-01")

// The files of an administrative-units directory (shared/data/admin-units).
const (
	FileUnitsPre2025 = "units-pre2025.csv"
	FileUnits2025    = "units-2025.csv"
	FileMapping      = "mapping-pre2025-to-2025.csv"
)

// ParseReport counts what ParseAdminUnits read and built.
type ParseReport struct {
	Pre2025            int // data rows of units-pre2025.csv
	Units2025          int // data rows of units-2025.csv
	MappingRows        int // data rows of the mapping
	SkippedMappingRows int // mapping rows naming a code flagged absent ("no")
	Events             int // events built
}

// ParseAdminUnits reads the administrative units before and after the 2025
// reorganisation from fsys (a directory shaped like shared/data/admin-units:
// FileUnitsPre2025, FileUnits2025 and FileMapping) and returns them as one
// validated Import.
//
//   - Pre-2025 units are in force from Epoch to the day before Reform2025,
//     2025 units from Reform2025 on. A code in both lists at the same level
//     is one unit that continues, with a second name or parent version only
//     when those changed.
//   - Kind comes from the level column, Sector is none, and Place is the
//     short name of the unit's province (for a unit that continues, its
//     province from 2025), the place written in document dates.
//   - Every district is dissolved on Reform2025.
//   - Mapping rows, grouped by new code, become events on Reform2025: a new
//     unit with several predecessors is a merge; one that is one of several
//     successors of its predecessor is a split (one event per successor); a
//     one-to-one row is a rename when the code or name changed, a move when
//     only the parent changed, and nothing otherwise. Rows whose code is
//     flagged absent from the unit lists are skipped and counted.
//
// Errors are *apperr.Error (EINVALID) in Vietnamese naming the file and line
// ("units-2025.csv dòng 17: thiếu mã đơn vị cha 99"); every problem found
// (up to 50) is in its Fields.
func ParseAdminUnits(fsys fs.FS) (*Import, *ParseReport, error) {
	p := &adminParser{}
	if err := p.parse(fsys); err != nil {
		return nil, nil, err
	}
	if err := p.validate(); err != nil {
		return nil, nil, err
	}
	p.report.Events = len(p.imp.Events)
	return &p.imp, &p.report, nil
}

// parse reads the three files and builds the import, unvalidated.
func (p *adminParser) parse(fsys fs.FS) error {
	pre, err := p.readUnits(fsys, FileUnitsPre2025)
	if err != nil {
		return err
	}
	post, err := p.readUnits(fsys, FileUnits2025)
	if err != nil {
		return err
	}
	p.report.Pre2025, p.report.Units2025 = len(pre.units), len(post.units)
	p.checkParents(pre)
	p.checkParents(post)
	p.checkLevels(pre, post)
	if err := p.out.err(); err != nil {
		return err
	}
	rows, err := p.readMapping(fsys, pre, post)
	if err != nil {
		return err
	}
	if err := p.out.err(); err != nil {
		return err
	}
	p.build(pre, post)
	p.mapEvents(pre, post, rows)
	return nil
}

// validate runs Import.Validate's checks with messages naming the files.
func (p *adminParser) validate() error {
	v := validator{imp: &p.imp, out: &p.out, src: p.source}
	v.run()
	return p.out.err()
}

// File numbers, for the source of each built item.
const (
	srcPre uint8 = iota
	srcPost
	srcMapping
)

var srcFiles = [...]string{FileUnitsPre2025, FileUnits2025, FileMapping}

// adminParser holds the state of one ParseAdminUnits.
type adminParser struct {
	imp    Import
	report ParseReport
	out    issues
	// Source file of each item of imp, by section, for messages.
	recSrc, nameSrc, parentSrc, eventSrc []uint8
}

func (p *adminParser) source(sec section, idx int) string {
	var s []uint8
	switch sec {
	case secRecord:
		s = p.recSrc
	case secName:
		s = p.nameSrc
	case secParent:
		s = p.parentSrc
	default:
		s = p.eventSrc
	}
	return srcFiles[s[idx]]
}

// problem adds a problem at line of file.
func (p *adminParser) problem(file string, line int, format string, args ...any) {
	p.out.add(fmt.Sprintf("%s line %d", file, line), fmt.Sprintf("%s dòng %d: ", file, line)+fmt.Sprintf(format, args...))
}

// levelKinds maps the level column to a Kind.
var levelKinds = map[string]Kind{
	"province": KindProvince,
	"district": KindDistrict,
	"commune":  KindCommune,
}

// rank orders the levels, top first.
func rank(k Kind) int {
	switch k {
	case KindProvince:
		return 0
	case KindDistrict:
		return 1
	}
	return 2
}

// codeLen is the number of digits of a code at each level.
func codeLen(k Kind) int {
	switch k {
	case KindProvince:
		return 2
	case KindDistrict:
		return 3
	}
	return 5
}

func levelLabel(k Kind) string { return strings.ToLower(k.Label()) }

func allDigits(s string) bool {
	for i := 0; i < len(s); i++ {
		if s[i] < '0' || s[i] > '9' {
			return false
		}
	}
	return s != ""
}

// csvUnit is one row of a unit list.
type csvUnit struct {
	code, name, fullName, parent string
	kind                         Kind
	line                         int
	province                     int // index of its province in the same list, set by checkParents
}

// unitList is one unit file.
type unitList struct {
	file   string
	src    uint8
	units  []csvUnit
	byCode map[string]int
}

// table is an open CSV file with its columns found by name.
type table struct {
	file string
	r    *csv.Reader
	col  map[string]int
}

// openTable reads the header of file and finds the columns named in want.
func openTable(fsys fs.FS, file string, want []string) (*table, io.Closer, error) {
	f, err := fsys.Open(file)
	if err != nil {
		if errors.Is(err, fs.ErrNotExist) {
			return nil, nil, &apperr.Error{Code: apperr.EINVALID, Message: "thiếu tệp " + file, Err: err}
		}
		return nil, nil, &apperr.Error{Code: apperr.EINVALID, Message: "không đọc được tệp " + file, Err: err}
	}
	r := csv.NewReader(f)
	r.ReuseRecord = true
	header, err := r.Read()
	if err != nil {
		f.Close()
		if err == io.EOF {
			return nil, nil, apperr.Errorf(apperr.EINVALID, "%s: tệp rỗng, thiếu dòng tiêu đề", file)
		}
		return nil, nil, csvError(file, err)
	}
	t := &table{file: file, r: r, col: make(map[string]int, len(header))}
	for i, h := range header {
		if i == 0 {
			h = strings.TrimPrefix(h, "\ufeff")
		}
		h = strings.ToLower(strings.TrimSpace(h))
		if _, dup := t.col[h]; !dup {
			t.col[h] = i
		}
	}
	for _, w := range want {
		if _, ok := t.col[w]; !ok {
			f.Close()
			return nil, nil, apperr.Errorf(apperr.EINVALID, "%s dòng 1: thiếu cột %s", file, w)
		}
	}
	// FieldsPerRecord is left at 0: the reader takes the header's length and
	// reports any row of another length.
	return t, f, nil
}

// csvError turns an encoding/csv error into a Vietnamese *apperr.Error.
func csvError(file string, err error) error {
	var pe *csv.ParseError
	if errors.As(err, &pe) {
		return &apperr.Error{Code: apperr.EINVALID,
			Message: fmt.Sprintf("%s dòng %d: lỗi định dạng CSV (%v)", file, pe.Line, pe.Err), Err: err}
	}
	return &apperr.Error{Code: apperr.EINVALID, Message: "không đọc được tệp " + file, Err: err}
}

// rows calls fn for every data row with its line number. A row of the
// wrong length is a problem, not a stop; a broken file is an error.
func (p *adminParser) rows(t *table, fn func(line int, rec []string)) error {
	for {
		rec, err := t.r.Read()
		if err == io.EOF {
			return nil
		}
		var pe *csv.ParseError
		if errors.As(err, &pe) && errors.Is(pe.Err, csv.ErrFieldCount) {
			p.problem(t.file, pe.StartLine, "có %d cột, cần %d cột như dòng tiêu đề", len(rec), t.r.FieldsPerRecord)
			continue
		}
		if err != nil {
			return csvError(t.file, err)
		}
		line, _ := t.r.FieldPos(0)
		fn(line, rec)
	}
}

var unitColumns = []string{"code", "name", "full_name", "type", "parent_code", "level", "name_en"}

// readUnits reads one unit list, checking each row on its own.
func (p *adminParser) readUnits(fsys fs.FS, file string) (*unitList, error) {
	t, c, err := openTable(fsys, file, unitColumns)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	l := &unitList{file: file, byCode: make(map[string]int, 16384)}
	if file == FileUnits2025 {
		l.src = srcPost
	}
	cCode, cName, cFull, cParent, cLevel := t.col["code"], t.col["name"], t.col["full_name"], t.col["parent_code"], t.col["level"]
	err = p.rows(t, func(line int, rec []string) {
		u := csvUnit{
			code:     strings.TrimSpace(rec[cCode]),
			name:     vntext.Normalize(rec[cName]),
			fullName: vntext.Normalize(rec[cFull]),
			parent:   strings.TrimSpace(rec[cParent]),
			line:     line,
		}
		level := strings.TrimSpace(rec[cLevel])
		kind, ok := levelKinds[level]
		switch {
		case u.code == "":
			p.problem(file, line, "mã đơn vị trống")
			return
		case !ok:
			p.problem(file, line, "cấp %q không hợp lệ (cần province, district hoặc commune)", level)
			return
		case !allDigits(u.code) || len(u.code) != codeLen(kind):
			p.problem(file, line, "mã %s không hợp lệ: mã đơn vị %s gồm %d chữ số", u.code, levelLabel(kind), codeLen(kind))
			return
		case u.name == "":
			p.problem(file, line, "đơn vị %s thiếu tên", u.code)
		case kind == KindProvince && u.parent != "":
			p.problem(file, line, "đơn vị cấp tỉnh %s không có đơn vị cha, nhưng có mã đơn vị cha %s", u.code, u.parent)
		case kind != KindProvince && u.parent == "":
			p.problem(file, line, "đơn vị %s (%s) thiếu mã đơn vị cha", u.code, levelLabel(kind))
		}
		if kind == KindDistrict && file == FileUnits2025 {
			p.problem(file, line, "đơn vị %s là cấp huyện, nhưng từ %s không còn cấp huyện", u.code, vnDate(Reform2025))
		}
		u.kind = kind
		if j, dup := l.byCode[u.code]; dup {
			p.problem(file, line, "mã đơn vị %s bị trùng (đã có ở dòng %d)", u.code, l.units[j].line)
			return
		}
		l.byCode[u.code] = len(l.units)
		l.units = append(l.units, u)
	})
	return l, err
}

// checkParents checks that every parent is in the same list, one level up
// or more, and finds each unit's province.
func (p *adminParser) checkParents(l *unitList) {
	for i := range l.units {
		u := &l.units[i]
		u.province = -1
		if u.kind == KindProvince {
			u.province = i
			continue
		}
		if u.parent == "" {
			continue // already reported
		}
		j, ok := l.byCode[u.parent]
		if !ok {
			p.problem(l.file, u.line, "thiếu mã đơn vị cha %s", u.parent)
			continue
		}
		if rank(l.units[j].kind) >= rank(u.kind) {
			p.problem(l.file, u.line, "đơn vị cha %s (%s) không ở cấp trên của đơn vị %s (%s)",
				u.parent, levelLabel(l.units[j].kind), u.code, levelLabel(u.kind))
		}
	}
	// Parents are above their children, so two steps reach the province.
	for i := range l.units {
		u := &l.units[i]
		for x, steps := i, 0; u.province < 0 && steps < 3; steps++ {
			j, ok := l.byCode[l.units[x].parent]
			if !ok || rank(l.units[j].kind) >= rank(l.units[x].kind) {
				break
			}
			if l.units[j].kind == KindProvince {
				u.province = j
			}
			x = j
		}
	}
}

// checkLevels reports codes that are at one level in one list and at
// another in the other: they cannot be the same unit continuing.
func (p *adminParser) checkLevels(pre, post *unitList) {
	for _, u := range post.units {
		if j, ok := pre.byCode[u.code]; ok && pre.units[j].kind != u.kind {
			p.problem(post.file, u.line, "mã %s là đơn vị %s, nhưng ở %s dòng %d là đơn vị %s",
				u.code, levelLabel(u.kind), pre.file, pre.units[j].line, levelLabel(pre.units[j].kind))
		}
	}
}

// mapRow is one kept row of the mapping.
type mapRow struct {
	old, new int // indices in the pre-2025 and 2025 lists
	line     int
}

var mappingColumns = []string{"level", "old_code", "old_full_name", "new_code", "new_full_name",
	"old_in_units_pre2025", "new_in_units_2025"}

// readMapping reads the mapping, skipping (and counting) the rows flagged
// absent from the unit lists.
func (p *adminParser) readMapping(fsys fs.FS, pre, post *unitList) ([]mapRow, error) {
	t, c, err := openTable(fsys, FileMapping, mappingColumns)
	if err != nil {
		return nil, err
	}
	defer c.Close()
	cLevel, cOld, cNew := t.col["level"], t.col["old_code"], t.col["new_code"]
	cOldIn, cNewIn := t.col["old_in_units_pre2025"], t.col["new_in_units_2025"]
	var out []mapRow
	seen := make(map[[2]int]int, 16384)
	flag := func(line int, col, v string) (bool, bool) {
		switch strings.ToLower(strings.TrimSpace(v)) {
		case "yes":
			return true, true
		case "no":
			return false, true
		}
		p.problem(FileMapping, line, "cột %s phải là yes hoặc no, không phải %q", col, v)
		return false, false
	}
	err = p.rows(t, func(line int, rec []string) {
		p.report.MappingRows++
		level := strings.TrimSpace(rec[cLevel])
		kind, ok := levelKinds[level]
		if !ok {
			p.problem(FileMapping, line, "cấp %q không hợp lệ (cần province, district hoặc commune)", level)
			return
		}
		oldIn, ok1 := flag(line, "old_in_units_pre2025", rec[cOldIn])
		newIn, ok2 := flag(line, "new_in_units_2025", rec[cNewIn])
		if !ok1 || !ok2 {
			return
		}
		if !oldIn || !newIn {
			p.report.SkippedMappingRows++
			return
		}
		oldCode, newCode := strings.TrimSpace(rec[cOld]), strings.TrimSpace(rec[cNew])
		o, ok1 := pre.byCode[oldCode]
		n, ok2 := post.byCode[newCode]
		switch {
		case !ok1 || pre.units[o].kind != kind:
			p.problem(FileMapping, line, "đơn vị cũ %s (%s) không có trong %s", oldCode, levelLabel(kind), pre.file)
			return
		case !ok2 || post.units[n].kind != kind:
			p.problem(FileMapping, line, "đơn vị mới %s (%s) không có trong %s", newCode, levelLabel(kind), post.file)
			return
		}
		if first, dup := seen[[2]int{o, n}]; dup {
			p.problem(FileMapping, line, "cặp %s → %s bị lặp (đã có ở dòng %d)", oldCode, newCode, first)
			return
		}
		seen[[2]int{o, n}] = line
		out = append(out, mapRow{o, n, line})
	})
	return out, err
}

// build makes the records, names and parent links of both lists.
func (p *adminParser) build(pre, post *unitList) {
	imp := &p.imp
	n := len(pre.units) + len(post.units)
	imp.Records = make([]Record, 0, n)
	imp.Names = make([]NameVersion, 0, n)
	imp.Parents = make([]ParentLink, 0, n)
	lastOld := Reform2025.AddDays(-1)
	place := func(l *unitList, u *csvUnit) string {
		if u.province < 0 {
			return ""
		}
		return l.units[u.province].name
	}
	addName := func(src uint8, u *csvUnit, from, to period.Date) {
		imp.Names = append(imp.Names, NameVersion{Code: u.code, Name: u.name, FullName: u.fullName,
			ValidFrom: from, ValidTo: to, Line: u.line})
		p.nameSrc = append(p.nameSrc, src)
	}
	addParent := func(src uint8, u *csvUnit, from, to period.Date) {
		if u.parent == "" {
			return
		}
		imp.Parents = append(imp.Parents, ParentLink{Code: u.code, Parent: u.parent,
			ValidFrom: from, ValidTo: to, Line: u.line})
		p.parentSrc = append(p.parentSrc, src)
	}
	for i := range pre.units {
		u := &pre.units[i]
		j, continues := post.byCode[u.code]
		if !continues {
			imp.Records = append(imp.Records, Record{Code: u.code, Kind: u.kind, Place: place(pre, u),
				ValidFrom: Epoch, ValidTo: lastOld, Line: u.line})
			p.recSrc = append(p.recSrc, srcPre)
			addName(srcPre, u, Epoch, lastOld)
			addParent(srcPre, u, Epoch, lastOld)
			continue
		}
		// The same unit continues: its place is where it is now.
		v := &post.units[j]
		imp.Records = append(imp.Records, Record{Code: u.code, Kind: u.kind, Place: place(post, v),
			ValidFrom: Epoch, ValidTo: period.Forever, Line: u.line})
		p.recSrc = append(p.recSrc, srcPre)
		if u.name == v.name && u.fullName == v.fullName {
			addName(srcPre, u, Epoch, period.Forever)
		} else {
			addName(srcPre, u, Epoch, lastOld)
			addName(srcPost, v, Reform2025, period.Forever)
		}
		if u.parent == v.parent {
			addParent(srcPre, u, Epoch, period.Forever)
		} else {
			addParent(srcPre, u, Epoch, lastOld)
			addParent(srcPost, v, Reform2025, period.Forever)
		}
	}
	for i := range post.units {
		v := &post.units[i]
		if _, continues := pre.byCode[v.code]; continues {
			continue
		}
		imp.Records = append(imp.Records, Record{Code: v.code, Kind: v.kind, Place: place(post, v),
			ValidFrom: Reform2025, ValidTo: period.Forever, Line: v.line})
		p.recSrc = append(p.recSrc, srcPost)
		addName(srcPost, v, Reform2025, period.Forever)
		addParent(srcPost, v, Reform2025, period.Forever)
	}
}

// mapEvents makes the events of the mapping and the dissolution of every
// district.
func (p *adminParser) mapEvents(pre, post *unitList, rows []mapRow) {
	imp := &p.imp
	// Predecessors of each new unit in order of first row, and the number
	// of successors of each old unit.
	preds := make(map[int][]int, len(post.units))
	firstLine := make(map[int]int, len(post.units))
	var order []int
	nsucc := make([]int, len(pre.units))
	for _, r := range rows {
		if _, ok := preds[r.new]; !ok {
			order = append(order, r.new)
			firstLine[r.new] = r.line
		}
		preds[r.new] = append(preds[r.new], r.old) // pairs are unique
		nsucc[r.old]++
	}
	add := func(kind EventKind, line int, links []Link) {
		imp.Events = append(imp.Events, Event{Kind: kind, Date: Reform2025, Links: links, Line: line})
		p.eventSrc = append(p.eventSrc, srcMapping)
	}
	for _, n := range order {
		nu := &post.units[n]
		ps := preds[n]
		if len(ps) > 1 {
			links := make([]Link, len(ps))
			for i, o := range ps {
				links[i] = Link{From: pre.units[o].code, To: nu.code}
			}
			add(EventMerge, firstLine[n], links)
			continue
		}
		ou := &pre.units[ps[0]]
		link := []Link{{From: ou.code, To: nu.code}}
		switch {
		case nsucc[ps[0]] > 1:
			add(EventSplit, firstLine[n], link)
		case ou.code != nu.code || ou.name != nu.name || ou.fullName != nu.fullName:
			add(EventRename, firstLine[n], link)
		case ou.parent != nu.parent:
			add(EventMove, firstLine[n], link)
		}
	}
	for i := range pre.units {
		u := &pre.units[i]
		if u.kind != KindDistrict {
			continue
		}
		imp.Events = append(imp.Events, Event{Kind: EventDissolve, Date: Reform2025,
			Links: []Link{{From: u.code}}, Line: u.line})
		p.eventSrc = append(p.eventSrc, srcPre)
	}
}

package sqlstore

import (
	"context"
	"database/sql"
	"fmt"
	"slices"
	"strings"
	"sync"

	"giaoban/internal/apperr"
	"giaoban/internal/org"
	"giaoban/internal/period"
	"giaoban/internal/vntext"
)

// The unit hierarchy is read on every request (each authorisation check
// walks it) and a whole-country tree is ~11,000 units with ~40,000
// effective-dated rows: recursive SQL costs 0.1 ms per check and ~80 ms per
// country tree on SQLite. So each server keeps every unit version in memory
// and builds one snapshot per date asked, in a few milliseconds. The
// snapshot stays exact: each read first compares the 'units' generation in
// the database (bumped in the same transaction as any unit change) with the
// one the memory copy was built from, and reloads when they differ.

// unitVersions is everything stored about one unit.
type unitVersions struct {
	rec     org.Record
	names   []nameRow
	parents []org.ParentLink
}

type nameRow struct {
	org.NameVersion
	searchKey string
	sortKey   []byte
}

// snapshot is the hierarchy in force on one date. Immutable once built.
type snapshot struct {
	mu       sync.Mutex
	subtrees map[string][]org.Unit // computed subtrees, handed out as copies
	units    map[string]*org.Unit
	search   map[string]string // code → folded search key
	children map[string][]string
	roots    []string
	ordered  []string // all codes by code
}

type hierarchyCache struct {
	mu        sync.Mutex
	gen       int64
	loaded    bool
	versions  map[string]*unitVersions
	snapshots map[period.Date]*snapshot
	order     []period.Date // least recently built first
}

// maxSnapshots bounds memory: a country snapshot is ~3 MB.
const maxSnapshots = 24

func (db *DB) unitsGeneration(ctx context.Context) (int64, error) {
	return db.generation(ctx, "units")
}

// StructureVersion names the state of everything a consolidation is
// computed from other than the reports: the hierarchy and the templates.
// Caches of computed results key on it (with the report matrices' own
// identity), so a restructuring or a changed filing rule is seen at once.
func (db *DB) StructureVersion(ctx context.Context) (string, error) {
	u, err := db.generation(ctx, "units")
	if err != nil {
		return "", err
	}
	t, err := db.generation(ctx, "templates")
	if err != nil {
		return "", err
	}
	return fmt.Sprintf("u%d.t%d", u, t), nil
}

// genMemo remembers the generations read during one request, so a page
// that asks the hierarchy a hundred questions reads each counter once.
type genMemo struct {
	mu sync.Mutex
	m  map[string]int64
}

type genMemoKey struct{}

// WithRequestCache returns ctx carrying a per-request memo of generation
// counters. Use it for one request (or one unit of work), never longer: a
// change made by another server is seen at the next request.
func WithRequestCache(ctx context.Context) context.Context {
	return context.WithValue(ctx, genMemoKey{}, &genMemo{m: map[string]int64{}})
}

// generation reads a cache generation counter (once per request when ctx
// carries a memo).
func (db *DB) generation(ctx context.Context, name string) (int64, error) {
	memo, _ := ctx.Value(genMemoKey{}).(*genMemo)
	if memo != nil {
		memo.mu.Lock()
		g, ok := memo.m[name]
		memo.mu.Unlock()
		if ok {
			return g, nil
		}
	}
	if memo != nil {
		// The first question of a request reads every counter at once:
		// a page asks for three or four of them.
		all, err := db.readGenerations(ctx)
		if err != nil {
			return 0, err
		}
		if g, ok := all[name]; ok {
			memo.mu.Lock()
			for k, v := range all {
				if _, seen := memo.m[k]; !seen {
					memo.m[k] = v
				}
			}
			g = memo.m[name]
			memo.mu.Unlock()
			return g, nil
		}
	}
	return db.readGeneration(ctx, name)
}

func (db *DB) readGenerations(ctx context.Context) (map[string]int64, error) {
	rows, err := db.read.QueryContext(ctx, `SELECT name, value FROM store_generation`)
	if err != nil {
		return nil, fmt.Errorf("read generations: %w", err)
	}
	defer rows.Close()
	out := map[string]int64{}
	for rows.Next() {
		var name string
		var g int64
		if err := rows.Scan(&name, &g); err != nil {
			return nil, fmt.Errorf("read generations: %w", err)
		}
		out[name] = g
	}
	return out, rows.Err()
}

func (db *DB) readGeneration(ctx context.Context, name string) (int64, error) {
	var g int64
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT value FROM store_generation WHERE name = ?`), name).Scan(&g)
	if err != nil {
		return 0, fmt.Errorf("read %s generation: %w", name, err)
	}
	return g, nil
}

// bump moves a generation counter in the transaction that changes the data
// it guards, so no server can see the change and keep a stale copy.
// A request that changes data and then reads it is not served from its
// own memo.
func (db *DB) bump(ctx context.Context, tx *sql.Tx, name string) error {
	_, err := db.bumpReturning(ctx, tx, name)
	return err
}

// bumpReturning is bump, returning the new value.
func (db *DB) bumpReturning(ctx context.Context, tx *sql.Tx, name string) (int64, error) {
	if memo, _ := ctx.Value(genMemoKey{}).(*genMemo); memo != nil {
		memo.mu.Lock()
		delete(memo.m, name)
		memo.mu.Unlock()
	}
	var v int64
	err := tx.QueryRowContext(ctx, db.rebind(`UPDATE store_generation SET value = value + 1 WHERE name = ? RETURNING value`), name).Scan(&v)
	return v, err
}

// snapshotAt returns the hierarchy on at, reloading from the database when
// another writer (here or on another server) has changed units since.
func (db *DB) snapshotAt(ctx context.Context, at period.Date) (*snapshot, error) {
	gen, err := db.unitsGeneration(ctx)
	if err != nil {
		return nil, err
	}
	c := &db.units
	c.mu.Lock()
	defer c.mu.Unlock()
	if !c.loaded || c.gen != gen {
		versions, err := db.loadVersions(ctx)
		if err != nil {
			return nil, err
		}
		c.versions, c.gen, c.loaded = versions, gen, true
		c.snapshots = map[period.Date]*snapshot{}
		c.order = nil
	}
	if s, ok := c.snapshots[at]; ok {
		return s, nil
	}
	s := buildSnapshot(c.versions, at)
	if len(c.order) >= maxSnapshots {
		delete(c.snapshots, c.order[0])
		c.order = c.order[1:]
	}
	c.snapshots[at] = s
	c.order = append(c.order, at)
	return s, nil
}

func (db *DB) loadVersions(ctx context.Context) (map[string]*unitVersions, error) {
	out := map[string]*unitVersions{}
	rows, err := db.read.QueryContext(ctx, `SELECT code, kind, sector, place, valid_from, valid_to FROM unit`)
	if err != nil {
		return nil, fmt.Errorf("load units: %w", err)
	}
	for rows.Next() {
		v := &unitVersions{}
		var kind, sector, from, to string
		if err := rows.Scan(&v.rec.Code, &kind, &sector, &v.rec.Place, &from, &to); err != nil {
			rows.Close()
			return nil, err
		}
		v.rec.Kind, v.rec.Sector = org.Kind(kind), org.Sector(sector)
		v.rec.ValidFrom, v.rec.ValidTo = period.MustParse(from), period.MustParse(to)
		out[v.rec.Code] = v
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.read.QueryContext(ctx, `SELECT code, name, full_name, search_key, sort_key, valid_from, valid_to FROM unit_name ORDER BY code, valid_from`)
	if err != nil {
		return nil, fmt.Errorf("load unit names: %w", err)
	}
	for rows.Next() {
		var n nameRow
		var from, to string
		if err := rows.Scan(&n.Code, &n.Name, &n.FullName, &n.searchKey, &n.sortKey, &from, &to); err != nil {
			rows.Close()
			return nil, err
		}
		n.ValidFrom, n.ValidTo = period.MustParse(from), period.MustParse(to)
		if v := out[n.Code]; v != nil {
			v.names = append(v.names, n)
		}
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return nil, err
	}
	rows, err = db.read.QueryContext(ctx, `SELECT code, parent_code, valid_from, valid_to FROM unit_parent ORDER BY code, valid_from`)
	if err != nil {
		return nil, fmt.Errorf("load unit parents: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		var p org.ParentLink
		var from, to string
		if err := rows.Scan(&p.Code, &p.Parent, &from, &to); err != nil {
			return nil, err
		}
		p.ValidFrom, p.ValidTo = period.MustParse(from), period.MustParse(to)
		if v := out[p.Code]; v != nil {
			v.parents = append(v.parents, p)
		}
	}
	return out, rows.Err()
}

func inForce(from, to, at period.Date) bool { return !at.Before(from) && !at.After(to) }

func buildSnapshot(versions map[string]*unitVersions, at period.Date) *snapshot {
	s := &snapshot{units: map[string]*org.Unit{}, search: map[string]string{}, children: map[string][]string{}}
	for code, v := range versions {
		if !inForce(v.rec.ValidFrom, v.rec.ValidTo, at) {
			continue
		}
		u := &org.Unit{Code: code, Kind: v.rec.Kind, Sector: v.rec.Sector, Place: v.rec.Place, ValidFrom: v.rec.ValidFrom, ValidTo: v.rec.ValidTo}
		found := false
		for _, n := range v.names {
			if inForce(n.ValidFrom, n.ValidTo, at) {
				u.Name, u.FullName, u.SortKey = n.Name, n.FullName, n.sortKey
				s.search[code] = n.searchKey
				found = true
				break
			}
		}
		if !found {
			continue // a unit without a name on the date is not shown (cannot happen after Validate)
		}
		for _, p := range v.parents {
			if inForce(p.ValidFrom, p.ValidTo, at) {
				u.ParentCode = p.Parent
				break
			}
		}
		s.units[code] = u
		s.ordered = append(s.ordered, code)
	}
	slices.Sort(s.ordered)
	for _, code := range s.ordered {
		u := s.units[code]
		if u.ParentCode != "" && s.units[u.ParentCode] != nil {
			s.children[u.ParentCode] = append(s.children[u.ParentCode], code)
		} else {
			u.ParentCode = ""
			if _, ok := versions[code]; ok {
				s.roots = append(s.roots, code)
			}
		}
	}
	return s
}

// FindUnit returns the unit code as of at; ENOTFOUND if not in force then.
func (db *DB) FindUnit(ctx context.Context, code string, at period.Date) (*org.Unit, error) {
	s, err := db.snapshotAt(ctx, at)
	if err != nil {
		return nil, err
	}
	u, ok := s.units[code]
	if !ok {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy đơn vị %s vào ngày %s.", code, at.VN())
	}
	c := *u
	return &c, nil
}

// ListUnits returns the units in force on f.At that match f, by code.
func (db *DB) ListUnits(ctx context.Context, f org.Filter) ([]org.Unit, error) {
	s, err := db.snapshotAt(ctx, f.At)
	if err != nil {
		return nil, err
	}
	codes := s.ordered
	if f.Parent != nil {
		if *f.Parent == "" {
			codes = s.roots
		} else {
			codes = s.children[*f.Parent]
		}
	}
	key := ""
	if f.Query != "" {
		key = vntext.Fold(f.Query)
	}
	var out []org.Unit
	for _, c := range codes {
		u := s.units[c]
		if f.Kind != "" && u.Kind != f.Kind {
			continue
		}
		if key != "" && c != f.Query && !strings.Contains(s.search[c], key) {
			continue
		}
		out = append(out, *u)
		if f.Limit > 0 && len(out) == f.Limit {
			break
		}
	}
	return out, nil
}

// SubtreeAt returns code and every unit below it on at, parents before
// children (breadth-first, by code within a level), with Level relative to
// code. ENOTFOUND if code is not in force on at.
func (db *DB) SubtreeAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error) {
	sub, err := db.SubtreeViewAt(ctx, code, at)
	return slices.Clone(sub), err
}

// SubtreeViewAt is SubtreeAt without the copy: the slice is shared with
// the snapshot cache and must not be modified. Consolidation reads a
// province's subtree for each of up to eleven periods per page; copying
// them was a tenth of the page's time.
func (db *DB) SubtreeViewAt(ctx context.Context, code string, at period.Date) ([]org.Unit, error) {
	s, err := db.snapshotAt(ctx, at)
	if err != nil {
		return nil, err
	}
	s.mu.Lock()
	cached, ok := s.subtrees[code]
	s.mu.Unlock()
	if ok {
		return cached[:len(cached):len(cached)], nil
	}
	root, ok := s.units[code]
	if !ok {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy đơn vị %s vào ngày %s.", code, at.VN())
	}
	out := []org.Unit{*root}
	out[0].Level = 0
	for i := 0; i < len(out); i++ {
		for _, c := range s.children[out[i].Code] {
			u := *s.units[c]
			u.Level = out[i].Level + 1
			out = append(out, u)
		}
	}
	// Large subtrees are asked for again and again (every consolidation
	// of a province or the country); keep them with the snapshot.
	if len(out) > 200 {
		s.mu.Lock()
		if s.subtrees == nil {
			s.subtrees = map[string][]org.Unit{}
		}
		s.subtrees[code] = out
		s.mu.Unlock()
	}
	return out[:len(out):len(out)], nil
}

// AncestorsAt returns the parents of code on at, nearest first.
func (db *DB) AncestorsAt(ctx context.Context, code string, at period.Date) ([]string, error) {
	s, err := db.snapshotAt(ctx, at)
	if err != nil {
		return nil, err
	}
	var out []string
	u := s.units[code]
	for u != nil && u.ParentCode != "" && len(out) < 64 {
		out = append(out, u.ParentCode)
		u = s.units[u.ParentCode]
	}
	return out, nil
}

package sqlstore_test

import (
	"context"
	"database/sql"
	"slices"
	"strconv"
	"strings"
	"testing"
	"time"

	"giaoban/internal/apptest"
	"giaoban/internal/demo"
	"giaoban/internal/period"
	"giaoban/internal/report"
	"giaoban/internal/search"
	"giaoban/internal/sqlstore"
	"golang.org/x/text/unicode/norm"
)

// searchDocs is a small corpus with the spellings real text mixes: both
// tone placements, đ, abbreviations and their expansions.
var searchDocs = []search.Doc{
	{Kind: search.KindNews, ID: "1", Title: "Hội nghị giao ban công tác dân vận quý I/2019",
		Body: "Ngày 28/3/2019, Ban Dân vận Tỉnh uỷ tổ chức hội nghị giao ban. Đồng chí Trưởng ban chủ trì.", Public: true, LegacyID: "old-1"},
	{Kind: search.KindNews, ID: "2", Title: "Ủy ban MTTQ tỉnh tổng kết năm",
		Body: "Ủy ban Mặt trận Tổ quốc Việt Nam tỉnh tổng kết công tác mặt trận. Tỉnh ủy đánh giá cao.", Public: true},
	{Kind: search.KindNews, ID: "3", Title: "Đảng bộ xã học tập nghị quyết",
		Body: "Đảng uỷ xã quán triệt nghị quyết. Hoà bình, thuỷ lợi được quan tâm.", Public: true},
	{Kind: search.KindNews, ID: "4", Title: "Thông tin khác",
		Body: "Bài viết nhắc đến hội nghị ở cuối: Mặt trận Tổ quốc vận động nhân dân.", Public: true},
	{Kind: search.KindNews, ID: "5", Title: "Tin nội bộ chưa đăng",
		Body: "Bản nháp về Mặt trận Tổ quốc.", Public: false},
	{Kind: search.KindReport, ID: "R/2019Q1/183", Title: "Báo cáo Cao Lộc",
		Body: "Huyện uỷ Cao Lộc chỉ đạo công tác dân vận chính quyền.", Unit: "183"},
	{Kind: search.KindReport, ID: "R/2019Q1/20-MTTQ", Title: "Báo cáo MTTQ",
		Body: "Mặt trận tổ chức hội nghị hiệp thương dân vận.", Unit: "20-MTTQ"},
}

func indexSearchDocs(t *testing.T, db *sqlstore.DB) {
	t.Helper()
	docs := slices.Clone(searchDocs)
	for i := range docs {
		docs[i].URL = "/x/" + docs[i].ID
		docs[i].Date = time.Date(2019, 3, 28+i%3, 0, 0, 0, 0, time.UTC)
	}
	if err := db.IndexDocs(context.Background(), docs); err != nil {
		t.Fatal(err)
	}
}

// ids runs q as an admin sees it and returns the hit IDs in order.
func searchIDs(t *testing.T, db *sqlstore.DB, q search.Query) []string {
	t.Helper()
	res, err := db.Search(context.Background(), q)
	if err != nil {
		t.Fatalf("search %q: %v", q.Text, err)
	}
	var out []string
	for _, h := range res.Hits {
		out = append(out, h.ID)
	}
	if len(out) != res.Total && q.Offset == 0 && len(out) < 20 {
		t.Errorf("search %q: total %d, %d hits", q.Text, res.Total, len(out))
	}
	return out
}

func sorted(s []string) []string { s = slices.Clone(s); slices.Sort(s); return s }

func TestSearchFolding(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		indexSearchDocs(t, db)
		all := func(text string) search.Query { return search.Query{Text: text, AllUnits: true} }
		for _, c := range []struct {
			q    string
			want []string
		}{
			{"tinh uy", []string{"1", "2"}},                  // no diacritics
			{"Tỉnh ủy", []string{"1", "2"}},                  // new tone placement finds "Tỉnh uỷ"
			{"Tỉnh uỷ", []string{"1", "2"}},                  // old finds "Tỉnh ủy"
			{norm.NFD.String("Tỉnh ủy"), []string{"1", "2"}}, // NFD input
			{"dang", []string{"3", "5"}},                     // đ → d
			{"hoa binh thuy loi", []string{"3"}},
			{"hòa bình thủy lợi", []string{"3"}},
			{"MTTQ", []string{"2", "4", "5", "R/2019Q1/20-MTTQ"}},                // abbreviation → expansion
			{"Mặt trận Tổ quốc", []string{"2", "4", "5", "R/2019Q1/20-MTTQ"}},    // expansion → abbreviation ("Báo cáo MTTQ")
			{`"dan van chinh quyen"`, []string{"R/2019Q1/183"}},                  // phrase
			{`"chinh quyen dan van"`, nil},                                       // phrase order matters
			{"quyen chinh", []string{"R/2019Q1/183"}},                            // unquoted: AND, any order
			{`"hội nghị" "mặt trận tổ quốc"`, []string{"4", "R/2019Q1/20-MTTQ"}}, // two phrases
			{"khongcogi", nil},
			{"", nil},
			{`"`, nil},
		} {
			got := sorted(searchIDs(t, db, all(c.q)))
			if !slices.Equal(got, sorted(c.want)) {
				t.Errorf("%q: got %v, want %v", c.q, got, c.want)
			}
		}
	})
}

func TestSearchRankingAndSnippets(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		indexSearchDocs(t, db)
		ctx := context.Background()
		// "hội nghị" is in the title of 1, only in the body of 4.
		res, err := db.Search(ctx, search.Query{Text: "hoi nghi", PublicOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		if len(res.Hits) != 2 || res.Hits[0].ID != "1" {
			t.Fatalf("title match first: %+v", res.Hits)
		}
		h := res.Hits[0]
		if h.LegacyID != "old-1" || h.URL != "/x/1" || h.Kind != search.KindNews {
			t.Errorf("hit fields: %+v", h)
		}
		if !strings.Contains(h.TitleHTML, "<mark>Hội nghị</mark> giao ban") {
			t.Errorf("title: %s", h.TitleHTML)
		}
		if !strings.Contains(h.Snippet, "tổ chức <mark>hội nghị</mark> giao ban") {
			t.Errorf("snippet: %s", h.Snippet)
		}
		// The abbreviation marks its expansion in the original spelling.
		res, err = db.Search(ctx, search.Query{Text: "mttq", PublicOnly: true})
		if err != nil {
			t.Fatal(err)
		}
		for _, h := range res.Hits {
			if h.ID == "4" && !strings.Contains(h.Snippet, "<mark>Mặt trận Tổ quốc</mark>") {
				t.Errorf("snippet of 4: %s", h.Snippet)
			}
		}
		// Adjacent words rank above scattered ones.
		if err := db.IndexDocs(ctx, []search.Doc{
			{Kind: search.KindNews, ID: "a", Title: "x", Body: "công tác tốt, dân vận giỏi, chính quyền vững", Public: true},
			{Kind: search.KindNews, ID: "b", Title: "x", Body: "làm tốt công tác dân vận chính quyền các cấp", Public: true},
		}); err != nil {
			t.Fatal(err)
		}
		res, err = db.Search(ctx, search.Query{Text: "cong tac dan van", PublicOnly: true, Kinds: []search.Kind{search.KindNews}})
		if err != nil {
			t.Fatal(err)
		}
		pos := map[string]int{}
		for i, h := range res.Hits {
			pos[h.ID] = i
		}
		if pos["b"] > pos["a"] {
			t.Errorf("adjacent words should rank first: %v", pos)
		}
	})
}

func TestSearchFilters(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		indexSearchDocs(t, db)
		ctx := context.Background()
		// Anonymous: published news only.
		if got := searchIDs(t, db, search.Query{Text: "mat tran to quoc", PublicOnly: true}); !slices.Equal(sorted(got), []string{"2", "4"}) {
			t.Errorf("public: %v", got)
		}
		// Unit scope: 183 sees its report and the public news, not 20-MTTQ's report nor the unpublished draft.
		got := searchIDs(t, db, search.Query{Text: "dan van", Scopes: map[search.Kind]search.Scope{search.KindReport: {Units: []string{"183"}}}})
		if !slices.Equal(sorted(got), []string{"1", "4", "R/2019Q1/183"}) {
			t.Errorf("scope 183: %v", got)
		}
		got = searchIDs(t, db, search.Query{Text: "dan van", Units: []string{"20-MTTQ"}})
		if !slices.Equal(sorted(got), []string{"1", "4", "R/2019Q1/20-MTTQ"}) {
			t.Errorf("units 20-MTTQ: %v", got)
		}
		// A kind absent from Scopes is not searched.
		if got := searchIDs(t, db, search.Query{Text: "hiep thuong", Scopes: map[search.Kind]search.Scope{search.KindNews: {All: true}}}); len(got) != 0 {
			t.Errorf("report kind not in scopes: %v", got)
		}
		// Kind filter and counts.
		res, err := db.Search(ctx, search.Query{Text: "dan van", AllUnits: true, Kinds: []search.Kind{search.KindReport}, KindCounts: true})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total != 2 || res.Counts[search.KindNews] != 2 || res.Counts[search.KindReport] != 2 {
			t.Errorf("counts: total %d, %v", res.Total, res.Counts)
		}
		// Dates: docs are dated 28, 29, 30 March in turn (2 and 5 on the 29th).
		got = searchIDs(t, db, search.Query{Text: "mat tran to quoc", AllUnits: true,
			From: time.Date(2019, 3, 29, 0, 0, 0, 0, time.UTC), To: time.Date(2019, 3, 29, 23, 0, 0, 0, time.UTC)})
		if !slices.Equal(sorted(got), []string{"2", "5"}) {
			t.Errorf("date range: %v", got)
		}
		// Re-indexing replaces, deleting removes.
		if err := db.IndexDocs(ctx, []search.Doc{{Kind: search.KindNews, ID: "4", Title: "Đổi", Body: "nội dung mới", Public: true}}); err != nil {
			t.Fatal(err)
		}
		if got := searchIDs(t, db, search.Query{Text: "mat tran to quoc", PublicOnly: true}); !slices.Equal(got, []string{"2"}) {
			t.Errorf("after re-index: %v", got)
		}
		if got := searchIDs(t, db, search.Query{Text: "noi dung moi", PublicOnly: true}); !slices.Equal(got, []string{"4"}) {
			t.Errorf("new text: %v", got)
		}
		if err := db.DeleteDoc(ctx, search.KindNews, "4"); err != nil {
			t.Fatal(err)
		}
		if err := db.DeleteDoc(ctx, search.KindNews, "nope"); err != nil {
			t.Fatal(err)
		}
		if got := searchIDs(t, db, search.Query{Text: "noi dung moi", PublicOnly: true}); len(got) != 0 {
			t.Errorf("after delete: %v", got)
		}
		// Paging.
		res, err = db.Search(ctx, search.Query{Text: "tinh", AllUnits: true, Limit: 1, Offset: 1})
		if err != nil {
			t.Fatal(err)
		}
		if res.Total < 2 || len(res.Hits) != 1 {
			t.Errorf("paging: total %d, hits %d", res.Total, len(res.Hits))
		}
	})
}

// TestSearchSameOnBothDatabases runs the same queries on SQLite and
// PostgreSQL over the same documents and compares the answers: the same
// documents, in the same order (ranking is done in Go from the same keys).
func TestSearchSameOnBothDatabases(t *testing.T) {
	lite, pg := apptest.NewDB(t), apptest.NewPostgresDB(t)
	ctx := context.Background()
	docs := append(synthDocs(500), searchDocs...)
	for i := range docs {
		docs[i].Public = i%5 != 0
	}
	docs = append(docs, docs[3]) // a document given twice keeps its place
	docs[len(docs)-1].Title = "Lần sau"
	for _, db := range []*sqlstore.DB{lite, pg} {
		if err := db.IndexDocs(ctx, docs); err != nil {
			t.Fatal(err)
		}
	}
	queries := append(synthQueries(docs[:500], 60),
		"tinh uy", "Tỉnh uỷ", "MTTQ", "mặt trận tổ quốc", `"dân vận khéo"`, `"tổ chức" hội nghị`, "UBND tỉnh", "dang", "hoa binh")
	for _, text := range queries {
		for _, q := range []search.Query{
			{Text: text, PublicOnly: true, Limit: 100},
			{Text: text, AllUnits: true, Limit: 100},
			{Text: text, Units: []string{"183"}, Kinds: []search.Kind{search.KindReport, search.KindNews}, Limit: 100},
		} {
			a, err := lite.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			b, err := pg.Search(ctx, q)
			if err != nil {
				t.Fatal(err)
			}
			ids := func(r search.Result) []string {
				var out []string
				for _, h := range r.Hits {
					out = append(out, string(h.Kind)+"/"+h.ID)
				}
				return out
			}
			if a.Total != b.Total || !slices.Equal(ids(a), ids(b)) {
				t.Errorf("%q (public %v): sqlite %d %v\npostgres %d %v", text, q.PublicOnly, a.Total, ids(a), b.Total, ids(b))
			}
		}
	}
}

// rawDB opens a second connection to db's database, to change the tables
// the index mirrors behind the store's back, as another part of the
// application (or another server) would.
func rawDB(t *testing.T, db *sqlstore.DB) *sql.DB {
	t.Helper()
	driver, dsn := "sqlite", "file:"+db.DSN+"?_pragma=busy_timeout(10000)"
	if sqlstore.IsPostgres(db.DSN) {
		driver, dsn = "pgx", db.DSN
	}
	raw, err := sql.Open(driver, dsn)
	if err != nil {
		t.Fatal(err)
	}
	t.Cleanup(func() { raw.Close() })
	return raw
}

// TestSearchCatchUp: the index follows the records it mirrors — report
// narratives by their seq, conferences, conclusions, tasks and models by
// their version and updated_at — re-indexing what changed and removing
// what is gone or no longer searchable.
func TestSearchCatchUp(t *testing.T) {
	apptest.EachDB(t, func(t *testing.T, db *sqlstore.DB) {
		ctx := context.Background()
		if _, err := demo.Load(ctx, db, period.New(2026, 11, 25)); err != nil {
			t.Fatal(err)
		}
		if err := db.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		has := func(kind search.Kind, text, id string) bool {
			t.Helper()
			for off := 0; ; off += 100 {
				res, err := db.Search(ctx, search.Query{Text: text, AllUnits: true, Kinds: []search.Kind{kind}, Limit: 100, Offset: off})
				if err != nil {
					t.Fatal(err)
				}
				for _, h := range res.Hits {
					if h.ID == id {
						return true
					}
				}
				if len(res.Hits) < 100 {
					return false
				}
			}
		}
		count := func(kind search.Kind, text string) int {
			t.Helper()
			res, err := db.Search(ctx, search.Query{Text: text, AllUnits: true, Kinds: []search.Kind{kind}})
			if err != nil {
				t.Fatal(err)
			}
			return res.Total
		}
		// Reports: the MTTQ's accepted Q1/2019 report is found; returned,
		// it is not.
		const mttq = "BCQ-DV/2019Q1/20-MTTQ"
		if !has(search.KindReport, "dan van chinh quyen", mttq) {
			t.Fatalf("report %s not indexed", mttq)
		}
		k := report.Key{Template: "BCQ-DV", Period: "2019Q1", Unit: "20-MTTQ"}
		r, err := db.FindReport(ctx, k)
		if err != nil {
			t.Fatal(err)
		}
		r.Status, r.ReturnReason, r.UpdatedAt, r.UpdatedBy = report.StatusReturned, "Bổ sung số liệu", time.Now().UTC(), "test"
		if err := db.SaveReport(ctx, r, r.Version, "report.return", &report.Version{At: r.UpdatedAt, By: "test"}); err != nil {
			t.Fatal(err)
		}
		if err := db.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		if has(search.KindReport, "dan van chinh quyen", mttq) {
			t.Errorf("returned report %s still indexed", mttq)
		}
		// The demo's conference, conclusion, tasks and models are found.
		for _, kind := range []search.Kind{search.KindConference, search.KindConclusion, search.KindTask, search.KindExemplar} {
			if count(kind, "dan van") == 0 && count(kind, "mat tran") == 0 && count(kind, "hoi nghi") == 0 {
				t.Errorf("no %s indexed", kind)
			}
		}
		// A task changed behind the store's back is re-indexed; a model
		// deleted is removed.
		raw := rawDB(t, db)
		var taskID, modelID int64
		if err := raw.QueryRow(`SELECT MIN(id) FROM task`).Scan(&taskID); err != nil {
			t.Fatal(err)
		}
		if err := raw.QueryRow(`SELECT MIN(id) FROM exemplar`).Scan(&modelID); err != nil {
			t.Fatal(err)
		}
		later := time.Now().UTC().Add(time.Hour).Format("2006-01-02T15:04:05.000000Z")
		upd := `UPDATE task SET content = 'Khảo sát mô hình nuôi ong ở xã Khuất Xá', version = version + 1, updated_at = ? WHERE id = ?`
		del := `DELETE FROM exemplar WHERE id = ?`
		if sqlstore.IsPostgres(db.DSN) {
			upd = `UPDATE task SET content = 'Khảo sát mô hình nuôi ong ở xã Khuất Xá', version = version + 1, updated_at = $1 WHERE id = $2`
			del = `DELETE FROM exemplar WHERE id = $1`
		}
		if _, err := raw.Exec(upd, later, taskID); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(`DELETE FROM exemplar_event WHERE exemplar_id = ` + strconv.FormatInt(modelID, 10)); err != nil {
			t.Fatal(err)
		}
		if _, err := raw.Exec(del, modelID); err != nil {
			t.Fatal(err)
		}
		if err := db.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
		if !has(search.KindTask, "nuoi ong khuat xa", strconv.FormatInt(taskID, 10)) {
			t.Errorf("changed task %d not re-indexed", taskID)
		}
		if res, _ := db.Search(ctx, search.Query{Text: "nuoi ong", AllUnits: true, Kinds: []search.Kind{search.KindExemplar}}); res.Total != 0 {
			for _, h := range res.Hits {
				if h.ID == strconv.FormatInt(modelID, 10) {
					t.Errorf("deleted model %d still indexed", modelID)
				}
			}
		}
		ids, err := raw.Query(`SELECT doc_id FROM search_doc WHERE kind = 'exemplar'`)
		if err != nil {
			t.Fatal(err)
		}
		defer ids.Close()
		for ids.Next() {
			var id string
			ids.Scan(&id)
			if id == strconv.FormatInt(modelID, 10) {
				t.Errorf("deleted model %d still indexed", modelID)
			}
		}
		// Nothing changed: a catch-up does nothing.
		if err := db.CatchUp(ctx); err != nil {
			t.Fatal(err)
		}
	})
}

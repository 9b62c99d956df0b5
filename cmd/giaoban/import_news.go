package main

import (
	"context"
	"fmt"
	"io"
	"os"
	"time"

	"giaoban/internal/news"
	"giaoban/internal/search"
	"giaoban/internal/sqlstore"
	"giaoban/internal/vntext"
)

// runImportNews imports an old portal's archive: every line is checked
// first and nothing is stored if any is wrong; otherwise every article is
// published with its legacy ID (old URLs redirect) and indexed, in one
// transaction.
func runImportNews(ctx context.Context, args []string, stdout, stderr io.Writer) error {
	c, path, err := toolArg("import news", "giaoban import news --db ... FILE.jsonl", args, stderr, nil)
	if err != nil {
		return err
	}
	start := time.Now()
	f, err := os.Open(path)
	if err != nil {
		return fmt.Errorf("mở tệp: %w", err)
	}
	defer f.Close()
	as, err := news.ParseImport(f)
	if err != nil {
		return userError(err)
	}
	db, err := openDB(ctx, c.DB)
	if err != nil {
		return err
	}
	defer db.Close()
	svc := &news.Service{Store: db, Index: searchIndex(db), Now: time.Now}
	res, err := svc.Import(ctx, as)
	if err != nil {
		return userError(err)
	}
	fmt.Fprintf(stdout, "Đã nhập %s bài viết", vntext.FormatInt(int64(res.Imported)))
	if res.Skipped > 0 {
		fmt.Fprintf(stdout, " (bỏ qua %s bài đã có)", vntext.FormatInt(int64(res.Skipped)))
	}
	fmt.Fprintf(stdout, " trong %.1f giây.\n", time.Since(start).Seconds())
	return nil
}

// searchIndex is the store's search index, or nil on a build whose store
// has none.
func searchIndex(db *sqlstore.DB) search.Index {
	if ix, ok := any(db).(search.Index); ok {
		return ix
	}
	return nil
}

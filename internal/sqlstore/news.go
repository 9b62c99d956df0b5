package sqlstore

import (
	"context"
	"database/sql"
	"encoding/json"
	"errors"
	"fmt"
	"slices"
	"strconv"
	"strings"
	"time"

	"giaoban/internal/apperr"
	"giaoban/internal/news"
	"giaoban/internal/vntext"
)

var _ news.Store = (*DB)(nil)

// articleCols are the columns of a list row (no bodies).
const articleCols = `id, slug, title, summary, byline, tags, status, published_at, featured, legacy_id, source_url, origin,
	created_at, created_by, updated_at, updated_by, version`

func errArticleNotFound() error {
	return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy bài viết.")
}

type rowScanner interface{ Scan(dest ...any) error }

// scanArticle reads articleCols, plus the bodies when withBody.
func scanArticle(r rowScanner, withBody bool) (*news.Article, error) {
	a := &news.Article{}
	var tags, status, pub, created, updated string
	var featured int
	var legacy sql.NullString
	dest := []any{&a.ID, &a.Slug, &a.Title, &a.Summary, &a.Byline, &tags, &status, &pub, &featured, &legacy, &a.SourceURL, &a.Origin,
		&created, &a.CreatedBy, &updated, &a.UpdatedBy, &a.Version}
	if withBody {
		dest = append(dest, &a.Body, &a.BodyHTML)
	}
	if err := r.Scan(dest...); err != nil {
		return nil, err
	}
	_ = json.Unmarshal([]byte(tags), &a.Tags)
	a.Status, a.Featured, a.LegacyID = news.Status(status), featured != 0, legacy.String
	if pub != "" {
		a.PublishedAt = parseTime(pub)
	}
	a.CreatedAt, a.UpdatedAt = parseTime(created), parseTime(updated)
	return a, nil
}

func (db *DB) pubString(t time.Time) string {
	if t.IsZero() {
		return ""
	}
	return db.timeString(t)
}

func jsonList(ss []string) string {
	if ss == nil {
		ss = []string{}
	}
	b, _ := json.Marshal(ss)
	return string(b)
}

// findArticle reads one article with its bodies, categories and images.
func (db *DB) findArticle(ctx context.Context, cond string, arg any) (*news.Article, error) {
	row := db.read.QueryRowContext(ctx, db.rebind(`SELECT `+articleCols+`, body, body_html FROM news_article WHERE `+cond), arg)
	a, err := scanArticle(row, true)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, errArticleNotFound()
	} else if err != nil {
		return nil, fmt.Errorf("find article: %w", err)
	}
	list := []news.Article{*a}
	if err := db.attachDetails(ctx, list); err != nil {
		return nil, err
	}
	return &list[0], nil
}

// FindArticle returns article id; ENOTFOUND if none.
func (db *DB) FindArticle(ctx context.Context, id int64) (*news.Article, error) {
	return db.findArticle(ctx, "id = ?", id)
}

// FindArticleBySlug returns the article at slug; ENOTFOUND if none.
func (db *DB) FindArticleBySlug(ctx context.Context, slug string) (*news.Article, error) {
	return db.findArticle(ctx, "slug = ?", slug)
}

// FindArticleByLegacyID returns the article imported with legacyID.
func (db *DB) FindArticleByLegacyID(ctx context.Context, legacyID string) (*news.Article, error) {
	if legacyID == "" {
		return nil, errArticleNotFound()
	}
	return db.findArticle(ctx, "legacy_id = ?", legacyID)
}

// FindArticleByOrigin returns the latest article drafted from origin.
func (db *DB) FindArticleByOrigin(ctx context.Context, origin string) (*news.Article, error) {
	if origin == "" {
		return nil, errArticleNotFound()
	}
	return db.findArticle(ctx, "id = (SELECT MAX(id) FROM news_article WHERE origin = ?)", origin)
}

// attachDetails loads the categories and images of the articles in as.
func (db *DB) attachDetails(ctx context.Context, as []news.Article) error {
	if len(as) == 0 {
		return nil
	}
	idx := make(map[int64]int, len(as))
	ids := make([]any, len(as))
	for i, a := range as {
		idx[a.ID] = i
		ids[i] = a.ID
	}
	in := "(" + placeholders(len(ids)) + ")"
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT article_id, slug, name FROM news_category WHERE article_id IN `+in+` ORDER BY article_id, seq`), ids...)
	if err != nil {
		return fmt.Errorf("article categories: %w", err)
	}
	for rows.Next() {
		var id int64
		var c news.Category
		if err := rows.Scan(&id, &c.Slug, &c.Name); err != nil {
			rows.Close()
			return err
		}
		a := &as[idx[id]]
		a.Categories = append(a.Categories, c)
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	rows, err = db.read.QueryContext(ctx, db.rebind(`SELECT `+imageCols+` FROM news_image WHERE article_id IN `+in+` ORDER BY article_id, seq, id`), ids...)
	if err != nil {
		return fmt.Errorf("article images: %w", err)
	}
	defer rows.Close()
	for rows.Next() {
		im, err := scanImage(rows)
		if err != nil {
			return err
		}
		a := &as[idx[im.ArticleID]]
		a.Images = append(a.Images, *im)
	}
	return rows.Err()
}

const imageCols = `id, article_id, seq, caption, alt, content_type, width, height, size_bytes, uploaded_at, uploaded_by`

func scanImage(r rowScanner) (*news.Image, error) {
	im := &news.Image{}
	var at string
	if err := r.Scan(&im.ID, &im.ArticleID, &im.Seq, &im.Caption, &im.Alt, &im.ContentType, &im.Width, &im.Height, &im.Size, &at, &im.UploadedBy); err != nil {
		return nil, err
	}
	im.UploadedAt = parseTime(at)
	return im, nil
}

// articleWhere builds the conditions of a list.
func (db *DB) articleWhere(f news.Filter) *where {
	w := &where{}
	now := db.timeString(f.Now)
	switch {
	case f.Visible:
		w.cond("status = 'published' AND published_at <> '' AND published_at <= ?", now)
	case f.Scheduled:
		w.cond("status = 'published' AND published_at > ?", now)
	default:
		w.eq("status", string(f.Status))
	}
	if f.Category != "" {
		w.cond("id IN (SELECT article_id FROM news_category WHERE slug = ?)", f.Category)
	}
	if f.Featured {
		w.cond("featured = 1")
	}
	return w
}

// ListArticles returns a page of articles (without bodies) with their
// categories and images, and the number that match. Published lists are
// newest first by publication; others by last change.
func (db *DB) ListArticles(ctx context.Context, f news.Filter) ([]news.Article, int, error) {
	if f.Limit <= 0 {
		f.Limit = 20
	}
	f.Limit = min(f.Limit, 1000)
	w := db.articleWhere(f)
	var total int
	if !f.NoTotal {
		if err := db.read.QueryRowContext(ctx, db.rebind(`SELECT COUNT(*) FROM news_article`+w.String()), w.args...).Scan(&total); err != nil {
			return nil, 0, fmt.Errorf("count articles: %w", err)
		}
	}
	order := " ORDER BY updated_at DESC, id DESC"
	if f.Visible || f.Scheduled || f.Status == news.StatusPublished {
		order = " ORDER BY published_at DESC, id DESC"
	}
	args := append(slices.Clone(w.args), f.Limit, max(f.Offset, 0))
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT `+articleCols+` FROM news_article`+w.String()+order+` LIMIT ? OFFSET ?`), args...)
	if err != nil {
		return nil, 0, fmt.Errorf("list articles: %w", err)
	}
	defer rows.Close()
	var out []news.Article
	for rows.Next() {
		a, err := scanArticle(rows, false)
		if err != nil {
			return nil, 0, err
		}
		out = append(out, *a)
	}
	if err := rows.Err(); err != nil {
		return nil, 0, err
	}
	rows.Close()
	return out, total, db.attachDetails(ctx, out)
}

// freeSlug returns base, or base-2, base-3… whichever no other article has.
func (db *DB) freeSlug(ctx context.Context, tx *sql.Tx, base string, except int64) (string, error) {
	rows, err := tx.QueryContext(ctx, db.rebind(`SELECT slug FROM news_article WHERE (slug = ? OR slug LIKE ?) AND id <> ?`), base, base+"-%", except)
	if err != nil {
		return "", fmt.Errorf("free slug: %w", err)
	}
	defer rows.Close()
	taken := map[string]bool{}
	for rows.Next() {
		var s string
		if err := rows.Scan(&s); err != nil {
			return "", err
		}
		taken[s] = true
	}
	if err := rows.Err(); err != nil {
		return "", err
	}
	return pickSlug(base, taken), nil
}

func pickSlug(base string, taken map[string]bool) string {
	if !taken[base] {
		return base
	}
	for n := 2; ; n++ {
		if s := base + "-" + strconv.Itoa(n); !taken[s] {
			return s
		}
	}
}

// articleAudit is the audited state of an article; bodies live in the
// revisions.
func articleAudit(a *news.Article) string {
	if a == nil {
		return ""
	}
	b, _ := json.Marshal(map[string]any{"id": a.ID, "slug": a.Slug, "title": a.Title, "summary": a.Summary, "byline": a.Byline,
		"categories": news.CategoryNames(a.Categories), "tags": a.Tags, "status": a.Status, "published_at": a.PublishedAt,
		"featured": a.Featured, "legacy_id": a.LegacyID, "origin": a.Origin, "version": a.Version, "body_bytes": len(a.Body)})
	return string(b)
}

func (db *DB) writeCategories(ctx context.Context, tx *sql.Tx, a *news.Article) error {
	if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM news_category WHERE article_id = ?`), a.ID); err != nil {
		return err
	}
	var rows [][]any
	for i, c := range a.Categories {
		rows = append(rows, []any{a.ID, i + 1, c.Slug, c.Name})
	}
	if len(rows) == 0 {
		return nil
	}
	return db.insertRows(ctx, tx, "news_category", []string{"article_id", "seq", "slug", "name"}, rows)
}

var revisionCols = []string{"article_id", "version", "title", "summary", "body", "byline", "categories", "tags", "status", "published_at", "saved_at", "saved_by", "note"}

func (db *DB) revisionRow(a *news.Article, note string) []any {
	return []any{a.ID, a.Version, a.Title, a.Summary, a.Body, a.Byline, jsonList(news.CategoryNames(a.Categories)), jsonList(a.Tags),
		string(a.Status), db.pubString(a.PublishedAt), db.timeString(a.UpdatedAt), a.UpdatedBy, note}
}

// CreateArticle stores a new article (version 1) with its first revision,
// picking a free slug; audited.
func (db *DB) CreateArticle(ctx context.Context, a *news.Article, note string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		slug, err := db.freeSlug(ctx, tx, a.Slug, 0)
		if err != nil {
			return err
		}
		a.Slug, a.Version = slug, 1
		err = tx.QueryRowContext(ctx, db.rebind(`INSERT INTO news_article (slug, title, summary, body, body_html, byline, tags, status, published_at,
			featured, legacy_id, source_url, origin, created_at, created_by, updated_at, updated_by, version)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1) RETURNING id`),
			a.Slug, a.Title, a.Summary, a.Body, a.BodyHTML, a.Byline, jsonList(a.Tags), string(a.Status), db.pubString(a.PublishedAt),
			boolInt(a.Featured), nullString(a.LegacyID), a.SourceURL, a.Origin, db.timeString(a.CreatedAt), a.CreatedBy,
			db.timeString(a.UpdatedAt), a.UpdatedBy).Scan(&a.ID)
		if bulkDuplicate(err) {
			return apperr.Errorf(apperr.ECONFLICT, "Đã có bài viết với địa chỉ hoặc mã cũ này.")
		} else if err != nil {
			return fmt.Errorf("create article: %w", err)
		}
		if err := db.writeCategories(ctx, tx, a); err != nil {
			return fmt.Errorf("create article categories: %w", err)
		}
		if err := db.insertRows(ctx, tx, "news_revision", revisionCols, [][]any{db.revisionRow(a, note)}); err != nil {
			return fmt.Errorf("create article revision: %w", err)
		}
		id := strconv.FormatInt(a.ID, 10)
		return db.writeAudit(ctx, tx, "news.create", "news_article", id, note+": "+a.Title, "", articleAudit(a))
	})
}

// UpdateArticle saves a, read at a.Version: ECONFLICT when the row changed
// since. It bumps the version, keeps a revision and audits the change.
func (db *DB) UpdateArticle(ctx context.Context, a *news.Article, note string) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanArticle(tx.QueryRowContext(ctx, db.rebind(`SELECT `+articleCols+` FROM news_article WHERE id = ?`), a.ID), false)
		if errors.Is(err, sql.ErrNoRows) {
			return errArticleNotFound()
		} else if err != nil {
			return fmt.Errorf("update article: %w", err)
		}
		if before.Version != a.Version {
			return apperr.Errorf(apperr.ECONFLICT, "Bài viết đã được %s sửa (phiên bản %d). Vui lòng tải lại trang để xem bản mới nhất.", before.UpdatedBy, before.Version)
		}
		if before.Categories, err = db.txCategories(ctx, tx, a.ID); err != nil {
			return err
		}
		slug := a.Slug
		if slug != before.Slug {
			if slug, err = db.freeSlug(ctx, tx, a.Slug, a.ID); err != nil {
				return err
			}
		}
		res, err := tx.ExecContext(ctx, db.rebind(`UPDATE news_article SET slug = ?, title = ?, summary = ?, body = ?, body_html = ?, byline = ?,
			tags = ?, status = ?, published_at = ?, featured = ?, updated_at = ?, updated_by = ?, version = version + 1
			WHERE id = ? AND version = ?`),
			slug, a.Title, a.Summary, a.Body, a.BodyHTML, a.Byline, jsonList(a.Tags), string(a.Status), db.pubString(a.PublishedAt),
			boolInt(a.Featured), db.timeString(a.UpdatedAt), a.UpdatedBy, a.ID, a.Version)
		if bulkDuplicate(err) {
			return apperr.Errorf(apperr.ECONFLICT, "Đã có bài viết với địa chỉ này.")
		} else if err != nil {
			return fmt.Errorf("update article %d: %w", a.ID, err)
		}
		if n, _ := res.RowsAffected(); n == 0 {
			return apperr.Errorf(apperr.ECONFLICT, "Bài viết vừa được người khác sửa. Vui lòng tải lại trang.")
		}
		a.Slug = slug
		a.Version++
		if err := db.writeCategories(ctx, tx, a); err != nil {
			return fmt.Errorf("update article categories: %w", err)
		}
		if err := db.insertRows(ctx, tx, "news_revision", revisionCols, [][]any{db.revisionRow(a, note)}); err != nil {
			return fmt.Errorf("update article revision: %w", err)
		}
		return db.writeAudit(ctx, tx, "news.update", "news_article", strconv.FormatInt(a.ID, 10), note+": "+a.Title, articleAudit(before), articleAudit(a))
	})
}

func (db *DB) txCategories(ctx context.Context, tx *sql.Tx, id int64) ([]news.Category, error) {
	rows, err := tx.QueryContext(ctx, db.rebind(`SELECT slug, name FROM news_category WHERE article_id = ? ORDER BY seq`), id)
	if err != nil {
		return nil, fmt.Errorf("article categories: %w", err)
	}
	defer rows.Close()
	var out []news.Category
	for rows.Next() {
		var c news.Category
		if err := rows.Scan(&c.Slug, &c.Name); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	return out, rows.Err()
}

// ListRevisions lists an article's revisions, newest first, without bodies.
func (db *DB) ListRevisions(ctx context.Context, articleID int64) ([]news.Revision, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT version, title, summary, byline, categories, tags, status, published_at, saved_at, saved_by, note
		FROM news_revision WHERE article_id = ? ORDER BY version DESC`), articleID)
	if err != nil {
		return nil, fmt.Errorf("list revisions: %w", err)
	}
	defer rows.Close()
	var out []news.Revision
	for rows.Next() {
		r := news.Revision{ArticleID: articleID}
		var cats, tags, status, pub, saved string
		if err := rows.Scan(&r.Version, &r.Title, &r.Summary, &r.Byline, &cats, &tags, &status, &pub, &saved, &r.SavedBy, &r.Note); err != nil {
			return nil, err
		}
		fillRevision(&r, cats, tags, status, pub, saved)
		out = append(out, r)
	}
	return out, rows.Err()
}

func fillRevision(r *news.Revision, cats, tags, status, pub, saved string) {
	_ = json.Unmarshal([]byte(cats), &r.Categories)
	_ = json.Unmarshal([]byte(tags), &r.Tags)
	r.Status, r.SavedAt = news.Status(status), parseTime(saved)
	if pub != "" {
		r.PublishedAt = parseTime(pub)
	}
}

// FindRevision returns one revision with its body; ENOTFOUND if none.
func (db *DB) FindRevision(ctx context.Context, articleID int64, version int) (*news.Revision, error) {
	r := &news.Revision{ArticleID: articleID, Version: version}
	var cats, tags, status, pub, saved string
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT title, summary, body, byline, categories, tags, status, published_at, saved_at, saved_by, note
		FROM news_revision WHERE article_id = ? AND version = ?`), articleID, version).
		Scan(&r.Title, &r.Summary, &r.Body, &r.Byline, &cats, &tags, &status, &pub, &saved, &r.SavedBy, &r.Note)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy phiên bản %d của bài viết.", version)
	} else if err != nil {
		return nil, fmt.Errorf("find revision: %w", err)
	}
	fillRevision(r, cats, tags, status, pub, saved)
	return r, nil
}

func imageFileArgs(f *news.ImageFile) (ctype string, w, h int, size int64, data, small, large []byte) {
	if f == nil {
		return "", 0, 0, 0, nil, nil, nil
	}
	return f.ContentType, f.Width, f.Height, int64(len(f.Original)), f.Original, f.Small, f.Large
}

// AddImage stores a photo (or, with f nil, a photo slot); audited.
func (db *DB) AddImage(ctx context.Context, im *news.Image, f *news.ImageFile) error {
	ctype, w, h, size, data, small, large := imageFileArgs(f)
	return db.inTx(ctx, func(tx *sql.Tx) error {
		err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO news_image (article_id, seq, caption, alt, content_type, width, height, size_bytes, data, small, large, uploaded_at, uploaded_by)
			VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?) RETURNING id`),
			im.ArticleID, im.Seq, im.Caption, im.Alt, ctype, w, h, size, data, small, large, db.timeString(im.UploadedAt), im.UploadedBy).Scan(&im.ID)
		if err != nil {
			return fmt.Errorf("add image: %w", err)
		}
		im.ContentType, im.Width, im.Height, im.Size = ctype, w, h, size
		summary := "Thêm ô ảnh: " + im.Caption
		if f != nil {
			summary = fmt.Sprintf("Thêm ảnh %d×%d (%d byte): %s", w, h, size, im.Caption)
		}
		return db.writeAudit(ctx, tx, "news.image.add", "news_article", strconv.FormatInt(im.ArticleID, 10), summary, "", imageAudit(im))
	})
}

func imageAudit(im *news.Image) string {
	b, _ := json.Marshal(map[string]any{"id": im.ID, "seq": im.Seq, "caption": im.Caption, "alt": im.Alt, "content_type": im.ContentType,
		"width": im.Width, "height": im.Height, "size": im.Size})
	return string(b)
}

// UpdateImage changes caption and alt text, and the photo when f is set.
func (db *DB) UpdateImage(ctx context.Context, im *news.Image, f *news.ImageFile) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		before, err := scanImage(tx.QueryRowContext(ctx, db.rebind(`SELECT `+imageCols+` FROM news_image WHERE id = ?`), im.ID))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy ảnh.")
		} else if err != nil {
			return fmt.Errorf("update image: %w", err)
		}
		if f == nil {
			_, err = tx.ExecContext(ctx, db.rebind(`UPDATE news_image SET caption = ?, alt = ? WHERE id = ?`), im.Caption, im.Alt, im.ID)
		} else {
			ctype, w, h, size, data, small, large := imageFileArgs(f)
			_, err = tx.ExecContext(ctx, db.rebind(`UPDATE news_image SET caption = ?, alt = ?, content_type = ?, width = ?, height = ?, size_bytes = ?,
				data = ?, small = ?, large = ?, uploaded_at = ?, uploaded_by = ? WHERE id = ?`),
				im.Caption, im.Alt, ctype, w, h, size, data, small, large, db.timeString(im.UploadedAt), im.UploadedBy, im.ID)
			im.ContentType, im.Width, im.Height, im.Size = ctype, w, h, size
		}
		if err != nil {
			return fmt.Errorf("update image %d: %w", im.ID, err)
		}
		return db.writeAudit(ctx, tx, "news.image.update", "news_article", strconv.FormatInt(im.ArticleID, 10),
			"Sửa ảnh: "+im.Caption, imageAudit(before), imageAudit(im))
	})
}

// DeleteImage removes a photo; audited.
func (db *DB) DeleteImage(ctx context.Context, id int64) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		im, err := scanImage(tx.QueryRowContext(ctx, db.rebind(`SELECT `+imageCols+` FROM news_image WHERE id = ?`), id))
		if errors.Is(err, sql.ErrNoRows) {
			return apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy ảnh.")
		} else if err != nil {
			return fmt.Errorf("delete image: %w", err)
		}
		if _, err := tx.ExecContext(ctx, db.rebind(`DELETE FROM news_image WHERE id = ?`), id); err != nil {
			return fmt.Errorf("delete image %d: %w", id, err)
		}
		return db.writeAudit(ctx, tx, "news.image.delete", "news_article", strconv.FormatInt(im.ArticleID, 10), "Xóa ảnh: "+im.Caption, imageAudit(im), "")
	})
}

// FindImage returns a photo's description; ENOTFOUND if none.
func (db *DB) FindImage(ctx context.Context, id int64) (*news.Image, error) {
	im, err := scanImage(db.read.QueryRowContext(ctx, db.rebind(`SELECT `+imageCols+` FROM news_image WHERE id = ?`), id))
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy ảnh.")
	} else if err != nil {
		return nil, fmt.Errorf("find image: %w", err)
	}
	return im, nil
}

// ImageData returns the bytes of one size of a photo.
func (db *DB) ImageData(ctx context.Context, id int64, size news.Size) ([]byte, error) {
	col := "data"
	switch size {
	case news.SizeSmall:
		col = "small"
	case news.SizeLarge:
		col = "large"
	}
	var b []byte
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT `+col+` FROM news_image WHERE id = ?`), id).Scan(&b)
	if errors.Is(err, sql.ErrNoRows) || (err == nil && len(b) == 0) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Không tìm thấy ảnh.")
	} else if err != nil {
		return nil, fmt.Errorf("image data: %w", err)
	}
	return b, nil
}

// ImportArticles stores imported articles in one transaction: all or
// nothing. Articles whose legacy ID is already stored are skipped; slugs
// are made unique against the database and the batch. It returns the
// stored articles with their IDs, and writes one audit entry.
func (db *DB) ImportArticles(ctx context.Context, as []news.Article) ([]news.Article, error) {
	var stored []news.Article
	err := db.inTx(ctx, func(tx *sql.Tx) error {
		stored = stored[:0]
		taken := map[string]bool{}
		legacy := map[string]bool{}
		rows, err := tx.QueryContext(ctx, `SELECT slug, COALESCE(legacy_id, '') FROM news_article`)
		if err != nil {
			return fmt.Errorf("import news: %w", err)
		}
		for rows.Next() {
			var s, l string
			if err := rows.Scan(&s, &l); err != nil {
				rows.Close()
				return err
			}
			taken[s] = true
			if l != "" {
				legacy[l] = true
			}
		}
		rows.Close()
		if err := rows.Err(); err != nil {
			return err
		}
		var cats, revs [][]any
		for _, a := range as {
			if legacy[a.LegacyID] {
				continue
			}
			legacy[a.LegacyID] = true
			a.Slug = pickSlug(a.Slug, taken)
			taken[a.Slug] = true
			a.Version = 1
			err := tx.QueryRowContext(ctx, db.rebind(`INSERT INTO news_article (slug, title, summary, body, body_html, byline, tags, status, published_at,
				featured, legacy_id, source_url, origin, created_at, created_by, updated_at, updated_by, version)
				VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, 0, ?, ?, '', ?, ?, ?, ?, 1) RETURNING id`),
				a.Slug, a.Title, a.Summary, a.Body, a.BodyHTML, a.Byline, jsonList(a.Tags), string(a.Status), db.pubString(a.PublishedAt),
				nullString(a.LegacyID), a.SourceURL, db.timeString(a.CreatedAt), a.CreatedBy, db.timeString(a.UpdatedAt), a.UpdatedBy).Scan(&a.ID)
			if err != nil {
				return fmt.Errorf("import article %s: %w", a.LegacyID, err)
			}
			for i, c := range a.Categories {
				cats = append(cats, []any{a.ID, i + 1, c.Slug, c.Name})
			}
			revs = append(revs, db.revisionRow(&a, "Nhập từ cổng thông tin cũ"))
			stored = append(stored, a)
		}
		if err := db.insertRows(ctx, tx, "news_category", []string{"article_id", "seq", "slug", "name"}, cats); err != nil {
			return fmt.Errorf("import categories: %w", err)
		}
		if err := db.insertRows(ctx, tx, "news_revision", revisionCols, revs); err != nil {
			return fmt.Errorf("import revisions: %w", err)
		}
		summary := fmt.Sprintf("Nhập %d bài viết (bỏ qua %d bài đã có)", len(stored), len(as)-len(stored))
		return db.writeAudit(ctx, tx, "news.import", "news_article", "", summary, "", "")
	})
	if err != nil {
		return nil, err
	}
	return stored, nil
}

// ListLinks lists the slugs and dates of the articles visible at now,
// newest first, at most limit.
func (db *DB) ListLinks(ctx context.Context, now time.Time, limit int) ([]news.Link, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT slug, published_at, updated_at FROM news_article
		WHERE status = 'published' AND published_at <> '' AND published_at <= ? ORDER BY published_at DESC, id DESC LIMIT ?`), db.timeString(now), limit)
	if err != nil {
		return nil, fmt.Errorf("list links: %w", err)
	}
	defer rows.Close()
	var out []news.Link
	for rows.Next() {
		var l news.Link
		var pub, upd string
		if err := rows.Scan(&l.Slug, &pub, &upd); err != nil {
			return nil, err
		}
		l.PublishedAt, l.UpdatedAt = parseTime(pub), parseTime(upd)
		out = append(out, l)
	}
	return out, rows.Err()
}

// ListCategories lists the categories of the articles visible at now, by
// Vietnamese collation of their names.
func (db *DB) ListCategories(ctx context.Context, now time.Time) ([]news.CategoryCount, error) {
	rows, err := db.read.QueryContext(ctx, db.rebind(`SELECT c.slug, MIN(c.name), COUNT(*) FROM news_category c JOIN news_article a ON a.id = c.article_id
		WHERE a.status = 'published' AND a.published_at <> '' AND a.published_at <= ? GROUP BY c.slug`), db.timeString(now))
	if err != nil {
		return nil, fmt.Errorf("list categories: %w", err)
	}
	defer rows.Close()
	var out []news.CategoryCount
	for rows.Next() {
		var c news.CategoryCount
		if err := rows.Scan(&c.Slug, &c.Name, &c.Count); err != nil {
			return nil, err
		}
		out = append(out, c)
	}
	slices.SortFunc(out, func(a, b news.CategoryCount) int { return vntext.Compare(a.Name, b.Name) })
	return out, rows.Err()
}

// SetTheme sets (or, with an empty text, removes) a year's theme; audited.
func (db *DB) SetTheme(ctx context.Context, t *news.Theme) error {
	return db.inTx(ctx, func(tx *sql.Tx) error {
		var before string
		err := tx.QueryRowContext(ctx, db.rebind(`SELECT theme FROM year_theme WHERE year = ?`), t.Year).Scan(&before)
		if err != nil && !errors.Is(err, sql.ErrNoRows) {
			return fmt.Errorf("set theme: %w", err)
		}
		if strings.TrimSpace(t.Text) == "" {
			_, err = tx.ExecContext(ctx, db.rebind(`DELETE FROM year_theme WHERE year = ?`), t.Year)
		} else {
			_, err = tx.ExecContext(ctx, db.rebind(`INSERT INTO year_theme (year, theme, updated_at, updated_by) VALUES (?, ?, ?, ?)
				ON CONFLICT (year) DO UPDATE SET theme = excluded.theme, updated_at = excluded.updated_at, updated_by = excluded.updated_by`),
				t.Year, t.Text, db.timeString(t.UpdatedAt), t.UpdatedBy)
		}
		if err != nil {
			return fmt.Errorf("set theme %d: %w", t.Year, err)
		}
		year := strconv.Itoa(t.Year)
		return db.writeAudit(ctx, tx, "news.theme", "year_theme", year, "Chủ đề năm "+year+": "+t.Text, before, t.Text)
	})
}

// FindTheme returns the theme of year, or of the latest year before it.
func (db *DB) FindTheme(ctx context.Context, year int) (*news.Theme, error) {
	t := &news.Theme{}
	var at string
	err := db.read.QueryRowContext(ctx, db.rebind(`SELECT year, theme, updated_at, updated_by FROM year_theme WHERE year <= ? ORDER BY year DESC LIMIT 1`), year).
		Scan(&t.Year, &t.Text, &at, &t.UpdatedBy)
	if errors.Is(err, sql.ErrNoRows) {
		return nil, apperr.Errorf(apperr.ENOTFOUND, "Chưa đặt chủ đề năm.")
	} else if err != nil {
		return nil, fmt.Errorf("find theme: %w", err)
	}
	t.UpdatedAt = parseTime(at)
	return t, nil
}

-- Search (issue 6), SQLite part. One row per indexed document with the text
-- as written (for snippets) and what filters need, one with its folded keys
-- (search.Key: vntext tokens, no diacritics, đ→d; ranking reads them). The
-- keys are indexed by an FTS5 table whose rowid is minus the document's id
-- (FTS5 reads document lists fastest in rowid order, and the newest
-- matches come first); its third column holds filter tokens (kind, "pub"
-- for public documents) so that the common filters need no join. The keys
-- are already folded, so the tokenizer must not fold again:
-- remove_diacritics 0. The same keys feed the tsvector on PostgreSQL
-- (0010_search.postgres.sql).

-- Small columns first, then the text as written (read only for a page of
-- hits): a row's later columns sit behind its earlier ones in overflow
-- pages.
CREATE TABLE search_doc (
    id         {{ID}},
    kind       TEXT NOT NULL,
    doc_id     TEXT NOT NULL,
    unit       TEXT NOT NULL DEFAULT '',
    public     INTEGER NOT NULL DEFAULT 0,
    doc_time   TEXT NOT NULL DEFAULT '',
    period     TEXT NOT NULL DEFAULT '',
    url        TEXT NOT NULL DEFAULT '',
    legacy_id  TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    UNIQUE (kind, doc_id)
);
CREATE INDEX search_doc_unit ON search_doc (unit, kind);

-- The keys ranking reads for a few hundred candidates a query: a table of
-- their own keeps each row on one page.
CREATE TABLE search_key (
    id         INTEGER PRIMARY KEY,
    doc_time   TEXT NOT NULL DEFAULT '',
    key_title  TEXT NOT NULL,
    key_body   TEXT NOT NULL
);

CREATE VIRTUAL TABLE search_fts USING fts5(key_title, key_body, tags, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');

-- The titles again, alone: the newest title matches (half of the ranking
-- pool) are read from this small index instead of filtering positions in
-- the big one.
CREATE VIRTUAL TABLE search_fts_title USING fts5(key_title, tags, content = '', contentless_delete = 1, tokenize = 'unicode61 remove_diacritics 0');

-- Watermarks of the incremental indexing of other tables (report seq,
-- last updated_at seen per table).
CREATE TABLE search_state (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

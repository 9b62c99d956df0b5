-- Search (issue 6), SQLite part. One row per indexed document with the text
-- as written (for snippets), what filters need, and its folded keys
-- (search.Key: vntext tokens, no diacritics, đ→d; ranking reads them). The
-- keys are indexed by an FTS5 table whose rowid is the document's id; its
-- third column holds filter tokens (kind, "pub" for public documents) so
-- that the common filters need no join. The keys are already folded, so
-- the tokenizer must not fold again: remove_diacritics 0. The same keys
-- feed the tsvector on PostgreSQL (0010_search.postgres.sql).

CREATE TABLE search_doc (
    id         {{ID}},
    kind       TEXT NOT NULL,
    doc_id     TEXT NOT NULL,
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    url        TEXT NOT NULL DEFAULT '',
    unit       TEXT NOT NULL DEFAULT '',
    public     INTEGER NOT NULL DEFAULT 0,
    doc_time   TEXT NOT NULL DEFAULT '',
    period     TEXT NOT NULL DEFAULT '',
    legacy_id  TEXT NOT NULL DEFAULT '',
    key_title  TEXT NOT NULL DEFAULT '',
    key_body   TEXT NOT NULL DEFAULT '',
    UNIQUE (kind, doc_id)
);
CREATE INDEX search_doc_unit ON search_doc (unit, kind);

CREATE VIRTUAL TABLE search_fts USING fts5(key_title, key_body, tags, content = '', contentless_delete = 1, columnsize = 0, tokenize = 'unicode61 remove_diacritics 0');

-- Watermarks of the incremental indexing of other tables (report seq,
-- last updated_at seen per table).
CREATE TABLE search_state (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

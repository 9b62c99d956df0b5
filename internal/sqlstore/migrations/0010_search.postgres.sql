-- Search (issue 6), PostgreSQL part: the same search_doc as on SQLite
-- (0010_search.sqlite.sql), with the folded keys (search.Key) in a
-- tsvector computed from them — title weight A, body weight B, parser
-- 'simple' (no stemming, no stop words) — under a GIN index. The keys are
-- the ones SQLite's FTS5 table holds, so both databases find the same
-- documents.

-- Small columns first, then the keys ranking reads, then the text as
-- written (read only for a page of hits): a row's later columns sit
-- behind its earlier ones in overflow pages.
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
    key_title  TEXT NOT NULL DEFAULT '',
    key_body   TEXT NOT NULL DEFAULT '',
    title      TEXT NOT NULL,
    body       TEXT NOT NULL,
    tsv        TSVECTOR GENERATED ALWAYS AS (setweight(to_tsvector('simple', key_title), 'A') || setweight(to_tsvector('simple', key_body), 'B')) STORED,
    tsv_title  TSVECTOR GENERATED ALWAYS AS (to_tsvector('simple', key_title)) STORED,
    UNIQUE (kind, doc_id)
);
-- Matching the newest documents first reads rows by id and tests their
-- vectors: keep the vectors in the row, the text out of it.
ALTER TABLE search_doc ALTER COLUMN tsv SET STORAGE MAIN;
ALTER TABLE search_doc ALTER COLUMN tsv_title SET STORAGE MAIN;
CREATE INDEX search_doc_unit ON search_doc (unit, kind);
CREATE INDEX search_doc_kind ON search_doc (kind, public);
CREATE INDEX search_doc_tsv ON search_doc USING GIN (tsv);
-- Title matches (the ranking pool's second half) without rechecking
-- weights in every matching row.
CREATE INDEX search_doc_tsv_title ON search_doc USING GIN (tsv_title);

CREATE TABLE search_state (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

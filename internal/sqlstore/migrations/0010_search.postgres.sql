-- Search (issue 6), PostgreSQL part: the same search_doc as on SQLite
-- (0010_search.sqlite.sql), with the folded keys (search.Key) in a
-- tsvector computed from them — title weight A, body weight B, parser
-- 'simple' (no stemming, no stop words) — under a GIN index. The keys are
-- the ones SQLite's FTS5 table holds, so both databases find the same
-- documents.

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
    tsv        TSVECTOR GENERATED ALWAYS AS (setweight(to_tsvector('simple', key_title), 'A') || setweight(to_tsvector('simple', key_body), 'B')) STORED,
    UNIQUE (kind, doc_id)
);
CREATE INDEX search_doc_unit ON search_doc (unit, kind);
CREATE INDEX search_doc_kind ON search_doc (kind, public);
CREATE INDEX search_doc_tsv ON search_doc USING GIN (tsv);

CREATE TABLE search_state (
    name   TEXT PRIMARY KEY,
    value  TEXT NOT NULL
);

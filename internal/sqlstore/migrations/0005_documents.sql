-- Document numbers (số văn bản). A row is written when a document is issued,
-- never when it is drafted, and is never updated or deleted: a cancelled
-- document keeps its number and the next document takes the next one.
-- series_key is the Party committee term ID ('2020-2025') for Party style
-- and the calendar year ('2020') for State style; seq runs 1, 2, 3... within
-- (issuer, doc_type, series_key) with no gaps, and the UNIQUE constraint
-- makes a number impossible to hand out twice.
CREATE TABLE document_number (
    id          {{ID}},
    style       TEXT NOT NULL CHECK (style IN ('party', 'state')),
    issuer      TEXT NOT NULL,
    doc_type    TEXT NOT NULL,
    series_key  TEXT NOT NULL,
    seq         INTEGER NOT NULL CHECK (seq >= 1),
    number_text TEXT NOT NULL,
    subject     TEXT NOT NULL DEFAULT '',
    ref         TEXT NOT NULL DEFAULT '',
    issued_at   TEXT NOT NULL,
    issued_by   TEXT NOT NULL DEFAULT '',
    UNIQUE (issuer, doc_type, series_key, seq)
);
CREATE INDEX document_number_issuer ON document_number (issuer, id);

-- News articles of the public portal (issue 6). The body is kept twice: the
-- Markdown the editor wrote and its sanitised HTML rendering, so the portal
-- never renders Markdown on a request. published_at is '' until an article
-- is first published; a published article with a future published_at is
-- scheduled and hidden from the public until then. legacy_id is the ID of
-- an article imported from an old portal (NULL otherwise; NULLs do not
-- collide in a UNIQUE index on either database).
CREATE TABLE news_article (
    id           {{ID}},
    slug         TEXT NOT NULL UNIQUE,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    byline       TEXT NOT NULL DEFAULT '',
    tags         TEXT NOT NULL DEFAULT '[]',   -- JSON array of tag names
    status       TEXT NOT NULL CHECK (status IN ('draft', 'review', 'published')),
    published_at TEXT NOT NULL DEFAULT '',
    featured     INTEGER NOT NULL DEFAULT 0,
    legacy_id    TEXT UNIQUE,
    source_url   TEXT NOT NULL DEFAULT '',
    origin       TEXT NOT NULL DEFAULT '',     -- what it was drafted from: 'conference:12'
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL,
    updated_at   TEXT NOT NULL,
    updated_by   TEXT NOT NULL,
    version      INTEGER NOT NULL DEFAULT 1,
    -- The bodies come last: SQLite reads a row's columns in order, and
    -- lists, which never read the bodies, then stop before their overflow
    -- pages.
    body         TEXT NOT NULL DEFAULT '',
    body_html    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX news_article_featured ON news_article (published_at) WHERE featured = 1;
CREATE INDEX news_article_public ON news_article (status, published_at);
CREATE INDEX news_article_updated ON news_article (updated_at);
CREATE INDEX news_article_origin ON news_article (origin);

-- Categories are named on the article; the slug is the category page's URL.
CREATE TABLE news_category (
    article_id INTEGER NOT NULL REFERENCES news_article(id) ON DELETE CASCADE,
    seq        INTEGER NOT NULL,
    slug       TEXT NOT NULL,
    name       TEXT NOT NULL,
    PRIMARY KEY (article_id, slug)
);
CREATE INDEX news_category_slug ON news_category (slug, article_id);

-- Every save of an article keeps its whole state.
CREATE TABLE news_revision (
    article_id   INTEGER NOT NULL REFERENCES news_article(id) ON DELETE CASCADE,
    version      INTEGER NOT NULL,
    title        TEXT NOT NULL,
    summary      TEXT NOT NULL DEFAULT '',
    body         TEXT NOT NULL DEFAULT '',
    byline       TEXT NOT NULL DEFAULT '',
    categories   TEXT NOT NULL DEFAULT '[]',  -- JSON array of names
    tags         TEXT NOT NULL DEFAULT '[]',
    status       TEXT NOT NULL,
    published_at TEXT NOT NULL DEFAULT '',
    saved_at     TEXT NOT NULL,
    saved_by     TEXT NOT NULL,
    note         TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (article_id, version)
);

-- Photos with their resized copies. A row without content_type is a photo
-- slot (a caption waiting for a photo).
CREATE TABLE news_image (
    id           {{ID}},
    article_id   INTEGER NOT NULL REFERENCES news_article(id) ON DELETE CASCADE,
    seq          INTEGER NOT NULL,
    caption      TEXT NOT NULL DEFAULT '',
    alt          TEXT NOT NULL,
    content_type TEXT NOT NULL DEFAULT '',
    width        INTEGER NOT NULL DEFAULT 0,
    height       INTEGER NOT NULL DEFAULT 0,
    size_bytes   INTEGER NOT NULL DEFAULT 0,
    data         {{BLOB}},
    small        {{BLOB}},
    large        {{BLOB}},
    uploaded_at  TEXT NOT NULL,
    uploaded_by  TEXT NOT NULL
);
CREATE INDEX news_image_article ON news_image (article_id, seq);

-- The year's theme ("Năm Dân vận chính quyền" for 2019), shown on the portal.
CREATE TABLE year_theme (
    year       INTEGER PRIMARY KEY,
    theme      TEXT NOT NULL,
    updated_at TEXT NOT NULL,
    updated_by TEXT NOT NULL
);

-- Foundation: units (effective-dated), accounts, sessions, throttling, audit.
-- Dates are TEXT 'YYYY-MM-DD' and times TEXT RFC 3339 UTC with microseconds,
-- so that both databases compare and order them the same way. An open end
-- of an interval is '9999-12-31', never NULL, so "in force on d" is a plain
-- range test that uses the indexes.

CREATE TABLE unit (
    code        TEXT PRIMARY KEY,
    kind        TEXT NOT NULL,
    sector      TEXT NOT NULL DEFAULT '',
    place       TEXT NOT NULL DEFAULT '',
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL,
    CHECK (valid_from <= valid_to)
);

CREATE TABLE unit_name (
    code        TEXT NOT NULL REFERENCES unit(code),
    name        TEXT NOT NULL,
    full_name   TEXT NOT NULL,
    search_key  TEXT NOT NULL,
    sort_key    {{BLOB}} NOT NULL,
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL,
    PRIMARY KEY (code, valid_from),
    CHECK (valid_from <= valid_to)
);

CREATE TABLE unit_parent (
    code        TEXT NOT NULL REFERENCES unit(code),
    parent_code TEXT NOT NULL REFERENCES unit(code),
    valid_from  TEXT NOT NULL,
    valid_to    TEXT NOT NULL,
    PRIMARY KEY (code, valid_from),
    CHECK (valid_from <= valid_to)
);
CREATE INDEX unit_parent_by_parent ON unit_parent (parent_code, valid_from, valid_to);

CREATE TABLE unit_event (
    id          {{ID}},
    kind        TEXT NOT NULL,
    event_date  TEXT NOT NULL,
    note        TEXT NOT NULL DEFAULT ''
);

CREATE TABLE unit_event_link (
    event_id    BIGINT NOT NULL REFERENCES unit_event(id),
    from_code   TEXT NOT NULL REFERENCES unit(code),
    to_code     TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (event_id, from_code, to_code)
);
CREATE INDEX unit_event_link_from ON unit_event_link (from_code);
CREATE INDEX unit_event_link_to ON unit_event_link (to_code);

CREATE TABLE app_user (
    id            {{ID}},
    username      TEXT NOT NULL UNIQUE,
    full_name     TEXT NOT NULL DEFAULT '',
    unit_code     TEXT REFERENCES unit(code),
    roles         TEXT NOT NULL,
    password_hash TEXT NOT NULL,
    disabled      INTEGER NOT NULL DEFAULT 0,
    version       INTEGER NOT NULL DEFAULT 1,
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL
);

CREATE TABLE user_session (
    token_hash    TEXT PRIMARY KEY,
    user_id       BIGINT NOT NULL REFERENCES app_user(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL,
    csrf_token    TEXT NOT NULL,
    created_at    TEXT NOT NULL,
    expires_at    TEXT NOT NULL,
    last_seen_at  TEXT NOT NULL,
    ip            TEXT NOT NULL DEFAULT '',
    user_agent    TEXT NOT NULL DEFAULT ''
);
CREATE INDEX user_session_user ON user_session (user_id);
CREATE INDEX user_session_expires ON user_session (expires_at);

CREATE TABLE login_failure (
    id          {{ID}},
    throttle_key TEXT NOT NULL,
    at          TEXT NOT NULL
);
CREATE INDEX login_failure_key ON login_failure (throttle_key, at);

CREATE TABLE audit_log (
    id          {{ID}},
    at          TEXT NOT NULL,
    actor       TEXT NOT NULL,
    ip          TEXT NOT NULL DEFAULT '',
    request_id  TEXT NOT NULL DEFAULT '',
    action      TEXT NOT NULL,
    entity      TEXT NOT NULL,
    entity_id   TEXT NOT NULL,
    summary     TEXT NOT NULL DEFAULT '',
    before_json TEXT NOT NULL DEFAULT '',
    after_json  TEXT NOT NULL DEFAULT ''
);
CREATE INDEX audit_log_at ON audit_log (at);
CREATE INDEX audit_log_entity ON audit_log (entity, entity_id);
CREATE INDEX audit_log_actor ON audit_log (actor, at);

-- Generation counters of cached data. A write that changes units bumps
-- 'units' in its own transaction; every app server compares the counter
-- with the one its in-memory hierarchy was built from, so a change made
-- through one server is seen by the next request on any other.
CREATE TABLE store_generation (
    name        TEXT PRIMARY KEY,
    value       BIGINT NOT NULL
);
INSERT INTO store_generation (name, value) VALUES ('units', 0);

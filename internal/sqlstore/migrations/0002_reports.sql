-- Periodic reporting: indicators, templates, reports (one row per report,
-- values in one encoded column: a save writes one row, not one per value),
-- kept versions, attachments, notifications.

CREATE TABLE indicator (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    unit         TEXT NOT NULL DEFAULT '',
    value_type   TEXT NOT NULL,
    aggregation  TEXT NOT NULL,
    section      TEXT NOT NULL DEFAULT '',
    description  TEXT NOT NULL DEFAULT '',
    min_value    DOUBLE PRECISION,
    max_value    DOUBLE PRECISION,
    retired      INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE report_template (
    code         TEXT PRIMARY KEY,
    name         TEXT NOT NULL,
    kind         TEXT NOT NULL,
    period_type  TEXT NOT NULL,
    calendar     TEXT NOT NULL,
    owner_unit   TEXT NOT NULL REFERENCES unit(code),
    definition   TEXT NOT NULL,
    retired      INTEGER NOT NULL DEFAULT 0,
    version      INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE report (
    template_code TEXT NOT NULL REFERENCES report_template(code),
    period_id     TEXT NOT NULL,
    unit_code     TEXT NOT NULL REFERENCES unit(code),
    unit_name     TEXT NOT NULL,
    status        TEXT NOT NULL,
    version       INTEGER NOT NULL,
    values_enc    TEXT NOT NULL,
    comments      TEXT NOT NULL DEFAULT '{}',
    narrative     TEXT NOT NULL DEFAULT '{}',
    submitted_at  TEXT NOT NULL DEFAULT '',
    on_time       INTEGER NOT NULL DEFAULT 0,
    accepted_at   TEXT NOT NULL DEFAULT '',
    return_reason TEXT NOT NULL DEFAULT '',
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    PRIMARY KEY (template_code, period_id, unit_code)
);
CREATE INDEX report_by_unit ON report (unit_code, template_code, period_id);

CREATE TABLE report_version (
    template_code TEXT NOT NULL,
    period_id     TEXT NOT NULL,
    unit_code     TEXT NOT NULL,
    version       INTEGER NOT NULL,
    status        TEXT NOT NULL,
    values_enc    TEXT NOT NULL,
    comments      TEXT NOT NULL,
    narrative     TEXT NOT NULL,
    at            TEXT NOT NULL,
    by_user       TEXT NOT NULL,
    note          TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (template_code, period_id, unit_code, version)
);

CREATE TABLE report_attachment (
    id            {{ID}},
    template_code TEXT NOT NULL,
    period_id     TEXT NOT NULL,
    unit_code     TEXT NOT NULL,
    filename      TEXT NOT NULL,
    content_type  TEXT NOT NULL,
    size_bytes    BIGINT NOT NULL,
    data          {{BLOB}} NOT NULL,
    uploaded_at   TEXT NOT NULL,
    uploaded_by   TEXT NOT NULL
);
CREATE INDEX report_attachment_report ON report_attachment (template_code, period_id, unit_code);

CREATE TABLE notification (
    id          {{ID}},
    unit_code   TEXT NOT NULL,
    message     TEXT NOT NULL,
    link        TEXT NOT NULL DEFAULT '',
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL,
    read_at     TEXT NOT NULL DEFAULT ''
);
CREATE INDEX notification_unit ON notification (unit_code, created_at);

INSERT INTO store_generation (name, value) VALUES ('reports', 0);

-- E-mail for reminders (sent only when SMTP is configured).
ALTER TABLE app_user ADD COLUMN email TEXT NOT NULL DEFAULT '';

-- The briefing conference and its follow-up (issue 5): conferences with
-- their invitees, agenda, attendance and working papers; the conclusion
-- notice with its numbered items; tasks owned by units with their progress
-- and reminders; Dân vận khéo models. Lists that are only ever read with
-- their parent (invitees, agenda, attendance, items) are rows of their own
-- so that they can be searched and counted; small code lists (coordinating
-- units, addressees, replicated-to units) are JSON arrays of unit codes.

CREATE TABLE conference (
    id            {{ID}},
    title         TEXT NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('quarterly', 'six_month', 'thematic')),
    host_unit     TEXT NOT NULL REFERENCES unit(code),
    template_code TEXT NOT NULL DEFAULT '',
    period_id     TEXT NOT NULL DEFAULT '',
    starts_at     TEXT NOT NULL,          -- RFC 3339 with the +07:00 offset
    ends_at       TEXT NOT NULL DEFAULT '',
    place         TEXT NOT NULL DEFAULT '',
    chair_name    TEXT NOT NULL DEFAULT '',
    chair_title   TEXT NOT NULL DEFAULT '',
    status        TEXT NOT NULL CHECK (status IN ('planned', 'invited', 'held', 'concluded')),
    minutes       TEXT NOT NULL DEFAULT '',
    invitation_no TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX conference_by_period ON conference (period_id, starts_at);
CREATE INDEX conference_by_host ON conference (host_unit, starts_at);

CREATE TABLE conference_invitee (
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    unit_code     TEXT NOT NULL DEFAULT '',
    person_name   TEXT NOT NULL DEFAULT '',
    position      TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (conference_id, seq)
);
CREATE INDEX conference_invitee_unit ON conference_invitee (unit_code);

CREATE TABLE conference_agenda (
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    title         TEXT NOT NULL,
    presenter     TEXT NOT NULL DEFAULT '',
    minutes       INTEGER NOT NULL DEFAULT 0,
    kind          TEXT NOT NULL DEFAULT '',   -- 'review_tasks': the review of the previous conclusion
    PRIMARY KEY (conference_id, seq)
);

CREATE TABLE conference_attendance (
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    unit_code     TEXT NOT NULL DEFAULT '',
    person_name   TEXT NOT NULL DEFAULT '',
    person_title  TEXT NOT NULL DEFAULT '',
    present       INTEGER NOT NULL DEFAULT 1,
    absence_reason TEXT NOT NULL DEFAULT '',
    PRIMARY KEY (conference_id, seq)
);

CREATE TABLE conference_paper (
    id            {{ID}},
    conference_id INTEGER NOT NULL REFERENCES conference(id) ON DELETE CASCADE,
    kind          TEXT NOT NULL CHECK (kind IN ('consolidation', 'file')),
    title         TEXT NOT NULL,
    ref           TEXT NOT NULL DEFAULT '',   -- consolidation: template/period/unit
    file_name     TEXT NOT NULL DEFAULT '',
    content_type  TEXT NOT NULL DEFAULT '',
    size          INTEGER NOT NULL DEFAULT 0,
    data          {{BLOB}},
    created_at    TEXT NOT NULL,
    created_by    TEXT NOT NULL
);
CREATE INDEX conference_paper_conf ON conference_paper (conference_id, id);

-- One conclusion notice per conference. Issued notices are locked: the
-- store refuses to update a row whose status is 'issued'.
CREATE TABLE conclusion (
    id            {{ID}},
    conference_id INTEGER NOT NULL UNIQUE REFERENCES conference(id),
    issuer_unit   TEXT NOT NULL REFERENCES unit(code),
    title         TEXT NOT NULL,
    signer_name   TEXT NOT NULL DEFAULT '',
    signer_title  TEXT NOT NULL DEFAULT '',
    preamble      TEXT NOT NULL DEFAULT '',
    closing       TEXT NOT NULL DEFAULT '',
    recipients    TEXT NOT NULL DEFAULT '',   -- "Nơi nhận:" lines
    status        TEXT NOT NULL CHECK (status IN ('draft', 'approved', 'issued')),
    approved_by   TEXT NOT NULL DEFAULT '',
    approved_at   TEXT NOT NULL DEFAULT '',
    number_text   TEXT NOT NULL DEFAULT '',
    issued_on     TEXT NOT NULL DEFAULT '',   -- the document's date (YYYY-MM-DD)
    issued_at     TEXT NOT NULL DEFAULT '',
    issued_by     TEXT NOT NULL DEFAULT '',
    created_at    TEXT NOT NULL,
    updated_at    TEXT NOT NULL,
    updated_by    TEXT NOT NULL,
    version       INTEGER NOT NULL DEFAULT 1
);

CREATE TABLE conclusion_item (
    id            {{ID}},
    conclusion_id INTEGER NOT NULL REFERENCES conclusion(id) ON DELETE CASCADE,
    seq           INTEGER NOT NULL,
    kind          TEXT NOT NULL CHECK (kind IN ('assessment', 'directive')),
    text          TEXT NOT NULL,
    addressees    TEXT NOT NULL DEFAULT '[]', -- unit codes; each becomes a task's lead unit at issue
    deadline      TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD for the tasks made from it
    ongoing       INTEGER NOT NULL DEFAULT 0, -- "thường xuyên"
    UNIQUE (conclusion_id, seq)
);

CREATE TABLE task (
    id             {{ID}},
    content        TEXT NOT NULL,
    lead_unit      TEXT NOT NULL REFERENCES unit(code),
    coordinating   TEXT NOT NULL DEFAULT '[]', -- unit codes
    monitor_unit   TEXT NOT NULL REFERENCES unit(code),
    deadline       TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD; '' when ongoing
    ongoing        INTEGER NOT NULL DEFAULT 0,
    source_kind    TEXT NOT NULL CHECK (source_kind IN ('conclusion', 'document')),
    conclusion_item_id INTEGER REFERENCES conclusion_item(id),
    source_number  TEXT NOT NULL DEFAULT '',
    source_title   TEXT NOT NULL DEFAULT '',
    assigned_on    TEXT NOT NULL,              -- YYYY-MM-DD
    state          TEXT NOT NULL CHECK (state IN ('open', 'proposed', 'done')),
    done_on        TEXT NOT NULL DEFAULT '',   -- YYYY-MM-DD, the completion date confirmed
    percent        INTEGER NOT NULL DEFAULT 0,
    last_progress  TEXT NOT NULL DEFAULT '',
    created_at     TEXT NOT NULL,
    created_by     TEXT NOT NULL,
    updated_at     TEXT NOT NULL,
    updated_by     TEXT NOT NULL,
    version        INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX task_by_lead ON task (lead_unit, state, deadline);
CREATE INDEX task_by_monitor ON task (monitor_unit, state);
CREATE INDEX task_by_item ON task (conclusion_item_id);

-- Every step of a task: progress posted by the owner, a proposal to close,
-- the monitor's confirmation or return, and a line written in a report.
CREATE TABLE task_event (
    id          {{ID}},
    task_id     INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    kind        TEXT NOT NULL CHECK (kind IN ('progress', 'propose', 'confirm', 'return', 'report')),
    on_date     TEXT NOT NULL,               -- YYYY-MM-DD the progress refers to
    text        TEXT NOT NULL DEFAULT '',
    percent     INTEGER,
    report_ref  TEXT NOT NULL DEFAULT '',    -- template/period/unit when written in a report
    created_at  TEXT NOT NULL,
    created_by  TEXT NOT NULL
);
CREATE INDEX task_event_task ON task_event (task_id, id);

CREATE TABLE task_evidence (
    id           {{ID}},
    event_id     INTEGER NOT NULL REFERENCES task_event(id) ON DELETE CASCADE,
    file_name    TEXT NOT NULL,
    content_type TEXT NOT NULL,
    size         INTEGER NOT NULL,
    data         {{BLOB}} NOT NULL
);

-- A reminder is sent once per task and kind.
CREATE TABLE task_reminder (
    task_id  INTEGER NOT NULL REFERENCES task(id) ON DELETE CASCADE,
    kind     TEXT NOT NULL CHECK (kind IN ('assigned', 'due_soon', 'overdue')),
    sent_at  TEXT NOT NULL,
    PRIMARY KEY (task_id, kind)
);

-- Dân vận khéo models and exemplars.
CREATE TABLE exemplar (
    id              {{ID}},
    unit_code       TEXT NOT NULL REFERENCES unit(code),
    name            TEXT NOT NULL,
    holder          TEXT NOT NULL CHECK (holder IN ('collective', 'individual')),
    field           TEXT NOT NULL CHECK (field IN ('economy', 'culture_society', 'defence_security', 'political_system')),
    level           TEXT NOT NULL,             -- 'province', 'district', 'commune', 'agency'
    year            INTEGER NOT NULL,
    phase           TEXT NOT NULL,             -- '2021-2025', '2026-2030'
    content         TEXT NOT NULL DEFAULT '',  -- registration content
    goals           TEXT NOT NULL DEFAULT '',
    status          TEXT NOT NULL CHECK (status IN ('registered', 'launched', 'active', 'reviewed', 'commended', 'replicated')),
    review_result   TEXT NOT NULL DEFAULT '',  -- 'good', 'weak'
    commend_level   TEXT NOT NULL DEFAULT '',
    award           TEXT NOT NULL DEFAULT '',
    decision_number TEXT NOT NULL DEFAULT '',
    replicated_to   TEXT NOT NULL DEFAULT '[]', -- unit codes
    registered_on   TEXT NOT NULL,
    created_at      TEXT NOT NULL,
    updated_at      TEXT NOT NULL,
    updated_by      TEXT NOT NULL,
    version         INTEGER NOT NULL DEFAULT 1
);
CREATE INDEX exemplar_by_unit ON exemplar (unit_code, year);


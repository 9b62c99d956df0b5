-- The Dân vận khéo register (issue 5): whether an entry is a model (mô
-- hình) or an exemplar (điển hình); a folded name so that a unit cannot
-- register the same model twice for one year; and the lifecycle history,
-- one row per step with the day it happened, which the report indicators
-- count ("commended in the year up to the period's end").

ALTER TABLE exemplar ADD COLUMN kind TEXT NOT NULL DEFAULT 'model' CHECK (kind IN ('model', 'exemplar'));

ALTER TABLE exemplar ADD COLUMN name_key TEXT NOT NULL DEFAULT '';

CREATE UNIQUE INDEX exemplar_unique_name ON exemplar (unit_code, year, name_key) WHERE name_key <> '';

CREATE INDEX exemplar_by_year ON exemplar (year, unit_code);

CREATE TABLE exemplar_event (
    id           {{ID}},
    exemplar_id  INTEGER NOT NULL REFERENCES exemplar(id) ON DELETE CASCADE,
    status       TEXT NOT NULL CHECK (status IN ('registered', 'launched', 'active', 'reviewed', 'commended', 'replicated')),
    on_date      TEXT NOT NULL,             -- YYYY-MM-DD the step happened (a commendation: the decision's date)
    note         TEXT NOT NULL DEFAULT '',
    detail       TEXT NOT NULL DEFAULT '',  -- the step's record in Vietnamese, as written at the time
    created_at   TEXT NOT NULL,
    created_by   TEXT NOT NULL
);

CREATE INDEX exemplar_event_by_exemplar ON exemplar_event (exemplar_id, id);

CREATE INDEX exemplar_event_by_status ON exemplar_event (status, on_date);

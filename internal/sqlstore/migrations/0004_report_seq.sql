-- Every report write takes the next value of the 'reports' generation as
-- its seq, so a server's in-memory consolidation matrices catch up by
-- reading only the rows written since they were built.
ALTER TABLE report ADD COLUMN seq BIGINT NOT NULL DEFAULT 0;
CREATE INDEX report_seq ON report (template_code, period_id, seq);

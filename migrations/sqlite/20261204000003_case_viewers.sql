-- Who has a case open in the console right now, and whether they are writing to the
-- customer: each open case page reports every few seconds; rows older than half a minute
-- are stale and ignored (and swept).
-- Keep in step with ../postgres/20261204000003_case_viewers.sql.

CREATE TABLE case_viewers (
    case_no     TEXT NOT NULL,
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    typing      BIGINT NOT NULL DEFAULT 0,
    seen_at     BIGINT NOT NULL,
    PRIMARY KEY (case_no, staff_id)
);
CREATE INDEX case_viewers_seen_idx ON case_viewers (seen_at);

-- The service, measured (issue 23): each fact a measure needs, recorded in the transaction
-- of the change it follows (`backend::reports::facts`), with the insurer's day and hour it
-- fell on (in the insurer's IANA time zone, `APP_INSURER_TIME_ZONE`) and the dimensions
-- reports filter by as they were then: skill group, member of staff, channel, kind, product
-- line, VIP or not, complaint category. A missing dimension is 0 or '' (not NULL), so that
-- a rollup has one row per combination.
-- Keep in step with ../postgres/20261209000002_service_facts.sql.
CREATE TABLE service_facts (
    id              INTEGER PRIMARY KEY,
    fact            TEXT NOT NULL CONSTRAINT service_facts_fact_check CHECK (fact IN ('created', 'first_response',
        'replied', 'paused', 'resumed', 'transferred', 'resolved', 'reopened', 'closed', 'merged', 'rated',
        'claim_reported', 'claim_stage_left', 'claim_closed')),
    at              BIGINT NOT NULL,
    day             TEXT NOT NULL,
    hour            INTEGER NOT NULL CONSTRAINT service_facts_hour_check CHECK (hour BETWEEN 0 AND 23),
    work_order_id   BIGINT REFERENCES work_orders (id),
    claim_id        BIGINT REFERENCES claims (id),
    skill_group_id  BIGINT NOT NULL DEFAULT 0,
    staff_id        BIGINT NOT NULL DEFAULT 0,
    channel         TEXT NOT NULL DEFAULT '',
    kind            TEXT NOT NULL DEFAULT '',
    line            TEXT NOT NULL DEFAULT '',
    vip             INTEGER NOT NULL DEFAULT 0,
    category        TEXT NOT NULL DEFAULT '',
    -- Milliseconds, stars or fen, by fact (see ServiceFact); met: it kept its commitment.
    value           BIGINT NOT NULL DEFAULT 0,
    met             INTEGER NOT NULL DEFAULT 0,
    -- 1 once added to the rollups.
    rolled_up       INTEGER NOT NULL DEFAULT 0,
    created_at      BIGINT NOT NULL
);
-- The facts of one kind in a span of time, latest first: the work behind a report's number.
CREATE INDEX service_facts_at_idx ON service_facts (fact, at, id);
CREATE INDEX service_facts_work_order_idx ON service_facts (work_order_id, fact) WHERE work_order_id IS NOT NULL;
CREATE INDEX service_facts_claim_idx ON service_facts (claim_id, fact) WHERE claim_id IS NOT NULL;
CREATE INDEX service_facts_pending_idx ON service_facts (id) WHERE rolled_up = 0;

-- The facts summed per day and per hour and per combination of dimensions, kept as each
-- fact is recorded (an upsert in its transaction), rebuilt from the facts by
-- `server rollups rebuild` and compared with a recount by `server rollups check`.
-- bucket: YYYY-MM-DD for a day, YYYY-MM-DD HH for an hour.
CREATE TABLE service_rollups (
    grain           TEXT NOT NULL CONSTRAINT service_rollups_grain_check CHECK (grain IN ('day', 'hour')),
    bucket          TEXT NOT NULL,
    fact            TEXT NOT NULL,
    skill_group_id  BIGINT NOT NULL,
    staff_id        BIGINT NOT NULL,
    channel         TEXT NOT NULL,
    kind            TEXT NOT NULL,
    line            TEXT NOT NULL,
    vip             INTEGER NOT NULL,
    category        TEXT NOT NULL,
    n               BIGINT NOT NULL,
    value_sum       BIGINT NOT NULL,
    met             BIGINT NOT NULL,
    PRIMARY KEY (grain, fact, bucket, skill_group_id, staff_id, channel, kind, line, vip, category)
);

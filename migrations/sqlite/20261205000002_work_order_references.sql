-- What a work order points to beyond itself: related work orders (a link is one row per
-- pair, the smaller id first) and call recordings kept by the telephony system (a
-- reference to play or open, never the audio itself). Merges use work_orders.merged_into_id.
-- Keep in step with ../postgres/20261205000002_work_order_references.sql.

CREATE TABLE work_order_links (
    first_id    BIGINT NOT NULL REFERENCES work_orders (id),
    second_id   BIGINT NOT NULL REFERENCES work_orders (id),
    linked_by   BIGINT NOT NULL REFERENCES staff (id),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CONSTRAINT work_order_links_pair_key UNIQUE (first_id, second_id),
    CONSTRAINT work_order_links_order_check CHECK (first_id < second_id)
);
CREATE INDEX work_order_links_second_idx ON work_order_links (second_id);

CREATE TABLE call_recordings (
    id             INTEGER PRIMARY KEY,
    work_order_id  BIGINT NOT NULL REFERENCES work_orders (id),
    call_id        TEXT NOT NULL,
    url            TEXT NOT NULL,
    staff_id       BIGINT NOT NULL REFERENCES staff (id),
    at             BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    CONSTRAINT call_recordings_call_key UNIQUE (work_order_id, call_id)
);

-- Tags and notes staff keep about a customer (客户标签、备注). Staff-only.
-- Keep in step with ../postgres/20261205000003_customer_tags_and_notes.sql.

CREATE TABLE customer_tags (
    customer_id  BIGINT NOT NULL REFERENCES customers (id),
    tag          TEXT NOT NULL,
    staff_id     BIGINT NOT NULL REFERENCES staff (id),
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT customer_tags_key UNIQUE (customer_id, tag)
);

CREATE TABLE customer_notes (
    id           INTEGER PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers (id),
    staff_id     BIGINT NOT NULL REFERENCES staff (id),
    body         TEXT NOT NULL,
    at           BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX customer_notes_customer_idx ON customer_notes (customer_id, at);

-- The console's alerts for staff are alerts in every layer (messaging::staff_alerts,
-- StaffAlertKind, the console's own alerts), so their table is `staff_alerts`: the name
-- `notifications` is the customers' alone. SQLite cannot rename a constraint, so the table
-- is built anew under its new name, its rows (ids included) copied over, and the old one
-- dropped; nothing refers to it.
-- Keep in step with ../postgres/20261207000002_staff_alerts_name.sql.

CREATE TABLE staff_alerts (
    id          INTEGER PRIMARY KEY,
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    kind        TEXT NOT NULL,
    params      TEXT NOT NULL,
    link        TEXT,
    dedup_key   TEXT NOT NULL,
    read_at     BIGINT,
    at          BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CONSTRAINT staff_alerts_dedup_key UNIQUE (staff_id, dedup_key)
);
INSERT INTO staff_alerts (id, staff_id, kind, params, link, dedup_key, read_at, at, created_at, updated_at)
    SELECT id, staff_id, kind, params, link, dedup_key, read_at, at, created_at, updated_at
    FROM staff_notifications;
DROP TABLE staff_notifications;
CREATE INDEX staff_alerts_staff_idx ON staff_alerts (staff_id, read_at, at);

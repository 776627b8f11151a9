-- Live updates on SQLite: a change writes its event here in its own transaction, and each
-- server process reads the new rows a moment later and tells its open pages (see
-- app/src/backend/live.rs). Rows are deleted after a minute. PostgreSQL uses
-- LISTEN/NOTIFY instead and leaves this table empty; it exists there to keep one schema.
-- Keep in step with ../postgres/20261205000001_live_events.sql.

CREATE TABLE live_events (
    id          INTEGER PRIMARY KEY AUTOINCREMENT,
    payload     TEXT NOT NULL,
    at          BIGINT NOT NULL
);
CREATE INDEX live_events_at_idx ON live_events (at);

-- Service campaigns (客服节): a window of the insurer's dates and the activities that earn
-- points in it. Customers join a campaign and complete each activity once; the points are
-- a ledger entry keyed by the activity, so a repeat earns nothing.
-- Keep in step with ../postgres/20261205000010_campaigns.sql.

CREATE TABLE campaigns (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL CONSTRAINT campaigns_code_key UNIQUE,
    title_zh    TEXT NOT NULL,
    title_en    TEXT NOT NULL,
    summary_zh  TEXT NOT NULL,
    summary_en  TEXT NOT NULL,
    starts_on   TEXT NOT NULL,
    ends_on     TEXT NOT NULL,
    published   BIGINT NOT NULL DEFAULT 0,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CONSTRAINT campaigns_window_check CHECK (starts_on <= ends_on)
);

CREATE TABLE campaign_activities (
    id           INTEGER PRIMARY KEY,
    campaign_id  BIGINT NOT NULL REFERENCES campaigns (id),
    kind         TEXT NOT NULL CONSTRAINT campaign_activities_kind_check CHECK (kind IN ('survey', 'quiz', 'event')),
    title_zh     TEXT NOT NULL,
    title_en     TEXT NOT NULL,
    points       BIGINT NOT NULL CONSTRAINT campaign_activities_points_check CHECK (points > 0),
    position     BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX campaign_activities_campaign_idx ON campaign_activities (campaign_id, position);

CREATE TABLE campaign_participants (
    id           INTEGER PRIMARY KEY,
    campaign_id  BIGINT NOT NULL REFERENCES campaigns (id),
    customer_id  BIGINT NOT NULL REFERENCES customers (id),
    joined_at    BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT campaign_participants_key UNIQUE (campaign_id, customer_id)
);

CREATE TABLE campaign_entries (
    id           INTEGER PRIMARY KEY,
    activity_id  BIGINT NOT NULL REFERENCES campaign_activities (id),
    customer_id  BIGINT NOT NULL REFERENCES customers (id),
    rating       BIGINT,
    answer       TEXT NOT NULL,
    points       BIGINT NOT NULL,
    at           BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT campaign_entries_key UNIQUE (activity_id, customer_id)
);
CREATE INDEX campaign_entries_customer_idx ON campaign_entries (customer_id);

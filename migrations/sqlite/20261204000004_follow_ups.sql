-- Outbound follow-up (回访): one task per resolved complaint and per sampled closed claim,
-- the calls' outcome and the customer's satisfaction answer.
-- Keep in step with ../postgres/20261204000004_follow_ups.sql.

CREATE TABLE follow_up_settings (
    id              BIGINT PRIMARY KEY CONSTRAINT follow_up_settings_single_check CHECK (id = 1),
    -- The share of closed claims followed up, in percent (complaints: all).
    sample_percent  BIGINT NOT NULL CONSTRAINT follow_up_settings_sample_check CHECK (sample_percent BETWEEN 0 AND 100),
    -- Unanswered calls before a follow-up closes as unreached.
    max_attempts    BIGINT NOT NULL CONSTRAINT follow_up_settings_attempts_check CHECK (max_attempts BETWEEN 1 AND 10),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
INSERT INTO follow_up_settings (id, sample_percent, max_attempts, created_at, updated_at)
    VALUES (1, 30, 3, 1795478400000, 1795478400000);

CREATE TABLE follow_ups (
    id            INTEGER PRIMARY KEY,
    customer_id   BIGINT NOT NULL REFERENCES customers (id),
    subject_kind  TEXT NOT NULL CONSTRAINT follow_ups_subject_kind_check CHECK (subject_kind IN ('claim', 'work_order')),
    subject_id    BIGINT NOT NULL,
    reason        TEXT NOT NULL CONSTRAINT follow_ups_reason_check CHECK (reason IN ('complaint', 'claim_closed')),
    status        TEXT NOT NULL CONSTRAINT follow_ups_status_check CHECK (status IN ('open', 'done', 'unreached')),
    attempts      BIGINT NOT NULL CONSTRAINT follow_ups_attempts_check CHECK (attempts >= 0),
    outcome       TEXT CONSTRAINT follow_ups_outcome_check CHECK (outcome IN ('reached', 'no_answer', 'wrong_number')),
    satisfaction  BIGINT CONSTRAINT follow_ups_satisfaction_check CHECK (satisfaction BETWEEN 1 AND 5),
    comment       TEXT,
    agent_id      BIGINT REFERENCES staff (id),
    due_at        BIGINT NOT NULL,
    closed_at     BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CONSTRAINT follow_ups_subject_key UNIQUE (subject_kind, subject_id)
);
CREATE INDEX follow_ups_status_idx ON follow_ups (status, due_at);

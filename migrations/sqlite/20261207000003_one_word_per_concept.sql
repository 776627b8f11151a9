-- no-transaction
-- One word per concept (issue 22): canned replies are canned replies (not macros); every
-- column that holds a staff id ends in `staff_id`; a no-decision is "refused" (claims and
-- identity reviews said "rejected"); ratings taken after a case and on a follow-up call
-- are one kind of fact with a source.
-- Keep in step with ../postgres/20261207000003_one_word_per_concept.sql.
--
-- Rebuilding `claims` (SQLite cannot change a CHECK in place) would cascade-delete its
-- events, approvals and notes if foreign keys were on, so this file runs outside sqlx's
-- transaction, turns them off, and does its work in a transaction of its own.
PRAGMA foreign_keys = OFF;
BEGIN;

CREATE TABLE canned_replies (
    id              INTEGER PRIMARY KEY,
    -- NULL: shared with all staff (managed by admins); else the agent's own.
    owner_staff_id  BIGINT REFERENCES staff (id),
    title           TEXT NOT NULL,
    body            TEXT NOT NULL,
    sets_status     TEXT CONSTRAINT canned_replies_sets_status_check CHECK (sets_status IN ('in_progress', 'awaiting_customer', 'resolved', 'closed')),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
INSERT INTO canned_replies (id, owner_staff_id, title, body, sets_status, created_at, updated_at)
    SELECT id, owner_staff_id, title, body, sets_status, created_at, updated_at FROM macros;
DROP TABLE macros;
CREATE INDEX canned_replies_owner_idx ON canned_replies (owner_staff_id);
UPDATE audit_log SET action = 'canned_reply.' || substr(action, 7) WHERE action LIKE 'macro.%';

CREATE TABLE claims_new (
    id                  INTEGER PRIMARY KEY,
    claim_no            TEXT NOT NULL CONSTRAINT claims_claim_no_key UNIQUE,
    customer_id         BIGINT NOT NULL REFERENCES customers (id),
    policy_id           BIGINT NOT NULL REFERENCES policies (id),
    coverage_id         BIGINT NOT NULL REFERENCES product_coverages (id),
    incident_date       TEXT NOT NULL,
    incident_place      TEXT NOT NULL,
    description         TEXT NOT NULL,
    amount_fen          BIGINT NOT NULL CONSTRAINT claims_amount_check CHECK (amount_fen > 0),
    payout_bank         TEXT NOT NULL,
    payout_account      TEXT NOT NULL,
    stage               TEXT NOT NULL CONSTRAINT claims_stage_check CHECK (stage IN ('reported', 'dispatched', 'surveyed', 'registered', 'verified', 'adjusted', 'approved', 'closed')),
    outcome             TEXT CONSTRAINT claims_outcome_check CHECK (outcome IN ('paid', 'refused')),
    fast_track          BIGINT NOT NULL DEFAULT 0,
    payout_fen          BIGINT,
    awaiting_customer   TEXT,
    stage_entered_at    BIGINT NOT NULL,
    idempotency_key     TEXT NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    fast_track_review   TEXT,
    payout_account_to_check BIGINT NOT NULL DEFAULT 0,
    request_hash        TEXT,
    handler_staff_id    BIGINT REFERENCES staff (id),
    survey_notes        TEXT,
    assessed_loss_fen   BIGINT CONSTRAINT claims_assessed_loss_check CHECK (assessed_loss_fen >= 0),
    awaiting_due        TEXT,
    refusal_reason      TEXT,
    disputed_at         BIGINT,
    dispute_reason      TEXT,
    previous_handler_staff_id BIGINT REFERENCES staff (id),
    fast_track_stopped_at BIGINT,
    CONSTRAINT claims_idempotency_key UNIQUE (customer_id, idempotency_key)
);
INSERT INTO claims_new (id, claim_no, customer_id, policy_id, coverage_id, incident_date, incident_place,
        description, amount_fen, payout_bank, payout_account, stage, outcome, fast_track, payout_fen,
        awaiting_customer, stage_entered_at, idempotency_key, created_at, updated_at, fast_track_review,
        payout_account_to_check, request_hash, handler_staff_id, survey_notes, assessed_loss_fen, awaiting_due,
        refusal_reason, disputed_at, dispute_reason, previous_handler_staff_id, fast_track_stopped_at)
    SELECT id, claim_no, customer_id, policy_id, coverage_id, incident_date, incident_place,
        description, amount_fen, payout_bank, payout_account, stage,
        CASE outcome WHEN 'rejected' THEN 'refused' ELSE outcome END, fast_track, payout_fen,
        awaiting_customer, stage_entered_at, idempotency_key, created_at, updated_at, fast_track_review,
        payout_account_to_check, request_hash, handler_id, survey_notes, assessed_loss_fen, awaiting_due,
        rejection_reason, disputed_at, dispute_reason, previous_handler_id, fast_track_stopped_at
    FROM claims;
DROP TABLE claims;
ALTER TABLE claims_new RENAME TO claims;
CREATE INDEX claims_customer_idx ON claims (customer_id, created_at);
CREATE INDEX claims_desk_idx ON claims (stage, handler_staff_id);

CREATE TABLE verification_requests_new (
    id           INTEGER PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers (id),
    document_id  BIGINT NOT NULL REFERENCES documents (id),
    status       TEXT NOT NULL CONSTRAINT verification_requests_status_check CHECK (status IN ('pending', 'approved', 'refused')),
    reviewed_by_staff_id BIGINT REFERENCES staff (id),
    reviewed_at  BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    refusal_reason TEXT
);
INSERT INTO verification_requests_new (id, customer_id, document_id, status, reviewed_by_staff_id, reviewed_at,
        created_at, updated_at, refusal_reason)
    SELECT id, customer_id, document_id, CASE status WHEN 'rejected' THEN 'refused' ELSE status END,
        reviewed_by, reviewed_at, created_at, updated_at, refusal_reason
    FROM verification_requests;
DROP TABLE verification_requests;
ALTER TABLE verification_requests_new RENAME TO verification_requests;
CREATE INDEX verification_requests_customer_idx ON verification_requests (customer_id, status);
CREATE INDEX verification_requests_status_idx ON verification_requests (status, created_at);

-- A pending approval ended by refusing the claim carried the raw marker 'rejected' as its
-- reason (shown untranslated); the claim's own refusal reason says why.
UPDATE claim_approvals SET reason = NULL WHERE reason = 'rejected';
UPDATE notifications SET params = REPLACE(params, 't:claim_outcome.rejected', 't:claim_outcome.refused')
    WHERE params LIKE '%t:claim_outcome.rejected%';
UPDATE audit_log SET action = 'claim.refused' WHERE action = 'claim.rejected';

-- A rating after a case (the customer's, in the portal) and one taken on a follow-up call
-- are one kind of fact; `source` says which.
CREATE TABLE ratings_new (
    id            INTEGER PRIMARY KEY,
    customer_id   BIGINT NOT NULL REFERENCES customers (id),
    source        TEXT NOT NULL CONSTRAINT ratings_source_check CHECK (source IN ('portal', 'follow_up')),
    subject_kind  TEXT NOT NULL CONSTRAINT ratings_subject_kind_check CHECK (subject_kind IN ('claim', 'work_order')),
    subject_id    BIGINT NOT NULL,
    score         BIGINT NOT NULL CONSTRAINT ratings_score_check CHECK (score BETWEEN 1 AND 5),
    comment       TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CONSTRAINT ratings_subject_key UNIQUE (source, subject_kind, subject_id)
);
INSERT INTO ratings_new (id, customer_id, source, subject_kind, subject_id, score, comment, created_at, updated_at)
    SELECT id, customer_id, 'portal', subject_kind, subject_id, score, comment, created_at, updated_at FROM ratings;
INSERT INTO ratings_new (customer_id, source, subject_kind, subject_id, score, comment, created_at, updated_at)
    SELECT customer_id, 'follow_up', subject_kind, subject_id, satisfaction, COALESCE(comment, ''), updated_at, updated_at
    FROM follow_ups WHERE satisfaction IS NOT NULL;
DROP TABLE ratings;
ALTER TABLE ratings_new RENAME TO ratings;
ALTER TABLE follow_ups DROP COLUMN satisfaction;

ALTER TABLE work_orders RENAME COLUMN assignee_id TO assignee_staff_id;
ALTER TABLE work_orders RENAME COLUMN change_decided_by TO change_decided_by_staff_id;
ALTER TABLE work_order_events RENAME COLUMN actor_id TO actor_staff_id;
ALTER TABLE follow_ups RENAME COLUMN agent_id TO agent_staff_id;
ALTER TABLE claim_approvals RENAME COLUMN requested_by TO requested_by_staff_id;
ALTER TABLE claim_approvals RENAME COLUMN decided_by TO decided_by_staff_id;
ALTER TABLE work_order_links RENAME COLUMN linked_by TO linked_by_staff_id;
ALTER TABLE knowledge_articles RENAME COLUMN updated_by TO updated_by_staff_id;
ALTER TABLE announcements RENAME COLUMN created_by TO created_by_staff_id;
ALTER TABLE contact_changes RENAME COLUMN requested_by TO requested_by_staff_id;
ALTER TABLE contact_changes RENAME COLUMN decided_by TO decided_by_staff_id;

COMMIT;
PRAGMA foreign_keys = ON;

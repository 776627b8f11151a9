-- One word per concept (issue 22): canned replies are canned replies (not macros); every
-- column that holds a staff id ends in `staff_id`; a no-decision is "refused" (claims and
-- identity reviews said "rejected"); ratings taken after a case and on a follow-up call
-- are one kind of fact with a source.
-- Keep in step with ../postgres/20261207000003_one_word_per_concept.sql.
--
-- SQLite cannot change a CHECK in place, and rebuilding `claims` would cascade-delete its
-- events, approvals and notes (dropping a table deletes its rows first, and foreign keys
-- are on inside sqlx's transaction). So a column whose CHECK changes is renamed aside, a new
-- one with the new CHECK added and filled, and the old one dropped.

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

ALTER TABLE claims RENAME COLUMN outcome TO outcome_before;
ALTER TABLE claims ADD COLUMN outcome TEXT CONSTRAINT claims_outcome_check CHECK (outcome IN ('paid', 'refused'));
UPDATE claims SET outcome = CASE outcome_before WHEN 'rejected' THEN 'refused' ELSE outcome_before END;
ALTER TABLE claims DROP COLUMN outcome_before;
ALTER TABLE claims RENAME COLUMN rejection_reason TO refusal_reason;
ALTER TABLE claims RENAME COLUMN handler_id TO handler_staff_id;
ALTER TABLE claims RENAME COLUMN previous_handler_id TO previous_handler_staff_id;

DROP INDEX verification_requests_customer_idx;
DROP INDEX verification_requests_status_idx;
ALTER TABLE verification_requests RENAME COLUMN status TO status_before;
ALTER TABLE verification_requests ADD COLUMN status TEXT NOT NULL DEFAULT 'pending'
    CONSTRAINT verification_requests_status_check CHECK (status IN ('pending', 'approved', 'refused'));
UPDATE verification_requests SET status = CASE status_before WHEN 'rejected' THEN 'refused' ELSE status_before END;
ALTER TABLE verification_requests DROP COLUMN status_before;
ALTER TABLE verification_requests RENAME COLUMN reviewed_by TO reviewed_by_staff_id;
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


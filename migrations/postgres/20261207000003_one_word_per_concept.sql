-- One word per concept (issue 22): canned replies are canned replies (not macros); every
-- column that holds a staff id ends in `staff_id`; a no-decision is "refused" (claims and
-- identity reviews said "rejected"); ratings taken after a case and on a follow-up call
-- are one kind of fact with a source.
-- Keep in step with ../sqlite/20261207000003_one_word_per_concept.sql.

ALTER TABLE macros RENAME TO canned_replies;
ALTER TABLE canned_replies RENAME CONSTRAINT macros_sets_status_check TO canned_replies_sets_status_check;
ALTER TABLE canned_replies RENAME CONSTRAINT macros_pkey TO canned_replies_pkey;
ALTER INDEX macros_owner_idx RENAME TO canned_replies_owner_idx;
ALTER SEQUENCE macros_id_seq RENAME TO canned_replies_id_seq;
UPDATE audit_log SET action = 'canned_reply.' || substr(action, 7) WHERE action LIKE 'macro.%';

ALTER TABLE claims DROP CONSTRAINT claims_outcome_check;
UPDATE claims SET outcome = 'refused' WHERE outcome = 'rejected';
ALTER TABLE claims ADD CONSTRAINT claims_outcome_check CHECK (outcome IN ('paid', 'refused'));
ALTER TABLE claims RENAME COLUMN rejection_reason TO refusal_reason;
ALTER TABLE claims RENAME COLUMN handler_id TO handler_staff_id;
ALTER TABLE claims RENAME COLUMN previous_handler_id TO previous_handler_staff_id;

ALTER TABLE verification_requests DROP CONSTRAINT verification_requests_status_check;
UPDATE verification_requests SET status = 'refused' WHERE status = 'rejected';
ALTER TABLE verification_requests ADD CONSTRAINT verification_requests_status_check
    CHECK (status IN ('pending', 'approved', 'refused'));
ALTER TABLE verification_requests RENAME COLUMN reviewed_by TO reviewed_by_staff_id;

-- A pending approval ended by refusing the claim carried the raw marker 'rejected' as its
-- reason (shown untranslated); the claim's own refusal reason says why.
UPDATE claim_approvals SET reason = NULL WHERE reason = 'rejected';
UPDATE notifications SET params = REPLACE(params, 't:claim_outcome.rejected', 't:claim_outcome.refused')
    WHERE params LIKE '%t:claim_outcome.rejected%';
UPDATE audit_log SET action = 'claim.refused' WHERE action = 'claim.rejected';

-- A rating after a case (the customer's, in the portal) and one taken on a follow-up call
-- are one kind of fact; `source` says which.
ALTER TABLE ratings ADD COLUMN source TEXT NOT NULL DEFAULT 'portal'
    CONSTRAINT ratings_source_check CHECK (source IN ('portal', 'follow_up'));
ALTER TABLE ratings ALTER COLUMN source DROP DEFAULT;
ALTER TABLE ratings DROP CONSTRAINT ratings_subject_key;
ALTER TABLE ratings ADD CONSTRAINT ratings_subject_key UNIQUE (source, subject_kind, subject_id);
INSERT INTO ratings (customer_id, source, subject_kind, subject_id, score, comment, created_at, updated_at)
    SELECT customer_id, 'follow_up', subject_kind, subject_id, satisfaction, COALESCE(comment, ''), updated_at, updated_at
    FROM follow_ups WHERE satisfaction IS NOT NULL;
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

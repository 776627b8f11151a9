-- What a second outside probe opened (issue 21).
-- Keep in step with ../postgres/20261207000001_trust_round_two.sql.

-- A correction of a customer's mobile number or e-mail waits for a second person's approval
-- or the customer's proof through the old contact (a code sent there, read out to the
-- agent); while it waits it is a row here. When it is applied the customer's record keeps
-- the time, and for a day after it sign-in by code, password reset and new payout
-- accounts wait.
ALTER TABLE customers ADD COLUMN contact_changed_at BIGINT;
CREATE TABLE contact_changes (
    id              INTEGER PRIMARY KEY,
    customer_id     BIGINT NOT NULL REFERENCES customers (id),
    phone_before    TEXT,
    email_before    TEXT,
    phone_after     TEXT,
    email_after     TEXT,
    reason          TEXT NOT NULL,
    status          TEXT NOT NULL CONSTRAINT contact_changes_status_check
                        CHECK (status IN ('pending', 'applied', 'refused', 'withdrawn')),
    requested_by    BIGINT NOT NULL REFERENCES staff (id),
    decided_by      BIGINT REFERENCES staff (id),
    proof           TEXT CONSTRAINT contact_changes_proof_check
                        CHECK (proof IN ('second_person', 'old_contact_code')),
    refusal_reason  TEXT,
    code_hash       TEXT,
    code_expires_at BIGINT,
    code_attempts   BIGINT NOT NULL,
    decided_at      BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE UNIQUE INDEX contact_changes_pending_key ON contact_changes (customer_id) WHERE status = 'pending';
CREATE INDEX contact_changes_pending_idx ON contact_changes (created_at) WHERE status = 'pending';

-- An admin's points adjustment keeps its request's fingerprint, and its request key is
-- one adjustment in all (not one per member): the key again with other details is refused.
ALTER TABLE points_ledger ADD COLUMN request_hash TEXT;
CREATE UNIQUE INDEX points_ledger_adjust_key ON points_ledger (event_key) WHERE reason = 'adjust';

-- Counts per key and fixed window (a minute, an hour, a day), shared by every process: the
-- budgets of one-time codes sent.
CREATE TABLE rate_windows (
    key           TEXT NOT NULL,
    window_start  BIGINT NOT NULL,
    count         BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    PRIMARY KEY (key, window_start)
);
CREATE INDEX rate_windows_updated_idx ON rate_windows (updated_at);

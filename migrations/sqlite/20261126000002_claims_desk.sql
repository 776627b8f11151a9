-- The claims desk: a handler per claim, what each stage recorded, authority limits for
-- approving payouts, approvals waiting for someone with enough authority, internal notes,
-- the rejection reason the customer reads, one dispute per claim, and fast-track review.
-- Keep in step with ../postgres/20261126000002_claims_desk.sql.

ALTER TABLE claims ADD COLUMN handler_id BIGINT REFERENCES staff (id);
ALTER TABLE claims ADD COLUMN survey_notes TEXT;
ALTER TABLE claims ADD COLUMN assessed_loss_fen BIGINT
    CONSTRAINT claims_assessed_loss_check CHECK (assessed_loss_fen >= 0);
ALTER TABLE claims ADD COLUMN awaiting_due TEXT;
ALTER TABLE claims ADD COLUMN rejection_reason TEXT;
ALTER TABLE claims ADD COLUMN disputed_at BIGINT;
ALTER TABLE claims ADD COLUMN dispute_reason TEXT;
-- Whoever decided before a dispute does not decide again.
ALTER TABLE claims ADD COLUMN previous_handler_id BIGINT REFERENCES staff (id);
ALTER TABLE claims ADD COLUMN fast_track_stopped_at BIGINT;
CREATE INDEX claims_desk_idx ON claims (stage, handler_id);

-- Who moved the claim on, for the desk's history (NULL: the customer or the rules).
ALTER TABLE claim_events ADD COLUMN staff_id BIGINT REFERENCES staff (id);

-- How much a role may approve as a payout; NULL has no limit. A person's own limit, when
-- set, replaces their role's.
CREATE TABLE claim_authority_limits (
    role        TEXT PRIMARY KEY CONSTRAINT claim_authority_limits_role_check CHECK (role IN ('agent', 'supervisor', 'admin')),
    limit_fen   BIGINT CONSTRAINT claim_authority_limits_limit_check CHECK (limit_fen > 0),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
ALTER TABLE staff ADD COLUMN claim_limit_fen BIGINT
    CONSTRAINT staff_claim_limit_check CHECK (claim_limit_fen > 0);

INSERT INTO claim_authority_limits (role, limit_fen, created_at, updated_at) VALUES
    ('agent', 1000000, 1795478400000, 1795478400000),
    ('supervisor', 10000000, 1795478400000, 1795478400000),
    ('admin', NULL, 1795478400000, 1795478400000);

-- A payout above its handler's authority waits here for someone with enough; one pending
-- approval per claim at a time.
CREATE TABLE claim_approvals (
    id            INTEGER PRIMARY KEY,
    claim_id      BIGINT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    amount_fen    BIGINT NOT NULL CONSTRAINT claim_approvals_amount_check CHECK (amount_fen >= 0),
    requested_by  BIGINT NOT NULL REFERENCES staff (id),
    status        TEXT NOT NULL CONSTRAINT claim_approvals_status_check CHECK (status IN ('pending', 'approved', 'refused')),
    decided_by    BIGINT REFERENCES staff (id),
    decided_at    BIGINT,
    reason        TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE UNIQUE INDEX claim_approvals_pending_key ON claim_approvals (claim_id) WHERE status = 'pending';
CREATE INDEX claim_approvals_status_idx ON claim_approvals (status, amount_fen);

-- Staff's notes on a claim; the customer never sees them.
CREATE TABLE claim_notes (
    id          INTEGER PRIMARY KEY,
    claim_id    BIGINT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    body        TEXT NOT NULL,
    at          BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX claim_notes_claim_idx ON claim_notes (claim_id, at);

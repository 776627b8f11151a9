-- Hardening after an outside probe: fast track that cannot pay one incident twice, payout
-- accounts on file, one ID number per customer, request keys bound to what they were sent
-- with, bounded bookings, and one-time codes for proving a phone or e-mail.
-- Keep in step with ../postgres/20261125000001_hardening.sql.

-- The SHA-256 of an upload's bytes: the same photo sent again is recognised.
ALTER TABLE documents ADD COLUMN sha256 TEXT;
CREATE INDEX documents_sha256_idx ON documents (sha256);

-- Why a claim that the product would fast-track went the normal way instead (for the
-- handler, never shown to the customer), and whether its payout account is still to be
-- checked by a person (a new account named on the claim).
ALTER TABLE claims ADD COLUMN fast_track_review TEXT;
ALTER TABLE claims ADD COLUMN payout_account_to_check BIGINT NOT NULL DEFAULT 0;

-- A fingerprint of what a request key was first sent with: the same key with another body
-- is refused instead of silently answering with the first result.
ALTER TABLE claims ADD COLUMN request_hash TEXT;
ALTER TABLE work_orders ADD COLUMN request_hash TEXT;
ALTER TABLE reward_orders ADD COLUMN request_hash TEXT;
ALTER TABLE vip_bookings ADD COLUMN request_hash TEXT;

-- One ID number verifies one customer: a keyed hash of the number, never the number.
ALTER TABLE customers ADD COLUMN id_number_hash TEXT;
CREATE UNIQUE INDEX customers_id_number_hash_key ON customers (id_number_hash);

-- The accounts a customer's payouts may go to without another check.
CREATE TABLE payout_accounts (
    id           INTEGER PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers (id),
    bank         TEXT NOT NULL,
    number       TEXT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT payout_accounts_number_key UNIQUE (customer_id, number)
);

-- One open booking of a service for a day.
CREATE UNIQUE INDEX vip_bookings_open_key ON vip_bookings (customer_id, service_code, preferred_date)
    WHERE status IN ('requested', 'confirmed');

-- One-time codes sent by SMS or e-mail: hashed at rest, short-lived, few tries.
CREATE TABLE one_time_codes (
    id           INTEGER PRIMARY KEY,
    purpose      TEXT NOT NULL CONSTRAINT one_time_codes_purpose_check CHECK (purpose IN ('register', 'sign_in', 'reset_password')),
    destination  TEXT NOT NULL,
    code_hash    TEXT NOT NULL,
    attempts     BIGINT NOT NULL,
    expires_at   BIGINT NOT NULL,
    consumed_at  BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX one_time_codes_destination_idx ON one_time_codes (destination, purpose, created_at);

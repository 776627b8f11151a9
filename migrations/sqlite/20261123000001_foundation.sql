-- Foundation schema (SQLite). Times are UTC epoch milliseconds; money is integer fen;
-- calendar dates (policy periods, due dates) are ISO `YYYY-MM-DD` text.
-- Keep in step with ../postgres/20261123000001_foundation.sql.

CREATE TABLE number_sequences (
    name        TEXT PRIMARY KEY,
    next_value  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE app_meta (
    key         TEXT PRIMARY KEY,
    value       TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE customers (
    id                INTEGER PRIMARY KEY,
    customer_no       TEXT NOT NULL CONSTRAINT customers_customer_no_key UNIQUE,
    name              TEXT NOT NULL,
    phone             TEXT CONSTRAINT customers_phone_key UNIQUE,
    email             TEXT CONSTRAINT customers_email_key UNIQUE,
    id_number_masked  TEXT,
    member_level      TEXT NOT NULL DEFAULT 'registered'
                      CONSTRAINT customers_member_level_check CHECK (member_level IN ('registered', 'verified', 'advanced_verified')),
    vip_tier          TEXT NOT NULL DEFAULT 'none'
                      CONSTRAINT customers_vip_tier_check CHECK (vip_tier IN ('none', 'silver', 'gold', 'platinum')),
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL,
    CONSTRAINT customers_contact_check CHECK (phone IS NOT NULL OR email IS NOT NULL)
);

CREATE TABLE customer_credentials (
    customer_id    BIGINT PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    password_hash  TEXT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE TABLE skill_groups (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL CONSTRAINT skill_groups_code_key UNIQUE,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE staff (
    id             INTEGER PRIMARY KEY,
    username       TEXT NOT NULL CONSTRAINT staff_username_key UNIQUE,
    display_name   TEXT NOT NULL,
    role           TEXT NOT NULL CONSTRAINT staff_role_check CHECK (role IN ('agent', 'supervisor', 'admin')),
    password_hash  TEXT NOT NULL,
    active         BIGINT NOT NULL DEFAULT 1,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);

CREATE TABLE staff_skill_groups (
    staff_id        BIGINT NOT NULL REFERENCES staff (id) ON DELETE CASCADE,
    skill_group_id  BIGINT NOT NULL REFERENCES skill_groups (id) ON DELETE CASCADE,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    PRIMARY KEY (staff_id, skill_group_id)
);

CREATE TABLE products (
    id          INTEGER PRIMARY KEY,
    code        TEXT NOT NULL CONSTRAINT products_code_key UNIQUE,
    line        TEXT NOT NULL CONSTRAINT products_line_check CHECK (line IN ('life', 'health', 'auto', 'property', 'accident')),
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE product_coverages (
    id                 INTEGER PRIMARY KEY,
    product_id         BIGINT NOT NULL REFERENCES products (id) ON DELETE CASCADE,
    code               TEXT NOT NULL,
    name_zh            TEXT NOT NULL,
    name_en            TEXT NOT NULL,
    default_limit_fen  BIGINT NOT NULL,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL,
    CONSTRAINT product_coverages_code_key UNIQUE (product_id, code)
);

CREATE TABLE policies (
    id                 INTEGER PRIMARY KEY,
    policy_no          TEXT NOT NULL CONSTRAINT policies_policy_no_key UNIQUE,
    product_id         BIGINT NOT NULL REFERENCES products (id),
    holder_id          BIGINT NOT NULL REFERENCES customers (id),
    status             TEXT NOT NULL CONSTRAINT policies_status_check CHECK (status IN ('in_force', 'lapsed', 'surrendered', 'expired', 'pending')),
    period_start       TEXT NOT NULL,
    period_end         TEXT NOT NULL,
    sum_insured_fen    BIGINT NOT NULL CONSTRAINT policies_sum_insured_check CHECK (sum_insured_fen >= 0),
    premium_fen        BIGINT NOT NULL CONSTRAINT policies_premium_check CHECK (premium_fen >= 0),
    payment_frequency  TEXT NOT NULL CONSTRAINT policies_payment_frequency_check CHECK (payment_frequency IN ('single', 'annual', 'semiannual', 'quarterly', 'monthly')),
    next_due_date      TEXT,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);
CREATE INDEX policies_holder_idx ON policies (holder_id);

CREATE TABLE policy_coverages (
    id            INTEGER PRIMARY KEY,
    policy_id     BIGINT NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    coverage_id   BIGINT NOT NULL REFERENCES product_coverages (id),
    limit_fen     BIGINT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX policy_coverages_policy_idx ON policy_coverages (policy_id);

CREATE TABLE policy_insured (
    id                INTEGER PRIMARY KEY,
    policy_id         BIGINT NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    id_number_masked  TEXT NOT NULL,
    relation          TEXT NOT NULL CONSTRAINT policy_insured_relation_check CHECK (relation IN ('self', 'spouse', 'child', 'parent', 'other')),
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX policy_insured_policy_idx ON policy_insured (policy_id);

CREATE TABLE policy_beneficiaries (
    id                INTEGER PRIMARY KEY,
    policy_id         BIGINT NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    name              TEXT NOT NULL,
    id_number_masked  TEXT NOT NULL,
    relation          TEXT NOT NULL CONSTRAINT policy_beneficiaries_relation_check CHECK (relation IN ('self', 'spouse', 'child', 'parent', 'other', 'legal_heirs')),
    share_percent     BIGINT NOT NULL CONSTRAINT policy_beneficiaries_share_check CHECK (share_percent BETWEEN 1 AND 100),
    created_at        BIGINT NOT NULL,
    updated_at        BIGINT NOT NULL
);
CREATE INDEX policy_beneficiaries_policy_idx ON policy_beneficiaries (policy_id);

CREATE TABLE premium_installments (
    id          INTEGER PRIMARY KEY,
    policy_id   BIGINT NOT NULL REFERENCES policies (id) ON DELETE CASCADE,
    due_date    TEXT NOT NULL,
    amount_fen  BIGINT NOT NULL CONSTRAINT premium_installments_amount_check CHECK (amount_fen >= 0),
    status      TEXT NOT NULL CONSTRAINT premium_installments_status_check CHECK (status IN ('paid', 'due', 'overdue', 'waived')),
    paid_at     BIGINT,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX premium_installments_policy_idx ON premium_installments (policy_id, due_date);

CREATE TABLE sessions (
    id              TEXT PRIMARY KEY,
    principal_kind  TEXT NOT NULL CONSTRAINT sessions_principal_kind_check CHECK (principal_kind IN ('customer', 'staff')),
    principal_id    BIGINT NOT NULL,
    expires_at      BIGINT NOT NULL,
    revoked_at      BIGINT,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX sessions_principal_idx ON sessions (principal_kind, principal_id);

CREATE TABLE login_throttle (
    key                TEXT PRIMARY KEY,
    failures           BIGINT NOT NULL,
    window_started_at  BIGINT NOT NULL,
    locked_until       BIGINT NOT NULL,
    created_at         BIGINT NOT NULL,
    updated_at         BIGINT NOT NULL
);

CREATE TABLE audit_log (
    id            INTEGER PRIMARY KEY,
    at            BIGINT NOT NULL,
    staff_id      BIGINT NOT NULL REFERENCES staff (id),
    action        TEXT NOT NULL,
    customer_id   BIGINT REFERENCES customers (id),
    detail        TEXT NOT NULL,
    request_id    TEXT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX audit_log_customer_idx ON audit_log (customer_id, at);
CREATE INDEX audit_log_staff_idx ON audit_log (staff_id, at);

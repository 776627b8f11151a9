-- Customer self-service: claims and their documents, points, member verification, VIP
-- services, work orders, ratings, notifications with their outbox, announcements.
-- Times are UTC epoch milliseconds; money is fen; calendar dates are `YYYY-MM-DD` text.
-- Keep in step with ../postgres/20261124000001_self_service.sql.

-- A product allows fast-track claims up to this amount; NULL: never fast-tracked.
ALTER TABLE products ADD COLUMN fast_track_limit_fen BIGINT;

-- The customer's identity as checked at verification (never shown whole once stored).
ALTER TABLE customers ADD COLUMN id_number_verified_at BIGINT;

-- Files the customer uploaded: claim photos, ID documents, work-order attachments. Stored
-- under `stored_name` in the data folder, never under the name the browser sent.
CREATE TABLE documents (
    id             INTEGER PRIMARY KEY,
    public_id      TEXT NOT NULL CONSTRAINT documents_public_id_key UNIQUE,
    customer_id    BIGINT NOT NULL REFERENCES customers (id),
    stored_name    TEXT NOT NULL CONSTRAINT documents_stored_name_key UNIQUE,
    original_name  TEXT NOT NULL,
    content_type   TEXT NOT NULL CONSTRAINT documents_content_type_check CHECK (content_type IN ('image/jpeg', 'image/png', 'application/pdf')),
    size_bytes     BIGINT NOT NULL,
    purpose        TEXT NOT NULL CONSTRAINT documents_purpose_check CHECK (purpose IN ('claim', 'identity', 'work_order')),
    attached_to    BIGINT,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL
);
CREATE INDEX documents_owner_idx ON documents (customer_id, purpose, attached_to);

-- The committed time limit per claim stage (服务承诺), in hours.
CREATE TABLE claim_stage_commitments (
    stage        TEXT PRIMARY KEY,
    limit_hours  BIGINT NOT NULL CONSTRAINT claim_stage_commitments_limit_check CHECK (limit_hours > 0),
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

CREATE TABLE claims (
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
    outcome             TEXT CONSTRAINT claims_outcome_check CHECK (outcome IN ('paid', 'rejected')),
    fast_track          BIGINT NOT NULL DEFAULT 0,
    payout_fen          BIGINT,
    awaiting_customer   TEXT,
    stage_entered_at    BIGINT NOT NULL,
    idempotency_key     TEXT NOT NULL,
    created_at          BIGINT NOT NULL,
    updated_at          BIGINT NOT NULL,
    CONSTRAINT claims_idempotency_key UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX claims_customer_idx ON claims (customer_id, created_at);

CREATE TABLE claim_events (
    id          INTEGER PRIMARY KEY,
    claim_id    BIGINT NOT NULL REFERENCES claims (id) ON DELETE CASCADE,
    stage       TEXT NOT NULL,
    note        TEXT,
    at          BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);
CREATE INDEX claim_events_claim_idx ON claim_events (claim_id, at);

-- Points: earning rules are data; the ledger is append-only and the balance is its sum.
CREATE TABLE points_rules (
    code        TEXT PRIMARY KEY,
    points      BIGINT NOT NULL CONSTRAINT points_rules_points_check CHECK (points > 0),
    per_period  TEXT NOT NULL CONSTRAINT points_rules_period_check CHECK (per_period IN ('once', 'month', 'event')),
    active      BIGINT NOT NULL DEFAULT 1,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE points_ledger (
    id           INTEGER PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers (id),
    delta        BIGINT NOT NULL CONSTRAINT points_ledger_delta_check CHECK (delta <> 0),
    reason       TEXT NOT NULL CONSTRAINT points_ledger_reason_check CHECK (reason IN ('earn', 'redeem', 'expire', 'adjust')),
    rule_code    TEXT,
    event_key    TEXT NOT NULL,
    expires_at   BIGINT,
    at           BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL,
    CONSTRAINT points_ledger_event_key UNIQUE (customer_id, event_key)
);
CREATE INDEX points_ledger_customer_idx ON points_ledger (customer_id, at);

CREATE TABLE rewards (
    id            INTEGER PRIMARY KEY,
    code          TEXT NOT NULL CONSTRAINT rewards_code_key UNIQUE,
    kind          TEXT NOT NULL CONSTRAINT rewards_kind_check CHECK (kind IN ('phone_credit', 'ecard', 'video_membership')),
    name_zh       TEXT NOT NULL,
    name_en       TEXT NOT NULL,
    points_price  BIGINT NOT NULL CONSTRAINT rewards_price_check CHECK (points_price > 0),
    stock         BIGINT NOT NULL CONSTRAINT rewards_stock_check CHECK (stock >= 0),
    active        BIGINT NOT NULL DEFAULT 1,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);

CREATE TABLE reward_orders (
    id               INTEGER PRIMARY KEY,
    order_no         TEXT NOT NULL CONSTRAINT reward_orders_order_no_key UNIQUE,
    customer_id      BIGINT NOT NULL REFERENCES customers (id),
    reward_id        BIGINT NOT NULL REFERENCES rewards (id),
    points           BIGINT NOT NULL,
    idempotency_key  TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    CONSTRAINT reward_orders_idempotency_key UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX reward_orders_customer_idx ON reward_orders (customer_id, created_at);

-- Advanced verification: an ID document photo waiting for staff review.
CREATE TABLE verification_requests (
    id           INTEGER PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers (id),
    document_id  BIGINT NOT NULL REFERENCES documents (id),
    status       TEXT NOT NULL CONSTRAINT verification_requests_status_check CHECK (status IN ('pending', 'approved', 'rejected')),
    reviewed_by  BIGINT REFERENCES staff (id),
    reviewed_at  BIGINT,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX verification_requests_customer_idx ON verification_requests (customer_id, status);

CREATE TABLE vip_services (
    code        TEXT PRIMARY KEY,
    min_tier    TEXT NOT NULL CONSTRAINT vip_services_min_tier_check CHECK (min_tier IN ('silver', 'gold', 'platinum')),
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

CREATE TABLE vip_bookings (
    id               INTEGER PRIMARY KEY,
    customer_id      BIGINT NOT NULL REFERENCES customers (id),
    service_code     TEXT NOT NULL REFERENCES vip_services (code),
    preferred_date   TEXT NOT NULL,
    city             TEXT NOT NULL,
    status           TEXT NOT NULL CONSTRAINT vip_bookings_status_check CHECK (status IN ('requested', 'confirmed', 'done', 'cancelled')),
    idempotency_key  TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    CONSTRAINT vip_bookings_idempotency_key UNIQUE (customer_id, idempotency_key)
);

-- Work orders (工单) opened by customers; staff handle them in the console.
CREATE TABLE work_orders (
    id               INTEGER PRIMARY KEY,
    order_no         TEXT NOT NULL CONSTRAINT work_orders_order_no_key UNIQUE,
    customer_id      BIGINT NOT NULL REFERENCES customers (id),
    kind             TEXT NOT NULL CONSTRAINT work_orders_kind_check CHECK (kind IN ('consultation', 'complaint', 'suggestion', 'policy_service', 'application_appointment', 'claim_enquiry')),
    service_type     TEXT CONSTRAINT work_orders_service_type_check CHECK (service_type IN ('contact_change', 'beneficiary_change', 'payout_account_change')),
    policy_id        BIGINT REFERENCES policies (id),
    subject          TEXT NOT NULL,
    request_data     TEXT,
    status           TEXT NOT NULL CONSTRAINT work_orders_status_check CHECK (status IN ('open', 'in_progress', 'awaiting_customer', 'resolved', 'closed')),
    priority         TEXT NOT NULL CONSTRAINT work_orders_priority_check CHECK (priority IN ('normal', 'vip')),
    idempotency_key  TEXT NOT NULL,
    created_at       BIGINT NOT NULL,
    updated_at       BIGINT NOT NULL,
    CONSTRAINT work_orders_idempotency_key UNIQUE (customer_id, idempotency_key)
);
CREATE INDEX work_orders_customer_idx ON work_orders (customer_id, updated_at);
CREATE INDEX work_orders_status_idx ON work_orders (status, priority, created_at);

CREATE TABLE work_order_messages (
    id              INTEGER PRIMARY KEY,
    work_order_id   BIGINT NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
    author_kind     TEXT NOT NULL CONSTRAINT work_order_messages_author_check CHECK (author_kind IN ('customer', 'staff')),
    author_id       BIGINT NOT NULL,
    body            TEXT NOT NULL,
    at              BIGINT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX work_order_messages_order_idx ON work_order_messages (work_order_id, at);

-- One rating per closed claim or work order.
CREATE TABLE ratings (
    id            INTEGER PRIMARY KEY,
    customer_id   BIGINT NOT NULL REFERENCES customers (id),
    subject_kind  TEXT NOT NULL CONSTRAINT ratings_subject_kind_check CHECK (subject_kind IN ('claim', 'work_order')),
    subject_id    BIGINT NOT NULL,
    score         BIGINT NOT NULL CONSTRAINT ratings_score_check CHECK (score BETWEEN 1 AND 5),
    comment       TEXT NOT NULL,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL,
    CONSTRAINT ratings_subject_key UNIQUE (subject_kind, subject_id)
);

-- In-app inbox. `kind` and `params` (JSON) are rendered in the reader's language.
CREATE TABLE notifications (
    id           INTEGER PRIMARY KEY,
    customer_id  BIGINT NOT NULL REFERENCES customers (id),
    kind         TEXT NOT NULL,
    params       TEXT NOT NULL,
    link         TEXT,
    read_at      BIGINT,
    at           BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);
CREATE INDEX notifications_customer_idx ON notifications (customer_id, read_at, at);

CREATE TABLE notification_preferences (
    customer_id  BIGINT PRIMARY KEY REFERENCES customers (id) ON DELETE CASCADE,
    in_app       BIGINT NOT NULL,
    sms          BIGINT NOT NULL,
    email        BIGINT NOT NULL,
    created_at   BIGINT NOT NULL,
    updated_at   BIGINT NOT NULL
);

-- Outgoing SMS and e-mail, written in the same transaction as the event that causes them.
CREATE TABLE outbox (
    id            INTEGER PRIMARY KEY,
    channel       TEXT NOT NULL CONSTRAINT outbox_channel_check CHECK (channel IN ('sms', 'email')),
    recipient     TEXT NOT NULL,
    body          TEXT NOT NULL,
    status        TEXT NOT NULL CONSTRAINT outbox_status_check CHECK (status IN ('pending', 'sent', 'failed')),
    attempts      BIGINT NOT NULL DEFAULT 0,
    locked_until  BIGINT NOT NULL DEFAULT 0,
    last_error    TEXT,
    sent_at       BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX outbox_pending_idx ON outbox (status, locked_until);

CREATE TABLE announcements (
    id            INTEGER PRIMARY KEY,
    title_zh      TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    body_zh       TEXT NOT NULL,
    body_en       TEXT NOT NULL,
    published_at  BIGINT NOT NULL,
    expires_at    BIGINT,
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX announcements_published_idx ON announcements (published_at);

-- Reference data the portal needs from the first start; admins change it later.
INSERT INTO claim_stage_commitments (stage, limit_hours, created_at, updated_at) VALUES
    ('reported', 2, 1795478400000, 1795478400000),
    ('dispatched', 24, 1795478400000, 1795478400000),
    ('surveyed', 72, 1795478400000, 1795478400000),
    ('registered', 24, 1795478400000, 1795478400000),
    ('verified', 72, 1795478400000, 1795478400000),
    ('adjusted', 48, 1795478400000, 1795478400000),
    ('approved', 72, 1795478400000, 1795478400000);

INSERT INTO points_rules (code, points, per_period, active, created_at, updated_at) VALUES
    ('identity_verified', 200, 'once', 1, 1795478400000, 1795478400000),
    ('first_self_service_claim', 100, 'once', 1, 1795478400000, 1795478400000),
    ('survey_completed', 20, 'event', 1, 1795478400000, 1795478400000),
    ('monthly_sign_in', 10, 'month', 1, 1795478400000, 1795478400000);

INSERT INTO rewards (code, kind, name_zh, name_en, points_price, stock, active, created_at, updated_at) VALUES
    ('phone-credit-10', 'phone_credit', '10 元话费', 'CNY 10 phone credit', 100, 500, 1, 1795478400000, 1795478400000),
    ('phone-credit-50', 'phone_credit', '50 元话费', 'CNY 50 phone credit', 480, 200, 1, 1795478400000, 1795478400000),
    ('jd-ecard-20', 'ecard', '京东 E 卡 20 元', 'JD.com e-card, CNY 20', 200, 300, 1, 1795478400000, 1795478400000),
    ('starbucks-ecard', 'ecard', '星巴克中杯饮品券', 'Starbucks tall drink e-voucher', 260, 0, 1, 1795478400000, 1795478400000),
    ('iqiyi-month', 'video_membership', '爱奇艺黄金会员月卡', 'iQIYI Gold membership, 1 month', 150, 400, 1, 1795478400000, 1795478400000),
    ('tencent-video-quarter', 'video_membership', '腾讯视频 VIP 季卡', 'Tencent Video VIP, 3 months', 420, 120, 1, 1795478400000, 1795478400000);

INSERT INTO vip_services (code, min_tier, name_zh, name_en, created_at, updated_at) VALUES
    ('dental_cleaning', 'silver', '洁牙服务', 'Dental cleaning', 1795478400000, 1795478400000),
    ('health_check', 'gold', '年度体检', 'Annual health check', 1795478400000, 1795478400000),
    ('hospital_escort', 'platinum', '就医陪诊', 'Guided hospital visit', 1795478400000, 1795478400000);

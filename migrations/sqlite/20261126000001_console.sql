-- The agent console: routing to skill groups with a VIP queue each, agents' presence and
-- capacity, service-level commitments counted on the insurer's calendar, internal notes,
-- and the history of who did what to a work order.
-- Keep in step with ../postgres/20261126000001_console.sql.

-- Agents' presence and how many open work orders each takes at once.
ALTER TABLE staff ADD COLUMN status TEXT NOT NULL DEFAULT 'offline'
    CONSTRAINT staff_status_check CHECK (status IN ('available', 'busy', 'away', 'offline'));
ALTER TABLE staff ADD COLUMN capacity BIGINT NOT NULL DEFAULT 8
    CONSTRAINT staff_capacity_check CHECK (capacity BETWEEN 0 AND 50);

-- Which skill group serves a kind of work order; `line` is `any` unless a product line has
-- a group of its own (motor claims).
CREATE TABLE work_order_routes (
    id              INTEGER PRIMARY KEY,
    kind            TEXT NOT NULL CONSTRAINT work_order_routes_kind_check CHECK (kind IN ('consultation', 'complaint', 'suggestion', 'policy_service', 'application_appointment', 'claim_enquiry')),
    line            TEXT NOT NULL CONSTRAINT work_order_routes_line_check CHECK (line IN ('any', 'life', 'health', 'auto', 'property', 'accident')),
    skill_group_id  BIGINT NOT NULL REFERENCES skill_groups (id),
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL,
    CONSTRAINT work_order_routes_key UNIQUE (kind, line)
);

-- Service-level targets (服务承诺) per kind and priority: first response, next response
-- (after each customer message) and resolution, each an amount in a unit: `hours` run
-- around the clock, `business_hours` and `working_days` only in the insurer's working hours.
CREATE TABLE sla_targets (
    id                     INTEGER PRIMARY KEY,
    kind                   TEXT NOT NULL CONSTRAINT sla_targets_kind_check CHECK (kind IN ('consultation', 'complaint', 'suggestion', 'policy_service', 'application_appointment', 'claim_enquiry')),
    priority               TEXT NOT NULL CONSTRAINT sla_targets_priority_check CHECK (priority IN ('normal', 'vip')),
    first_response_amount  BIGINT NOT NULL CONSTRAINT sla_targets_first_response_check CHECK (first_response_amount > 0),
    first_response_unit    TEXT NOT NULL CONSTRAINT sla_targets_first_response_unit_check CHECK (first_response_unit IN ('hours', 'business_hours', 'working_days')),
    next_response_amount   BIGINT NOT NULL CONSTRAINT sla_targets_next_response_check CHECK (next_response_amount > 0),
    next_response_unit     TEXT NOT NULL CONSTRAINT sla_targets_next_response_unit_check CHECK (next_response_unit IN ('hours', 'business_hours', 'working_days')),
    resolution_amount      BIGINT NOT NULL CONSTRAINT sla_targets_resolution_check CHECK (resolution_amount > 0),
    resolution_unit        TEXT NOT NULL CONSTRAINT sla_targets_resolution_unit_check CHECK (resolution_unit IN ('hours', 'business_hours', 'working_days')),
    created_at             BIGINT NOT NULL,
    updated_at             BIGINT NOT NULL,
    CONSTRAINT sla_targets_key UNIQUE (kind, priority)
);

-- The insurer's working hours per weekday (1 = Monday), in minutes after midnight in
-- Shanghai; a weekday without a row is closed.
CREATE TABLE business_hours (
    weekday        BIGINT PRIMARY KEY CONSTRAINT business_hours_weekday_check CHECK (weekday BETWEEN 1 AND 7),
    opens_minute   BIGINT NOT NULL,
    closes_minute  BIGINT NOT NULL,
    created_at     BIGINT NOT NULL,
    updated_at     BIGINT NOT NULL,
    CONSTRAINT business_hours_span_check CHECK (opens_minute >= 0 AND opens_minute < closes_minute AND closes_minute <= 1440)
);

-- Days that differ from the week: public holidays (closed) and make-up working days
-- (调休, open with Monday's hours).
CREATE TABLE calendar_exceptions (
    day         TEXT PRIMARY KEY,
    working     BIGINT NOT NULL,
    name_zh     TEXT NOT NULL,
    name_en     TEXT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- Work orders: how they came in, where they are routed, who has them, their three
-- deadlines and the actual times, and how they ended. `next_due` is the earliest deadline
-- still running (NULL while awaiting the customer or when finished): queues sort by it.
ALTER TABLE work_orders ADD COLUMN channel TEXT NOT NULL DEFAULT 'portal'
    CONSTRAINT work_orders_channel_check CHECK (channel IN ('portal', 'phone', 'wechat', 'email', 'letter', 'walk_in'));
ALTER TABLE work_orders ADD COLUMN skill_group_id BIGINT REFERENCES skill_groups (id);
ALTER TABLE work_orders ADD COLUMN assignee_id BIGINT REFERENCES staff (id);
ALTER TABLE work_orders ADD COLUMN first_response_due BIGINT;
ALTER TABLE work_orders ADD COLUMN first_response_at BIGINT;
ALTER TABLE work_orders ADD COLUMN next_response_due BIGINT;
ALTER TABLE work_orders ADD COLUMN resolution_due BIGINT;
ALTER TABLE work_orders ADD COLUMN resolved_at BIGINT;
ALTER TABLE work_orders ADD COLUMN paused_at BIGINT;
ALTER TABLE work_orders ADD COLUMN next_due BIGINT;
ALTER TABLE work_orders ADD COLUMN resolution_code TEXT
    CONSTRAINT work_orders_resolution_code_check CHECK (resolution_code IN ('answered', 'changed', 'explained', 'compensated', 'duplicate', 'no_reply', 'other'));
ALTER TABLE work_orders ADD COLUMN complaint_category TEXT
    CONSTRAINT work_orders_complaint_category_check CHECK (complaint_category IN ('service_attitude', 'claim_speed', 'claim_amount', 'sales_practice', 'product_terms', 'premium_billing', 'other'));
ALTER TABLE work_orders ADD COLUMN merged_into_id BIGINT REFERENCES work_orders (id);
CREATE INDEX work_orders_queue_idx ON work_orders (skill_group_id, assignee_id, status, next_due);
CREATE INDEX work_orders_assignee_idx ON work_orders (assignee_id, status);

-- A message is public (the customer reads it) or an internal note (staff only).
ALTER TABLE work_order_messages ADD COLUMN visibility TEXT NOT NULL DEFAULT 'public'
    CONSTRAINT work_order_messages_visibility_check CHECK (visibility IN ('public', 'internal'));

-- Who did what to a work order, and why: routing, assignment, transfers, status changes.
CREATE TABLE work_order_events (
    id              INTEGER PRIMARY KEY,
    work_order_id   BIGINT NOT NULL REFERENCES work_orders (id) ON DELETE CASCADE,
    at              BIGINT NOT NULL,
    actor_id        BIGINT REFERENCES staff (id),
    kind            TEXT NOT NULL CONSTRAINT work_order_events_kind_check CHECK (kind IN ('routed', 'assigned', 'taken', 'transferred', 'status', 'reopened', 'merged')),
    from_group_id   BIGINT REFERENCES skill_groups (id),
    to_group_id     BIGINT REFERENCES skill_groups (id),
    from_staff_id   BIGINT REFERENCES staff (id),
    to_staff_id     BIGINT REFERENCES staff (id),
    status          TEXT,
    note            TEXT NOT NULL,
    created_at      BIGINT NOT NULL,
    updated_at      BIGINT NOT NULL
);
CREATE INDEX work_order_events_order_idx ON work_order_events (work_order_id, at);

-- Alerts in the console (a deadline about to pass or passed, work assigned), once each.
CREATE TABLE staff_notifications (
    id          INTEGER PRIMARY KEY,
    staff_id    BIGINT NOT NULL REFERENCES staff (id),
    kind        TEXT NOT NULL,
    params      TEXT NOT NULL,
    link        TEXT,
    dedup_key   TEXT NOT NULL,
    read_at     BIGINT,
    at          BIGINT NOT NULL,
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL,
    CONSTRAINT staff_notifications_dedup_key UNIQUE (staff_id, dedup_key)
);
CREATE INDEX staff_notifications_staff_idx ON staff_notifications (staff_id, read_at, at);

-- Reference data the desk needs from the first start; admins change it later.
INSERT INTO skill_groups (code, name_zh, name_en, created_at, updated_at) VALUES
    ('service', '客户服务组', 'Customer service', 1795478400000, 1795478400000),
    ('policy_service', '保全服务组', 'Policy services', 1795478400000, 1795478400000),
    ('claims', '理赔服务组', 'Claims service', 1795478400000, 1795478400000),
    ('motor_claims', '车险理赔组', 'Motor claims', 1795478400000, 1795478400000),
    ('complaints', '投诉处理组', 'Complaints', 1795478400000, 1795478400000);

INSERT INTO work_order_routes (kind, line, skill_group_id, created_at, updated_at)
SELECT r.kind, r.line, g.id, 1795478400000, 1795478400000
FROM (
    SELECT 'consultation' AS kind, 'any' AS line, 'service' AS code
    UNION ALL SELECT 'suggestion', 'any', 'service'
    UNION ALL SELECT 'application_appointment', 'any', 'service'
    UNION ALL SELECT 'policy_service', 'any', 'policy_service'
    UNION ALL SELECT 'claim_enquiry', 'any', 'claims'
    UNION ALL SELECT 'claim_enquiry', 'auto', 'motor_claims'
    UNION ALL SELECT 'complaint', 'any', 'complaints'
) r JOIN skill_groups g ON g.code = r.code;

-- Replies within 24 hours around the clock, as the portal promises; resolution in working
-- days; VIP customers faster.
INSERT INTO sla_targets (kind, priority, first_response_amount, first_response_unit, next_response_amount,
    next_response_unit, resolution_amount, resolution_unit, created_at, updated_at) VALUES
    ('consultation', 'normal', 24, 'hours', 24, 'hours', 3, 'working_days', 1795478400000, 1795478400000),
    ('consultation', 'vip', 4, 'hours', 8, 'hours', 2, 'working_days', 1795478400000, 1795478400000),
    ('complaint', 'normal', 24, 'hours', 24, 'hours', 5, 'working_days', 1795478400000, 1795478400000),
    ('complaint', 'vip', 4, 'hours', 8, 'hours', 3, 'working_days', 1795478400000, 1795478400000),
    ('suggestion', 'normal', 24, 'hours', 48, 'hours', 10, 'working_days', 1795478400000, 1795478400000),
    ('suggestion', 'vip', 8, 'hours', 24, 'hours', 5, 'working_days', 1795478400000, 1795478400000),
    ('policy_service', 'normal', 24, 'hours', 24, 'hours', 3, 'working_days', 1795478400000, 1795478400000),
    ('policy_service', 'vip', 4, 'hours', 8, 'hours', 2, 'working_days', 1795478400000, 1795478400000),
    ('application_appointment', 'normal', 24, 'hours', 24, 'hours', 2, 'working_days', 1795478400000, 1795478400000),
    ('application_appointment', 'vip', 4, 'hours', 8, 'hours', 1, 'working_days', 1795478400000, 1795478400000),
    ('claim_enquiry', 'normal', 24, 'hours', 24, 'hours', 3, 'working_days', 1795478400000, 1795478400000),
    ('claim_enquiry', 'vip', 4, 'hours', 8, 'hours', 2, 'working_days', 1795478400000, 1795478400000);

-- Monday to Friday, 09:00-18:00 Shanghai time.
INSERT INTO business_hours (weekday, opens_minute, closes_minute, created_at, updated_at) VALUES
    (1, 540, 1080, 1795478400000, 1795478400000),
    (2, 540, 1080, 1795478400000, 1795478400000),
    (3, 540, 1080, 1795478400000, 1795478400000),
    (4, 540, 1080, 1795478400000, 1795478400000),
    (5, 540, 1080, 1795478400000, 1795478400000);

-- The coming public holidays as the insurer plans them; admins keep the calendar in step
-- with the State Council's notice each year.
INSERT INTO calendar_exceptions (day, working, name_zh, name_en, created_at, updated_at) VALUES
    ('2027-01-01', 0, '元旦', 'New Year''s Day', 1795478400000, 1795478400000),
    ('2027-02-05', 0, '春节', 'Spring Festival', 1795478400000, 1795478400000),
    ('2027-02-08', 0, '春节', 'Spring Festival', 1795478400000, 1795478400000),
    ('2027-02-09', 0, '春节', 'Spring Festival', 1795478400000, 1795478400000),
    ('2027-02-10', 0, '春节', 'Spring Festival', 1795478400000, 1795478400000),
    ('2027-02-11', 0, '春节', 'Spring Festival', 1795478400000, 1795478400000),
    ('2027-02-12', 0, '春节', 'Spring Festival', 1795478400000, 1795478400000),
    ('2027-02-20', 1, '春节调休上班', 'Spring Festival make-up working day', 1795478400000, 1795478400000);

-- How many days after resolution a customer's reply reopens a work order.
INSERT INTO app_meta (key, value, created_at, updated_at) VALUES ('work_order_reopen_days', '7', 1795478400000, 1795478400000);

-- Work orders opened before routing existed join their kind's group.
UPDATE work_orders SET skill_group_id =
    (SELECT r.skill_group_id FROM work_order_routes r WHERE r.kind = work_orders.kind AND r.line = 'any');

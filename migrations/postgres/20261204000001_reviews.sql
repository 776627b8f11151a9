-- Reviews at the console: a policy-service request's change is applied or refused once, by
-- a person, with the refusal's reason for the customer; an ID photo's review says why it
-- was refused.
-- Keep in step with ../sqlite/20261204000001_reviews.sql.

ALTER TABLE work_orders ADD COLUMN change_status TEXT
    CONSTRAINT work_orders_change_status_check CHECK (change_status IN ('pending', 'applied', 'refused'));
ALTER TABLE work_orders ADD COLUMN change_decided_by BIGINT REFERENCES staff (id);
ALTER TABLE work_orders ADD COLUMN change_decided_at BIGINT;
ALTER TABLE work_orders ADD COLUMN change_refusal_reason TEXT;
-- Changes of work orders already finished were handled by hand before reviews existed.
UPDATE work_orders SET change_status = 'pending' WHERE request_data IS NOT NULL AND status NOT IN ('resolved', 'closed');
CREATE INDEX work_orders_change_idx ON work_orders (change_status);

-- The deadline (`next_due`) each console alert was last raised for, so a sweep passes over
-- work orders already alerted and reaches new ones however many are late.
ALTER TABLE work_orders ADD COLUMN due_soon_alerted_for BIGINT;
ALTER TABLE work_orders ADD COLUMN breach_alerted_for BIGINT;

ALTER TABLE verification_requests ADD COLUMN refusal_reason TEXT;
CREATE INDEX verification_requests_status_idx ON verification_requests (status, created_at);

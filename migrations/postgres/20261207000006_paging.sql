-- Every list that can grow is read a page at a time (keyset paging): a page is
-- `WHERE <scope> AND (<sort>, id) < ($n, $m) ORDER BY <sort> DESC, id DESC LIMIT <size + 1>`,
-- which an index on (<scope>, <sort>, id) answers by reading just that page, however far
-- the reader has paged. The older indexes on (<scope>, <sort>) stay for now.
-- Keep in step with ../sqlite/20261207000006_paging.sql.

-- The customer's lists in the portal.
CREATE INDEX IF NOT EXISTS notifications_customer_at_idx ON notifications (customer_id, at, id);
CREATE INDEX IF NOT EXISTS points_ledger_customer_at_idx ON points_ledger (customer_id, at, id);
CREATE INDEX IF NOT EXISTS reward_orders_customer_created_idx ON reward_orders (customer_id, created_at, id);
CREATE INDEX IF NOT EXISTS claims_customer_created_idx ON claims (customer_id, created_at, id);
CREATE INDEX IF NOT EXISTS work_orders_customer_updated_idx ON work_orders (customer_id, updated_at, id);

-- The admins' lists: the audit log (newest first, unfiltered or by time), the knowledge
-- base (newest change first), staff accounts (active first, then the newest).
CREATE INDEX IF NOT EXISTS audit_log_at_id_idx ON audit_log (at, id);
CREATE INDEX IF NOT EXISTS knowledge_articles_updated_idx ON knowledge_articles (updated_at, id);
CREATE INDEX IF NOT EXISTS staff_active_idx ON staff (active, id);

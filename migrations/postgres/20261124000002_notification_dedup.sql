-- Notices sent by a sweep (points about to expire) carry a key, so a second sweep, or a
-- second server process sweeping at the same time, does not repeat them.
-- Keep in step with ../sqlite/20261124000002_notification_dedup.sql.

ALTER TABLE notifications ADD COLUMN dedup_key TEXT;
CREATE UNIQUE INDEX notifications_dedup_key ON notifications (customer_id, dedup_key);

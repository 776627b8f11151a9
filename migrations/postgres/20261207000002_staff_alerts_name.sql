-- The console's alerts for staff are alerts in every layer (messaging::staff_alerts,
-- StaffAlertKind, the console's own alerts), so their table is `staff_alerts`: the name
-- `notifications` is the customers' alone. Renamed with its constraints, index and
-- sequence; the rows stay as they are.
-- Keep in step with ../sqlite/20261207000002_staff_alerts_name.sql.

ALTER TABLE staff_notifications RENAME TO staff_alerts;
ALTER TABLE staff_alerts RENAME CONSTRAINT staff_notifications_pkey TO staff_alerts_pkey;
ALTER TABLE staff_alerts RENAME CONSTRAINT staff_notifications_staff_id_fkey TO staff_alerts_staff_id_fkey;
ALTER TABLE staff_alerts RENAME CONSTRAINT staff_notifications_dedup_key TO staff_alerts_dedup_key;
ALTER INDEX staff_notifications_staff_idx RENAME TO staff_alerts_staff_idx;
ALTER SEQUENCE staff_notifications_id_seq RENAME TO staff_alerts_id_seq;

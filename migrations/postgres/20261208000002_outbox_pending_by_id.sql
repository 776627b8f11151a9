-- The outbox is read oldest first from `outbox_pending_id_idx` (id, pending only). This
-- older index on (status, locked_until) tempted the planner, when its statistics still
-- counted few pending rows, into reading every pending row and sorting them: with a
-- million queued by an announcement, each pass of the outbox took seconds.
DROP INDEX outbox_pending_idx;
-- Keep in step with the other backend's 20261208000002_outbox_pending_by_id.sql.

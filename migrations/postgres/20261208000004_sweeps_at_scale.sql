-- The timed sweeps at an insurer's size (issue 29): each reads only what it has still to
-- do, from an index of just that, instead of every breached work order or every points
-- earning at each pass (0.6 s and 1 s a pass at 2M work orders and 10M ledger rows).
-- The predicates are those of backend::messaging::staff_alerts::sweep_deadlines and
-- backend::measures: change one, change the other.
CREATE INDEX work_orders_breach_unalerted_idx ON work_orders (next_due)
    WHERE status IN ('open', 'in_progress') AND next_due IS NOT NULL
      AND COALESCE(breach_alerted_for, -1) <> next_due;
CREATE INDEX work_orders_due_soon_unalerted_idx ON work_orders (next_due)
    WHERE status IN ('open', 'in_progress') AND COALESCE(due_soon_alerted_for, -1) <> next_due;
-- Earnings by when they expire: the expiry sweep's window.
CREATE INDEX points_ledger_expiring_idx ON points_ledger (expires_at) WHERE reason = 'earn';
-- Keep in step with the other backend's 20261208000004_sweeps_at_scale.sql.

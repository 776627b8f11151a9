-- An agent's queue heads read from their indexes alone (issue 29): a view read part by part
-- (their own work and each group's unassigned work) takes a page from the head of each part
-- and keeps one page of them all; each head needs a work order's priority (VIP first), which
-- as an expression key alone sent PostgreSQL to the table for every head of every part.
-- INCLUDE carries the column itself; the page's rows are read from the table once chosen.
-- Keep in step with ../sqlite/20261208000006_queue_heads_index_only.sql.
DROP INDEX work_orders_unassigned_idx;
CREATE INDEX work_orders_unassigned_idx ON work_orders (skill_group_id,
    (CASE WHEN priority = 'vip' THEN 0 ELSE 1 END), (CASE WHEN next_due IS NULL THEN 1 ELSE 0 END),
    next_due, created_at, id)
    INCLUDE (priority)
    WHERE status IN ('open', 'in_progress', 'awaiting_customer') AND merged_into_id IS NULL
      AND assignee_staff_id IS NULL AND status IN ('open', 'in_progress');
DROP INDEX work_orders_mine_idx;
CREATE INDEX work_orders_mine_idx ON work_orders (assignee_staff_id,
    (CASE WHEN priority = 'vip' THEN 0 ELSE 1 END), (CASE WHEN next_due IS NULL THEN 1 ELSE 0 END),
    next_due, created_at, id)
    INCLUDE (priority, status)
    WHERE status IN ('open', 'in_progress', 'awaiting_customer') AND merged_into_id IS NULL;

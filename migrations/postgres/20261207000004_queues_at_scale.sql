-- The desk at an insurer's size (issue 29): every queue view reads a page from the head
-- of an index in queue order (VIP first, then the earliest running deadline, then the
-- oldest) instead of sorting every active work order. The expressions are those of
-- QUEUE_ORDER in app/src/backend/work_orders/queues.rs, and the conditions those of its
-- on_desk() and the unassigned view: change one, change the other.
-- Keep in step with ../sqlite/20261207000004_queues_at_scale.sql.

CREATE INDEX work_orders_rank_idx ON work_orders (
    (CASE WHEN priority = 'vip' THEN 0 ELSE 1 END), (CASE WHEN next_due IS NULL THEN 1 ELSE 0 END),
    next_due, created_at, id)
    WHERE status IN ('open', 'in_progress', 'awaiting_customer') AND merged_into_id IS NULL;

-- Each group's unassigned work, in queue order: an agent's queue and "take next" read the
-- head of each of their groups.
CREATE INDEX work_orders_unassigned_idx ON work_orders (skill_group_id,
    (CASE WHEN priority = 'vip' THEN 0 ELSE 1 END), (CASE WHEN next_due IS NULL THEN 1 ELSE 0 END),
    next_due, created_at, id)
    WHERE status IN ('open', 'in_progress', 'awaiting_customer') AND merged_into_id IS NULL
      AND assignee_staff_id IS NULL AND status IN ('open', 'in_progress');

-- An agent's own work, in queue order.
CREATE INDEX work_orders_mine_idx ON work_orders (assignee_staff_id,
    (CASE WHEN priority = 'vip' THEN 0 ELSE 1 END), (CASE WHEN next_due IS NULL THEN 1 ELSE 0 END),
    next_due, created_at, id)
    WHERE status IN ('open', 'in_progress', 'awaiting_customer') AND merged_into_id IS NULL;

-- Work due soon: a narrow window of deadlines, read by range.
CREATE INDEX work_orders_next_due_idx ON work_orders (next_due)
    WHERE status IN ('open', 'in_progress', 'awaiting_customer') AND merged_into_id IS NULL;

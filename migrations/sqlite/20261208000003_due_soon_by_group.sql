-- An agent's "due soon" count (issue 29): each of their groups' unassigned work whose
-- running deadline falls in the next two hours, read by the range of that window rather
-- than by walking the group's queue past every breached and later deadline. On an
-- expression of its own (next_due + 0, as measures::work_order_due_soon_by_range writes
-- it), so that only the counts that name it read it: offered plain next_due, the planner
-- took it for the queue's ordered pages too and sorted a whole group's breached work
-- instead of reading the head of work_orders_unassigned_idx.
CREATE INDEX work_orders_unassigned_due_idx ON work_orders (skill_group_id, (next_due + 0))
    WHERE status IN ('open', 'in_progress', 'awaiting_customer') AND merged_into_id IS NULL
      AND assignee_staff_id IS NULL AND status IN ('open', 'in_progress');
-- Keep in step with the other backend's 20261208000003_due_soon_by_group.sql.

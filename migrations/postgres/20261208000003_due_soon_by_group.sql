-- An agent's "due soon" (issue 29): each of their groups' unassigned work whose running
-- deadline falls in the next two hours, read by the range of that window rather than by
-- walking the group's queue past every breached and later deadline.
CREATE INDEX work_orders_unassigned_due_idx ON work_orders (skill_group_id, next_due)
    WHERE status IN ('open', 'in_progress', 'awaiting_customer') AND merged_into_id IS NULL
      AND assignee_staff_id IS NULL AND status IN ('open', 'in_progress');
-- Keep in step with the other backend's 20261208000003_due_soon_by_group.sql.

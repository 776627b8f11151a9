-- The claims desk's heads read from their indexes alone (issue 29): each head needs a
-- claim's priority (VIP first) and, unassigned, who handled it before; as expression keys
-- only, PostgreSQL fetched every head's row from the table (707 random reads a page, the
-- most of the desk's time at a million claims). INCLUDE carries the columns themselves.
-- Keep in step with ../sqlite/20261208000005_claims_desk_index_only.sql.
DROP INDEX claims_open_stage_idx;
CREATE INDEX claims_open_stage_idx ON claims (stage, (CASE WHEN priority = 'vip' THEN 0 ELSE 1 END), stage_entered_at, id)
    INCLUDE (priority) WHERE stage <> 'closed';
DROP INDEX claims_unassigned_idx;
CREATE INDEX claims_unassigned_idx ON claims (stage, (CASE WHEN priority = 'vip' THEN 0 ELSE 1 END), stage_entered_at, id)
    INCLUDE (priority, previous_handler_staff_id) WHERE stage <> 'closed' AND handler_staff_id IS NULL;

-- The claims desk's heads read from their indexes alone (issue 29): each head needs a
-- claim's priority (VIP first) and, unassigned, who handled it before; SQLite has no
-- INCLUDE, so they follow the keys.
-- Keep in step with ../postgres/20261208000005_claims_desk_index_only.sql.
DROP INDEX claims_open_stage_idx;
CREATE INDEX claims_open_stage_idx ON claims (stage, (CASE WHEN priority = 'vip' THEN 0 ELSE 1 END), stage_entered_at, id,
    priority) WHERE stage <> 'closed';
DROP INDEX claims_unassigned_idx;
CREATE INDEX claims_unassigned_idx ON claims (stage, (CASE WHEN priority = 'vip' THEN 0 ELSE 1 END), stage_entered_at, id,
    priority, previous_handler_staff_id) WHERE stage <> 'closed' AND handler_staff_id IS NULL;

-- The claims desk at an insurer's size (issue 29): its page reads the head of each open
-- stage in the order the claims entered it, and its counts stop at 100 ("99+"); both from
-- the open claims only (a few percent of all claims), never from the whole table.
-- Keep in step with ../sqlite/20261207000005_claims_desk_at_scale.sql.

CREATE INDEX claims_open_stage_idx ON claims (stage, stage_entered_at, id) WHERE stage <> 'closed';
CREATE INDEX claims_open_handler_idx ON claims (handler_staff_id, stage) WHERE stage <> 'closed';

-- The claims desk at an insurer's size (issue 29): its page reads the head of each open
-- stage in the order the claims entered it, and its counts stop at 100 ("99+"); both from
-- the open claims only (a few percent of all claims), never from the whole table.
-- Keep in step with ../sqlite/20261207000005_claims_desk_at_scale.sql.

-- A claim's priority, as a work order's: VIP when its customer was of a VIP tier when it
-- was reported, so the desk reads VIP claims first from an index rather than joining every
-- open claim to its customer.
ALTER TABLE claims ADD COLUMN priority TEXT NOT NULL DEFAULT 'normal'
    CONSTRAINT claims_priority_check CHECK (priority IN ('normal', 'vip'));
UPDATE claims SET priority = 'vip' WHERE customer_id IN (SELECT id FROM customers WHERE vip_tier <> 'none');

CREATE INDEX claims_open_stage_idx ON claims (stage, (CASE WHEN priority = 'vip' THEN 0 ELSE 1 END), stage_entered_at, id)
    WHERE stage <> 'closed';
CREATE INDEX claims_open_handler_idx ON claims (handler_staff_id, stage) WHERE stage <> 'closed';
-- The claims nobody handles yet, by stage, VIP first: the unassigned view's heads.
CREATE INDEX claims_unassigned_idx ON claims (stage, (CASE WHEN priority = 'vip' THEN 0 ELSE 1 END), stage_entered_at, id)
    WHERE stage <> 'closed' AND handler_staff_id IS NULL;
-- How long each open claim has been in its stage: the overdue counts, by range.
CREATE INDEX claims_open_entered_idx ON claims (stage, stage_entered_at) WHERE stage <> 'closed';
-- Claims waiting for their fast-track review (the desk's fast-track view and count).
CREATE INDEX claims_fast_track_idx ON claims (stage_entered_at)
    WHERE stage = 'approved' AND fast_track = 1 AND fast_track_stopped_at IS NULL;

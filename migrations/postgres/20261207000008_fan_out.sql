-- Announcements tell their segment set by set (issue 29): a batch of customers per
-- transaction, the position (the last customer id told) and the count kept here, so a
-- crash resumes where the last batch committed and the admin's list reads the count
-- instead of counting every notification of every announcement.
ALTER TABLE announcements ADD COLUMN told_through BIGINT NOT NULL DEFAULT 0;
ALTER TABLE announcements ADD COLUMN told BIGINT NOT NULL DEFAULT 0;
UPDATE announcements SET told = (
    SELECT COUNT(*) FROM notifications n
    WHERE n.kind = 'announcement' AND n.dedup_key = 'announcement:' || announcements.id);

-- The outbox drains at the rate the SMS gateway accepts: each pass counts the attempts of
-- the last second, by every process, from this index.
CREATE INDEX outbox_attempted_idx ON outbox (updated_at) WHERE attempts > 0;
-- The oldest pending messages first, from the head of an index rather than sorting every
-- pending one: a million waiting made each pass take five seconds.
CREATE INDEX outbox_pending_id_idx ON outbox (id) WHERE status = 'pending';
-- Keep in step with the other backend's 20261207000008_fan_out.sql.

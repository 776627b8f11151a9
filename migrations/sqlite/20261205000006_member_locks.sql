-- An admin can lock a member's account: no sign-in, and its sessions end at their next request.
ALTER TABLE customers ADD COLUMN locked_at BIGINT;
ALTER TABLE customers ADD COLUMN lock_reason TEXT;

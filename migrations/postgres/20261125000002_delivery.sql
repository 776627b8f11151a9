-- Real delivery: an e-mail needs a subject line (SMS ignores it).
ALTER TABLE outbox ADD COLUMN subject TEXT NOT NULL DEFAULT '';

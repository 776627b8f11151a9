-- Where a staff read or change came from (the client address the server saw).
ALTER TABLE audit_log ADD COLUMN client_address TEXT;
CREATE INDEX audit_log_at_idx ON audit_log (at);

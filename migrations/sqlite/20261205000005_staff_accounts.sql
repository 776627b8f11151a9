-- An account an admin made (or whose password an admin reset) signs in with a one-time
-- password and must choose its own before doing anything else.
ALTER TABLE staff ADD COLUMN must_change_password BIGINT NOT NULL DEFAULT 0;

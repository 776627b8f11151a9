-- Search at an insurer's size (issue 29): PostgreSQL answers the customer search's partial
-- look-ups and the help centre's words from trigram indexes. SQLite's searches read the
-- table (an FTS5 trigram table would copy every text and still not answer two-character
-- Chinese words); the README states what that holds ("What one machine holds"). This file
-- keeps the two backends' migration histories in step.
-- Keep in step with ../postgres/20261207000007_search_at_scale.sql.

SELECT 1;

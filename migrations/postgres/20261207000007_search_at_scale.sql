-- Search at an insurer's size (issue 29): the partial look-ups of the customer search
-- (part of a name, of a mobile, of a policy, claim, work-order or customer number, the
-- last four of an ID number or mobile) and the help centre's words read trigram indexes
-- instead of every row. The expressions are those of customers::find and knowledge::search
-- in app/src/backend: change one, change the other.
-- pg_trgm is a trusted extension: the database's owner may create it.
-- SQLite has no such index; its searches read the table (see README, "What one machine holds").
-- Keep in step with ../sqlite/20261207000007_search_at_scale.sql.

CREATE EXTENSION IF NOT EXISTS pg_trgm;

CREATE INDEX customers_name_trgm_idx ON customers USING gin (LOWER(name) gin_trgm_ops);
CREATE INDEX customers_phone_trgm_idx ON customers USING gin (phone gin_trgm_ops);
CREATE INDEX customers_id_number_masked_trgm_idx ON customers USING gin (id_number_masked gin_trgm_ops);
CREATE INDEX customers_customer_no_trgm_idx ON customers USING gin (customer_no gin_trgm_ops);
CREATE INDEX policies_policy_no_trgm_idx ON policies USING gin (policy_no gin_trgm_ops);
CREATE INDEX claims_claim_no_trgm_idx ON claims USING gin (claim_no gin_trgm_ops);
CREATE INDEX work_orders_order_no_trgm_idx ON work_orders USING gin (order_no gin_trgm_ops);

-- The help centre: each word must appear in a title or a text, in either language.
CREATE INDEX knowledge_articles_title_zh_trgm_idx ON knowledge_articles USING gin (LOWER(title_zh) gin_trgm_ops);
CREATE INDEX knowledge_articles_title_en_trgm_idx ON knowledge_articles USING gin (LOWER(title_en) gin_trgm_ops);
CREATE INDEX knowledge_articles_body_zh_trgm_idx ON knowledge_articles USING gin (LOWER(body_zh) gin_trgm_ops);
CREATE INDEX knowledge_articles_body_en_trgm_idx ON knowledge_articles USING gin (LOWER(body_en) gin_trgm_ops);

-- Duplicate customer records (the same person registered twice, or recorded by an agent and
-- later self-registered) are merged into one: the duplicate keeps its number, locked, and
-- points to the record it was merged into, so the old number still finds the customer.
-- Keep in step with ../postgres/20261205000009_customer_merge.sql.
ALTER TABLE customers ADD COLUMN merged_into BIGINT REFERENCES customers (id);

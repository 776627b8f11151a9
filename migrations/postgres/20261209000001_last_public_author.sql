-- Who spoke last in a work order's public conversation, kept on the work order as messages
-- are added (issue 29): every queue line says whether the customer is waiting on us, and a
-- lookup of the last message per line was a third of a queue page's index reads at scale.
-- Keep in step with ../sqlite/20261209000001_last_public_author.sql.
ALTER TABLE work_orders ADD COLUMN last_public_author_kind TEXT
    CONSTRAINT work_orders_last_public_author_check CHECK (last_public_author_kind IN ('customer', 'staff'));
UPDATE work_orders SET last_public_author_kind = (
    SELECT m.author_kind FROM work_order_messages m
    WHERE m.work_order_id = work_orders.id AND m.visibility = 'public'
    ORDER BY m.at DESC, m.id DESC LIMIT 1)
WHERE EXISTS (SELECT 1 FROM work_order_messages m WHERE m.work_order_id = work_orders.id AND m.visibility = 'public');

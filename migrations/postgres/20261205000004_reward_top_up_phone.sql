-- A phone-credit reward tops up the number the customer chose (their own unless they said).
ALTER TABLE reward_orders ADD COLUMN top_up_phone TEXT;

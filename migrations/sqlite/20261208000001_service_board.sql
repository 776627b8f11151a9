-- The supervisors' live board (issue 23).
-- How long each agent has been in their presence: the time it last changed.
ALTER TABLE staff ADD COLUMN status_since BIGINT;

-- The commitments the insurer publishes, as the admin sets them; a measure without a row
-- has its published target (domain::service_targets).
CREATE TABLE service_targets (
    measure     TEXT PRIMARY KEY CONSTRAINT service_targets_measure_check
        CHECK (measure IN ('service_level', 'satisfaction', 'resolution_rate', 'average_response', 'feedback_within')),
    target      BIGINT NOT NULL CONSTRAINT service_targets_target_check CHECK (target > 0),
    created_at  BIGINT NOT NULL,
    updated_at  BIGINT NOT NULL
);

-- Today's intake, first responses and ratings, read from the start of the day on: a range
-- of an index, however many work orders and ratings came before.
CREATE INDEX work_orders_created_idx ON work_orders (created_at);
CREATE INDEX work_orders_first_response_idx ON work_orders (first_response_at) WHERE first_response_at IS NOT NULL;
CREATE INDEX ratings_created_idx ON ratings (created_at);
-- Keep in step with the other backend's 20261208000001_service_board.sql.

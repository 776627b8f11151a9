//! Request keys: a form sends one key with every try, so a double click or a retry after a
//! lost answer makes one claim, one work order, one redemption, one booking. Each of those
//! tables has `UNIQUE (customer_id, idempotency_key)`; the insert says `ON CONFLICT DO
//! NOTHING`, and this finds what the key made before (or what a concurrent try made).

use crate::domain::IdempotencyKey;
use crate::error::AppError;

/// What a form makes once per request key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyed {
    Claim,
    WorkOrder,
    RewardOrder,
    VipBooking,
}

impl Keyed {
    /// The table and the column that names the made thing (its number, or its id).
    fn select(self) -> &'static str {
        match self {
            Keyed::Claim => "SELECT claim_no AS made FROM claims WHERE customer_id = $1 AND idempotency_key = $2",
            Keyed::WorkOrder => {
                "SELECT order_no AS made FROM work_orders WHERE customer_id = $1 AND idempotency_key = $2"
            }
            Keyed::RewardOrder => {
                "SELECT order_no AS made FROM reward_orders WHERE customer_id = $1 AND idempotency_key = $2"
            }
            Keyed::VipBooking => {
                "SELECT service_code AS made FROM vip_bookings WHERE customer_id = $1 AND idempotency_key = $2"
            }
        }
    }
}

#[derive(sqlx::FromRow)]
struct MadeRow {
    made: String,
}

/// The number of what this customer's key already made (claim or order number; the service
/// code of a booking), if anything.
pub async fn made_by(
    conn: &mut sqlx::AnyConnection,
    what: Keyed,
    customer_id: i64,
    key: &IdempotencyKey,
) -> Result<Option<String>, AppError> {
    let row: Option<MadeRow> = sqlx::query_as(what.select())
        .bind(customer_id)
        .bind(key.as_str())
        .fetch_optional(conn)
        .await?;
    Ok(row.map(|r| r.made))
}

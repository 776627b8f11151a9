//! Request keys: a form sends one key with every try, so a double click or a retry after a
//! lost answer makes one claim, one work order, one redemption, one booking. Each of those
//! tables has `UNIQUE (customer_id, idempotency_key)` and a `request_hash`: the insert says
//! `ON CONFLICT DO NOTHING`; this finds what the key made before (or what a concurrent try
//! made), and refuses the key when it comes back with something else than it first came
//! with (a different body is a different request, not a retry).

use serde::Serialize;
use sha2::Digest;

use crate::domain::IdempotencyKey;
use crate::error::AppError;

/// What a form makes once per request key.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Keyed {
    Claim,
    WorkOrder,
    RewardOrder,
    VipBooking,
    /// An admin's adjustment of a member's points: its key is one adjustment in all, so
    /// the key sent again for another member is refused too.
    PointsAdjustment,
}

impl Keyed {
    /// The table and the column that names the made thing (its number, the service code
    /// of a booking, the ledger's event key), found by `$1` the customer and `$2` the key
    /// (or by the key alone, where a key is unique in all).
    fn select(self) -> &'static str {
        match self {
            Keyed::PointsAdjustment => {
                "SELECT event_key AS made, request_hash FROM points_ledger \
                 WHERE reason = 'adjust' AND event_key = 'adjust:' || $1"
            }
            Keyed::Claim => {
                "SELECT claim_no AS made, request_hash FROM claims WHERE customer_id = $1 AND idempotency_key = $2"
            }
            Keyed::WorkOrder => {
                "SELECT order_no AS made, request_hash FROM work_orders WHERE customer_id = $1 AND idempotency_key = $2"
            }
            Keyed::RewardOrder => {
                "SELECT order_no AS made, request_hash FROM reward_orders WHERE customer_id = $1 AND idempotency_key = $2"
            }
            Keyed::VipBooking => {
                "SELECT service_code AS made, request_hash FROM vip_bookings \
                 WHERE customer_id = $1 AND idempotency_key = $2"
            }
        }
    }
}

/// A request's fingerprint: the SHA-256 of what it asks for (without its key).
pub fn fingerprint<T: Serialize>(request: &T) -> String {
    let canonical = serde_json::to_vec(request).unwrap_or_default();
    hex::encode(sha2::Sha256::digest(&canonical))
}

#[derive(sqlx::FromRow)]
struct MadeRow {
    made: String,
    request_hash: Option<String>,
}

/// The number of what this customer's key already made (claim or order number; the
/// service code of a booking), if anything. 409 `request_key_reused` when the key made it
/// for a request with another fingerprint: one rule for every keyed write.
pub async fn made_by(
    conn: &mut sqlx::AnyConnection,
    what: Keyed,
    customer_id: i64,
    key: &IdempotencyKey,
    request_hash: &str,
) -> Result<Option<String>, AppError> {
    let query = sqlx::query_as(what.select());
    let query = match what {
        Keyed::PointsAdjustment => query,
        _ => query.bind(customer_id),
    };
    let row: Option<MadeRow> = query.bind(key.as_str()).fetch_optional(conn).await?;
    match row {
        None => Ok(None),
        Some(row) if row.request_hash.as_deref().is_none_or(|h| h == request_hash) => Ok(Some(row.made)),
        Some(_) => Err(key_reused()),
    }
}

/// 409 `request_key_reused`.
pub fn key_reused() -> AppError {
    AppError::conflict(
        "request_key",
        "request_key_reused",
        "This form was already sent with other details; reload it to send a new request",
    )
}

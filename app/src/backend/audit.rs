//! The audit log of staff reads and writes of customer data.

use super::{now_ms, request_id, Db};
use crate::error::AppError;

pub async fn record(
    db: &Db,
    staff_id: i64,
    action: &str,
    customer_id: Option<i64>,
    detail: &str,
) -> Result<(), AppError> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO audit_log (at, staff_id, action, customer_id, detail, request_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $1, $1)",
    )
    .bind(now)
    .bind(staff_id)
    .bind(action)
    .bind(customer_id)
    .bind(detail)
    .bind(request_id())
    .execute(&db.pool)
    .await?;
    Ok(())
}

//! The audit log of staff reads and writes of customer data. A change is audited in its
//! own transaction, so there is never a change without its audit row; a read is recorded
//! on its own.

use super::{now_ms, Db, Tx};
use crate::error::{request_id, AppError};

/// One audit entry: who did what to whose data.
pub struct AuditEntry<'a> {
    pub staff_id: i64,
    /// `claim.advance`, `customer.view`, ...
    pub action: &'a str,
    pub customer_id: Option<i64>,
    pub detail: String,
}

/// Records an entry in the transaction of the change it describes.
pub async fn record(tx: &mut Tx, entry: AuditEntry<'_>) -> Result<(), AppError> {
    insert(tx, entry).await
}

/// Records a read of customer data (there is no change to go with it).
pub async fn record_read(db: &Db, entry: AuditEntry<'_>) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    insert(&mut conn, entry).await
}

async fn insert(conn: &mut sqlx::AnyConnection, entry: AuditEntry<'_>) -> Result<(), AppError> {
    let now = now_ms();
    sqlx::query(
        "INSERT INTO audit_log (at, staff_id, action, customer_id, detail, request_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $1, $1)",
    )
    .bind(now)
    .bind(entry.staff_id)
    .bind(entry.action)
    .bind(entry.customer_id)
    .bind(&entry.detail)
    .bind(request_id())
    .execute(conn)
    .await?;
    Ok(())
}

//! Alerts in the console (a deadline about to pass or passed, work assigned, a customer's
//! reply), each sent once per member of staff however many processes notice it.

use super::Tx;
use crate::domain::StaffAlertKind;
use crate::error::AppError;

pub struct Alert<'a> {
    pub staff_id: i64,
    pub kind: StaffAlertKind,
    pub order_no: &'a str,
    /// What makes it this alert and no other (`breached:WO…:1795…`).
    pub dedup_key: String,
    pub at: i64,
}

/// Records the alert unless this member of staff already has it; returns whether it is new.
pub async fn raise(tx: &mut Tx, alert: Alert<'_>) -> Result<bool, AppError> {
    let params = serde_json::json!({ "order_no": alert.order_no }).to_string();
    let done = sqlx::query(
        "INSERT INTO staff_notifications (staff_id, kind, params, link, dedup_key, read_at, at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, NULL, $6, $6, $6) ON CONFLICT (staff_id, dedup_key) DO NOTHING",
    )
    .bind(alert.staff_id)
    .bind(alert.kind.as_str())
    .bind(&params)
    .bind(crate::routes::console::work_order(alert.order_no))
    .bind(&alert.dedup_key)
    .bind(alert.at)
    .execute(&mut **tx)
    .await?;
    Ok(done.rows_affected() > 0)
}

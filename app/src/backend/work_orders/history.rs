//! A work order's history: each routing, assignment, transfer and change of status as a
//! line the desk shows, told to whoever follows the work order live.

use crate::backend::Tx;
use crate::domain::{WorkOrderEventKind, WorkOrderStatus};
use crate::error::AppError;

/// Records a line of a work order's history.
pub struct Event<'a> {
    pub order_id: i64,
    pub at: i64,
    pub actor_staff_id: Option<i64>,
    pub kind: WorkOrderEventKind,
    pub from_group_id: Option<i64>,
    pub to_group_id: Option<i64>,
    pub from_staff_id: Option<i64>,
    pub to_staff_id: Option<i64>,
    pub status: Option<WorkOrderStatus>,
    pub note: &'a str,
}

impl<'a> Event<'a> {
    pub fn new(order_id: i64, at: i64, actor_staff_id: Option<i64>, kind: WorkOrderEventKind) -> Self {
        Self {
            order_id,
            at,
            actor_staff_id,
            kind,
            from_group_id: None,
            to_group_id: None,
            from_staff_id: None,
            to_staff_id: None,
            status: None,
            note: "",
        }
    }
}

pub async fn record_event(tx: &mut Tx, e: Event<'_>) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO work_order_events (work_order_id, at, actor_staff_id, kind, from_group_id, to_group_id, from_staff_id, \
         to_staff_id, status, note, created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $2, $2)",
    )
    .bind(e.order_id)
    .bind(e.at)
    .bind(e.actor_staff_id)
    .bind(e.kind.as_str())
    .bind(e.from_group_id)
    .bind(e.to_group_id)
    .bind(e.from_staff_id)
    .bind(e.to_staff_id)
    .bind(e.status.map(WorkOrderStatus::as_str))
    .bind(e.note)
    .execute(&mut **tx)
    .await?;
    // A status change is the customer's news too; routing, assignment and transfers are not.
    crate::backend::platform::live::work_order_changed(tx, e.order_id, e.status.is_some()).await
}

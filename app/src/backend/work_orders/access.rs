//! Who may do what with a work order: reading one by its number, holding its row for a
//! change, and the caller's reach (none, read, act): the one rule the desk, the references
//! and the presence check share.

use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::{stored, Tx};
use crate::domain::service_level::Deadlines;
use crate::domain::{Priority, Role, WorkOrderKind, WorkOrderStatus};
use crate::error::AppError;

#[derive(sqlx::FromRow)]
pub struct OrderRow {
    pub id: i64,
    pub order_no: String,
    pub customer_id: i64,
    pub kind: String,
    pub status: String,
    pub priority: String,
    pub skill_group_id: Option<i64>,
    pub assignee_staff_id: Option<i64>,
    pub first_response_due: Option<i64>,
    pub first_response_at: Option<i64>,
    pub next_response_due: Option<i64>,
    pub resolution_due: Option<i64>,
    pub resolved_at: Option<i64>,
    pub paused_at: Option<i64>,
    pub resolution_code: Option<String>,
    pub complaint_category: Option<String>,
}

const ORDER_SELECT: &str =
    "SELECT id, order_no, customer_id, kind, status, priority, skill_group_id, assignee_staff_id, \
     first_response_due, first_response_at, next_response_due, resolution_due, resolved_at, paused_at, \
     resolution_code, complaint_category FROM work_orders";

impl OrderRow {
    pub(crate) fn status(&self) -> Result<WorkOrderStatus, AppError> {
        stored(WorkOrderStatus::parse(&self.status), "work order status")
    }
    pub(crate) fn kind(&self) -> Result<WorkOrderKind, AppError> {
        stored(WorkOrderKind::parse(&self.kind), "work order kind")
    }
    pub(crate) fn priority(&self) -> Result<Priority, AppError> {
        stored(Priority::parse(&self.priority), "priority")
    }
    pub(crate) fn deadlines(&self) -> Deadlines {
        Deadlines {
            first_response_due: self.first_response_due,
            first_response_at: self.first_response_at,
            next_response_due: self.next_response_due,
            resolution_due: self.resolution_due,
            resolved_at: self.resolved_at,
        }
    }
}

pub async fn order_by_number(conn: &mut sqlx::AnyConnection, order_no: &str) -> Result<Option<OrderRow>, AppError> {
    Ok(sqlx::query_as(&format!(
        "{ORDER_SELECT} WHERE order_no = $1 AND merged_into_id IS NULL"
    ))
    .bind(order_no)
    .fetch_optional(conn)
    .await?)
}

async fn in_group(conn: &mut sqlx::AnyConnection, staff_id: i64, group_id: Option<i64>) -> Result<bool, AppError> {
    let Some(group_id) = group_id else { return Ok(false) };
    let row = sqlx::query("SELECT staff_id FROM staff_skill_groups WHERE staff_id = $1 AND skill_group_id = $2")
        .bind(staff_id)
        .bind(group_id)
        .fetch_optional(conn)
        .await?;
    Ok(row.is_some())
}

/// The work order, its row held until the transaction ends: a merge or a colleague's step
/// at the same moment waits, and what is read is what the change applies to (a work order
/// merged away meanwhile is not found). On SQLite the write lock already does this.
pub(crate) async fn order_to_write(tx: &mut Tx, order_no: &str) -> Result<OrderRow, AppError> {
    sqlx::query("UPDATE work_orders SET updated_at = updated_at WHERE order_no = $1")
        .bind(order_no)
        .execute(&mut **tx)
        .await?;
    order_by_number(tx, order_no).await?.ok_or(AppError::NotFound)
}

/// What the caller may do with a work order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub(crate) enum Reach {
    /// Outside their groups and not theirs: as if it did not exist.
    None,
    /// In their groups but someone else's: they may read it.
    Read,
    /// Theirs, unassigned in their groups, or they supervise.
    Act,
}

pub(crate) async fn reach(
    conn: &mut sqlx::AnyConnection,
    staff: &StaffCaller,
    order: &OrderRow,
) -> Result<Reach, AppError> {
    if staff.role.at_least(Role::Supervisor) || order.assignee_staff_id == Some(staff.staff_id) {
        return Ok(Reach::Act);
    }
    if in_group(conn, staff.staff_id, order.skill_group_id).await? {
        return Ok(if order.assignee_staff_id.is_none() {
            Reach::Act
        } else {
            Reach::Read
        });
    }
    Ok(Reach::None)
}

/// Whether the caller may see the work order at all (what `detail` answers 404 to, they
/// may not): the scope of everything said about it, such as who else has it open.
pub async fn visible_to(conn: &mut sqlx::AnyConnection, staff: &StaffCaller, order_no: &str) -> Result<bool, AppError> {
    let Some(order) = order_by_number(conn, order_no).await? else {
        return Ok(false);
    };
    Ok(reach(conn, staff, &order).await? != Reach::None)
}

/// The work order as the caller may act on it, in their transaction: 404 outside their
/// reach, 403 `not_yours` when it is a colleague's.
pub(crate) async fn order_to_act_on(tx: &mut Tx, staff: &StaffCaller, order_no: &str) -> Result<OrderRow, AppError> {
    let order = order_to_write(tx, order_no).await?;
    match reach(tx, staff, &order).await? {
        Reach::None => Err(AppError::NotFound),
        Reach::Read => Err(AppError::conflict(
            "work_order",
            "not_yours",
            "A colleague has this work order; ask them or a supervisor to pass it on",
        )),
        Reach::Act => Ok(order),
    }
}

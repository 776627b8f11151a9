//! Routing and assignment: each work order is routed by kind (and product line) to a skill
//! group, and new work goes to the least-loaded available agent of the group who has room.

use crate::backend::messaging::staff_alerts::{self, Alert};
use crate::backend::platform::facts;
use crate::backend::{measures, platform, Tx};
use crate::domain::service_level::Deadlines;
use crate::domain::{Priority, StaffAlertKind, WorkOrderEventKind, WorkOrderKind, WorkOrderStatus};
use crate::error::AppError;

use super::history::{record_event, Event};

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
}

/// The skill group for a kind of work order about a policy of `line` (if any): a route for
/// that line wins over the kind's general route.
async fn group_for(tx: &mut Tx, kind: WorkOrderKind, line: Option<&str>) -> Result<Option<i64>, AppError> {
    #[derive(sqlx::FromRow)]
    struct RouteRow {
        skill_group_id: i64,
    }
    let row: Option<RouteRow> = sqlx::query_as(
        "SELECT skill_group_id FROM work_order_routes WHERE kind = $1 AND line IN ($2, 'any') \
         ORDER BY CASE WHEN line = 'any' THEN 1 ELSE 0 END LIMIT 1",
    )
    .bind(kind.as_str())
    .bind(line.unwrap_or("any"))
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.skill_group_id))
}

/// A new work order to route.
pub struct ToRoute<'a> {
    pub id: i64,
    pub order_no: &'a str,
    pub kind: WorkOrderKind,
    pub policy_id: Option<i64>,
    pub priority: Priority,
    pub at: i64,
}

/// Routes a new work order to its group, sets its deadlines, and gives it to the
/// least-loaded available agent of the group with room, if there is one. Returns the
/// assignee.
pub async fn route_new(tx: &mut Tx, order: ToRoute<'_>) -> Result<Option<i64>, AppError> {
    #[derive(sqlx::FromRow)]
    struct LineRow {
        line: String,
    }
    let line: Option<LineRow> = match order.policy_id {
        Some(policy_id) => {
            sqlx::query_as("SELECT pr.line FROM policies p JOIN products pr ON pr.id = p.product_id WHERE p.id = $1")
                .bind(policy_id)
                .fetch_optional(&mut **tx)
                .await?
        }
        None => None,
    };
    let group_id = group_for(tx, order.kind, line.as_ref().map(|l| l.line.as_str())).await?;
    let calendar = platform::calendar::calendar(tx).await?;
    let targets = platform::calendar::targets(tx, order.kind, order.priority).await?;
    let deadlines = Deadlines {
        first_response_due: Some(targets.first_response.due(&calendar, order.at)),
        resolution_due: Some(targets.resolution.due(&calendar, order.at)),
        ..Deadlines::default()
    };
    sqlx::query(
        "UPDATE work_orders SET skill_group_id = $1, first_response_due = $2, resolution_due = $3, next_due = $4 \
         WHERE id = $5",
    )
    .bind(group_id)
    .bind(deadlines.first_response_due)
    .bind(deadlines.resolution_due)
    .bind(deadlines.running(WorkOrderStatus::Open))
    .bind(order.id)
    .execute(&mut **tx)
    .await?;
    let mut routed = Event::new(order.id, order.at, None, WorkOrderEventKind::Routed);
    routed.to_group_id = group_id;
    record_event(tx, routed).await?;
    let agent = match group_id {
        Some(group_id) => least_loaded_agent(tx, group_id).await?,
        None => None,
    };
    let Some(agent) = agent else {
        facts::work_order_changed(tx, order.id, None, order.at).await?;
        return Ok(None);
    };
    sqlx::query("UPDATE work_orders SET assignee_staff_id = $1 WHERE id = $2")
        .bind(agent)
        .bind(order.id)
        .execute(&mut **tx)
        .await?;
    let mut assigned = Event::new(order.id, order.at, None, WorkOrderEventKind::Assigned);
    assigned.to_staff_id = Some(agent);
    record_event(tx, assigned).await?;
    facts::work_order_changed(tx, order.id, None, order.at).await?;
    staff_alerts::raise(
        tx,
        Alert {
            staff_id: agent,
            kind: StaffAlertKind::Assigned,
            order_no: order.order_no,
            dedup_key: format!("assigned:{}:{}", order.order_no, order.at),
            at: order.at,
        },
    )
    .await?;
    Ok(Some(agent))
}

/// Takes a member of staff's row lock until the transaction ends, so that decisions about
/// their load (assignment, take next) queue instead of racing. SQLite's write transaction
/// already holds the database lock.
pub(super) async fn lock_staff(tx: &mut Tx, staff_id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE staff SET updated_at = updated_at WHERE id = $1")
        .bind(staff_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// How many open work orders a member of staff has now.
pub(super) async fn load_of(conn: &mut sqlx::AnyConnection, staff_id: i64) -> Result<i64, AppError> {
    #[derive(sqlx::FromRow)]
    struct CountRow {
        n: i64,
    }
    let row: CountRow = sqlx::query_as(&format!("SELECT {} AS n", measures::handler_load("$1")))
        .bind(staff_id)
        .fetch_one(conn)
        .await?;
    Ok(row.n)
}

/// The available agent of the group with the fewest open work orders and room for one more
/// (never one who is offline, away or busy, never one at capacity); the row is locked and
/// the load checked again under the lock.
async fn least_loaded_agent(tx: &mut Tx, group_id: i64) -> Result<Option<i64>, AppError> {
    let candidates: Vec<IdRow> = sqlx::query_as(&format!(
        "SELECT a.id FROM (SELECT s.id, s.capacity, {} AS load \
           FROM staff s JOIN staff_skill_groups sg ON sg.staff_id = s.id \
           WHERE sg.skill_group_id = $1 AND s.active = 1 AND s.status = 'available' AND s.role = 'agent') a \
         WHERE a.load < a.capacity ORDER BY a.load, a.id LIMIT 3",
        measures::handler_load("s.id")
    ))
    .bind(group_id)
    .fetch_all(&mut **tx)
    .await?;
    for candidate in candidates {
        lock_staff(tx, candidate.id).await?;
        let capacity = capacity_of(tx, candidate.id).await?;
        if load_of(tx, candidate.id).await? < capacity {
            return Ok(Some(candidate.id));
        }
    }
    Ok(None)
}

pub(super) async fn capacity_of(conn: &mut sqlx::AnyConnection, staff_id: i64) -> Result<i64, AppError> {
    #[derive(sqlx::FromRow)]
    struct CapacityRow {
        capacity: i64,
    }
    let row: CapacityRow = sqlx::query_as("SELECT capacity FROM staff WHERE id = $1")
        .bind(staff_id)
        .fetch_one(conn)
        .await?;
    Ok(row.capacity)
}

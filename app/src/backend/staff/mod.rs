//! Staff accounts and the skill groups (技能组) they work in.

pub mod accounts;
pub mod presence;

use crate::backend::platform::live;
use crate::backend::Tx;
use crate::domain::{Role, StaffStatus, WorkOrderKind};
use crate::error::AppError;

pub struct NewStaff<'a> {
    pub username: &'a str,
    pub display_name: &'a str,
    pub role: Role,
    /// An argon2id hash.
    pub password_hash: &'a str,
    /// Work orders they take at once.
    pub capacity: i64,
    /// The payout they may approve alone, when set for them (else their role's).
    pub claim_limit: Option<crate::domain::Money>,
    /// Signs in with a one-time password, to be replaced first.
    pub must_change_password: bool,
}

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
}

/// The one insert into `staff`; answers the id.
pub async fn insert(tx: &mut Tx, staff: &NewStaff<'_>, at: i64) -> Result<i64, AppError> {
    let row: IdRow = sqlx::query_as(
        "INSERT INTO staff (username, display_name, role, password_hash, active, capacity, claim_limit_fen, \
         must_change_password, created_at, updated_at) VALUES ($1, $2, $3, $4, 1, $5, $6, $7, $8, $8) RETURNING id",
    )
    .bind(staff.username)
    .bind(staff.display_name)
    .bind(staff.role.as_str())
    .bind(staff.password_hash)
    .bind(staff.capacity)
    .bind(staff.claim_limit.map(crate::domain::Money::fen))
    .bind(i64::from(staff.must_change_password))
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.id)
}

pub async fn join_skill_group(tx: &mut Tx, staff_id: i64, skill_group_id: i64, at: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO staff_skill_groups (staff_id, skill_group_id, created_at, updated_at) VALUES ($1, $2, $3, $3)",
    )
    .bind(staff_id)
    .bind(skill_group_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Sets a member of staff's presence and how many open work orders they take at once.
pub async fn set_presence(
    tx: &mut Tx,
    staff_id: i64,
    status: StaffStatus,
    capacity: i64,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query("UPDATE staff SET capacity = $1 WHERE id = $2")
        .bind(capacity)
        .bind(staff_id)
        .execute(&mut **tx)
        .await?;
    set_status(tx, staff_id, status, at).await
}

/// Sets a member of staff's presence. When it changes, the time is kept (the live board
/// shows how long each agent has been so) and the supervisors' boards hear of it.
pub async fn set_status(tx: &mut Tx, staff_id: i64, status: StaffStatus, at: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE staff SET status_since = CASE WHEN status = $1 THEN status_since ELSE $2 END, status = $1, \
         updated_at = $2 WHERE id = $3",
    )
    .bind(status.as_str())
    .bind(at)
    .bind(staff_id)
    .execute(&mut **tx)
    .await?;
    let event = live::LiveEvent {
        to: live::Audience::Staff,
        change: crate::model::live::LiveChange::Presence,
    };
    live::publish(tx, &event).await
}

/// A skill group's id by its code.
pub async fn skill_group_id(tx: &mut Tx, code: &str) -> Result<Option<i64>, AppError> {
    let row: Option<IdRow> = sqlx::query_as("SELECT id FROM skill_groups WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut **tx)
        .await?;
    Ok(row.map(|r| r.id))
}

/// `IN (...)`: the staff who work in a group that `kind` work orders are routed to
/// (`work_order_routes`), as SQL to put after a staff id. The kind is an enum's own text.
pub fn handlers_of(kind: WorkOrderKind) -> String {
    format!(
        "IN (SELECT sg.staff_id FROM staff_skill_groups sg \
         JOIN work_order_routes r ON r.skill_group_id = sg.skill_group_id WHERE r.kind = '{}')",
        kind.as_str()
    )
}

/// Whether the member of staff works in a group that `kind` work orders are routed to:
/// who handles claims, who reviews policy services.
pub async fn handles(conn: &mut sqlx::AnyConnection, staff_id: i64, kind: WorkOrderKind) -> Result<bool, AppError> {
    let row = sqlx::query(&format!(
        "SELECT id FROM staff WHERE id = $1 AND id {}",
        handlers_of(kind)
    ))
    .bind(staff_id)
    .fetch_optional(conn)
    .await?;
    Ok(row.is_some())
}

/// Every active member of staff who works in a group, with presence and load
/// (`measures::handler_load`).
pub async fn colleagues(conn: &mut sqlx::AnyConnection) -> Result<Vec<crate::model::work_orders::Colleague>, AppError> {
    #[derive(sqlx::FromRow)]
    struct ColleagueRow {
        id: i64,
        display_name: String,
        status: String,
        capacity: i64,
        load: i64,
    }
    #[derive(sqlx::FromRow)]
    struct MembershipRow {
        staff_id: i64,
        code: String,
    }
    let rows: Vec<ColleagueRow> = sqlx::query_as(&format!(
        "SELECT s.id, s.display_name, s.status, s.capacity, {} AS load \
         FROM staff s WHERE s.active = 1 AND s.id IN (SELECT staff_id FROM staff_skill_groups) ORDER BY s.id",
        crate::backend::measures::handler_load("s.id")
    ))
    .fetch_all(&mut *conn)
    .await?;
    let memberships: Vec<MembershipRow> = sqlx::query_as(
        "SELECT sg.staff_id, g.code FROM staff_skill_groups sg JOIN skill_groups g ON g.id = sg.skill_group_id \
         ORDER BY g.id",
    )
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(crate::model::work_orders::Colleague {
                id: r.id,
                name: r.display_name,
                status: crate::backend::stored(StaffStatus::parse(&r.status), "staff status")?,
                load: r.load,
                capacity: r.capacity,
                groups: memberships
                    .iter()
                    .filter(|m| m.staff_id == r.id)
                    .map(|m| m.code.clone())
                    .collect(),
            })
        })
        .collect()
}

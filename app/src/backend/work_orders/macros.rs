//! Macros (快捷回复): the shared canned replies and each agent's own, filled in for the work
//! order at hand; agents save and delete their own.

use crate::backend::audit::{self, AuditEntry};
use crate::backend::auth::guard::StaffCaller;
use crate::backend::Db;
use crate::domain::{check_macro_body, fill_macro, Invalid, MacroContext, WorkOrderStatus, MACRO_TITLE};
use crate::error::AppError;
use crate::model::desk::MacroChoice;

#[derive(sqlx::FromRow)]
struct MacroRow {
    id: i64,
    owner_staff_id: Option<i64>,
    title: String,
    body: String,
    sets_status: Option<String>,
}

/// The shared macros, then the caller's own, each filled in for `context`.
pub async fn for_order(
    conn: &mut sqlx::AnyConnection,
    staff_id: i64,
    context: &MacroContext<'_>,
) -> Result<Vec<MacroChoice>, AppError> {
    let rows: Vec<MacroRow> = sqlx::query_as(
        "SELECT id, owner_staff_id, title, body, sets_status FROM macros \
         WHERE owner_staff_id IS NULL OR owner_staff_id = $1 \
         ORDER BY CASE WHEN owner_staff_id IS NULL THEN 0 ELSE 1 END, title, id",
    )
    .bind(staff_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| MacroChoice {
            id: r.id,
            title: r.title,
            body: fill_macro(&r.body, context),
            sets_status: r.sets_status.as_deref().and_then(WorkOrderStatus::parse),
            shared: r.owner_staff_id.is_none(),
        })
        .collect())
}

/// Saves one of the caller's own macros; answers its id.
pub async fn save(
    db: &Db,
    staff: &StaffCaller,
    title: &str,
    body: &str,
    sets_status: &str,
    now: i64,
) -> Result<i64, AppError> {
    let title = MACRO_TITLE.check(title).map_err(|e| AppError::invalid("title", e))?;
    let body = check_macro_body(body).map_err(|e| AppError::invalid("body", e))?;
    let sets_status = match sets_status.trim() {
        "" => None,
        text => Some(
            WorkOrderStatus::parse(text)
                .filter(|s| *s != WorkOrderStatus::Open)
                .ok_or_else(|| {
                    AppError::invalid("sets_status", Invalid::new("status_invalid", "Choose the new status"))
                })?,
        ),
    };
    #[derive(sqlx::FromRow)]
    struct IdRow {
        id: i64,
    }
    let mut tx = db.begin_write().await?;
    let row: IdRow = sqlx::query_as(
        "INSERT INTO macros (owner_staff_id, title, body, sets_status, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) RETURNING id",
    )
    .bind(staff.staff_id)
    .bind(&title)
    .bind(&body)
    .bind(sets_status.map(WorkOrderStatus::as_str))
    .bind(now)
    .fetch_one(&mut *tx)
    .await?;
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "macro.saved",
            customer_id: None,
            detail: format!("macro={} title={title}", row.id),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Deletes one of the caller's own macros; a shared one or a colleague's is not found.
pub async fn delete(db: &Db, staff: &StaffCaller, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let deleted = sqlx::query("DELETE FROM macros WHERE id = $1 AND owner_staff_id = $2")
        .bind(id)
        .bind(staff.staff_id)
        .execute(&mut *tx)
        .await?;
    if deleted.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "macro.deleted",
            customer_id: None,
            detail: format!("macro={id}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

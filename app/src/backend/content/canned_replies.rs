//! Canned replies (快捷回复): the shared canned replies and each agent's own, filled in for the work
//! order at hand; agents save and delete their own, admins the shared ones.

use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::{now_ms, stored, Db, Tx};
use crate::domain::{
    check_canned_reply_body, fill_canned_reply, CannedReplyContext, Invalid, WorkOrderStatus, CANNED_REPLY_TITLE,
};
use crate::error::AppError;
use crate::model::admin::SharedCannedReply;
use crate::model::work_orders::CannedReplyChoice;

#[derive(sqlx::FromRow)]
struct CannedReplyRow {
    id: i64,
    owner_staff_id: Option<i64>,
    title: String,
    body: String,
    sets_status: Option<String>,
}

/// The shared canned_replies, then the caller's own, each filled in for `context`.
pub async fn for_order(
    conn: &mut sqlx::AnyConnection,
    staff_id: i64,
    context: &CannedReplyContext<'_>,
) -> Result<Vec<CannedReplyChoice>, AppError> {
    let rows: Vec<CannedReplyRow> = sqlx::query_as(
        "SELECT id, owner_staff_id, title, body, sets_status FROM canned_replies \
         WHERE owner_staff_id IS NULL OR owner_staff_id = $1 \
         ORDER BY CASE WHEN owner_staff_id IS NULL THEN 0 ELSE 1 END, title, id",
    )
    .bind(staff_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CannedReplyChoice {
            id: r.id,
            title: r.title,
            body: fill_canned_reply(&r.body, context),
            sets_status: r.sets_status.as_deref().and_then(WorkOrderStatus::parse),
            shared: r.owner_staff_id.is_none(),
        })
        .collect())
}

/// A canned reply's title, body (known placeholders only) and the status it sets (not `open`).
fn check(title: &str, body: &str, sets_status: &str) -> Result<(String, String, Option<WorkOrderStatus>), AppError> {
    let title = CANNED_REPLY_TITLE
        .check(title)
        .map_err(|e| AppError::invalid("title", e))?;
    let body = check_canned_reply_body(body).map_err(|e| AppError::invalid("body", e))?;
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
    Ok((title, body, sets_status))
}

#[derive(sqlx::FromRow)]
struct SharedRow {
    id: i64,
    title: String,
    body: String,
    sets_status: Option<String>,
}

impl SharedRow {
    fn into_canned_reply(self) -> Result<SharedCannedReply, AppError> {
        Ok(SharedCannedReply {
            sets_status: match self.sets_status {
                Some(text) => Some(stored(WorkOrderStatus::parse(&text), "work-order status")?),
                None => None,
            },
            id: self.id,
            title: self.title,
            body: self.body,
        })
    }
}

const SHARED: &str = "SELECT id, title, body, sets_status FROM canned_replies WHERE owner_staff_id IS NULL";

/// The shared canned_replies every agent has, by title.
pub async fn list_shared(db: &Db) -> Result<Vec<SharedCannedReply>, AppError> {
    let rows: Vec<SharedRow> = sqlx::query_as(&format!("{SHARED} ORDER BY title, id"))
        .fetch_all(&db.pool)
        .await?;
    rows.into_iter().map(SharedRow::into_canned_reply).collect()
}

async fn shared_in(tx: &mut Tx, id: i64) -> Result<SharedCannedReply, AppError> {
    let row: Option<SharedRow> = sqlx::query_as(&format!("{SHARED} AND id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.ok_or(AppError::NotFound)?.into_canned_reply()
}

/// Writes a shared canned reply (a new one without `id`); every agent has it at once. Audited
/// with before and after.
pub async fn save_shared(
    db: &Db,
    staff_id: i64,
    id: Option<i64>,
    title: &str,
    body: &str,
    sets_status: &str,
) -> Result<SharedCannedReply, AppError> {
    let (title, body, sets_status) = check(title, body, sets_status)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let before = match id {
        Some(id) => Some(shared_in(&mut tx, id).await?),
        None => None,
    };
    let id = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE canned_replies SET title = $1, body = $2, sets_status = $3, updated_at = $4 WHERE id = $5",
            )
            .bind(&title)
            .bind(&body)
            .bind(sets_status.map(WorkOrderStatus::as_str))
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            id
        }
        None => {
            sqlx::query_scalar(
                "INSERT INTO canned_replies (owner_staff_id, title, body, sets_status, created_at, updated_at) \
                 VALUES (NULL, $1, $2, $3, $4, $4) RETURNING id",
            )
            .bind(&title)
            .bind(&body)
            .bind(sets_status.map(WorkOrderStatus::as_str))
            .bind(now)
            .fetch_one(&mut *tx)
            .await?
        }
    };
    let after = shared_in(&mut tx, id).await?;
    let detail = serde_json::json!({ "canned_reply": id, "before": before, "after": after });
    audit::record_change(
        &mut tx,
        staff_id,
        if before.is_some() {
            "canned_reply.shared_update"
        } else {
            "canned_reply.shared_create"
        },
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes a shared canned reply (agents' own are theirs to delete).
pub async fn delete_shared(db: &Db, staff_id: i64, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let before = shared_in(&mut tx, id).await?;
    sqlx::query("DELETE FROM canned_replies WHERE id = $1 AND owner_staff_id IS NULL")
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let detail = serde_json::json!({ "canned_reply": id, "before": before, "after": null });
    audit::record_change(&mut tx, staff_id, "canned_reply.shared_delete", detail).await?;
    tx.commit().await?;
    Ok(())
}

/// Saves one of the caller's own canned_replies; answers its id.
pub async fn save(
    db: &Db,
    staff: &StaffCaller,
    title: &str,
    body: &str,
    sets_status: &str,
    now: i64,
) -> Result<i64, AppError> {
    let (title, body, sets_status) = check(title, body, sets_status)?;
    #[derive(sqlx::FromRow)]
    struct IdRow {
        id: i64,
    }
    let mut tx = db.begin_write().await?;
    let row: IdRow = sqlx::query_as(
        "INSERT INTO canned_replies (owner_staff_id, title, body, sets_status, created_at, updated_at) \
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
            action: "canned_reply.saved",
            customer_id: None,
            detail: format!("canned_reply={} title={title}", row.id),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(row.id)
}

/// Deletes one of the caller's own canned_replies; a shared one or a colleague's is not found.
pub async fn delete(db: &Db, staff: &StaffCaller, id: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let deleted = sqlx::query("DELETE FROM canned_replies WHERE id = $1 AND owner_staff_id = $2")
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
            action: "canned_reply.deleted",
            customer_id: None,
            detail: format!("canned_reply={id}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

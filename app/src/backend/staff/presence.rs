//! "Who else is on this case" (协同提示): each open case page in the console reports every
//! few seconds, saying whether its agent is writing to the customer; the answer names the
//! colleagues on the same case now, so two agents do not answer one customer twice.
//! Kept in the database, so it holds across server processes.

use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::Db;
use crate::error::AppError;
use crate::model::work_orders::CaseViewer;

/// A report older than this is someone who left.
pub const FRESH_MS: i64 = 30_000;

/// Records that the caller has `case_no` (a work order or a claim) open, and whether they
/// are typing a reply, and answers the colleagues who have it open too. The caller checks
/// first that the case is one they may see (its area's `visible_to`).
pub async fn heartbeat(
    db: &Db,
    staff: &StaffCaller,
    case_no: &str,
    typing: bool,
    now: i64,
) -> Result<Vec<CaseViewer>, AppError> {
    let mut conn = db.pool.acquire().await?;
    sqlx::query(
        "INSERT INTO case_viewers (case_no, staff_id, typing, seen_at) VALUES ($1, $2, $3, $4) \
         ON CONFLICT (case_no, staff_id) DO UPDATE SET typing = excluded.typing, seen_at = excluded.seen_at",
    )
    .bind(case_no)
    .bind(staff.staff_id)
    .bind(i64::from(typing))
    .bind(now)
    .execute(&mut *conn)
    .await?;
    // Someone's stale rows go with anyone's report, now and then.
    if now % 20 == 0 {
        sqlx::query("DELETE FROM case_viewers WHERE seen_at < $1")
            .bind(now - 10 * FRESH_MS)
            .execute(&mut *conn)
            .await?;
    }
    #[derive(sqlx::FromRow)]
    struct ViewerRow {
        display_name: String,
        typing: i64,
    }
    let rows: Vec<ViewerRow> = sqlx::query_as(
        "SELECT s.display_name, v.typing FROM case_viewers v JOIN staff s ON s.id = v.staff_id \
         WHERE v.case_no = $1 AND v.staff_id <> $2 AND v.seen_at > $3 ORDER BY s.display_name",
    )
    .bind(case_no)
    .bind(staff.staff_id)
    .bind(now - FRESH_MS)
    .fetch_all(&mut *conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CaseViewer {
            name: r.display_name,
            typing: r.typing != 0,
        })
        .collect())
}

/// The caller closed the case page.
pub async fn leave(db: &Db, staff: &StaffCaller, case_no: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM case_viewers WHERE case_no = $1 AND staff_id = $2")
        .bind(case_no)
        .bind(staff.staff_id)
        .execute(&db.pool)
        .await?;
    Ok(())
}

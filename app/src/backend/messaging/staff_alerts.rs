//! Alerts in the console (a deadline about to pass or passed, work assigned, a customer's
//! reply), each sent once per member of staff however many processes notice it.

use crate::backend::measures;
use crate::backend::platform::live::{self, Audience, LiveEvent};
use crate::backend::Tx;
use crate::domain::StaffAlertKind;
use crate::error::AppError;
use crate::model::live::LiveChange;

pub struct Alert<'a> {
    pub staff_id: i64,
    pub kind: StaffAlertKind,
    pub order_no: &'a str,
    /// What makes it this alert and no other (`breached:WO…:1795…`).
    pub dedup_key: String,
    pub at: i64,
}

/// Tells the member of staff's open console of a new alert; answers whether it was new.
async fn told(tx: &mut Tx, staff_id: i64, new: bool) -> Result<bool, AppError> {
    if new {
        let event = LiveEvent {
            to: Audience::OneStaff(staff_id),
            change: LiveChange::Alerts,
        };
        live::publish(tx, &event).await?;
    }
    Ok(new)
}

/// Records the alert unless this member of staff already has it; returns whether it is new.
pub async fn raise(tx: &mut Tx, alert: Alert<'_>) -> Result<bool, AppError> {
    let params = serde_json::json!({ "order_no": alert.order_no }).to_string();
    let done = sqlx::query(
        "INSERT INTO staff_alerts (staff_id, kind, params, link, dedup_key, read_at, at, created_at, updated_at) \
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
    told(tx, alert.staff_id, done.rows_affected() > 0).await
}

/// A call the telephony system (CTI) puts through to a member of staff: the console pops
/// up who is calling, with their page (or a search by their number when nobody has it).
/// Once per call however often the system reports it; answers whether it was new.
pub async fn incoming_call(
    tx: &mut Tx,
    staff_id: i64,
    call_id: &str,
    subject: &str,
    link: &str,
    at: i64,
) -> Result<bool, AppError> {
    let params = serde_json::json!({ "subject": subject, "call_id": call_id }).to_string();
    let done = sqlx::query(
        "INSERT INTO staff_alerts (staff_id, kind, params, link, dedup_key, read_at, at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, NULL, $6, $6, $6) ON CONFLICT (staff_id, dedup_key) DO NOTHING",
    )
    .bind(staff_id)
    .bind(StaffAlertKind::IncomingCall.as_str())
    .bind(&params)
    .bind(link)
    .bind(format!("call:{call_id}"))
    .bind(at)
    .execute(&mut **tx)
    .await?;
    told(tx, staff_id, done.rows_affected() > 0).await
}

/// An alert about the service itself (not one case) to every active supervisor and admin,
/// with `subject` as its line and an optional `link`; once per person and `dedup_key`.
/// Answers how many were told.
pub async fn raise_to_supervisors(
    tx: &mut Tx,
    kind: StaffAlertKind,
    subject: &str,
    link: Option<&str>,
    dedup_key: &str,
    at: i64,
) -> Result<usize, AppError> {
    #[derive(sqlx::FromRow)]
    struct IdRow {
        id: i64,
    }
    let to: Vec<IdRow> = sqlx::query_as("SELECT id FROM staff WHERE role IN ('supervisor', 'admin') AND active = 1")
        .fetch_all(&mut **tx)
        .await?;
    let params = serde_json::json!({ "subject": subject }).to_string();
    let mut told_now = 0;
    for IdRow { id } in to {
        let done = sqlx::query(
            "INSERT INTO staff_alerts (staff_id, kind, params, link, dedup_key, read_at, at, created_at, updated_at) \
             VALUES ($1, $2, $3, $4, $5, NULL, $6, $6, $6) ON CONFLICT (staff_id, dedup_key) DO NOTHING",
        )
        .bind(id)
        .bind(kind.as_str())
        .bind(&params)
        .bind(link)
        .bind(dedup_key)
        .bind(at)
        .execute(&mut **tx)
        .await?;
        if told(tx, id, done.rows_affected() > 0).await? {
            told_now += 1;
        }
    }
    Ok(told_now)
}

/// How many work orders one sweep looks at, so a backlog is worked off over a few rounds.
const SWEEP_BATCH: i64 = 500;

/// Warns before a service-level deadline passes and when it has: the assignee is told a
/// deadline is due soon; the assignee and every supervisor are told it was breached. Once
/// per deadline and person, however many processes sweep at once. Answers how many alerts
/// were new.
pub async fn sweep_deadlines(db: &crate::backend::Db, now: i64) -> Result<usize, AppError> {
    use crate::domain::service_level::DUE_SOON_MS;
    #[derive(sqlx::FromRow)]
    struct DueRow {
        id: i64,
        order_no: String,
        assignee_staff_id: Option<i64>,
        next_due: i64,
    }
    let mut conn = db.pool.acquire().await?;
    // Overdue and due soon as the desk counts them (`measures`); finished work orders and
    // those awaiting the customer have no running deadline. Each read from an index of the
    // work not yet alerted for it (`work_orders_breach_unalerted_idx`,
    // `work_orders_due_soon_unalerted_idx`): one condition over both read every breached
    // work order at each sweep, alerted or not.
    let due: Vec<DueRow> = sqlx::query_as(&format!(
        "SELECT * FROM ( \
           SELECT * FROM (SELECT w.id, w.order_no, w.assignee_staff_id, w.next_due FROM work_orders w \
             WHERE {overdue} AND COALESCE(w.breach_alerted_for, -1) <> w.next_due ORDER BY w.next_due LIMIT $3) b \
           UNION ALL \
           SELECT * FROM (SELECT w.id, w.order_no, w.assignee_staff_id, w.next_due FROM work_orders w \
             WHERE {due_soon} AND COALESCE(w.due_soon_alerted_for, -1) <> w.next_due ORDER BY w.next_due LIMIT $3) s \
         ) d ORDER BY next_due LIMIT $3",
        overdue = measures::work_order_overdue("w", "$2"),
        due_soon = measures::work_order_due_soon("w", "$2", "$1"),
    ))
    .bind(now + DUE_SOON_MS)
    .bind(now)
    .bind(SWEEP_BATCH)
    .fetch_all(&mut *conn)
    .await?;
    if due.is_empty() {
        return Ok(0);
    }
    #[derive(sqlx::FromRow)]
    struct IdRow {
        id: i64,
    }
    let supervisors: Vec<IdRow> = sqlx::query_as("SELECT id FROM staff WHERE role = 'supervisor' AND active = 1")
        .fetch_all(&mut *conn)
        .await?;
    drop(conn);
    let mut raised = 0;
    let mut tx = db.begin_write().await?;
    for order in &due {
        let (kind, to): (StaffAlertKind, Vec<i64>) = if order.next_due <= now {
            let mut to: Vec<i64> = supervisors.iter().map(|s| s.id).collect();
            to.extend(order.assignee_staff_id);
            (StaffAlertKind::Breached, to)
        } else {
            (StaffAlertKind::DueSoon, order.assignee_staff_id.into_iter().collect())
        };
        let column = if kind == StaffAlertKind::Breached {
            "breach_alerted_for"
        } else {
            "due_soon_alerted_for"
        };
        sqlx::query(&format!("UPDATE work_orders SET {column} = $1 WHERE id = $2"))
            .bind(order.next_due)
            .bind(order.id)
            .execute(&mut *tx)
            .await?;
        for staff_id in to {
            let alert = Alert {
                staff_id,
                kind,
                order_no: &order.order_no,
                dedup_key: format!("{}:{}:{}", kind.as_str(), order.order_no, order.next_due),
                at: now,
            };
            if raise(&mut tx, alert).await? {
                raised += 1;
            }
        }
    }
    tx.commit().await?;
    Ok(raised)
}

/// A member of staff's alerts, newest first, and how many are unread.
pub async fn list(
    db: &crate::backend::Db,
    staff_id: i64,
    limit: i64,
) -> Result<crate::model::work_orders::StaffAlerts, AppError> {
    use crate::model::work_orders::StaffAlert;
    #[derive(sqlx::FromRow)]
    struct AlertRow {
        id: i64,
        kind: String,
        params: String,
        link: Option<String>,
        read_at: Option<i64>,
        at: i64,
    }
    #[derive(sqlx::FromRow)]
    struct CountRow {
        count: i64,
    }
    let mut conn = db.pool.acquire().await?;
    let rows: Vec<AlertRow> = sqlx::query_as(
        "SELECT id, kind, params, link, read_at, at FROM staff_alerts WHERE staff_id = $1 \
         ORDER BY at DESC, id DESC LIMIT $2",
    )
    .bind(staff_id)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let unread: CountRow =
        sqlx::query_as("SELECT COUNT(*) AS count FROM staff_alerts WHERE staff_id = $1 AND read_at IS NULL")
            .bind(staff_id)
            .fetch_one(&mut *conn)
            .await?;
    let items = rows
        .into_iter()
        .filter_map(|r| {
            let kind = StaffAlertKind::parse(&r.kind)?;
            let params: serde_json::Value = serde_json::from_str(&r.params).unwrap_or_default();
            Some(StaffAlert {
                id: r.id,
                kind,
                subject: params["order_no"]
                    .as_str()
                    .or(params["subject"].as_str())
                    .unwrap_or_default()
                    .to_string(),
                link: r.link,
                read: r.read_at.is_some(),
                at: r.at,
            })
        })
        .collect();
    Ok(crate::model::work_orders::StaffAlerts {
        items,
        unread: unread.count,
    })
}

/// Marks one alert (or all) of this member of staff read.
pub async fn mark_read(db: &crate::backend::Db, staff_id: i64, id: Option<i64>, now: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE staff_alerts SET read_at = $1, updated_at = $1 \
         WHERE staff_id = $2 AND read_at IS NULL AND ($3 = 0 OR id = $3)",
    )
    .bind(now)
    .bind(staff_id)
    .bind(id.unwrap_or(0))
    .execute(&db.pool)
    .await?;
    Ok(())
}

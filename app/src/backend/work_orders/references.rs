//! What a work order points to beyond itself. A link joins two that belong together (both go on; each shows the
//! other). A merge folds a duplicate into the one that goes on: the duplicate's messages
//! and attachments move over, it closes as a duplicate, and its number leads to the other,
//! so the customer sees one thread. A call recording is a reference the telephony system
//! keeps (played or opened from the work order). Each audited in its transaction.

use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::platform::facts;
use crate::backend::work_orders::access::{order_by_number, reach, OrderRow, Reach};
use crate::backend::work_orders::history::{record_event, Event};
use crate::backend::{platform::live, Db, Tx};
use crate::domain::{check_call_id, check_recording_url, Invalid, ResolutionCode, WorkOrderEventKind, WorkOrderStatus};
use crate::error::AppError;
use crate::model::work_orders::{CallRecording, RelatedOrder};

/// The other work order, named in a form's `other_no`: one the caller can see, not this one.
async fn other_order(tx: &mut Tx, staff: &StaffCaller, this: &OrderRow, other_no: &str) -> Result<OrderRow, AppError> {
    let other_no = other_no.trim().to_ascii_uppercase();
    if other_no.is_empty() {
        return Err(AppError::invalid(
            "other_no",
            Invalid::new("other_order_required", "Enter the other work order's number"),
        ));
    }
    if other_no == this.order_no {
        return Err(AppError::invalid(
            "other_no",
            Invalid::new("other_order_same", "That is this work order"),
        ));
    }
    let unknown = || {
        AppError::invalid(
            "other_no",
            Invalid::new("other_order_unknown", "No open work order you can see has this number"),
        )
    };
    let other = order_by_number(tx, &other_no).await?.ok_or_else(unknown)?;
    if reach(tx, staff, &other).await? == Reach::None {
        return Err(unknown());
    }
    Ok(other)
}

/// Links two work orders; 409 `already_linked` when they are.
pub async fn link(db: &Db, staff: &StaffCaller, order_no: &str, other_no: &str, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    let this = crate::backend::work_orders::access::order_to_act_on(&mut tx, staff, order_no).await?;
    let other = other_order(&mut tx, staff, &this, other_no).await?;
    // One row per pair, the smaller id first, so A-B and B-A are the same link.
    let (first, second) = (this.id.min(other.id), this.id.max(other.id));
    let inserted = sqlx::query(
        "INSERT INTO work_order_links (first_id, second_id, linked_by_staff_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4) ON CONFLICT (first_id, second_id) DO NOTHING",
    )
    .bind(first)
    .bind(second)
    .bind(staff.staff_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::conflict(
            "work_order",
            "already_linked",
            "These work orders are linked already",
        ));
    }
    for order in [&this, &other] {
        live::work_order_changed(&mut tx, order.id, false).await?;
    }
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "work_order.link",
            customer_id: Some(this.customer_id),
            detail: format!("order_no={} other={}", this.order_no, other.order_no),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Merges the duplicate `order_no` into `into_no`, which goes on. Both must be the same
/// customer's; the duplicate must still be open.
pub async fn merge(db: &Db, staff: &StaffCaller, order_no: &str, into_no: &str, now: i64) -> Result<(), AppError> {
    let mut tx = db.begin_write().await?;
    // Found first without holding either row: taking the duplicate's first (as a step on it
    // does) would deadlock with a merge the other way round.
    let duplicate = order_by_number(&mut tx, order_no).await?.ok_or(AppError::NotFound)?;
    if reach(&mut tx, staff, &duplicate).await? == Reach::None {
        return Err(AppError::NotFound);
    }
    let survivor = other_order(&mut tx, staff, &duplicate, into_no).await?;
    // Both rows held, in one order for everyone, then read again: two merges at once (A
    // into B and B into A) find the other done and stop, so no two point at each other.
    for id in [duplicate.id.min(survivor.id), duplicate.id.max(survivor.id)] {
        sqlx::query("UPDATE work_orders SET updated_at = updated_at WHERE id = $1")
            .bind(id)
            .execute(&mut *tx)
            .await?;
    }
    let duplicate = crate::backend::work_orders::access::order_to_act_on(&mut tx, staff, order_no).await?;
    let survivor = other_order(&mut tx, staff, &duplicate, into_no).await?;
    if survivor.customer_id != duplicate.customer_id {
        return Err(AppError::invalid(
            "other_no",
            Invalid::new("merge_other_customer", "Only one customer's work orders can be merged"),
        ));
    }
    if duplicate.status()?.is_finished() {
        return Err(AppError::conflict(
            "work_order",
            "work_order_finished",
            "This work order is finished; reopen it first",
        ));
    }
    if survivor.status()?.is_finished() {
        return Err(AppError::invalid(
            "other_no",
            Invalid::new("merge_into_finished", "Merge into a work order that is still open"),
        ));
    }
    if reach(&mut tx, staff, &survivor).await? != Reach::Act {
        return Err(AppError::conflict(
            "work_order",
            "not_yours",
            "A colleague has this work order; ask them or a supervisor to pass it on",
        ));
    }
    let duplicate_before = facts::work_order_before(&mut tx, duplicate.id).await?;
    let closed = sqlx::query(
        "UPDATE work_orders SET merged_into_id = $1, status = $2, resolution_code = $3, resolved_at = $4, \
           next_due = NULL, updated_at = $4 WHERE id = $5 AND merged_into_id IS NULL",
    )
    .bind(survivor.id)
    .bind(WorkOrderStatus::Closed.as_str())
    .bind(ResolutionCode::Duplicate.as_str())
    .bind(now)
    .bind(duplicate.id)
    .execute(&mut *tx)
    .await?;
    if closed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    facts::work_order_changed(&mut tx, duplicate.id, duplicate_before.as_ref(), now).await?;
    // Anything merged into the duplicate before now leads straight to the survivor.
    sqlx::query("UPDATE work_orders SET merged_into_id = $1 WHERE merged_into_id = $2")
        .bind(survivor.id)
        .bind(duplicate.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE work_order_messages SET work_order_id = $1 WHERE work_order_id = $2")
        .bind(survivor.id)
        .bind(duplicate.id)
        .execute(&mut *tx)
        .await?;
    super::keep_last_public_author(&mut tx, survivor.id).await?;
    // Recordings go along, except a call the one kept has already.
    sqlx::query(
        "UPDATE call_recordings SET work_order_id = $1, updated_at = $3 WHERE work_order_id = $2 \
           AND call_id NOT IN (SELECT r.call_id FROM call_recordings r WHERE r.work_order_id = $1)",
    )
    .bind(survivor.id)
    .bind(duplicate.id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    sqlx::query("UPDATE documents SET attached_to = $1, updated_at = $2 WHERE purpose = $3 AND attached_to = $4")
        .bind(survivor.id)
        .bind(now)
        .bind(crate::domain::DocumentPurpose::WorkOrder.as_str())
        .bind(duplicate.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query("UPDATE work_orders SET updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(survivor.id)
        .execute(&mut *tx)
        .await?;
    let note = duplicate.order_no.clone();
    let mut into = Event::new(survivor.id, now, Some(staff.staff_id), WorkOrderEventKind::Merged);
    into.note = &note;
    record_event(&mut tx, into).await?;
    let mut out = Event::new(duplicate.id, now, Some(staff.staff_id), WorkOrderEventKind::Merged);
    out.note = &survivor.order_no;
    out.status = Some(WorkOrderStatus::Closed);
    record_event(&mut tx, out).await?;
    for order in [&duplicate, &survivor] {
        live::work_order_changed(&mut tx, order.id, true).await?;
    }
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "work_order.merge",
            customer_id: Some(duplicate.customer_id),
            detail: format!("order_no={} into={}", duplicate.order_no, survivor.order_no),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The work orders linked to this one, and those merged into it.
pub async fn related_to(conn: &mut sqlx::AnyConnection, order_id: i64) -> Result<Vec<RelatedOrder>, AppError> {
    #[derive(sqlx::FromRow)]
    struct RelatedRow {
        order_no: String,
        subject: String,
        status: String,
        merged: i64,
        by_name: Option<String>,
        at: i64,
    }
    let rows: Vec<RelatedRow> = sqlx::query_as(
        "SELECT w.order_no, w.subject, w.status, CAST(0 AS BIGINT) AS merged, s.display_name AS by_name, l.created_at AS at \
         FROM work_order_links l JOIN work_orders w ON w.id = CASE WHEN l.first_id = $1 THEN l.second_id ELSE l.first_id END \
         LEFT JOIN staff s ON s.id = l.linked_by_staff_id \
         WHERE l.first_id = $1 OR l.second_id = $1 \
         UNION ALL \
         SELECT w.order_no, w.subject, w.status, CAST(1 AS BIGINT) AS merged, NULL AS by_name, w.updated_at AS at \
         FROM work_orders w WHERE w.merged_into_id = $1 \
         ORDER BY at",
    )
    .bind(order_id)
    .fetch_all(conn)
    .await?;
    rows.into_iter()
        .map(|r| {
            Ok(RelatedOrder {
                order_no: r.order_no,
                subject: r.subject,
                status: crate::backend::stored(WorkOrderStatus::parse(&r.status), "work order status")?,
                merged: r.merged == 1,
                by: r.by_name,
                at: r.at,
            })
        })
        .collect()
}

/// Attaches the recording of a call to a work order; the same call attached again changes
/// nothing.
pub async fn attach_recording(
    db: &Db,
    staff: &StaffCaller,
    order_no: &str,
    call_id: &str,
    url: &str,
    now: i64,
) -> Result<(), AppError> {
    let call_id = check_call_id(call_id).map_err(|e| AppError::invalid("call_id", e))?;
    let url = check_recording_url(url).map_err(|e| AppError::invalid("url", e))?;
    let mut tx = db.begin_write().await?;
    let order = crate::backend::work_orders::access::order_to_act_on(&mut tx, staff, order_no).await?;
    let attached = sqlx::query(
        "INSERT INTO call_recordings (work_order_id, call_id, url, staff_id, at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $5) ON CONFLICT (work_order_id, call_id) DO NOTHING",
    )
    .bind(order.id)
    .bind(&call_id)
    .bind(&url)
    .bind(staff.staff_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if attached.rows_affected() == 0 {
        return Ok(());
    }
    live::work_order_changed(&mut tx, order.id, false).await?;
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "work_order.recording",
            customer_id: Some(order.customer_id),
            detail: format!("order_no={} call_id={call_id}", order.order_no),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn recordings_of(conn: &mut sqlx::AnyConnection, order_id: i64) -> Result<Vec<CallRecording>, AppError> {
    #[derive(sqlx::FromRow)]
    struct RecordingRow {
        call_id: String,
        url: String,
        by_name: String,
        at: i64,
    }
    let rows: Vec<RecordingRow> = sqlx::query_as(
        "SELECT r.call_id, r.url, s.display_name AS by_name, r.at FROM call_recordings r \
         JOIN staff s ON s.id = r.staff_id WHERE r.work_order_id = $1 ORDER BY r.at, r.id",
    )
    .bind(order_id)
    .fetch_all(conn)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CallRecording {
            call_id: r.call_id,
            url: r.url,
            by: r.by_name,
            at: r.at,
        })
        .collect())
}

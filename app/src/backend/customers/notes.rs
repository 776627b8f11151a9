//! Tags and notes staff keep about a customer (see `domain::customer_notes`). Each change is
//! audited in its transaction.

use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::{customers, Db, Tx};
use crate::domain::{check_tag, CustomerNumber, CUSTOMER_NOTE, MAX_TAGS};
use crate::error::AppError;
use crate::model::customers::CustomerNote;

pub async fn tags_of(db: &Db, customer_id: i64) -> Result<Vec<String>, AppError> {
    #[derive(sqlx::FromRow)]
    struct TagRow {
        tag: String,
    }
    let rows: Vec<TagRow> =
        sqlx::query_as("SELECT tag FROM customer_tags WHERE customer_id = $1 ORDER BY created_at, tag")
            .bind(customer_id)
            .fetch_all(&db.pool)
            .await?;
    Ok(rows.into_iter().map(|r| r.tag).collect())
}

pub async fn notes_of(db: &Db, customer_id: i64) -> Result<Vec<CustomerNote>, AppError> {
    #[derive(sqlx::FromRow)]
    struct NoteRow {
        body: String,
        author: String,
        at: i64,
    }
    let rows: Vec<NoteRow> = sqlx::query_as(
        "SELECT n.body, s.display_name AS author, n.at FROM customer_notes n JOIN staff s ON s.id = n.staff_id \
         WHERE n.customer_id = $1 ORDER BY n.at DESC, n.id DESC LIMIT 50",
    )
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| CustomerNote {
            body: r.body,
            author: r.author,
            at: r.at,
        })
        .collect())
}

async fn customer_id(db: &Db, customer_no: &str) -> Result<i64, AppError> {
    let customer_no = CustomerNumber::parse(customer_no).map_err(|e| AppError::invalid("customer_no", e))?;
    customers::id_for_number(db, &customer_no)
        .await?
        .ok_or(AppError::NotFound)
}

/// Adds a tag (once; adding one the customer has changes nothing). 409 `too_many_tags`
/// beyond `MAX_TAGS`.
pub async fn add_tag(db: &Db, staff: &StaffCaller, customer_no: &str, tag: &str, now: i64) -> Result<(), AppError> {
    let tag = check_tag(tag).map_err(|e| AppError::invalid("tag", e))?;
    let customer_id = customer_id(db, customer_no).await?;
    let mut tx = db.begin_write().await?;
    // Two tags added at once count one after the other.
    customers::lock(&mut tx, customer_id).await?;
    #[derive(sqlx::FromRow)]
    struct CountRow {
        n: i64,
    }
    let count: CountRow = sqlx::query_as("SELECT COUNT(*) AS n FROM customer_tags WHERE customer_id = $1")
        .bind(customer_id)
        .fetch_one(&mut *tx)
        .await?;
    if !insert_tag(&mut tx, customer_id, &tag, staff.staff_id, now).await? {
        return Ok(());
    }
    if count.n >= MAX_TAGS {
        return Err(AppError::conflict(
            "tag",
            "too_many_tags",
            "This customer has as many tags as a page can show; remove one first",
        ));
    }
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "customer.tag",
            customer_id: Some(customer_id),
            detail: format!("customer_no={customer_no} tag={tag}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// The one insert into `customer_tags`; false when the customer has the tag already.
pub async fn insert_tag(tx: &mut Tx, customer_id: i64, tag: &str, staff_id: i64, at: i64) -> Result<bool, AppError> {
    let added = sqlx::query(
        "INSERT INTO customer_tags (customer_id, tag, staff_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (customer_id, tag) DO NOTHING",
    )
    .bind(customer_id)
    .bind(tag)
    .bind(staff_id)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(added.rows_affected() == 1)
}

/// The one insert into `customer_notes`.
pub async fn insert_note(tx: &mut Tx, customer_id: i64, staff_id: i64, body: &str, at: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO customer_notes (customer_id, staff_id, body, at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $4, $4)",
    )
    .bind(customer_id)
    .bind(staff_id)
    .bind(body)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Makes a merge keep the limit: of the duplicate's tags (the ones the kept record has
/// already were dropped by the merge), only the newest that fit beside the kept record's
/// own under `MAX_TAGS` may move; the rest are deleted and returned, for the audit.
pub async fn trim_tags_before_merge(tx: &mut Tx, duplicate_id: i64, kept_id: i64) -> Result<Vec<String>, AppError> {
    #[derive(sqlx::FromRow)]
    struct TagRow {
        customer_id: i64,
        tag: String,
    }
    let rows: Vec<TagRow> = sqlx::query_as(
        "SELECT customer_id, tag FROM customer_tags WHERE customer_id IN ($1, $2) ORDER BY created_at DESC, tag",
    )
    .bind(duplicate_id)
    .bind(kept_id)
    .fetch_all(&mut **tx)
    .await?;
    let kept = rows.iter().filter(|r| r.customer_id == kept_id).count();
    let room = usize::try_from(MAX_TAGS).unwrap_or(0).saturating_sub(kept);
    let dropped: Vec<String> = rows
        .into_iter()
        .filter(|r| r.customer_id == duplicate_id)
        .skip(room)
        .map(|r| r.tag)
        .collect();
    for tag in &dropped {
        sqlx::query("DELETE FROM customer_tags WHERE customer_id = $1 AND tag = $2")
            .bind(duplicate_id)
            .bind(tag)
            .execute(&mut **tx)
            .await?;
    }
    Ok(dropped)
}

/// Removes a tag; removing one the customer does not have changes nothing.
pub async fn remove_tag(db: &Db, staff: &StaffCaller, customer_no: &str, tag: &str) -> Result<(), AppError> {
    let tag = check_tag(tag).map_err(|e| AppError::invalid("tag", e))?;
    let customer_id = customer_id(db, customer_no).await?;
    let mut tx = db.begin_write().await?;
    let removed = sqlx::query("DELETE FROM customer_tags WHERE customer_id = $1 AND tag = $2")
        .bind(customer_id)
        .bind(&tag)
        .execute(&mut *tx)
        .await?;
    if removed.rows_affected() == 0 {
        return Ok(());
    }
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "customer.untag",
            customer_id: Some(customer_id),
            detail: format!("customer_no={customer_no} tag={tag}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn add_note(db: &Db, staff: &StaffCaller, customer_no: &str, note: &str, now: i64) -> Result<(), AppError> {
    let note = CUSTOMER_NOTE.check(note).map_err(|e| AppError::invalid("note", e))?;
    let customer_id = customer_id(db, customer_no).await?;
    let mut tx = db.begin_write().await?;
    insert_note(&mut tx, customer_id, staff.staff_id, &note, now).await?;
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "customer.note",
            customer_id: Some(customer_id),
            detail: format!("customer_no={customer_no}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

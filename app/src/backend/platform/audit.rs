//! The audit log of staff reads and writes of customer data. A change is audited in its
//! own transaction, so there is never a change without its audit row; a read is recorded
//! on its own.

use crate::backend::{now_ms, platform::paging, Db, Tx};
use crate::domain::PageCursor;
use crate::error::{request_id, AppError};
use crate::model::admin::AuditRecord;
use crate::model::paging::Page;

/// One audit entry: who did what to whose data.
pub struct AuditEntry<'a> {
    pub staff_id: i64,
    /// `claim.advance`, `customer.view`, ...
    pub action: &'a str,
    pub customer_id: Option<i64>,
    pub detail: String,
}

/// Records an entry in the transaction of the change it describes.
pub async fn record(tx: &mut Tx, entry: AuditEntry<'_>) -> Result<(), AppError> {
    insert(tx, entry).await
}

/// Records a read of customer data (there is no change to go with it).
/// A staff change to a rule or setting (no customer's data): its detail carries before and after.
pub async fn record_change(
    tx: &mut Tx,
    staff_id: i64,
    action: &'static str,
    detail: serde_json::Value,
) -> Result<(), AppError> {
    record(
        tx,
        AuditEntry {
            staff_id,
            action,
            customer_id: None,
            detail: detail.to_string(),
        },
    )
    .await
}

pub async fn record_read(db: &Db, entry: AuditEntry<'_>) -> Result<(), AppError> {
    let mut conn = db.pool.acquire().await?;
    insert(&mut conn, entry).await
}

async fn insert(conn: &mut sqlx::AnyConnection, entry: AuditEntry<'_>) -> Result<(), AppError> {
    let now = now_ms();
    // Where the request came from, when there is one (jobs have none).
    let address = leptos::prelude::use_context::<crate::backend::AppState>()
        .map(|state| crate::backend::platform::auth::throttle::client_address(&state))
        .filter(|a| a != "unknown");
    sqlx::query(
        "INSERT INTO audit_log (at, staff_id, action, customer_id, detail, request_id, created_at, updated_at, client_address) \
         VALUES ($1, $2, $3, $4, $5, $6, $1, $1, $7)",
    )
    .bind(now)
    .bind(entry.staff_id)
    .bind(entry.action)
    .bind(entry.customer_id)
    .bind(&entry.detail)
    .bind(request_id())
    .bind(address)
    .execute(conn)
    .await?;
    Ok(())
}

/// What the audit-log viewer asks for; every part optional.
#[derive(Debug, Default)]
pub struct AuditQuery {
    pub staff_username: Option<String>,
    pub customer_no: Option<String>,
    /// An action or its area (`member`, `member.lock`).
    pub action: Option<String>,
    pub from_ms: Option<i64>,
    pub until_ms: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    at: i64,
    username: String,
    display_name: String,
    action: String,
    customer_no: Option<String>,
    detail: String,
    request_id: Option<String>,
    client_address: Option<String>,
}

/// A page of `size` of the entries that match, newest first (those before `before` when
/// given).
pub async fn search(
    db: &Db,
    query: &AuditQuery,
    before: Option<PageCursor>,
    size: usize,
) -> Result<Page<AuditRecord>, AppError> {
    let action_prefix = query.action.as_ref().map(|a| format!("{a}.%"));
    let (before_at, before_id) = paging::before(before);
    let rows: Vec<RecordRow> = sqlx::query_as(
        "SELECT a.id, a.at, s.username, s.display_name, a.action, c.customer_no, a.detail, a.request_id, a.client_address \
         FROM audit_log a JOIN staff s ON s.id = a.staff_id LEFT JOIN customers c ON c.id = a.customer_id \
         WHERE ($1 IS NULL OR s.username = $1) AND ($2 IS NULL OR c.customer_no = $2) \
           AND ($3 IS NULL OR a.action = $3 OR a.action LIKE $4) \
           AND ($5 IS NULL OR a.at >= $5) AND ($6 IS NULL OR a.at < $6) AND (a.at, a.id) < ($7, $8) \
         ORDER BY a.at DESC, a.id DESC LIMIT $9",
    )
    .bind(query.staff_username.as_deref())
    .bind(query.customer_no.as_deref())
    .bind(query.action.as_deref())
    .bind(action_prefix.as_deref())
    .bind(query.from_ms)
    .bind(query.until_ms)
    .bind(before_at)
    .bind(before_id)
    .bind(paging::limit(size))
    .fetch_all(&db.pool)
    .await?;
    paging::page(
        rows,
        size,
        |r| PageCursor { at: r.at, id: r.id },
        |r| {
            Ok(AuditRecord {
                at: r.at,
                staff_username: r.username,
                staff_name: r.display_name,
                action: r.action,
                customer_no: r.customer_no,
                detail: r.detail,
                request_id: r.request_id,
                client_address: r.client_address,
            })
        },
    )
}

/// The entries as a CSV file (`export::Csv`: every cell safe to open in a spreadsheet),
/// times in UTC ISO 8601.
pub fn to_csv(records: &[AuditRecord]) -> String {
    use crate::backend::platform::export::{Cell, Csv};
    let mut csv = Csv::new(&[
        "at_utc",
        "staff",
        "staff_name",
        "action",
        "customer_no",
        "client_address",
        "request_id",
        "detail",
    ]);
    for r in records {
        let at = chrono::DateTime::from_timestamp_millis(r.at)
            .map(|t| t.to_rfc3339_opts(chrono::SecondsFormat::Millis, true))
            .unwrap_or_default();
        csv.row([
            Cell::from(at),
            Cell::from(r.staff_username.as_str()),
            Cell::from(r.staff_name.as_str()),
            Cell::from(r.action.as_str()),
            Cell::from(r.customer_no.as_deref().unwrap_or_default()),
            Cell::from(r.client_address.as_deref().unwrap_or_default()),
            Cell::from(r.request_id.as_deref().unwrap_or_default()),
            Cell::from(r.detail.as_str()),
        ]);
    }
    csv.finish()
}

/// The viewer's filters checked, field by field (the first broken one answers).
pub fn query_from(filter: &crate::model::admin::AuditFilter) -> Result<AuditQuery, AppError> {
    use crate::domain::calendar::{Date, DAY_MS, INSURER_OFFSET_MS};
    use crate::domain::{parse_username, CustomerNumber, Invalid};

    let text = |t: &str| Some(t.trim().to_string()).filter(|t| !t.is_empty());
    let date = |field: &str, t: &str| -> Result<Option<i64>, AppError> {
        match text(t) {
            None => Ok(None),
            Some(t) => Date::parse_iso(&t)
                .map(|d| Some(d.start_ms(INSURER_OFFSET_MS)))
                .ok_or_else(|| AppError::invalid(field, Invalid::new("date_invalid", "Enter a date as YYYY-MM-DD"))),
        }
    };
    let staff_username = text(&filter.staff)
        .map(|u| parse_username(&u).map_err(|e| AppError::invalid("staff", e)))
        .transpose()?;
    let customer_no = text(&filter.customer_no)
        .map(|c| {
            CustomerNumber::parse(&c)
                .map(|c| c.as_str().to_string())
                .map_err(|e| AppError::invalid("customer_no", e))
        })
        .transpose()?;
    let action = text(&filter.action);
    if action
        .as_deref()
        .is_some_and(|a| a.len() > 40 || !a.chars().all(|c| c.is_ascii_lowercase() || c == '.' || c == '_'))
    {
        return Err(AppError::invalid(
            "action",
            Invalid::new(
                "action_invalid",
                "An action such as member.lock, or its area such as member",
            ),
        ));
    }
    let from_ms = date("from", &filter.from)?;
    // "To" includes its whole day.
    let until_ms = date("to", &filter.to)?.map(|start| start + DAY_MS);
    if let (Some(from), Some(until)) = (from_ms, until_ms) {
        if from >= until {
            return Err(AppError::invalid(
                "to",
                Invalid::new("date_range_invalid", "The end date is before the start date"),
            ));
        }
    }
    Ok(AuditQuery {
        staff_username,
        customer_no,
        action,
        from_ms,
        until_ms,
    })
}

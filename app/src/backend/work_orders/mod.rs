//! Work orders (工单): opening one (policy-service requests checked against the policy and
//! the member level) and the customer's side of the conversation. Staff handle them in
//! `desk`; `queues` routes, assigns and lists them.

pub mod access;
mod changes;
pub mod desk;
pub mod history;
pub mod intake;
pub mod queues;
pub mod references;
pub mod routing;

use crate::backend::messaging::staff_alerts::{self, Alert};
use crate::backend::platform::facts;
use crate::backend::platform::idempotency::{self, Keyed};
use crate::backend::{
    customers, customers::documents, now_ms, platform, platform::paging, platform::sequences, stored, AppState, Db, Tx,
};
use crate::domain::service_level::Deadlines;
use crate::domain::{
    check_service_type, needs_policy, parse_person_name, BankAccount, CaseKind, ChangeStatus, Channel, DocumentPurpose,
    Email, IdNumber, IdempotencyKey, Invalid, PageCursor, Phone, PolicyNumber, Priority, Relation, ServiceType,
    StaffAlertKind, VipTier, WorkOrderEventKind, WorkOrderKind, WorkOrderStatus, MESSAGE, SUBJECT,
};
use crate::error::{internal_error, AppError};
use crate::model::paging::{Page, PORTAL_PAGE_SIZE};
use crate::model::work_orders::{WorkOrderDetail, WorkOrderForm, WorkOrderMessage, WorkOrderSummary};
use history::{record_event, Event};
use routing::ToRoute;

const SUMMARY_SELECT: &str = "SELECT w.id, w.order_no, w.kind, w.service_type, w.subject, w.status, p.policy_no, \
     w.created_at, w.updated_at, w.first_response_due, w.first_response_at, w.next_response_due, \
     w.last_public_author_kind \
     FROM work_orders w LEFT JOIN policies p ON p.id = w.policy_id";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    order_no: String,
    kind: String,
    service_type: Option<String>,
    subject: String,
    status: String,
    policy_no: Option<String>,
    created_at: i64,
    updated_at: i64,
    first_response_due: Option<i64>,
    first_response_at: Option<i64>,
    next_response_due: Option<i64>,
    last_public_author_kind: Option<String>,
}

impl SummaryRow {
    fn into_summary(self) -> Result<WorkOrderSummary, AppError> {
        let status = stored(WorkOrderStatus::parse(&self.status), "work order status")?;
        let deadlines = Deadlines {
            first_response_due: self.first_response_due,
            first_response_at: self.first_response_at,
            next_response_due: self.next_response_due,
            ..Deadlines::default()
        };
        Ok(WorkOrderSummary {
            order_no: self.order_no,
            kind: stored(WorkOrderKind::parse(&self.kind), "work order kind")?,
            service_type: self.service_type.as_deref().and_then(ServiceType::parse),
            subject: self.subject,
            status,
            reply_due: deadlines.reply_due(status),
            policy_no: self.policy_no,
            opened_at: self.created_at,
            updated_at: self.updated_at,
            insurer_replied_last: self.last_public_author_kind.as_deref() == Some("staff"),
        })
    }
}

/// Every work order of the customer (not those merged into another), most recently active
/// first: for the staff's customer 360, which shows them in one answer (the portal's list
/// pages: `list_for_customer`).
pub async fn all_for_customer(db: &Db, customer_id: i64) -> Result<Vec<WorkOrderSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE w.customer_id = $1 AND w.merged_into_id IS NULL ORDER BY w.updated_at DESC, w.id DESC"
    ))
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(SummaryRow::into_summary).collect()
}

/// A page of the customer's work orders (not those merged into another), most recently
/// active first (those before `before` when given). A work order that changes between two
/// reads moves to the top, so a reader paging on may meet it again or miss it.
pub async fn list_for_customer(
    db: &Db,
    customer_id: i64,
    before: Option<PageCursor>,
) -> Result<Page<WorkOrderSummary>, AppError> {
    let (at, id) = paging::before(before);
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE w.customer_id = $1 AND w.merged_into_id IS NULL AND (w.updated_at, w.id) < ($2, $3) \
         ORDER BY w.updated_at DESC, w.id DESC LIMIT $4"
    ))
    .bind(customer_id)
    .bind(at)
    .bind(id)
    .bind(paging::limit(PORTAL_PAGE_SIZE))
    .fetch_all(&db.pool)
    .await?;
    paging::page(
        rows,
        PORTAL_PAGE_SIZE,
        |row| PageCursor {
            at: row.updated_at,
            id: row.id,
        },
        SummaryRow::into_summary,
    )
}

pub async fn detail_for_customer(
    db: &Db,
    customer_id: i64,
    order_no: &str,
) -> Result<Option<WorkOrderDetail>, AppError> {
    // A duplicate merged into another leads to the one that goes on.
    let row: Option<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE w.customer_id = $1 AND w.id = \
           (SELECT COALESCE(d.merged_into_id, d.id) FROM work_orders d WHERE d.customer_id = $1 AND d.order_no = $2)"
    ))
    .bind(customer_id)
    .bind(order_no)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let id = row.id;
    let summary = row.into_summary()?;
    #[derive(sqlx::FromRow)]
    struct DataRow {
        request_data: Option<String>,
        change_status: Option<String>,
        change_refusal_reason: Option<String>,
    }
    #[derive(sqlx::FromRow)]
    struct MessageRow {
        author_kind: String,
        body: String,
        at: i64,
    }
    #[derive(sqlx::FromRow)]
    struct ScoreRow {
        score: i64,
    }
    let data: DataRow =
        sqlx::query_as("SELECT request_data, change_status, change_refusal_reason FROM work_orders WHERE id = $1")
            .bind(id)
            .fetch_one(&db.pool)
            .await?;
    let messages: Vec<MessageRow> = sqlx::query_as(
        "SELECT author_kind, body, at FROM work_order_messages WHERE work_order_id = $1 AND visibility = 'public' \
         ORDER BY at, id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let rating: Option<ScoreRow> = sqlx::query_as(
        "SELECT score FROM ratings WHERE source = 'portal' AND subject_kind = 'work_order' AND subject_id = $1",
    )
    .bind(id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(Some(WorkOrderDetail {
        summary,
        change: data.request_data.as_deref().map(visible_change).unwrap_or_default(),
        change_status: data.change_status.as_deref().and_then(ChangeStatus::parse),
        change_refusal_reason: data.change_refusal_reason,
        messages: messages
            .into_iter()
            .map(|m| WorkOrderMessage {
                from_insurer: m.author_kind == "staff",
                body: m.body,
                at: m.at,
            })
            .collect(),
        documents: documents::list_attached(db, customer_id, DocumentPurpose::WorkOrder, id).await?,
        rating: rating.map(|r| r.score),
    }))
}

/// The stored change as the customer may see it: numbers masked.
pub(super) fn visible_change(data: &str) -> Vec<(String, String)> {
    let map: serde_json::Map<String, serde_json::Value> = serde_json::from_str(data).unwrap_or_default();
    map.into_iter()
        .map(|(key, value)| {
            let text = value.as_str().unwrap_or_default().to_string();
            let shown = match key.as_str() {
                "payout_account" => crate::domain::mask_account(&text),
                "beneficiary_id_number" => crate::domain::mask_middle(&text, 3, 4),
                _ => text,
            };
            (key, shown)
        })
        .collect()
}

/// Checks what a policy-service request asks to change; returns it as JSON for staff.
fn check_change(service: ServiceType, form: &WorkOrderForm) -> Result<serde_json::Value, AppError> {
    let mut out = serde_json::Map::new();
    let mut put = |k: &str, v: String| {
        out.insert(k.to_string(), serde_json::Value::String(v));
    };
    match service {
        ServiceType::ContactChange => {
            let (phone, email) = (form.new_phone.trim(), form.new_email.trim());
            if phone.is_empty() && email.is_empty() {
                return Err(AppError::invalid(
                    "new_phone",
                    Invalid::new("contact_required", "Enter your mobile number or e-mail address"),
                ));
            }
            if !phone.is_empty() {
                let phone = Phone::parse(phone).map_err(|e| AppError::invalid("new_phone", e))?;
                put("new_phone", phone.as_str().to_string());
            }
            if !email.is_empty() {
                let email = Email::parse(email).map_err(|e| AppError::invalid("new_email", e))?;
                put("new_email", email.as_str().to_string());
            }
        }
        ServiceType::BeneficiaryChange => {
            let name =
                parse_person_name(&form.beneficiary_name).map_err(|e| AppError::invalid("beneficiary_name", e))?;
            let id = IdNumber::parse(&form.beneficiary_id_number)
                .map_err(|e| AppError::invalid("beneficiary_id_number", e))?;
            let relation = Relation::parse(form.beneficiary_relation.trim()).ok_or_else(|| {
                AppError::invalid(
                    "beneficiary_relation",
                    Invalid::new("relation_required", "Choose the relation"),
                )
            })?;
            let share: i64 = form.beneficiary_share.trim().parse().unwrap_or(0);
            if !(1..=100).contains(&share) {
                return Err(AppError::invalid(
                    "beneficiary_share",
                    Invalid::new("share_invalid", "The share is a whole percentage from 1 to 100"),
                ));
            }
            put("beneficiary_name", name);
            put("beneficiary_id_number", id.as_str().to_string());
            put("beneficiary_relation", relation.as_str().to_string());
            put("beneficiary_share", share.to_string());
        }
        ServiceType::PayoutAccountChange => {
            let account =
                BankAccount::parse(&form.payout_bank, &form.payout_account).map_err(AppError::first_invalid)?;
            put("payout_bank", account.bank);
            put("payout_account", account.number);
        }
    }
    Ok(serde_json::Value::Object(out))
}

async fn detail_made_by_key(
    db: &Db,
    customer_id: i64,
    key: &IdempotencyKey,
    request_hash: &str,
) -> Result<Option<WorkOrderDetail>, AppError> {
    let mut conn = db.pool.acquire().await?;
    match idempotency::made_by(&mut conn, Keyed::WorkOrder, customer_id, key, request_hash).await? {
        Some(order_no) => detail_for_customer(db, customer_id, &order_no).await,
        None => Ok(None),
    }
}

/// A work order to record, with its first message added by the caller.
pub struct NewWorkOrder<'a> {
    pub order_no: &'a str,
    pub customer_id: i64,
    pub kind: WorkOrderKind,
    pub service_type: Option<ServiceType>,
    pub policy_id: Option<i64>,
    pub subject: &'a str,
    /// A policy-service request's change, as JSON.
    pub request_data: Option<&'a str>,
    pub status: WorkOrderStatus,
    pub priority: Priority,
    pub channel: Channel,
    pub request_key: &'a str,
    /// The fingerprint of the request (see `idempotency`).
    pub request_hash: &'a str,
    pub created_at: i64,
    pub updated_at: i64,
}

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
}

/// Inserts a work order; `None` when this customer's request key already made one.
pub async fn insert(tx: &mut Tx, w: &NewWorkOrder<'_>) -> Result<Option<i64>, AppError> {
    let row: Option<IdRow> = sqlx::query_as(
        "INSERT INTO work_orders (order_no, customer_id, kind, service_type, policy_id, subject, request_data, \
         change_status, status, priority, channel, idempotency_key, request_hash, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, CASE WHEN $7 IS NULL THEN NULL ELSE 'pending' END, \
           $8, $9, $10, $11, $12, $13, $14) \
         ON CONFLICT (customer_id, idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(w.order_no)
    .bind(w.customer_id)
    .bind(w.kind.as_str())
    .bind(w.service_type.map(ServiceType::as_str))
    .bind(w.policy_id)
    .bind(w.subject)
    .bind(w.request_data)
    .bind(w.status.as_str())
    .bind(w.priority.as_str())
    .bind(w.channel.as_str())
    .bind(w.request_key)
    .bind(w.request_hash)
    .bind(w.created_at)
    .bind(w.updated_at)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.id))
}

pub async fn open(state: &AppState, customer_id: i64, form: &WorkOrderForm) -> Result<WorkOrderDetail, AppError> {
    let db = &state.db;
    let key = IdempotencyKey::parse(&form.request_key).map_err(|e| AppError::invalid("request_key", e))?;
    let request_hash = idempotency::fingerprint(&WorkOrderForm {
        request_key: String::new(),
        ..form.clone()
    });
    if let Some(detail) = detail_made_by_key(db, customer_id, &key, &request_hash).await? {
        return Ok(detail);
    }
    let kind = WorkOrderKind::parse(form.kind.trim())
        .ok_or_else(|| AppError::invalid("kind", Invalid::new("kind_required", "Choose what it is about")))?;
    let service = check_service_type(kind, ServiceType::parse(form.service_type.trim()))
        .map_err(|e| AppError::invalid("service_type", e))?;
    let subject = SUBJECT
        .check(&form.subject)
        .map_err(|e| AppError::invalid("subject", e))?;
    let message = MESSAGE
        .check(&form.message)
        .map_err(|e| AppError::invalid("message", e))?;

    let (level, tier) = customers::level_and_tier(&mut *db.pool.acquire().await?, customer_id).await?;
    if let Some(service) = service {
        let required = service.required_level();
        if !level.at_least(required) {
            return Err(AppError::LevelRequired {
                required: required.as_str().to_string(),
            });
        }
        if service == ServiceType::PayoutAccountChange {
            crate::backend::customers::contact_changes::refuse_while_held(
                &mut *db.pool.acquire().await?,
                customer_id,
                now_ms(),
            )
            .await?;
        }
    }
    let policy_id = if form.policy_no.trim().is_empty() {
        if needs_policy(kind) {
            return Err(AppError::invalid(
                "policy_no",
                Invalid::new("policy_required", "Choose a policy"),
            ));
        }
        None
    } else {
        let policy_no = PolicyNumber::parse(&form.policy_no).map_err(|e| AppError::invalid("policy_no", e))?;
        #[derive(sqlx::FromRow)]
        struct PolicyRow {
            id: i64,
            status: String,
        }
        let row: Option<PolicyRow> =
            sqlx::query_as("SELECT id, status FROM policies WHERE holder_id = $1 AND policy_no = $2")
                .bind(customer_id)
                .bind(policy_no.as_str())
                .fetch_optional(&db.pool)
                .await?;
        let PolicyRow { id, status } = row.ok_or(AppError::NotFound)?;
        if service.is_some() && !matches!(status.as_str(), "in_force" | "pending") {
            return Err(AppError::invalid(
                "policy_no",
                Invalid::new("policy_not_in_force", "Changes can be made only to a policy in force"),
            ));
        }
        Some(id)
    };
    let request_data = match service {
        Some(service) => Some(check_change(service, form)?.to_string()),
        None => None,
    };
    if form.documents.len() > 20 {
        return Err(AppError::invalid(
            "documents",
            Invalid::new("too_many_documents", "At most 20 files"),
        ));
    }

    let priority = if tier == VipTier::None {
        Priority::Normal
    } else {
        Priority::Vip
    };
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let order_no = sequences::next_case_number(&mut tx, CaseKind::WorkOrder, now).await?;
    let inserted = insert(
        &mut tx,
        &NewWorkOrder {
            order_no: &order_no,
            customer_id,
            kind,
            service_type: service,
            policy_id,
            subject: &subject,
            request_data: request_data.as_deref(),
            status: WorkOrderStatus::Open,
            priority,
            channel: Channel::Portal,
            request_key: key.as_str(),
            request_hash: &request_hash,
            created_at: now,
            updated_at: now,
        },
    )
    .await?;
    let Some(id) = inserted else {
        // A concurrent request with the same key won; answer with its order.
        tx.rollback().await?;
        return detail_made_by_key(db, customer_id, &key, &request_hash)
            .await?
            .ok_or_else(|| internal_error(&"idempotent work order vanished"));
    };
    add_message(
        &mut tx,
        id,
        Author::Customer,
        customer_id,
        Visibility::Public,
        &message,
        now,
    )
    .await?;
    routing::route_new(
        &mut tx,
        ToRoute {
            id,
            order_no: &order_no,
            kind,
            policy_id,
            priority,
            at: now,
        },
    )
    .await?;
    documents::attach(
        &mut tx,
        &state.files,
        customer_id,
        DocumentPurpose::WorkOrder,
        id,
        &form.documents,
    )
    .await?;
    tx.commit().await?;
    detail_for_customer(db, customer_id, &order_no)
        .await?
        .ok_or_else(|| internal_error(&"new work order vanished"))
}

/// Who wrote a message on a work order.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Author {
    Customer,
    Staff,
}

impl Author {
    fn as_str(self) -> &'static str {
        match self {
            Author::Customer => "customer",
            Author::Staff => "staff",
        }
    }
}

/// Who may read a message: the customer too, or staff only (an internal note).
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Visibility {
    Public,
    Internal,
}

/// A message on a work order's conversation.
pub async fn add_message(
    tx: &mut Tx,
    order_id: i64,
    author: Author,
    author_id: i64,
    visibility: Visibility,
    body: &str,
    at: i64,
) -> Result<(), AppError> {
    if author == Author::Staff && visibility == Visibility::Public {
        facts::replied(tx, order_id, at).await?;
    }
    sqlx::query(
        "INSERT INTO work_order_messages (work_order_id, author_kind, author_id, visibility, body, at, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $6, $6)",
    )
    .bind(order_id)
    .bind(author.as_str())
    .bind(author_id)
    .bind(match visibility {
        Visibility::Public => "public",
        Visibility::Internal => "internal",
    })
    .bind(body)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    if visibility == Visibility::Public {
        keep_last_public_author(tx, order_id).await?;
    }
    crate::backend::platform::live::work_order_changed(tx, order_id, visibility == Visibility::Public).await
}

/// Keeps on the work order who spoke last in its public conversation (`last_public_author_kind`),
/// after a message is added or moved to it: every queue line shows whether the customer is
/// waiting, and a lookup of the last message per line was a third of a page's reads at scale.
pub(super) async fn keep_last_public_author(tx: &mut Tx, order_id: i64) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE work_orders SET last_public_author_kind = (SELECT m.author_kind FROM work_order_messages m \
           WHERE m.work_order_id = $1 AND m.visibility = 'public' ORDER BY m.at DESC, m.id DESC LIMIT 1) \
         WHERE id = $1",
    )
    .bind(order_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn customer_reply(
    db: &Db,
    customer_id: i64,
    order_no: &str,
    message: &str,
) -> Result<WorkOrderDetail, AppError> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    // Held first, so a merge at the same moment cannot leave this reply on the duplicate.
    sqlx::query("UPDATE work_orders SET updated_at = updated_at WHERE customer_id = $1 AND order_no = $2")
        .bind(customer_id)
        .bind(order_no)
        .execute(&mut *tx)
        .await?;
    #[derive(sqlx::FromRow)]
    struct ReplyRow {
        id: i64,
        kind: String,
        status: String,
        priority: String,
        assignee_staff_id: Option<i64>,
        first_response_due: Option<i64>,
        first_response_at: Option<i64>,
        next_response_due: Option<i64>,
        resolution_due: Option<i64>,
        resolved_at: Option<i64>,
        paused_at: Option<i64>,
    }
    let row: Option<ReplyRow> = sqlx::query_as(
        "SELECT id, kind, status, priority, assignee_staff_id, first_response_due, first_response_at, next_response_due, resolution_due, \
         resolved_at, paused_at FROM work_orders WHERE customer_id = $1 AND order_no = $2 AND merged_into_id IS NULL",
    )
    .bind(customer_id)
    .bind(order_no)
    .fetch_optional(&mut *tx)
    .await?;
    let row = row.ok_or(AppError::NotFound)?;
    let status = stored(WorkOrderStatus::parse(&row.status), "work order status")?;
    let reopen_days = reopen_days(&mut tx).await?;
    // A reply soon after resolution reopens the work order; later, or once closed, the
    // customer opens a new one.
    let reopens = status == WorkOrderStatus::Resolved
        && row
            .resolved_at
            .is_some_and(|at| now - at <= reopen_days * crate::domain::calendar::DAY_MS);
    if status.is_finished() && !reopens {
        return Err(AppError::conflict(
            "message",
            "request_closed",
            "This request is finished",
        ));
    }
    add_message(
        &mut tx,
        row.id,
        Author::Customer,
        customer_id,
        Visibility::Public,
        message,
        now,
    )
    .await?;
    let kind = stored(WorkOrderKind::parse(&row.kind), "work order kind")?;
    let priority = stored(Priority::parse(&row.priority), "priority")?;
    let calendar = platform::calendar::calendar(&mut tx).await?;
    let targets = platform::calendar::targets(&mut tx, kind, priority).await?;
    let mut resolution_due = row.resolution_due;
    if let (Some(since), Some(due)) = (row.paused_at, row.resolution_due) {
        resolution_due = Some(targets.resolution.resume(&calendar, due, since, now));
    }
    if reopens {
        resolution_due = Some(targets.resolution.due(&calendar, now));
    }
    // After the first answer, each message from the customer starts the next-response clock
    // (unless one is already running).
    let next_response_due = match (row.first_response_at, row.next_response_due) {
        (Some(_), None) => Some(targets.next_response.due(&calendar, now)),
        (_, running) => running,
    };
    // An answer to a question from staff, or a reply that reopens, puts it back in their queue.
    let new_status = match status {
        WorkOrderStatus::AwaitingCustomer | WorkOrderStatus::Resolved => WorkOrderStatus::InProgress,
        other => other,
    };
    let running = Deadlines {
        first_response_due: row.first_response_due,
        first_response_at: row.first_response_at,
        next_response_due,
        resolution_due,
        resolved_at: None,
    }
    .running(new_status);
    let before = facts::work_order_before(&mut tx, row.id).await?;
    sqlx::query(
        "UPDATE work_orders SET status = $1, next_response_due = $2, resolution_due = $3, resolved_at = NULL, \
         paused_at = NULL, next_due = $4, updated_at = $5 WHERE id = $6",
    )
    .bind(new_status.as_str())
    .bind(next_response_due)
    .bind(resolution_due)
    .bind(running)
    .bind(now)
    .bind(row.id)
    .execute(&mut *tx)
    .await?;
    facts::work_order_changed(&mut tx, row.id, before.as_ref(), now).await?;
    if reopens {
        let mut event = Event::new(row.id, now, None, WorkOrderEventKind::Reopened);
        event.status = Some(new_status);
        record_event(&mut tx, event).await?;
    }
    if let Some(assignee) = row.assignee_staff_id {
        staff_alerts::raise(
            &mut tx,
            Alert {
                staff_id: assignee,
                kind: StaffAlertKind::CustomerReplied,
                order_no,
                dedup_key: format!("replied:{order_no}:{now}"),
                at: now,
            },
        )
        .await?;
    }
    tx.commit().await?;
    detail_for_customer(db, customer_id, order_no)
        .await?
        .ok_or(AppError::NotFound)
}

/// How many days after resolution a customer's reply reopens a work order.
async fn reopen_days(conn: &mut sqlx::AnyConnection) -> Result<i64, AppError> {
    #[derive(sqlx::FromRow)]
    struct ValueRow {
        value: String,
    }
    let row: Option<ValueRow> = sqlx::query_as("SELECT value FROM app_meta WHERE key = 'work_order_reopen_days'")
        .fetch_optional(conn)
        .await?;
    Ok(row.and_then(|r| r.value.parse().ok()).unwrap_or(7))
}

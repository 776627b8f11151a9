//! Work orders (工单) from the customer side: opening one (policy-service requests checked
//! against the policy and the member level), the conversation, and staff replies.

use super::notify::{notify, Notice};
use super::{documents, internal_error, next_case_number, now_ms, stored, AppState, Db, Tx};
use crate::api::requests::{RequestDetail, RequestForm, RequestMessage, RequestSummary};
use crate::domain::{
    check_service_type, needs_policy, parse_person_name, BankAccount, CaseKind, DocumentPurpose, Email, IdNumber,
    IdempotencyKey, Invalid, NotificationKind, Phone, PolicyNumber, Relation, ServiceType, VipTier, WorkOrderKind,
    WorkOrderStatus, MESSAGE, SUBJECT,
};
use crate::error::AppError;

const SUMMARY_SELECT: &str = "SELECT w.id, w.order_no, w.kind, w.service_type, w.subject, w.status, p.policy_no, \
     w.created_at, w.updated_at, \
     (SELECT m.author_kind FROM work_order_messages m WHERE m.work_order_id = w.id ORDER BY m.at DESC, m.id DESC LIMIT 1) \
     FROM work_orders w LEFT JOIN policies p ON p.id = w.policy_id";

type SummaryRow = (
    i64,
    String,
    String,
    Option<String>,
    String,
    String,
    Option<String>,
    i64,
    i64,
    Option<String>,
);

fn summary(row: SummaryRow) -> Result<(i64, RequestSummary), AppError> {
    Ok((
        row.0,
        RequestSummary {
            order_no: row.1,
            kind: stored(WorkOrderKind::parse(&row.2), "work order kind")?,
            service_type: row.3.as_deref().and_then(ServiceType::parse),
            subject: row.4,
            status: stored(WorkOrderStatus::parse(&row.5), "work order status")?,
            policy_no: row.6,
            opened_at: row.7,
            updated_at: row.8,
            insurer_replied_last: row.9.as_deref() == Some("staff"),
        },
    ))
}

pub async fn list_for_customer(db: &Db, customer_id: i64) -> Result<Vec<RequestSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE w.customer_id = $1 ORDER BY w.updated_at DESC, w.id DESC"
    ))
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(|r| summary(r).map(|(_, s)| s)).collect()
}

pub async fn detail_for_customer(db: &Db, customer_id: i64, order_no: &str) -> Result<Option<RequestDetail>, AppError> {
    let row: Option<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE w.customer_id = $1 AND w.order_no = $2"
    ))
    .bind(customer_id)
    .bind(order_no)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let (id, summary) = summary(row)?;
    let (request_data,): (Option<String>,) = sqlx::query_as("SELECT request_data FROM work_orders WHERE id = $1")
        .bind(id)
        .fetch_one(&db.pool)
        .await?;
    let messages: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT author_kind, body, at FROM work_order_messages WHERE work_order_id = $1 ORDER BY at, id",
    )
    .bind(id)
    .fetch_all(&db.pool)
    .await?;
    let rating: Option<(i64,)> =
        sqlx::query_as("SELECT score FROM ratings WHERE subject_kind = 'work_order' AND subject_id = $1")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(Some(RequestDetail {
        summary,
        change: request_data.as_deref().map(visible_change).unwrap_or_default(),
        messages: messages
            .into_iter()
            .map(|(author, body, at)| RequestMessage {
                from_insurer: author == "staff",
                body,
                at,
            })
            .collect(),
        documents: documents::list_attached(db, customer_id, DocumentPurpose::WorkOrder, id).await?,
        rating: rating.map(|(s,)| s),
    }))
}

/// The stored change as the customer may see it: numbers masked.
fn visible_change(data: &str) -> Vec<(String, String)> {
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
fn check_change(service: ServiceType, form: &RequestForm) -> Result<serde_json::Value, AppError> {
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
            let account = BankAccount::parse(&form.payout_bank, &form.payout_account)
                .map_err(|(field, e)| AppError::invalid(field, e))?;
            put("payout_bank", account.bank);
            put("payout_account", account.number);
        }
    }
    Ok(serde_json::Value::Object(out))
}

async fn existing(conn: &mut sqlx::AnyConnection, customer_id: i64, key: &str) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT order_no FROM work_orders WHERE customer_id = $1 AND idempotency_key = $2")
            .bind(customer_id)
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(n,)| n))
}

pub async fn open(state: &AppState, customer_id: i64, form: &RequestForm) -> Result<RequestDetail, AppError> {
    let db = &state.db;
    let key = IdempotencyKey::parse(&form.request_key).map_err(|e| AppError::invalid("request_key", e))?;
    {
        let mut conn = db.pool.acquire().await?;
        if let Some(order_no) = existing(&mut conn, customer_id, key.as_str()).await? {
            return detail_for_customer(db, customer_id, &order_no)
                .await?
                .ok_or(AppError::NotFound);
        }
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

    let (level, tier) = super::members::level_and_tier(db, customer_id).await?;
    if let Some(service) = service {
        let required = service.required_level();
        if !level.at_least(required) {
            return Err(AppError::LevelRequired {
                required: required.as_str().to_string(),
            });
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
        let row: Option<(i64, String)> =
            sqlx::query_as("SELECT id, status FROM policies WHERE holder_id = $1 AND policy_no = $2")
                .bind(customer_id)
                .bind(policy_no.as_str())
                .fetch_optional(&db.pool)
                .await?;
        let (id, status) = row.ok_or(AppError::NotFound)?;
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
    let priority = if tier != VipTier::None { "vip" } else { "normal" };

    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let order_no = next_case_number(&mut tx, CaseKind::WorkOrder, now).await?;
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO work_orders (order_no, customer_id, kind, service_type, policy_id, subject, request_data, status, \
         priority, idempotency_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, 'open', $8, $9, $10, $10) \
         ON CONFLICT (customer_id, idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(&order_no)
    .bind(customer_id)
    .bind(kind.as_str())
    .bind(service.map(|s| s.as_str()))
    .bind(policy_id)
    .bind(&subject)
    .bind(&request_data)
    .bind(priority)
    .bind(key.as_str())
    .bind(now)
    .fetch_optional(&mut *tx)
    .await?;
    let Some((id,)) = inserted else {
        tx.rollback().await?;
        let mut conn = db.pool.acquire().await?;
        let order_no = existing(&mut conn, customer_id, key.as_str())
            .await?
            .ok_or_else(|| internal_error(&"idempotent work order vanished"))?;
        return detail_for_customer(db, customer_id, &order_no)
            .await?
            .ok_or(AppError::NotFound);
    };
    add_message(&mut tx, id, "customer", customer_id, &message, now).await?;
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

async fn add_message(
    tx: &mut Tx,
    order_id: i64,
    author_kind: &str,
    author_id: i64,
    body: &str,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO work_order_messages (work_order_id, author_kind, author_id, body, at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5, $5)",
    )
    .bind(order_id)
    .bind(author_kind)
    .bind(author_id)
    .bind(body)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn customer_reply(
    db: &Db,
    customer_id: i64,
    order_no: &str,
    message: &str,
) -> Result<RequestDetail, AppError> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, String)> =
        sqlx::query_as("SELECT id, status FROM work_orders WHERE customer_id = $1 AND order_no = $2")
            .bind(customer_id)
            .bind(order_no)
            .fetch_optional(&mut *tx)
            .await?;
    let (id, status) = row.ok_or(AppError::NotFound)?;
    if WorkOrderStatus::parse(&status).is_some_and(WorkOrderStatus::is_finished) {
        return Err(AppError::conflict(
            "message",
            "request_closed",
            "This request is finished",
        ));
    }
    add_message(&mut tx, id, "customer", customer_id, message, now).await?;
    // An answer to a question from staff puts the order back in their queue.
    sqlx::query(
        "UPDATE work_orders SET status = CASE WHEN status = 'awaiting_customer' THEN 'in_progress' ELSE status END, \
         updated_at = $1 WHERE id = $2",
    )
    .bind(now)
    .bind(id)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    detail_for_customer(db, customer_id, order_no)
        .await?
        .ok_or(AppError::NotFound)
}

/// Staff answer a work order and set its status; the customer is told. Returns the
/// customer's id for the audit log.
pub async fn staff_reply(
    db: &Db,
    staff_id: i64,
    order_no: &str,
    message: &str,
    status: WorkOrderStatus,
) -> Result<i64, AppError> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let row: Option<(i64, i64)> = sqlx::query_as("SELECT id, customer_id FROM work_orders WHERE order_no = $1")
        .bind(order_no)
        .fetch_optional(&mut *tx)
        .await?;
    let (id, customer_id) = row.ok_or(AppError::NotFound)?;
    add_message(&mut tx, id, "staff", staff_id, message, now).await?;
    sqlx::query("UPDATE work_orders SET status = $1, updated_at = $2 WHERE id = $3")
        .bind(status.as_str())
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    notify(
        &mut tx,
        customer_id,
        Notice {
            kind: NotificationKind::WorkOrderReply,
            params: vec![("order_no", order_no.to_string())],
            link: Some(format!("/my/requests/{order_no}")),
            dedup_key: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(customer_id)
}

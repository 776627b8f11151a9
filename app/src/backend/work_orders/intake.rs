//! Work an agent records for a customer who called, wrote or came in (来电/来函/来访): a
//! work order on that channel, for a customer on record or for a new caller recorded now by
//! name and mobile number (who can register later with that number and find it there).

use crate::backend::customers::{self, NewCustomer};
use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::platform::idempotency::Keyed;
use crate::backend::work_orders::routing::{self, ToRoute};
use crate::backend::work_orders::{add_message, insert, Author, NewWorkOrder, Visibility};
use crate::backend::{platform::idempotency, platform::sequences, Db};
use crate::domain::{
    parse_person_name, CaseKind, Channel, CustomerNumber, IdempotencyKey, Invalid, MemberLevel, Phone, Priority,
    VipTier, WorkOrderKind, WorkOrderStatus, MESSAGE, SUBJECT,
};
use crate::error::AppError;
use crate::model::work_orders::Intake;

#[derive(sqlx::FromRow)]
struct CustomerRow {
    id: i64,
    vip_tier: String,
}

/// Records the contact as a work order, routed like any other; answers its number. The
/// same request key for the same customer answers the same work order.
pub async fn log(db: &Db, staff: &StaffCaller, form: &Intake, now: i64) -> Result<String, AppError> {
    let channel = Channel::parse(form.channel.trim())
        .filter(|c| *c != Channel::Portal)
        .ok_or_else(|| {
            AppError::invalid(
                "channel",
                Invalid::new("channel_invalid", "Choose how the customer reached us"),
            )
        })?;
    // A policy change needs the customer's own signed-in request (and its checks).
    let kind = WorkOrderKind::parse(form.kind.trim())
        .filter(|k| *k != WorkOrderKind::PolicyService)
        .ok_or_else(|| AppError::invalid("kind", Invalid::new("kind_required", "Choose what it is about")))?;
    let subject = SUBJECT
        .check(&form.subject)
        .map_err(|e| AppError::invalid("subject", e))?;
    let message = MESSAGE
        .check(&form.message)
        .map_err(|e| AppError::invalid("message", e))?;
    let key = IdempotencyKey::parse(&form.request_key).map_err(|e| AppError::invalid("request_key", e))?;
    let request_hash = idempotency::fingerprint(&Intake {
        request_key: String::new(),
        ..form.clone()
    });

    let mut tx = db.begin_write().await?;
    let customer = if form.customer_no.trim().is_empty() {
        let name = parse_person_name(&form.new_name).map_err(|e| AppError::invalid("new_name", e))?;
        let phone = Phone::parse(&form.new_phone).map_err(|e| AppError::invalid("new_phone", e))?;
        let taken = sqlx::query("SELECT id FROM customers WHERE phone = $1")
            .bind(phone.as_str())
            .fetch_optional(&mut *tx)
            .await?;
        if taken.is_some() {
            return Err(AppError::conflict(
                "new_phone",
                "phone_on_record",
                "This mobile number belongs to a customer on record: find them by it",
            ));
        }
        let customer_no = sequences::next_customer_number(&mut tx, now).await?;
        let id = customers::insert(
            &mut tx,
            &NewCustomer {
                customer_no: &customer_no,
                name: &name,
                phone: Some(phone.as_str()),
                email: None,
                id_number_masked: None,
                member_level: MemberLevel::Registered,
                vip_tier: VipTier::None,
                id_number_verified_at: None,
                created_at: now,
            },
        )
        .await?;
        CustomerRow {
            id,
            vip_tier: VipTier::None.as_str().to_string(),
        }
    } else {
        let customer_no = CustomerNumber::parse(&form.customer_no).map_err(|e| AppError::invalid("customer_no", e))?;
        let row: CustomerRow = sqlx::query_as("SELECT id, vip_tier FROM customers WHERE customer_no = $1")
            .bind(customer_no.as_str())
            .fetch_optional(&mut *tx)
            .await?
            .ok_or(AppError::NotFound)?;
        if let Some(order_no) = idempotency::made_by(&mut tx, Keyed::WorkOrder, row.id, &key, &request_hash).await? {
            return Ok(order_no);
        }
        row
    };
    let priority = if customer.vip_tier == VipTier::None.as_str() {
        Priority::Normal
    } else {
        Priority::Vip
    };
    let order_no = sequences::next_case_number(&mut tx, CaseKind::WorkOrder, now).await?;
    let id = insert(
        &mut tx,
        &NewWorkOrder {
            order_no: &order_no,
            customer_id: customer.id,
            kind,
            service_type: None,
            policy_id: None,
            subject: &subject,
            request_data: None,
            status: WorkOrderStatus::Open,
            priority,
            channel,
            request_key: key.as_str(),
            request_hash: &request_hash,
            created_at: now,
            updated_at: now,
        },
    )
    .await?
    .ok_or_else(|| {
        AppError::conflict(
            "request_key",
            "request_key_reused",
            "This form was already sent; reload it to record another contact",
        )
    })?;
    // What the customer said, in their name; who wrote it down is in the audit log.
    add_message(
        &mut tx,
        id,
        Author::Customer,
        customer.id,
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
            policy_id: None,
            priority,
            at: now,
        },
    )
    .await?;
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "work_order.logged",
            customer_id: Some(customer.id),
            detail: format!("order_no={order_no} channel={}", channel.as_str()),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(order_no)
}

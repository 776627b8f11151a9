//! Advanced verification at the console: the ID photos customers sent, waiting for a
//! person's review within one working day (the portal's promise), approved or refused with
//! a reason the customer reads. Reviewers are the members of the groups policy-service work
//! orders route to, and supervisors. Every decision is audited in its own transaction.

use crate::backend::messaging::notify::{notify, NewNotification};
use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::{platform, staff, stored, Db};
use crate::domain::{MemberLevel, NotificationKind, Role, VipTier, WorkOrderKind, REASON};
use crate::error::AppError;
use crate::model::reviews::{IdentityReview, IdentityReviews};

/// How many decided reviews the queue shows under the pending ones.
const RECENT: i64 = 20;

async fn require_reviewer(conn: &mut sqlx::AnyConnection, caller: &StaffCaller) -> Result<(), AppError> {
    if caller.role.at_least(Role::Supervisor)
        || staff::handles(conn, caller.staff_id, WorkOrderKind::PolicyService).await?
    {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

#[derive(sqlx::FromRow)]
struct ReviewRow {
    id: i64,
    customer_no: String,
    name: String,
    vip_tier: String,
    member_level: String,
    id_number_masked: Option<String>,
    document_id: String,
    status: String,
    created_at: i64,
    reviewer: Option<String>,
    reviewed_at: Option<i64>,
    refusal_reason: Option<String>,
}

const REVIEW_SELECT: &str = "SELECT v.id, c.customer_no, c.name, c.vip_tier, c.member_level, \
     c.id_number_masked, d.public_id AS document_id, v.status, v.created_at, s.display_name AS reviewer, \
     v.reviewed_at, v.refusal_reason \
     FROM verification_requests v JOIN customers c ON c.id = v.customer_id \
     JOIN documents d ON d.id = v.document_id LEFT JOIN staff s ON s.id = v.reviewed_by_staff_id";

/// The ID photos waiting for review, the oldest (the first due) first, and the latest
/// decisions.
pub async fn queue(db: &Db, caller: &StaffCaller, now: i64) -> Result<IdentityReviews, AppError> {
    let mut conn = db.pool.acquire().await?;
    require_reviewer(&mut conn, caller).await?;
    let calendar = platform::calendar::calendar(&mut conn).await?;
    let pending: Vec<ReviewRow> = sqlx::query_as(&format!(
        "{REVIEW_SELECT} WHERE v.status = 'pending' ORDER BY v.created_at, v.id"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let recent: Vec<ReviewRow> = sqlx::query_as(&format!(
        "{REVIEW_SELECT} WHERE v.status <> 'pending' ORDER BY v.reviewed_at DESC, v.id DESC LIMIT {RECENT}"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let day = calendar.working_day_ms();
    let shape = |r: ReviewRow| -> Result<IdentityReview, AppError> {
        Ok(IdentityReview {
            id: r.id,
            customer_no: r.customer_no,
            name: r.name,
            vip_tier: stored(VipTier::parse(&r.vip_tier), "vip tier")?,
            member_level: stored(MemberLevel::parse(&r.member_level), "member level")?,
            id_number_masked: r.id_number_masked,
            document_id: r.document_id,
            approved: match r.status.as_str() {
                "approved" => Some(true),
                "refused" => Some(false),
                _ => None,
            },
            submitted_at: r.created_at,
            due_at: calendar.add_business_ms(r.created_at, day),
            reviewer: r.reviewer,
            reviewed_at: r.reviewed_at,
            refusal_reason: r.refusal_reason,
        })
    };
    Ok(IdentityReviews {
        pending: pending.into_iter().map(shape).collect::<Result<_, _>>()?,
        recent: recent.into_iter().map(shape).collect::<Result<_, _>>()?,
        now,
    })
}

/// Approves (the customer becomes advanced-verified) or refuses (with the reason they read)
/// one ID photo. Once: a second decision, or two at once, answers 409 `already_reviewed`.
pub async fn decide(
    db: &Db,
    caller: &StaffCaller,
    request_id: i64,
    approve: bool,
    reason: &str,
    now: i64,
) -> Result<(), AppError> {
    let reason = if approve {
        None
    } else {
        Some(REASON.check(reason).map_err(|e| AppError::invalid("reason", e))?)
    };
    let mut tx = db.begin_write().await?;
    require_reviewer(&mut tx, caller).await?;
    #[derive(sqlx::FromRow)]
    struct CustomerRow {
        customer_id: i64,
    }
    let decided: Option<CustomerRow> = sqlx::query_as(
        "UPDATE verification_requests SET status = $1, reviewed_by_staff_id = $2, reviewed_at = $3, refusal_reason = $4, \
           updated_at = $3 WHERE id = $5 AND status = 'pending' RETURNING customer_id",
    )
    .bind(if approve { "approved" } else { "refused" })
    .bind(caller.staff_id)
    .bind(now)
    .bind(reason.as_deref())
    .bind(request_id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(CustomerRow { customer_id }) = decided else {
        let exists = sqlx::query("SELECT id FROM verification_requests WHERE id = $1")
            .bind(request_id)
            .fetch_optional(&mut *tx)
            .await?;
        return Err(match exists {
            Some(_) => AppError::conflict("review", "already_reviewed", "This photo was reviewed already"),
            None => AppError::NotFound,
        });
    };
    if approve {
        sqlx::query(
            "UPDATE customers SET member_level = 'advanced_verified', updated_at = $1 \
             WHERE id = $2 AND member_level = 'verified'",
        )
        .bind(now)
        .bind(customer_id)
        .execute(&mut *tx)
        .await?;
    }
    let notification = match &reason {
        None => NewNotification {
            kind: NotificationKind::Verification,
            params: vec![("level", format!("t:{}", MemberLevel::AdvancedVerified.label_key()))],
            dedup_key: None,
        },
        Some(reason) => NewNotification {
            kind: NotificationKind::VerificationRefused,
            params: vec![("reason", reason.clone())],
            dedup_key: None,
        },
    };
    notify(&mut tx, customer_id, notification).await?;
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: caller.staff_id,
            action: if approve {
                "member.advanced_verified"
            } else {
                "member.verification_refused"
            },
            customer_id: Some(customer_id),
            detail: format!("verification_request={request_id}"),
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

//! Members (会员管理) as admins look after them: lock and unlock an account (a locked account
//! cannot sign in and its sessions end at their next request, in every process), change the
//! member level or VIP tier, and adjust points with a ledger entry. Every change says why
//! and is audited with before and after in the transaction of the change.

use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::session::{self, PrincipalKind};
use crate::backend::{customers, loyalty::points, now_ms, stored, Db, PointsSettings, Tx};
use crate::domain::{CustomerNumber, IdempotencyKey, MemberLevel, VipTier, ADMIN_REASON};
use crate::error::AppError;
use crate::model::admin::MemberStanding;

#[derive(sqlx::FromRow)]
struct StandingRow {
    id: i64,
    customer_no: String,
    name: String,
    member_level: String,
    vip_tier: String,
    locked_at: Option<i64>,
    lock_reason: Option<String>,
}

async fn load(tx: &mut Tx, customer_no: &CustomerNumber) -> Result<(i64, MemberStanding), AppError> {
    let id = customers::resolve_number_in(tx, customer_no)
        .await?
        .ok_or(AppError::NotFound)?;
    // Changes to one member queue behind each other.
    customers::lock(tx, id).await?;
    Ok((id, standing_in(tx, id).await?))
}

/// A member's standing inside a transaction that already holds their row.
pub async fn standing_in(tx: &mut Tx, customer_id: i64) -> Result<MemberStanding, AppError> {
    let row: StandingRow = sqlx::query_as(
        "SELECT id, customer_no, name, member_level, vip_tier, locked_at, lock_reason FROM customers WHERE id = $1",
    )
    .bind(customer_id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let balance = points::balance_in(tx, row.id).await?;
    Ok(MemberStanding {
        customer_no: row.customer_no,
        name: row.name,
        member_level: stored(MemberLevel::parse(&row.member_level), "member level")?,
        vip_tier: stored(VipTier::parse(&row.vip_tier), "VIP tier")?,
        locked: row.locked_at.is_some(),
        lock_reason: row.lock_reason,
        points_balance: balance,
    })
}

/// A member's standing, for the admin card beside the customer's record.
pub async fn standing(db: &Db, customer_no: &CustomerNumber) -> Result<MemberStanding, AppError> {
    let mut tx = db.begin_write().await?;
    let (_, standing) = load(&mut tx, customer_no).await?;
    tx.commit().await?;
    Ok(standing)
}

fn reason(text: &str) -> Result<String, AppError> {
    ADMIN_REASON.check(text).map_err(|e| AppError::invalid("reason", e))
}

async fn audited(
    tx: &mut Tx,
    admin_id: i64,
    action: &str,
    customer_id: i64,
    why: &str,
    before: &MemberStanding,
    after: &MemberStanding,
) -> Result<(), AppError> {
    let detail = serde_json::json!({ "reason": why, "before": before, "after": after });
    audit::record(
        tx,
        AuditEntry {
            staff_id: admin_id,
            action,
            customer_id: Some(customer_id),
            detail: detail.to_string(),
        },
    )
    .await
}

/// Locks (every session ends, no sign-in) or unlocks a member's account.
pub async fn set_locked(
    db: &Db,
    admin_id: i64,
    customer_no: &CustomerNumber,
    locked: bool,
    why: &str,
) -> Result<MemberStanding, AppError> {
    let why = reason(why)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (customer_id, before) = load(&mut tx, customer_no).await?;
    sqlx::query("UPDATE customers SET locked_at = $1, lock_reason = $2, updated_at = $3 WHERE id = $4")
        .bind(locked.then_some(now))
        .bind(locked.then_some(why.as_str()))
        .bind(now)
        .bind(customer_id)
        .execute(&mut *tx)
        .await?;
    if locked {
        session::revoke_all(&mut tx, PrincipalKind::Customer, customer_id).await?;
    }
    let (_, after) = load(&mut tx, customer_no).await?;
    let action = if locked { "member.lock" } else { "member.unlock" };
    audited(&mut tx, admin_id, action, customer_id, &why, &before, &after).await?;
    tx.commit().await?;
    Ok(after)
}

/// Sets the member level and VIP tier.
pub async fn set_level(
    db: &Db,
    admin_id: i64,
    customer_no: &CustomerNumber,
    level: MemberLevel,
    tier: VipTier,
    why: &str,
) -> Result<MemberStanding, AppError> {
    let why = reason(why)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let (customer_id, before) = load(&mut tx, customer_no).await?;
    sqlx::query("UPDATE customers SET member_level = $1, vip_tier = $2, updated_at = $3 WHERE id = $4")
        .bind(level.as_str())
        .bind(tier.as_str())
        .bind(now)
        .bind(customer_id)
        .execute(&mut *tx)
        .await?;
    let (_, after) = load(&mut tx, customer_no).await?;
    audited(&mut tx, admin_id, "member.level", customer_id, &why, &before, &after).await?;
    tx.commit().await?;
    Ok(after)
}

/// Adds or takes points: a ledger entry, never an edit; once per request key.
pub async fn adjust_points(
    db: &Db,
    settings: &PointsSettings,
    admin_id: i64,
    customer_no: &CustomerNumber,
    delta: i64,
    why: &str,
    key: &IdempotencyKey,
) -> Result<MemberStanding, AppError> {
    let why = reason(why)?;
    let mut tx = db.begin_write().await?;
    let (customer_id, before) = load(&mut tx, customer_no).await?;
    let written = points::adjust(&mut tx, settings, customer_id, delta, &why, key).await?;
    let (_, after) = load(&mut tx, customer_no).await?;
    if written {
        audited(&mut tx, admin_id, "member.points", customer_id, &why, &before, &after).await?;
    }
    tx.commit().await?;
    Ok(after)
}

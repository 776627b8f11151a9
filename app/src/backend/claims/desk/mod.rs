//! The claims desk: claims by stage with their committed time left, a handler per claim,
//! moving a claim through its stages with what each needs, payouts above the handler's
//! authority waiting for someone with enough, refusal with a reason, requests for
//! documents, internal notes, fast-track review, and the customer's one dispute.
//!
//! Claims handlers are the members of the skill groups claim enquiries are routed to (data,
//! `work_order_routes`); supervisors and admins reach every claim. Every change is audited
//! in its own transaction, and a stage moves only from the stage its handler saw, so a
//! request sent twice or two handlers at once never move a claim twice.

use crate::backend::messaging::notify::{notify, NewNotification};
use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::{staff, stored, Tx};
use crate::domain::{Authority, ClaimStage, Money, NotificationKind, Role, WorkOrderKind};
use crate::error::AppError;

mod case;
mod decisions;
mod queue;

pub use case::case;
pub use decisions::{
    add_note, advance, assign, decide_approval, dispute, refuse, request_documents, stop_fast_track, Advance,
};
pub use queue::queue;

/// What a member of staff may approve: their own limit if set, else their role's; a role
/// without a row approves nothing.
pub async fn authority(conn: &mut sqlx::AnyConnection, staff_id: i64) -> Result<Authority, AppError> {
    #[derive(sqlx::FromRow)]
    struct AuthorityRow {
        claim_limit_fen: Option<i64>,
        has_role_row: i64,
        role_limit_fen: Option<i64>,
    }
    let row: AuthorityRow = sqlx::query_as(
        "SELECT s.claim_limit_fen, CASE WHEN l.role IS NULL THEN 0 ELSE 1 END AS has_role_row, \
           l.limit_fen AS role_limit_fen \
         FROM staff s LEFT JOIN claim_authority_limits l ON l.role = s.role WHERE s.id = $1",
    )
    .bind(staff_id)
    .fetch_one(conn)
    .await?;
    Ok(Authority(match (row.claim_limit_fen, row.has_role_row) {
        (Some(own), _) => Some(Money::from_fen(own)),
        (None, 0) => Some(Money::from_fen(0)),
        (None, _) => row.role_limit_fen.map(Money::from_fen),
    }))
}

/// A note on a claim for colleagues.
pub async fn insert_note(tx: &mut Tx, claim_id: i64, staff_id: i64, body: &str, at: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO claim_notes (claim_id, staff_id, body, at, created_at, updated_at) VALUES ($1, $2, $3, $4, $4, $4)",
    )
    .bind(claim_id)
    .bind(staff_id)
    .bind(body)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A payout above its handler's authority, waiting for someone with enough.
pub async fn insert_approval_request(
    tx: &mut Tx,
    claim_id: i64,
    amount: Money,
    requested_by: i64,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO claim_approvals (claim_id, amount_fen, requested_by_staff_id, status, created_at, updated_at) \
         VALUES ($1, $2, $3, 'pending', $4, $4)",
    )
    .bind(claim_id)
    .bind(amount.fen())
    .bind(requested_by)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether the member of staff works in a group that claim enquiries are routed to.
pub async fn is_claims_handler(conn: &mut sqlx::AnyConnection, staff_id: i64) -> Result<bool, AppError> {
    staff::handles(conn, staff_id, WorkOrderKind::ClaimEnquiry).await
}

/// The desk is for claims handlers and those who supervise them.
async fn require_desk(conn: &mut sqlx::AnyConnection, staff: &StaffCaller) -> Result<(), AppError> {
    if staff.role.at_least(Role::Supervisor) || is_claims_handler(conn, staff.staff_id).await? {
        Ok(())
    } else {
        Err(AppError::Forbidden)
    }
}

/// Whether the caller may see the claim on the desk (what `case` answers 404 or 403 to,
/// they may not): the scope of everything said about it, such as who else has it open.
pub async fn visible_to(conn: &mut sqlx::AnyConnection, staff: &StaffCaller, claim_no: &str) -> Result<bool, AppError> {
    if !(staff.role.at_least(Role::Supervisor) || is_claims_handler(conn, staff.staff_id).await?) {
        return Ok(false);
    }
    Ok(claim_by_number(conn, claim_no).await?.is_some())
}

/// The facts about a claim that decide what staff may do with it.
#[derive(sqlx::FromRow)]
struct ClaimRow {
    id: i64,
    claim_no: String,
    customer_id: i64,
    stage: String,
    amount_fen: i64,
    payout_fen: Option<i64>,
    payout_bank: String,
    payout_account: String,
    handler_staff_id: Option<i64>,
    previous_handler_staff_id: Option<i64>,
    fast_track: i64,
    fast_track_stopped_at: Option<i64>,
    coverage_limit_fen: i64,
}

impl ClaimRow {
    fn stage(&self) -> Result<ClaimStage, AppError> {
        stored(ClaimStage::parse(&self.stage), "claim stage")
    }
}

const CLAIM_SELECT: &str = "SELECT cl.id, cl.claim_no, cl.customer_id, cl.stage, cl.amount_fen, cl.payout_fen, \
     cl.payout_bank, cl.payout_account, cl.handler_staff_id, cl.previous_handler_staff_id, cl.fast_track, \
     cl.fast_track_stopped_at, \
       COALESCE(pc.limit_fen, cv.default_limit_fen) AS coverage_limit_fen \
     FROM claims cl JOIN product_coverages cv ON cv.id = cl.coverage_id \
     LEFT JOIN policy_coverages pc ON pc.policy_id = cl.policy_id AND pc.coverage_id = cl.coverage_id";

async fn claim_by_number(conn: &mut sqlx::AnyConnection, claim_no: &str) -> Result<Option<ClaimRow>, AppError> {
    Ok(sqlx::query_as(&format!("{CLAIM_SELECT} WHERE cl.claim_no = $1"))
        .bind(claim_no)
        .fetch_optional(conn)
        .await?)
}

/// Whether the caller may work on the claim: it is theirs or nobody's (and they did not
/// decide it before a dispute), or they supervise.
fn may_act(staff: &StaffCaller, claim: &ClaimRow) -> Result<(), AppError> {
    // Whoever decided before a dispute does not review it, whatever their role.
    if claim.previous_handler_staff_id == Some(staff.staff_id) && claim.handler_staff_id != Some(staff.staff_id) {
        return Err(AppError::conflict(
            "claim",
            "decided_before",
            "You decided this claim before its dispute; a colleague reviews it",
        ));
    }
    if staff.role.at_least(Role::Supervisor) {
        return Ok(());
    }
    match claim.handler_staff_id {
        Some(id) if id != staff.staff_id => Err(AppError::conflict(
            "claim",
            "not_yours",
            "A colleague handles this claim; ask them or a supervisor to pass it on",
        )),
        _ => Ok(()),
    }
}

/// The claim as the caller may work on it, locked for this transaction; an unassigned
/// claim becomes the caller's.
async fn claim_to_act_on(tx: &mut Tx, staff: &StaffCaller, claim_no: &str, now: i64) -> Result<ClaimRow, AppError> {
    require_desk(tx, staff).await?;
    lock(tx, claim_no).await?;
    let mut claim = claim_by_number(tx, claim_no).await?.ok_or(AppError::NotFound)?;
    may_act(staff, &claim)?;
    if claim.handler_staff_id.is_none() && is_claims_handler(tx, staff.staff_id).await? {
        let taken = sqlx::query(
            "UPDATE claims SET handler_staff_id = $1, updated_at = $2 WHERE id = $3 AND handler_staff_id IS NULL",
        )
        .bind(staff.staff_id)
        .bind(now)
        .bind(claim.id)
        .execute(&mut **tx)
        .await?;
        if taken.rows_affected() == 0 {
            return Err(AppError::conflict(
                "claim",
                "not_yours",
                "A colleague took this claim a moment ago",
            ));
        }
        claim.handler_staff_id = Some(staff.staff_id);
    }
    Ok(claim)
}

/// Takes the claim's row for this transaction, so two changes to one claim happen one after
/// the other on PostgreSQL too (SQLite's write transactions already do).
async fn lock(tx: &mut Tx, claim_no: &str) -> Result<(), AppError> {
    sqlx::query("UPDATE claims SET updated_at = updated_at WHERE claim_no = $1")
        .bind(claim_no)
        .execute(&mut **tx)
        .await?;
    Ok(())
}

/// Moves the claim from the stage read to `next`; a claim someone else moved meanwhile is
/// refused, not moved twice.
async fn move_stage(tx: &mut Tx, claim: &ClaimRow, next: ClaimStage, set: &str, now: i64) -> Result<(), AppError> {
    let done = sqlx::query(&format!(
        "UPDATE claims SET stage = $1, stage_entered_at = $2, updated_at = $2{set} WHERE id = $3 AND stage = $4"
    ))
    .bind(next.as_str())
    .bind(now)
    .bind(claim.id)
    .bind(&claim.stage)
    .execute(&mut **tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(stage_changed());
    }
    Ok(())
}

fn stage_changed() -> AppError {
    AppError::conflict(
        "stage",
        "stage_changed",
        "Someone moved this claim on meanwhile; reload to see where it stands",
    )
}

fn claim_closed() -> AppError {
    AppError::conflict("stage", "claim_closed", "This claim is closed")
}

async fn tell_customer(tx: &mut Tx, claim: &ClaimRow, stage_text: String) -> Result<(), AppError> {
    notify(
        tx,
        claim.customer_id,
        NewNotification {
            kind: NotificationKind::ClaimStage,
            params: vec![
                ("claim_no", claim.claim_no.clone()),
                ("stage", format!("t:{stage_text}")),
            ],
            dedup_key: None,
        },
    )
    .await
}

/// A closed claim is followed up by phone when it is in the sample (回访).
async fn follow_up_closed(tx: &mut Tx, claim: &ClaimRow, now: i64) -> Result<(), AppError> {
    let subject = crate::backend::feedback::follow_ups::Subject::Claim {
        claim_id: claim.id,
        claim_no: &claim.claim_no,
    };
    crate::backend::feedback::follow_ups::schedule(tx, claim.customer_id, subject, now).await
}

async fn audited(
    tx: &mut Tx,
    staff: &StaffCaller,
    action: &str,
    claim: &ClaimRow,
    detail: String,
) -> Result<(), AppError> {
    // Every staff step changes the desk's view of the claim; what the customer sees changes
    // with its timeline (`claims::insert_event`) or a request to them.
    crate::backend::platform::live::claim_changed(tx, claim.id, false).await?;
    audit::record(
        tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action,
            customer_id: Some(claim.customer_id),
            detail: format!("claim_no={} {detail}", claim.claim_no),
        },
    )
    .await
}

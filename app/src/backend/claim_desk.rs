//! The claims desk: claims by stage with their committed time left, a handler per claim,
//! moving a claim through its stages with what each needs, payouts above the handler's
//! authority waiting for someone with enough, rejection with a reason, requests for
//! documents, internal notes, fast-track review, and the customer's one dispute.
//!
//! Claims handlers are the members of the skill groups claim enquiries are routed to (data,
//! `work_order_routes`); supervisors and admins reach every claim. Every change is audited
//! in its own transaction, and a stage moves only from the stage its handler saw, so a
//! request sent twice or two handlers at once never move a claim twice.

use super::audit::{self, AuditEntry};
use super::auth::guard::StaffCaller;
use super::claims::{insert_event, invalid_first};
use super::notify::{notify, Notice};
use super::work_orders::desk::colleagues;
use super::{customers, documents, staff, stored, Db, Tx};
use crate::domain::calendar::{Date, HOUR_MS};
use crate::domain::{
    check_stage_entry, mask_account, Authority, ClaimOutcome, ClaimQueueView, ClaimStage, CustomerNumber,
    DocumentPurpose, Invalid, Money, NotificationKind, PayoutBounds, Role, StageFacts, StageInput, VipTier,
    WorkOrderKind, DOCUMENTS_REQUEST, NOTE, REASON, REJECTION_REASON,
};
use crate::error::{internal_error, AppError};
use crate::model::claim_desk::{
    ClaimApproval, ClaimCase, ClaimCounts, ClaimDesk, ClaimLine, ClaimNote, ClaimStep, StageLoad, StageMove,
};

/// How many lines a view shows at once.
const PAGE: i64 = 100;

const LINE_SELECT: &str = "SELECT cl.claim_no, c.customer_no, c.name AS customer_name, c.vip_tier, \
     pr.name_zh AS product_name_zh, pr.name_en AS product_name_en, \
     cv.name_zh AS coverage_name_zh, cv.name_en AS coverage_name_en, \
     cl.stage, cl.outcome, cl.amount_fen, cl.payout_fen, cl.handler_id, s.display_name AS handler_name, \
     cl.created_at, cl.stage_entered_at, cl.fast_track, cl.fast_track_stopped_at, cl.awaiting_customer, \
     cl.disputed_at, k.limit_hours, \
     (SELECT a.amount_fen FROM claim_approvals a WHERE a.claim_id = cl.id AND a.status = 'pending') AS pending_fen \
     FROM claims cl JOIN customers c ON c.id = cl.customer_id \
     JOIN policies p ON p.id = cl.policy_id JOIN products pr ON pr.id = p.product_id \
     JOIN product_coverages cv ON cv.id = cl.coverage_id \
     LEFT JOIN staff s ON s.id = cl.handler_id \
     LEFT JOIN claim_stage_commitments k ON k.stage = cl.stage";

#[derive(sqlx::FromRow)]
struct LineRow {
    claim_no: String,
    customer_no: String,
    customer_name: String,
    vip_tier: String,
    product_name_zh: String,
    product_name_en: String,
    coverage_name_zh: String,
    coverage_name_en: String,
    stage: String,
    outcome: Option<String>,
    amount_fen: i64,
    payout_fen: Option<i64>,
    handler_id: Option<i64>,
    handler_name: Option<String>,
    created_at: i64,
    stage_entered_at: i64,
    fast_track: i64,
    fast_track_stopped_at: Option<i64>,
    awaiting_customer: Option<String>,
    disputed_at: Option<i64>,
    limit_hours: Option<i64>,
    pending_fen: Option<i64>,
}

impl LineRow {
    fn into_line(self) -> Result<ClaimLine, AppError> {
        let stage = stored(ClaimStage::parse(&self.stage), "claim stage")?;
        Ok(ClaimLine {
            claim_no: self.claim_no,
            customer_no: self.customer_no,
            customer_name: self.customer_name,
            vip_tier: stored(VipTier::parse(&self.vip_tier), "vip tier")?,
            product_name_zh: self.product_name_zh,
            product_name_en: self.product_name_en,
            coverage_name_zh: self.coverage_name_zh,
            coverage_name_en: self.coverage_name_en,
            stage,
            outcome: self.outcome.as_deref().and_then(ClaimOutcome::parse),
            amount: Money::from_fen(self.amount_fen),
            payout: self.payout_fen.map(Money::from_fen),
            handler: self.handler_name,
            handler_id: self.handler_id,
            reported_at: self.created_at,
            stage_entered_at: self.stage_entered_at,
            stage_due_at: (stage != ClaimStage::Closed)
                .then(|| self.limit_hours.map(|h| self.stage_entered_at + h * HOUR_MS))
                .flatten(),
            fast_track: self.fast_track != 0 && self.fast_track_stopped_at.is_none(),
            awaiting_customer: self.awaiting_customer.is_some(),
            pending_approval: self.pending_fen.map(Money::from_fen),
            disputed: self.disputed_at.is_some(),
        })
    }
}

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
        "INSERT INTO claim_approvals (claim_id, amount_fen, requested_by, status, created_at, updated_at) \
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

/// `amount_fen <= limit` for the caller's authority, as SQL on `column`.
fn covered_by(authority: Authority, column: &str) -> String {
    match authority.0 {
        None => "1 = 1".into(),
        Some(limit) => format!("{column} <= {}", limit.fen()),
    }
}

/// The condition and its meaning for each view; the staff id is `$1`.
fn view_condition(view: ClaimQueueView, authority: Authority) -> String {
    match view {
        ClaimQueueView::Mine => "cl.stage <> 'closed' AND cl.handler_id = $1".into(),
        ClaimQueueView::Unassigned => {
            "cl.stage <> 'closed' AND cl.handler_id IS NULL AND (cl.previous_handler_id IS NULL OR cl.previous_handler_id <> $1)"
                .into()
        }
        ClaimQueueView::Approvals => format!(
            "cl.id IN (SELECT a.claim_id FROM claim_approvals a WHERE a.status = 'pending' \
               AND a.requested_by <> $1 AND {})",
            covered_by(authority, "a.amount_fen")
        ),
        ClaimQueueView::FastTrack => {
            "cl.stage = 'approved' AND cl.fast_track = 1 AND cl.fast_track_stopped_at IS NULL AND $1 = $1".into()
        }
        ClaimQueueView::All => "cl.stage <> 'closed' AND $1 = $1".into(),
    }
}

/// The counts of the views, by the views' names (`NULL` when there are no claims at all).
#[derive(sqlx::FromRow)]
struct CountsRow {
    count_mine: Option<i64>,
    count_unassigned: Option<i64>,
    count_approvals: Option<i64>,
    count_fast_track: Option<i64>,
    count_all: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct StageCountRow {
    stage: String,
    open: i64,
    overdue: i64,
}

#[derive(sqlx::FromRow)]
struct LimitRow {
    stage: String,
    limit_hours: i64,
}

/// A view of the desk with the counts of every view and the open claims per stage.
pub async fn queue(db: &Db, staff: &StaffCaller, view: ClaimQueueView, now: i64) -> Result<ClaimDesk, AppError> {
    let mut conn = db.pool.acquire().await?;
    require_desk(&mut conn, staff).await?;
    let authority = authority(&mut conn, staff.staff_id).await?;
    // Every view's count in one statement: one sum per view's condition.
    let sums = ClaimQueueView::ALL
        .iter()
        .map(|v| {
            format!(
                "CAST(SUM(CASE WHEN {} THEN 1 ELSE 0 END) AS BIGINT) AS count_{}",
                view_condition(*v, authority),
                v.as_str()
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let counts: CountsRow = sqlx::query_as(&format!("SELECT {sums} FROM claims cl"))
        .bind(staff.staff_id)
        .fetch_one(&mut *conn)
        .await?;
    let counts = ClaimCounts {
        mine: counts.count_mine.unwrap_or(0),
        unassigned: counts.count_unassigned.unwrap_or(0),
        approvals: counts.count_approvals.unwrap_or(0),
        fast_track: counts.count_fast_track.unwrap_or(0),
        all: counts.count_all.unwrap_or(0),
    };
    let stage_counts: Vec<StageCountRow> = sqlx::query_as(
        "SELECT cl.stage, COUNT(*) AS open, \
           CAST(SUM(CASE WHEN k.limit_hours IS NOT NULL AND cl.stage_entered_at + k.limit_hours * 3600000 < $1 \
             THEN 1 ELSE 0 END) AS BIGINT) AS overdue \
         FROM claims cl LEFT JOIN claim_stage_commitments k ON k.stage = cl.stage \
         WHERE cl.stage <> 'closed' GROUP BY cl.stage",
    )
    .bind(now)
    .fetch_all(&mut *conn)
    .await?;
    let limits: Vec<LimitRow> = sqlx::query_as("SELECT stage, limit_hours FROM claim_stage_commitments")
        .fetch_all(&mut *conn)
        .await?;
    let stages = ClaimStage::ALL
        .iter()
        .filter(|s| **s != ClaimStage::Closed)
        .map(|&stage| {
            let count = stage_counts.iter().find(|c| c.stage == stage.as_str());
            StageLoad {
                stage,
                open: count.map_or(0, |c| c.open),
                overdue: count.map_or(0, |c| c.overdue),
                limit_hours: limits.iter().find(|l| l.stage == stage.as_str()).map(|l| l.limit_hours),
            }
        })
        .collect();
    // Due first: the stage whose committed time runs out soonest, VIP customers first.
    let rows: Vec<LineRow> = sqlx::query_as(&format!(
        "{LINE_SELECT} WHERE {} ORDER BY CASE WHEN c.vip_tier = 'none' THEN 1 ELSE 0 END, \
           cl.stage_entered_at + COALESCE(k.limit_hours, 100000) * 3600000, cl.id LIMIT {}",
        view_condition(view, authority),
        PAGE + 1
    ))
    .bind(staff.staff_id)
    .fetch_all(&mut *conn)
    .await?;
    let more = rows.len() as i64 > PAGE;
    let lines = rows
        .into_iter()
        .take(PAGE as usize)
        .map(LineRow::into_line)
        .collect::<Result<_, _>>()?;
    Ok(ClaimDesk {
        view,
        counts,
        stages,
        lines,
        more,
        authority: authority.0,
        now,
    })
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
    handler_id: Option<i64>,
    previous_handler_id: Option<i64>,
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
     cl.payout_bank, cl.payout_account, cl.handler_id, cl.previous_handler_id, cl.fast_track, \
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
    if claim.previous_handler_id == Some(staff.staff_id) && claim.handler_id != Some(staff.staff_id) {
        return Err(AppError::conflict(
            "claim",
            "decided_before",
            "You decided this claim before its dispute; a colleague reviews it",
        ));
    }
    if staff.role.at_least(Role::Supervisor) {
        return Ok(());
    }
    match claim.handler_id {
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
    if claim.handler_id.is_none() && is_claims_handler(tx, staff.staff_id).await? {
        let taken =
            sqlx::query("UPDATE claims SET handler_id = $1, updated_at = $2 WHERE id = $3 AND handler_id IS NULL")
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
        claim.handler_id = Some(staff.staff_id);
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
        Notice {
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
    let subject = super::follow_ups::Subject::Claim {
        claim_id: claim.id,
        claim_no: &claim.claim_no,
    };
    super::follow_ups::schedule(tx, claim.customer_id, subject, now).await
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
    super::live::claim_changed(tx, claim.id, false).await?;
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

/// What a handler sends to move a claim on.
pub struct Advance<'a> {
    pub claim_no: &'a str,
    /// The stage the handler saw; `None` trusts the current one (API callers).
    pub from_stage: Option<ClaimStage>,
    /// A note the customer reads on the timeline.
    pub note: Option<&'a str>,
    pub input: StageInput<'a>,
}

/// Moves a claim to its next stage with what that stage needs. Approving a payout above
/// the caller's authority leaves the claim where it is, waiting for an approval by someone
/// with enough; closing an approved claim pays it.
pub async fn advance(db: &Db, staff: &StaffCaller, form: &Advance<'_>, now: i64) -> Result<StageMove, AppError> {
    let note = match form.note {
        Some(text) => Some(NOTE.check(text).map_err(|e| AppError::invalid("note", e))?).filter(|n| !n.is_empty()),
        None => None,
    };
    let mut tx = db.begin_write().await?;
    let claim = claim_to_act_on(&mut tx, staff, form.claim_no, now).await?;
    let stage = claim.stage()?;
    if form.from_stage.is_some_and(|seen| seen != stage) {
        return Err(stage_changed());
    }
    let next = stage.next().ok_or_else(claim_closed)?;
    let pending = sqlx::query("SELECT id FROM claim_approvals WHERE claim_id = $1 AND status = 'pending'")
        .bind(claim.id)
        .fetch_optional(&mut *tx)
        .await?;
    if pending.is_some() {
        return Err(AppError::conflict(
            "stage",
            "approval_pending",
            "The payout waits for an approval; it moves on once someone with the authority decides",
        ));
    }
    let bounds = PayoutBounds {
        claimed: Money::from_fen(claim.amount_fen),
        coverage_limit: Money::from_fen(claim.coverage_limit_fen),
    };
    let facts = check_stage_entry(next, &form.input, bounds).map_err(invalid_first)?;

    if next == ClaimStage::Approved {
        let payout = Money::from_fen(
            claim
                .payout_fen
                .ok_or_else(|| internal_error(&"adjusted claim without a payout"))?,
        );
        let authority = authority(&mut tx, staff.staff_id).await?;
        if !authority.covers(payout) {
            insert_approval_request(&mut tx, claim.id, payout, staff.staff_id, now).await?;
            audited(
                &mut tx,
                staff,
                "claim.approval_requested",
                &claim,
                format!("payout_fen={}", payout.fen()),
            )
            .await?;
            tx.commit().await?;
            return Ok(StageMove {
                stage,
                awaiting_approval: true,
            });
        }
    }

    let set = match &facts {
        StageFacts::Survey { .. } => ", survey_notes = $5",
        StageFacts::Adjustment { .. } => ", assessed_loss_fen = $5, payout_fen = $6",
        StageFacts::Nothing if next == ClaimStage::Closed => {
            ", outcome = 'paid', awaiting_customer = NULL, awaiting_due = NULL"
        }
        StageFacts::Nothing => "",
    };
    let sql = format!(
        "UPDATE claims SET stage = $1, stage_entered_at = $2, updated_at = $2{set} WHERE id = $3 AND stage = $4"
    );
    let mut query = sqlx::query(&sql)
        .bind(next.as_str())
        .bind(now)
        .bind(claim.id)
        .bind(&claim.stage);
    match &facts {
        StageFacts::Survey { notes } => query = query.bind(notes.clone()),
        StageFacts::Adjustment { assessed_loss, payout } => {
            query = query.bind(assessed_loss.fen()).bind(payout.fen());
        }
        StageFacts::Nothing => {}
    }
    if query.execute(&mut *tx).await?.rows_affected() == 0 {
        return Err(stage_changed());
    }
    insert_event(&mut tx, claim.id, next, note.as_deref(), now, Some(staff.staff_id)).await?;
    if next == ClaimStage::Closed {
        // Paid after a person's check: the account is on file for later claims.
        customers::insert_payout_account(
            &mut tx,
            claim.customer_id,
            &claim.payout_bank,
            &claim.payout_account,
            now,
        )
        .await?;
        follow_up_closed(&mut tx, &claim, now).await?;
    }
    let stage_text = if next == ClaimStage::Closed {
        ClaimOutcome::Paid.label_key()
    } else {
        next.label_key()
    };
    tell_customer(&mut tx, &claim, stage_text).await?;
    audited(
        &mut tx,
        staff,
        "claim.advance",
        &claim,
        format!("stage={}", next.as_str()),
    )
    .await?;
    tx.commit().await?;
    Ok(StageMove {
        stage: next,
        awaiting_approval: false,
    })
}

/// Decides a payout waiting for approval: only someone whose authority covers it, and not
/// who asked. Approving moves the claim to `approved`; refusing leaves it with its handler.
pub async fn decide_approval(
    db: &Db,
    staff: &StaffCaller,
    claim_no: &str,
    approve: bool,
    reason: Option<&str>,
    now: i64,
) -> Result<ClaimStage, AppError> {
    let reason = match (approve, reason) {
        (true, None) => None,
        (_, Some(text)) if approve && text.trim().is_empty() => None,
        (_, text) => Some(
            REASON
                .check(text.unwrap_or(""))
                .map_err(|e| AppError::invalid("reason", e))?,
        ),
    };
    let mut tx = db.begin_write().await?;
    require_desk(&mut tx, staff).await?;
    lock(&mut tx, claim_no).await?;
    let claim = claim_by_number(&mut tx, claim_no).await?.ok_or(AppError::NotFound)?;
    #[derive(sqlx::FromRow)]
    struct PendingRow {
        id: i64,
        amount_fen: i64,
        requested_by: i64,
    }
    let pending: PendingRow = sqlx::query_as(
        "SELECT id, amount_fen, requested_by FROM claim_approvals WHERE claim_id = $1 AND status = 'pending'",
    )
    .bind(claim.id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| {
        AppError::conflict(
            "claim",
            "no_pending_approval",
            "Nothing on this claim waits for an approval",
        )
    })?;
    if pending.requested_by == staff.staff_id {
        return Err(AppError::conflict(
            "claim",
            "own_request",
            "Someone else approves a payout you asked to approve",
        ));
    }
    if !authority(&mut tx, staff.staff_id)
        .await?
        .covers(Money::from_fen(pending.amount_fen))
    {
        return Err(AppError::conflict(
            "claim",
            "above_authority",
            "This payout is above your authority; someone with a higher limit approves it",
        ));
    }
    let decided = sqlx::query(
        "UPDATE claim_approvals SET status = $1, decided_by = $2, decided_at = $3, reason = $4, updated_at = $3 \
         WHERE id = $5 AND status = 'pending'",
    )
    .bind(if approve { "approved" } else { "refused" })
    .bind(staff.staff_id)
    .bind(now)
    .bind(reason.as_deref())
    .bind(pending.id)
    .execute(&mut *tx)
    .await?;
    if decided.rows_affected() == 0 {
        return Err(AppError::conflict(
            "claim",
            "no_pending_approval",
            "Someone decided this approval a moment ago",
        ));
    }
    let stage = if approve {
        if claim.stage()? != ClaimStage::Adjusted {
            return Err(stage_changed());
        }
        move_stage(&mut tx, &claim, ClaimStage::Approved, "", now).await?;
        insert_event(&mut tx, claim.id, ClaimStage::Approved, None, now, Some(staff.staff_id)).await?;
        tell_customer(&mut tx, &claim, ClaimStage::Approved.label_key()).await?;
        ClaimStage::Approved
    } else {
        claim.stage()?
    };
    audited(
        &mut tx,
        staff,
        if approve {
            "claim.approved"
        } else {
            "claim.approval_refused"
        },
        &claim,
        format!("payout_fen={}", pending.amount_fen),
    )
    .await?;
    tx.commit().await?;
    Ok(stage)
}

/// Rejects a claim, by a person, with the reason the customer reads. A pending approval
/// ends with it.
pub async fn reject(db: &Db, staff: &StaffCaller, claim_no: &str, reason: &str, now: i64) -> Result<(), AppError> {
    let reason = REJECTION_REASON
        .check(reason)
        .map_err(|e| AppError::invalid("reason", e))?;
    let mut tx = db.begin_write().await?;
    let claim = claim_to_act_on(&mut tx, staff, claim_no, now).await?;
    if claim.stage()? == ClaimStage::Closed {
        return Err(claim_closed());
    }
    move_stage(
        &mut tx,
        &claim,
        ClaimStage::Closed,
        ", outcome = 'rejected', payout_fen = 0, awaiting_customer = NULL, awaiting_due = NULL",
        now,
    )
    .await?;
    // Whoever rejects is the claim's handler of record: after a dispute, not its reviewer.
    sqlx::query("UPDATE claims SET rejection_reason = $1, handler_id = $2 WHERE id = $3")
        .bind(&reason)
        .bind(staff.staff_id)
        .bind(claim.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE claim_approvals SET status = 'refused', decided_by = $1, decided_at = $2, reason = 'rejected', \
         updated_at = $2 WHERE claim_id = $3 AND status = 'pending'",
    )
    .bind(staff.staff_id)
    .bind(now)
    .bind(claim.id)
    .execute(&mut *tx)
    .await?;
    insert_event(
        &mut tx,
        claim.id,
        ClaimStage::Closed,
        Some(&reason),
        now,
        Some(staff.staff_id),
    )
    .await?;
    tell_customer(&mut tx, &claim, ClaimOutcome::Rejected.label_key()).await?;
    follow_up_closed(&mut tx, &claim, now).await?;
    audited(&mut tx, staff, "claim.rejected", &claim, String::new()).await?;
    tx.commit().await?;
    Ok(())
}

/// Asks the customer for documents by a date; the claim shows "awaiting you" until then.
pub async fn request_documents(
    db: &Db,
    staff: &StaffCaller,
    claim_no: &str,
    what: &str,
    due: &str,
    today: &str,
    now: i64,
) -> Result<(), AppError> {
    let what = DOCUMENTS_REQUEST
        .check(what)
        .map_err(|e| AppError::invalid("documents", e))?;
    let due = Date::parse_iso(due.trim())
        .filter(|d| d.iso().as_str() > today)
        .ok_or_else(|| {
            AppError::invalid(
                "due_date",
                Invalid::new("due_date_invalid", "Choose a date after today"),
            )
        })?;
    let mut tx = db.begin_write().await?;
    let claim = claim_to_act_on(&mut tx, staff, claim_no, now).await?;
    if claim.stage()? == ClaimStage::Closed {
        return Err(claim_closed());
    }
    sqlx::query("UPDATE claims SET awaiting_customer = $1, awaiting_due = $2, updated_at = $3 WHERE id = $4")
        .bind(&what)
        .bind(due.iso())
        .bind(now)
        .bind(claim.id)
        .execute(&mut *tx)
        .await?;
    super::live::claim_changed(&mut tx, claim.id, true).await?;
    notify(
        &mut tx,
        claim.customer_id,
        Notice {
            kind: NotificationKind::ClaimStage,
            params: vec![
                ("claim_no", claim.claim_no.clone()),
                ("stage", "t:claim_desk.documents_requested".into()),
            ],
            dedup_key: None,
        },
    )
    .await?;
    audited(
        &mut tx,
        staff,
        "claim.documents_requested",
        &claim,
        format!("due={}", due.iso()),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A note for colleagues; the customer never sees it.
pub async fn add_note(db: &Db, staff: &StaffCaller, claim_no: &str, body: &str, now: i64) -> Result<(), AppError> {
    let body = NOTE.check(body).map_err(|e| AppError::invalid("note", e))?;
    if body.is_empty() {
        return Err(AppError::invalid(
            "note",
            Invalid::new("note_required", "Write the note"),
        ));
    }
    let mut tx = db.begin_write().await?;
    require_desk(&mut tx, staff).await?;
    let claim = claim_by_number(&mut tx, claim_no).await?.ok_or(AppError::NotFound)?;
    insert_note(&mut tx, claim.id, staff.staff_id, &body, now).await?;
    audited(&mut tx, staff, "claim.note", &claim, String::new()).await?;
    tx.commit().await?;
    Ok(())
}

/// Gives a claim to a handler: supervisors to any claims handler, an agent only to
/// themselves and only a claim nobody has.
pub async fn assign(
    db: &Db,
    staff: &StaffCaller,
    claim_no: &str,
    handler_id: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    let handler_id = handler_id.unwrap_or(staff.staff_id);
    let mut tx = db.begin_write().await?;
    require_desk(&mut tx, staff).await?;
    lock(&mut tx, claim_no).await?;
    let claim = claim_by_number(&mut tx, claim_no).await?.ok_or(AppError::NotFound)?;
    if claim.stage()? == ClaimStage::Closed {
        return Err(claim_closed());
    }
    if !staff.role.at_least(Role::Supervisor) {
        if handler_id != staff.staff_id {
            return Err(AppError::Forbidden);
        }
        may_act(staff, &claim)?;
    }
    if !is_claims_handler(&mut tx, handler_id).await? {
        return Err(AppError::invalid(
            "handler",
            Invalid::new("not_a_claims_handler", "Choose someone from the claims groups"),
        ));
    }
    if claim.previous_handler_id == Some(handler_id) {
        return Err(AppError::conflict(
            "handler",
            "decided_before",
            "They decided this claim before its dispute; choose a colleague",
        ));
    }
    sqlx::query("UPDATE claims SET handler_id = $1, updated_at = $2 WHERE id = $3")
        .bind(handler_id)
        .bind(now)
        .bind(claim.id)
        .execute(&mut *tx)
        .await?;
    audited(
        &mut tx,
        staff,
        "claim.assigned",
        &claim,
        format!("handler={handler_id}"),
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// Stops a fast-tracked claim before it is paid: back to `verified` for a person's check.
pub async fn stop_fast_track(
    db: &Db,
    staff: &StaffCaller,
    claim_no: &str,
    reason: &str,
    now: i64,
) -> Result<(), AppError> {
    let reason = REASON.check(reason).map_err(|e| AppError::invalid("reason", e))?;
    let mut tx = db.begin_write().await?;
    let claim = claim_to_act_on(&mut tx, staff, claim_no, now).await?;
    if claim.fast_track == 0 || claim.fast_track_stopped_at.is_some() || claim.stage()? != ClaimStage::Approved {
        return Err(AppError::conflict(
            "claim",
            "not_fast_tracked",
            "Only a fast-tracked claim not yet paid can be stopped",
        ));
    }
    move_stage(
        &mut tx,
        &claim,
        ClaimStage::Verified,
        ", fast_track_stopped_at = $2, payout_fen = NULL",
        now,
    )
    .await?;
    insert_event(&mut tx, claim.id, ClaimStage::Verified, None, now, Some(staff.staff_id)).await?;
    insert_note(&mut tx, claim.id, staff.staff_id, &reason, now).await?;
    tell_customer(&mut tx, &claim, "claim_desk.fast_track_stopped".into()).await?;
    audited(&mut tx, staff, "claim.fast_track_stopped", &claim, String::new()).await?;
    tx.commit().await?;
    Ok(())
}

/// The customer contests a decision, once: the claim goes back to `verified` with a
/// different handler, the least busy of the claims handlers.
pub async fn dispute(db: &Db, customer_id: i64, claim_no: &str, reason: &str, now: i64) -> Result<(), AppError> {
    let reason = REASON.check(reason).map_err(|e| AppError::invalid("reason", e))?;
    let mut tx = db.begin_write().await?;
    #[derive(sqlx::FromRow)]
    struct DisputeRow {
        id: i64,
        stage: String,
        outcome: Option<String>,
        handler_id: Option<i64>,
        disputed_at: Option<i64>,
    }
    let claim: DisputeRow = sqlx::query_as(
        "SELECT id, stage, outcome, handler_id, disputed_at FROM claims WHERE claim_no = $1 AND customer_id = $2",
    )
    .bind(claim_no)
    .bind(customer_id)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or(AppError::NotFound)?;
    if claim.stage != ClaimStage::Closed.as_str() {
        return Err(AppError::conflict(
            "claim",
            "not_decided",
            "A claim can be disputed once it is decided",
        ));
    }
    // A payment is not taken back and paid again in full: its amount is discussed by phone.
    if claim.outcome.as_deref() != Some(ClaimOutcome::Rejected.as_str()) {
        return Err(AppError::conflict(
            "claim",
            "paid_not_disputable",
            "A paid claim's amount is reviewed by phone; call 95500",
        ));
    }
    if claim.disputed_at.is_some() {
        return Err(AppError::conflict(
            "claim",
            "already_disputed",
            "This claim was disputed once already; call us if you still disagree",
        ));
    }
    #[derive(sqlx::FromRow)]
    struct HandlerRow {
        id: i64,
    }
    let next_handler: Option<HandlerRow> = sqlx::query_as(&format!(
        "SELECT s.id FROM staff s WHERE s.active = 1 AND s.role = 'agent' AND s.id {} \
           AND s.id <> COALESCE($1, 0) \
         ORDER BY CASE WHEN s.status = 'available' THEN 0 WHEN s.status = 'busy' THEN 1 ELSE 2 END, \
           (SELECT COUNT(*) FROM claims o WHERE o.handler_id = s.id AND o.stage <> 'closed'), s.id LIMIT 1",
        staff::handlers_of(WorkOrderKind::ClaimEnquiry)
    ))
    .bind(claim.handler_id)
    .fetch_optional(&mut *tx)
    .await?;
    let done = sqlx::query(
        "UPDATE claims SET stage = 'verified', outcome = NULL, payout_fen = NULL, fast_track = 0, disputed_at = $1, \
           dispute_reason = $2, previous_handler_id = handler_id, handler_id = $3, stage_entered_at = $1, \
           updated_at = $1 WHERE id = $4 AND disputed_at IS NULL",
    )
    .bind(now)
    .bind(&reason)
    .bind(next_handler.map(|h| h.id))
    .bind(claim.id)
    .execute(&mut *tx)
    .await?;
    if done.rows_affected() == 0 {
        return Err(AppError::conflict(
            "claim",
            "already_disputed",
            "This claim was disputed once already",
        ));
    }
    insert_event(&mut tx, claim.id, ClaimStage::Verified, Some("dispute"), now, None).await?;
    tx.commit().await?;
    Ok(())
}

/// A claim with everything its handler needs. Audited as a read of the customer's data.
pub async fn case(db: &Db, staff: &StaffCaller, claim_no: &str, now: i64) -> Result<ClaimCase, AppError> {
    let mut conn = db.pool.acquire().await?;
    require_desk(&mut conn, staff).await?;
    let claim = claim_by_number(&mut conn, claim_no).await?.ok_or(AppError::NotFound)?;
    let line: LineRow = sqlx::query_as(&format!("{LINE_SELECT} WHERE cl.id = $1"))
        .bind(claim.id)
        .fetch_one(&mut *conn)
        .await?;
    #[derive(sqlx::FromRow)]
    struct FactsRow {
        policy_no: String,
        incident_date: String,
        incident_place: String,
        description: String,
        payout_account_to_check: i64,
        fast_track_review: Option<String>,
        survey_notes: Option<String>,
        assessed_loss_fen: Option<i64>,
        awaiting_customer: Option<String>,
        awaiting_due: Option<String>,
        rejection_reason: Option<String>,
        dispute_reason: Option<String>,
        customer_no: String,
    }
    let facts: FactsRow = sqlx::query_as(
        "SELECT p.policy_no, cl.incident_date, cl.incident_place, cl.description, cl.payout_account_to_check, \
           cl.fast_track_review, cl.survey_notes, cl.assessed_loss_fen, cl.awaiting_customer, cl.awaiting_due, \
           cl.rejection_reason, cl.dispute_reason, c.customer_no \
         FROM claims cl JOIN policies p ON p.id = cl.policy_id JOIN customers c ON c.id = cl.customer_id \
         WHERE cl.id = $1",
    )
    .bind(claim.id)
    .fetch_one(&mut *conn)
    .await?;
    #[derive(sqlx::FromRow)]
    struct StepRow {
        stage: String,
        at: i64,
        note: Option<String>,
        staff_name: Option<String>,
    }
    let steps: Vec<StepRow> = sqlx::query_as(
        "SELECT e.stage, e.at, e.note, s.display_name AS staff_name FROM claim_events e \
         LEFT JOIN staff s ON s.id = e.staff_id WHERE e.claim_id = $1 ORDER BY e.at, e.id",
    )
    .bind(claim.id)
    .fetch_all(&mut *conn)
    .await?;
    #[derive(sqlx::FromRow)]
    struct NoteRow {
        author: String,
        body: String,
        at: i64,
    }
    let notes: Vec<NoteRow> = sqlx::query_as(
        "SELECT s.display_name AS author, n.body, n.at FROM claim_notes n JOIN staff s ON s.id = n.staff_id \
         WHERE n.claim_id = $1 ORDER BY n.at, n.id",
    )
    .bind(claim.id)
    .fetch_all(&mut *conn)
    .await?;
    #[derive(sqlx::FromRow)]
    struct ApprovalRow {
        amount_fen: i64,
        requested_by: i64,
        requester: String,
        created_at: i64,
        status: String,
        decider: Option<String>,
        decided_at: Option<i64>,
        reason: Option<String>,
    }
    let approvals: Vec<ApprovalRow> = sqlx::query_as(
        "SELECT a.amount_fen, a.requested_by, r.display_name AS requester, a.created_at, a.status, \
           d.display_name AS decider, a.decided_at, a.reason \
         FROM claim_approvals a JOIN staff r ON r.id = a.requested_by LEFT JOIN staff d ON d.id = a.decided_by \
         WHERE a.claim_id = $1 ORDER BY a.created_at, a.id",
    )
    .bind(claim.id)
    .fetch_all(&mut *conn)
    .await?;
    let limits: Vec<LimitRow> = sqlx::query_as("SELECT stage, limit_hours FROM claim_stage_commitments")
        .fetch_all(&mut *conn)
        .await?;
    let authority = authority(&mut conn, staff.staff_id).await?;
    #[derive(sqlx::FromRow)]
    struct IdRow {
        id: i64,
    }
    let handler_ids: Vec<IdRow> = sqlx::query_as(&format!(
        "SELECT id FROM staff WHERE active = 1 AND id {}",
        staff::handlers_of(WorkOrderKind::ClaimEnquiry)
    ))
    .fetch_all(&mut *conn)
    .await?;
    let handlers = colleagues(&mut conn)
        .await?
        .into_iter()
        .filter(|c| handler_ids.iter().any(|h| h.id == c.id))
        .collect();
    drop(conn);

    let customer_no =
        CustomerNumber::parse(&facts.customer_no).map_err(|_| internal_error(&"stored customer number unparsable"))?;
    let (customer_id, customer) = customers::profile(db, &customer_no)
        .await?
        .ok_or_else(|| internal_error(&"claim without its customer"))?;
    let documents = documents::list_attached(db, customer_id, DocumentPurpose::Claim, claim.id).await?;
    let pending = approvals.iter().find(|a| a.status == "pending");
    let can_decide_approval =
        pending.is_some_and(|p| p.requested_by != staff.staff_id && authority.covers(Money::from_fen(p.amount_fen)));
    audit::record_read(
        db,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "claim.view",
            customer_id: Some(customer_id),
            detail: format!("claim_no={claim_no}"),
        },
    )
    .await?;
    let payout_account = claim.payout_account.clone();
    Ok(ClaimCase {
        can_act: may_act(staff, &claim).is_ok(),
        line: line.into_line()?,
        policy_no: facts.policy_no,
        coverage_limit: Money::from_fen(claim.coverage_limit_fen),
        incident_date: facts.incident_date,
        incident_place: facts.incident_place,
        description: facts.description,
        payout_bank: claim.payout_bank,
        payout_account_masked: mask_account(&payout_account),
        payout_account_to_check: facts.payout_account_to_check != 0,
        fast_track_review: facts.fast_track_review,
        fast_track_stopped: claim.fast_track_stopped_at.is_some(),
        survey_notes: facts.survey_notes,
        assessed_loss: facts.assessed_loss_fen.map(Money::from_fen),
        awaiting_customer: facts.awaiting_customer,
        awaiting_due: facts.awaiting_due,
        rejection_reason: facts.rejection_reason,
        dispute_reason: facts.dispute_reason,
        steps: steps
            .into_iter()
            .map(|s| {
                Ok(ClaimStep {
                    stage: stored(ClaimStage::parse(&s.stage), "claim stage")?,
                    at: s.at,
                    note: s.note,
                    staff: s.staff_name,
                })
            })
            .collect::<Result<_, AppError>>()?,
        limits: limits
            .iter()
            .filter_map(|l| ClaimStage::parse(&l.stage).map(|s| (s, l.limit_hours)))
            .collect(),
        notes: notes
            .into_iter()
            .map(|n| ClaimNote {
                author: n.author,
                body: n.body,
                at: n.at,
            })
            .collect(),
        approvals: approvals
            .into_iter()
            .map(|a| ClaimApproval {
                amount: Money::from_fen(a.amount_fen),
                requested_by: a.requester,
                requested_at: a.created_at,
                status: a.status,
                decided_by: a.decider,
                decided_at: a.decided_at,
                reason: a.reason,
            })
            .collect(),
        documents,
        customer,
        handlers,
        can_decide_approval,
        may_assign_others: staff.role.at_least(Role::Supervisor),
        authority: authority.0,
        now,
    })
}

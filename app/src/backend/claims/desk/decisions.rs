//! What handlers do with a claim: move it on, approve above authority, refuse, ask for
//! documents, note, assign, stop a fast track; and the customer's one dispute.

use super::*;
use crate::backend::claims::insert_event;
use crate::backend::messaging::notify::{notify, NewNotification};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::{customers, staff, Db};
use crate::domain::calendar::Date;
use crate::domain::{
    check_stage_entry, ClaimOutcome, ClaimStage, Invalid, Money, NotificationKind, PayoutBounds, Role, StageFacts,
    StageInput, WorkOrderKind, DOCUMENTS_REQUEST, NOTE, REASON, REFUSAL_REASON,
};
use crate::error::{internal_error, AppError};
use crate::model::claims::StageMove;

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
    let facts = check_stage_entry(next, &form.input, bounds).map_err(AppError::first_invalid)?;

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
        requested_by_staff_id: i64,
    }
    let pending: PendingRow = sqlx::query_as(
        "SELECT id, amount_fen, requested_by_staff_id FROM claim_approvals WHERE claim_id = $1 AND status = 'pending'",
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
    if pending.requested_by_staff_id == staff.staff_id {
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
        "UPDATE claim_approvals SET status = $1, decided_by_staff_id = $2, decided_at = $3, reason = $4, updated_at = $3 \
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

/// Refuses a claim, by a person, with the reason the customer reads. A pending approval
/// ends with it.
pub async fn refuse(db: &Db, staff: &StaffCaller, claim_no: &str, reason: &str, now: i64) -> Result<(), AppError> {
    let reason = REFUSAL_REASON
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
        ", outcome = 'refused', payout_fen = 0, awaiting_customer = NULL, awaiting_due = NULL",
        now,
    )
    .await?;
    // Whoever refuses is the claim's handler of record: after a dispute, not its reviewer.
    sqlx::query("UPDATE claims SET refusal_reason = $1, handler_staff_id = $2 WHERE id = $3")
        .bind(&reason)
        .bind(staff.staff_id)
        .bind(claim.id)
        .execute(&mut *tx)
        .await?;
    sqlx::query(
        "UPDATE claim_approvals SET status = 'refused', decided_by_staff_id = $1, decided_at = $2, reason = NULL, \
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
    tell_customer(&mut tx, &claim, ClaimOutcome::Refused.label_key()).await?;
    follow_up_closed(&mut tx, &claim, now).await?;
    audited(&mut tx, staff, "claim.refused", &claim, String::new()).await?;
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
    crate::backend::platform::live::claim_changed(&mut tx, claim.id, true).await?;
    notify(
        &mut tx,
        claim.customer_id,
        NewNotification {
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
    handler_staff_id: Option<i64>,
    now: i64,
) -> Result<(), AppError> {
    let handler_staff_id = handler_staff_id.unwrap_or(staff.staff_id);
    let mut tx = db.begin_write().await?;
    require_desk(&mut tx, staff).await?;
    lock(&mut tx, claim_no).await?;
    let claim = claim_by_number(&mut tx, claim_no).await?.ok_or(AppError::NotFound)?;
    if claim.stage()? == ClaimStage::Closed {
        return Err(claim_closed());
    }
    if !staff.role.at_least(Role::Supervisor) {
        if handler_staff_id != staff.staff_id {
            return Err(AppError::Forbidden);
        }
        may_act(staff, &claim)?;
    }
    if !is_claims_handler(&mut tx, handler_staff_id).await? {
        return Err(AppError::invalid(
            "handler",
            Invalid::new("not_a_claims_handler", "Choose someone from the claims groups"),
        ));
    }
    if claim.previous_handler_staff_id == Some(handler_staff_id) {
        return Err(AppError::conflict(
            "handler",
            "decided_before",
            "They decided this claim before its dispute; choose a colleague",
        ));
    }
    sqlx::query("UPDATE claims SET handler_staff_id = $1, updated_at = $2 WHERE id = $3")
        .bind(handler_staff_id)
        .bind(now)
        .bind(claim.id)
        .execute(&mut *tx)
        .await?;
    audited(
        &mut tx,
        staff,
        "claim.assigned",
        &claim,
        format!("handler={handler_staff_id}"),
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
    tell_customer(&mut tx, &claim, "claims.desk.fast_track_stopped".into()).await?;
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
        handler_staff_id: Option<i64>,
        disputed_at: Option<i64>,
    }
    let claim: DisputeRow = sqlx::query_as(
        "SELECT id, stage, outcome, handler_staff_id, disputed_at FROM claims WHERE claim_no = $1 AND customer_id = $2",
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
    if claim.outcome.as_deref() != Some(ClaimOutcome::Refused.as_str()) {
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
           {}, s.id LIMIT 1",
        staff::handlers_of(WorkOrderKind::ClaimEnquiry),
        crate::backend::measures::claims_handler_load("s.id")
    ))
    .bind(claim.handler_staff_id)
    .fetch_optional(&mut *tx)
    .await?;
    let done = sqlx::query(
        "UPDATE claims SET stage = 'verified', outcome = NULL, payout_fen = NULL, fast_track = 0, disputed_at = $1, \
           dispute_reason = $2, previous_handler_staff_id = handler_staff_id, handler_staff_id = $3, stage_entered_at = $1, \
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

//! A claim with everything its handler needs on one screen.

use super::queue::{LineRow, LINE_SELECT};
use super::*;
use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::staff::colleagues;
use crate::backend::{customers, customers::documents, staff, stored, Db};
use crate::domain::{mask_account, ClaimStage, CustomerNumber, DocumentPurpose, Money, Role, WorkOrderKind};
use crate::error::{internal_error, AppError};
use crate::model::claims::{ClaimApproval, ClaimCase, ClaimNote, ClaimStep};

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
        refusal_reason: Option<String>,
        dispute_reason: Option<String>,
        customer_no: String,
    }
    let facts: FactsRow = sqlx::query_as(
        "SELECT p.policy_no, cl.incident_date, cl.incident_place, cl.description, cl.payout_account_to_check, \
           cl.fast_track_review, cl.survey_notes, cl.assessed_loss_fen, cl.awaiting_customer, cl.awaiting_due, \
           cl.refusal_reason, cl.dispute_reason, c.customer_no \
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
        requested_by_staff_id: i64,
        requester: String,
        created_at: i64,
        status: String,
        decider: Option<String>,
        decided_at: Option<i64>,
        reason: Option<String>,
    }
    let approvals: Vec<ApprovalRow> = sqlx::query_as(
        "SELECT a.amount_fen, a.requested_by_staff_id, r.display_name AS requester, a.created_at, a.status, \
           d.display_name AS decider, a.decided_at, a.reason \
         FROM claim_approvals a JOIN staff r ON r.id = a.requested_by_staff_id LEFT JOIN staff d ON d.id = a.decided_by_staff_id \
         WHERE a.claim_id = $1 ORDER BY a.created_at, a.id",
    )
    .bind(claim.id)
    .fetch_all(&mut *conn)
    .await?;
    let limits = crate::backend::claims::StageLimits::read(&mut conn).await?;
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
    let can_decide_approval = pending
        .is_some_and(|p| p.requested_by_staff_id != staff.staff_id && authority.covers(Money::from_fen(p.amount_fen)));
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
        refusal_reason: facts.refusal_reason,
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
        limits: limits.0,
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

//! Outbound follow-up (回访): after a complaint is resolved (always) or a claim closes (a
//! configurable sample), a follow-up task waits for an agent to call. Each call is recorded:
//! reached (with the satisfaction answer and a comment), no answer, or wrong number; after
//! the configured number of unanswered attempts, or a wrong number, it closes as unreached.
//! Results stay for the satisfaction reports.

use sha2::{Digest, Sha256};

use super::ratings::{self, NewRating, RatingSource};
use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::{stored, Db, Tx};
use crate::domain::calendar::DAY_MS;
use crate::domain::{ClaimOutcome, FollowUpOutcome, FollowUpStatus, Invalid, Money, ResolutionCode, TextRule, VipTier};
use crate::error::AppError;
use crate::model::follow_ups::{FollowUp, FollowUpList};

/// What the customer said, as the agent noted it.
const COMMENT: TextRule = TextRule {
    min_chars: 0,
    max_chars: 500,
    multiline: true,
    required: Invalid::new("comment_required", "Write what the customer said"),
    too_short: Invalid::new("comment_required", "Write what the customer said"),
    too_long: Invalid::new("note_too_long", "At most 500 characters"),
};

/// Why a follow-up exists.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum Subject<'a> {
    /// A resolved complaint: every one is followed up.
    Complaint { order_id: i64 },
    /// A closed claim: followed up when sampled.
    Claim { claim_id: i64, claim_no: &'a str },
}

#[derive(sqlx::FromRow)]
struct SettingsRow {
    sample_percent: i64,
    max_attempts: i64,
}

async fn settings(conn: &mut sqlx::AnyConnection) -> Result<SettingsRow, AppError> {
    Ok(
        sqlx::query_as("SELECT sample_percent, max_attempts FROM follow_up_settings WHERE id = 1")
            .fetch_one(conn)
            .await?,
    )
}

/// Whether a claim is in the sample: decided by its number, so the same claim is always in
/// or out however often it is closed.
fn sampled(claim_no: &str, percent: i64) -> bool {
    let digest = Sha256::digest(claim_no.as_bytes());
    i64::from(digest[0]) * 100 / 256 < percent
}

/// Creates the follow-up for `subject` inside the transaction that finished it, once.
pub async fn schedule(tx: &mut Tx, customer_id: i64, subject: Subject<'_>, now: i64) -> Result<(), AppError> {
    let (kind, id, reason) = match subject {
        Subject::Complaint { order_id } => ("work_order", order_id, "complaint"),
        Subject::Claim { claim_id, claim_no } => {
            let settings = settings(tx).await?;
            if !sampled(claim_no, settings.sample_percent) {
                return Ok(());
            }
            ("claim", claim_id, "claim_closed")
        }
    };
    sqlx::query(
        "INSERT INTO follow_ups (customer_id, subject_kind, subject_id, reason, status, attempts, due_at, \
           created_at, updated_at) VALUES ($1, $2, $3, $4, 'open', 0, $5, $6, $6) \
         ON CONFLICT (subject_kind, subject_id) DO NOTHING",
    )
    .bind(customer_id)
    .bind(kind)
    .bind(id)
    .bind(reason)
    .bind(now + 2 * DAY_MS)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct Row {
    id: i64,
    customer_no: String,
    customer_name: String,
    phone: Option<String>,
    vip_tier: String,
    subject_kind: String,
    reference: Option<String>,
    reason: String,
    case_subject: Option<String>,
    resolution_code: Option<String>,
    claim_outcome: Option<String>,
    payout_fen: Option<i64>,
    status: String,
    attempts: i64,
    outcome: Option<String>,
    satisfaction: Option<i64>,
    comment: Option<String>,
    due_at: i64,
    agent: Option<String>,
    closed_at: Option<i64>,
}

const SELECT: &str = "SELECT f.id, c.customer_no, c.name AS customer_name, c.phone, c.vip_tier, f.subject_kind, \
     COALESCE(cl.claim_no, w.order_no) AS reference, f.reason, \
     COALESCE(cl.description, w.subject) AS case_subject, w.resolution_code, cl.outcome AS claim_outcome, \
     cl.payout_fen, f.status, f.attempts, f.outcome, \
     (SELECT r.score FROM ratings r WHERE r.source = 'follow_up' AND r.subject_kind = f.subject_kind \
       AND r.subject_id = f.subject_id) AS satisfaction, f.comment, f.due_at, s.display_name AS agent, \
     f.closed_at \
     FROM follow_ups f JOIN customers c ON c.id = f.customer_id LEFT JOIN staff s ON s.id = f.agent_staff_id \
     LEFT JOIN claims cl ON f.subject_kind = 'claim' AND cl.id = f.subject_id \
     LEFT JOIN work_orders w ON f.subject_kind = 'work_order' AND w.id = f.subject_id";

impl Row {
    fn into_follow_up(self) -> Result<FollowUp, AppError> {
        Ok(FollowUp {
            id: self.id,
            customer_no: self.customer_no,
            customer_name: self.customer_name,
            phone: self.phone,
            vip_tier: stored(VipTier::parse(&self.vip_tier), "vip tier")?,
            on_claim: self.subject_kind == "claim",
            reference: self.reference.unwrap_or_default(),
            complaint: self.reason == "complaint",
            case_subject: self.case_subject.unwrap_or_default(),
            resolution_code: self.resolution_code.as_deref().and_then(ResolutionCode::parse),
            claim_outcome: self.claim_outcome.as_deref().and_then(ClaimOutcome::parse),
            payout: self.payout_fen.map(Money::from_fen),
            status: stored(FollowUpStatus::parse(&self.status), "follow-up status")?,
            attempts: self.attempts,
            outcome: self.outcome.as_deref().and_then(FollowUpOutcome::parse),
            satisfaction: self.satisfaction,
            comment: self.comment,
            due_at: self.due_at,
            agent: self.agent,
            closed_at: self.closed_at,
        })
    }
}

/// Open follow-ups, complaints and the first due first, and the latest results.
pub async fn queue(db: &Db, _staff: &StaffCaller, now: i64) -> Result<FollowUpList, AppError> {
    let mut conn = db.pool.acquire().await?;
    let settings = settings(&mut conn).await?;
    let open: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE f.status = 'open' ORDER BY CASE WHEN f.reason = 'complaint' THEN 0 ELSE 1 END, f.due_at, f.id \
         LIMIT 100"
    ))
    .fetch_all(&mut *conn)
    .await?;
    let done: Vec<Row> = sqlx::query_as(&format!(
        "{SELECT} WHERE f.status <> 'open' ORDER BY f.closed_at DESC, f.id DESC LIMIT 20"
    ))
    .fetch_all(&mut *conn)
    .await?;
    Ok(FollowUpList {
        open: open.into_iter().map(Row::into_follow_up).collect::<Result<_, _>>()?,
        done: done.into_iter().map(Row::into_follow_up).collect::<Result<_, _>>()?,
        max_attempts: settings.max_attempts,
        now,
    })
}

/// What an agent records after calling.
pub struct CallResult<'a> {
    pub id: i64,
    /// The attempts the agent saw: a result sent twice, or by two agents at once, counts once.
    pub attempts_seen: i64,
    pub outcome: &'a str,
    pub satisfaction: Option<i64>,
    pub comment: &'a str,
}

/// Records one call. Reached: done, with the satisfaction (1-5) and comment. No answer: one
/// more attempt, unreached at the configured limit. Wrong number: unreached at once.
pub async fn record(db: &Db, staff: &StaffCaller, call: &CallResult<'_>, now: i64) -> Result<FollowUp, AppError> {
    let outcome = FollowUpOutcome::parse(call.outcome.trim())
        .ok_or_else(|| AppError::invalid("outcome", Invalid::new("choice_invalid", "Choose how the call went")))?;
    let comment = COMMENT
        .check(call.comment)
        .map_err(|e| AppError::invalid("comment", e))?;
    let satisfaction = match (outcome, call.satisfaction) {
        (FollowUpOutcome::Reached, Some(score)) if (1..=5).contains(&score) => Some(score),
        (FollowUpOutcome::Reached, _) => {
            return Err(AppError::invalid(
                "satisfaction",
                Invalid::new("satisfaction_required", "Choose 1 to 5 stars as the customer said"),
            ))
        }
        _ => None,
    };
    let mut tx = db.begin_write().await?;
    let max_attempts = settings(&mut tx).await?.max_attempts;
    let attempts = call.attempts_seen + 1;
    let status = match outcome {
        FollowUpOutcome::Reached => FollowUpStatus::Done,
        FollowUpOutcome::WrongNumber => FollowUpStatus::Unreached,
        FollowUpOutcome::NoAnswer if attempts >= max_attempts => FollowUpStatus::Unreached,
        FollowUpOutcome::NoAnswer => FollowUpStatus::Open,
    };
    #[derive(sqlx::FromRow)]
    struct CustomerRow {
        customer_id: i64,
        subject_kind: String,
        subject_id: i64,
    }
    let updated: Option<CustomerRow> = sqlx::query_as(
        "UPDATE follow_ups SET attempts = $1, outcome = $2, comment = $3, status = $4, \
           agent_staff_id = $5, closed_at = $6, updated_at = $7 \
         WHERE id = $8 AND status = 'open' AND attempts = $9 RETURNING customer_id, subject_kind, subject_id",
    )
    .bind(attempts)
    .bind(outcome.as_str())
    .bind((!comment.is_empty()).then_some(comment.as_str()))
    .bind(status.as_str())
    .bind(staff.staff_id)
    .bind((status != FollowUpStatus::Open).then_some(now))
    .bind(now)
    .bind(call.id)
    .bind(call.attempts_seen)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(CustomerRow {
        customer_id,
        subject_kind,
        subject_id,
    }) = updated
    else {
        let exists = sqlx::query("SELECT id FROM follow_ups WHERE id = $1")
            .bind(call.id)
            .fetch_optional(&mut *tx)
            .await?;
        return Err(match exists {
            Some(_) => AppError::conflict(
                "follow_up",
                "follow_up_changed",
                "A colleague recorded a call on this follow-up meanwhile; reload to see it",
            ),
            None => AppError::NotFound,
        });
    };
    if let Some(score) = satisfaction {
        // The follow-up row was open until this update, so no rating from a call exists yet.
        let rating = NewRating {
            source: RatingSource::FollowUp,
            customer_id,
            subject_kind: &subject_kind,
            subject_id,
            score,
            comment: &comment,
            at: now,
        };
        ratings::insert(&mut tx, &rating).await?;
    }
    audit::record(
        &mut tx,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "follow_up.call",
            customer_id: Some(customer_id),
            detail: format!("follow_up={} outcome={} attempts={attempts}", call.id, outcome.as_str()),
        },
    )
    .await?;
    let row: Row = sqlx::query_as(&format!("{SELECT} WHERE f.id = $1"))
        .bind(call.id)
        .fetch_one(&mut *tx)
        .await?;
    tx.commit().await?;
    row.into_follow_up()
}

#[cfg(test)]
mod tests {
    use super::sampled;

    #[test]
    fn the_sample_is_decided_by_the_claim_number_and_follows_the_rate() {
        let numbers: Vec<String> = (0..2000).map(|n| format!("CL2026{n:06}")).collect();
        let in_sample = numbers.iter().filter(|n| sampled(n, 20)).count();
        assert!((300..500).contains(&in_sample), "{in_sample} of 2000 at 20%");
        assert!(numbers.iter().all(|n| sampled(n, 20) == sampled(n, 20)));
        assert_eq!(numbers.iter().filter(|n| sampled(n, 0)).count(), 0);
        assert_eq!(numbers.iter().filter(|n| sampled(n, 100)).count(), 2000);
    }
}

//! Claims (在线理赔): reporting with documents, fast track, the timeline with the committed
//! time limits, and moving a claim through its stages. Customer queries are scoped to the
//! caller; staff stage changes are audited by the caller of `advance`.

use super::notify::{notify, Notice};
use super::{documents, internal_error, latest_today, next_case_number, now_ms, points, stored, AppState, Db, Tx};
use crate::api::claims::{ClaimDetail, ClaimForm, ClaimSummary, ClaimablePolicy, CoverageChoice, TimelineStep};
use crate::domain::{
    check_claim, qualifies_for_fast_track, CaseKind, ClaimLimits, ClaimOutcome, ClaimStage, DocumentPurpose,
    IdempotencyKey, Invalid, Money, NotificationKind, PointsRule, PolicyNumber,
};
use crate::error::AppError;

const HOUR_MS: i64 = 60 * 60 * 1000;

const SUMMARY_SELECT: &str = "SELECT cl.id, cl.claim_no, p.policy_no, pr.name_zh, pr.name_en, c.name_zh, c.name_en, \
     cl.stage, cl.outcome, cl.amount_fen, cl.fast_track, cl.awaiting_customer, cl.created_at, cl.updated_at \
     FROM claims cl JOIN policies p ON p.id = cl.policy_id JOIN products pr ON pr.id = p.product_id \
     JOIN product_coverages c ON c.id = cl.coverage_id";

type SummaryRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    Option<String>,
    i64,
    i64,
    Option<String>,
    i64,
    i64,
);

fn summary(row: SummaryRow) -> Result<(i64, ClaimSummary), AppError> {
    Ok((
        row.0,
        ClaimSummary {
            claim_no: row.1,
            policy_no: row.2,
            product_name_zh: row.3,
            product_name_en: row.4,
            coverage_name_zh: row.5,
            coverage_name_en: row.6,
            stage: stored(ClaimStage::parse(&row.7), "claim stage")?,
            outcome: row.8.as_deref().and_then(ClaimOutcome::parse),
            amount: Money::from_fen(row.9),
            fast_track: row.10 != 0,
            awaiting_customer: row.11,
            reported_at: row.12,
            updated_at: row.13,
        },
    ))
}

pub async fn list_for_customer(db: &Db, customer_id: i64) -> Result<Vec<ClaimSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE cl.customer_id = $1 ORDER BY cl.created_at DESC, cl.id DESC"
    ))
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(|row| summary(row).map(|(_, s)| s)).collect()
}

/// The claim if `customer_id` made it; `None` otherwise, whoever made it.
pub async fn detail_for_customer(db: &Db, customer_id: i64, claim_no: &str) -> Result<Option<ClaimDetail>, AppError> {
    let row: Option<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE cl.customer_id = $1 AND cl.claim_no = $2"
    ))
    .bind(customer_id)
    .bind(claim_no)
    .fetch_optional(&db.pool)
    .await?;
    let Some(row) = row else { return Ok(None) };
    let (claim_id, summary) = summary(row)?;
    let (incident_date, incident_place, description, payout_bank, payout_account, payout_fen, stage_entered_at): (
        String,
        String,
        String,
        String,
        String,
        Option<i64>,
        i64,
    ) = sqlx::query_as(
        "SELECT incident_date, incident_place, description, payout_bank, payout_account, payout_fen, stage_entered_at \
         FROM claims WHERE id = $1",
    )
    .bind(claim_id)
    .fetch_one(&db.pool)
    .await?;
    let events: Vec<(String, Option<String>, i64)> =
        sqlx::query_as("SELECT stage, note, at FROM claim_events WHERE claim_id = $1 ORDER BY at, id")
            .bind(claim_id)
            .fetch_all(&db.pool)
            .await?;
    let commitments: Vec<(String, i64)> = sqlx::query_as("SELECT stage, limit_hours FROM claim_stage_commitments")
        .fetch_all(&db.pool)
        .await?;
    let limit_of = |stage: ClaimStage| commitments.iter().find(|(s, _)| s == stage.as_str()).map(|(_, h)| *h);
    let timeline = ClaimStage::ALL
        .iter()
        .map(|&stage| {
            let reached = events.iter().rev().find(|(s, _, _)| s == stage.as_str());
            let limit_hours = limit_of(stage);
            let due_at = (stage == summary.stage && stage != ClaimStage::Closed)
                .then(|| limit_hours.map(|h| stage_entered_at + h * HOUR_MS))
                .flatten();
            TimelineStep {
                stage,
                reached_at: reached.map(|(_, _, at)| *at),
                note: reached.and_then(|(_, note, _)| note.clone()),
                limit_hours,
                due_at,
            }
        })
        .collect();
    let documents = documents::list_attached(db, customer_id, DocumentPurpose::Claim, claim_id).await?;
    let rating: Option<(i64,)> = sqlx::query_as(
        "SELECT score FROM ratings WHERE subject_kind = 'claim' AND subject_id = $1 AND customer_id = $2",
    )
    .bind(claim_id)
    .bind(customer_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(Some(ClaimDetail {
        summary,
        incident_date,
        incident_place,
        description,
        payout_bank,
        payout_account_masked: crate::domain::mask_account(&payout_account),
        payout: payout_fen.map(Money::from_fen),
        timeline,
        documents,
        rating: rating.map(|(score,)| score),
    }))
}

/// id, number, product names, period, fast-track limit.
type ClaimablePolicyRow = (i64, String, String, String, String, String, Option<i64>);

pub async fn claimable_policies(db: &Db, customer_id: i64) -> Result<Vec<ClaimablePolicy>, AppError> {
    let policies: Vec<ClaimablePolicyRow> = sqlx::query_as(
        "SELECT p.id, p.policy_no, pr.name_zh, pr.name_en, p.period_start, p.period_end, pr.fast_track_limit_fen \
         FROM policies p JOIN products pr ON pr.id = p.product_id \
         WHERE p.holder_id = $1 AND p.status = 'in_force' ORDER BY p.period_start DESC, p.policy_no",
    )
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?;
    // All their coverages in one query, not one per policy.
    let coverages: Vec<(i64, String, String, String, i64)> = sqlx::query_as(
        "SELECT pc.policy_id, c.code, c.name_zh, c.name_en, pc.limit_fen FROM policy_coverages pc \
         JOIN product_coverages c ON c.id = pc.coverage_id JOIN policies p ON p.id = pc.policy_id \
         WHERE p.holder_id = $1 AND p.status = 'in_force' ORDER BY pc.id",
    )
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(policies
        .into_iter()
        .map(
            |(policy_id, policy_no, name_zh, name_en, period_start, period_end, fast_track)| ClaimablePolicy {
                policy_no,
                product_name_zh: name_zh,
                product_name_en: name_en,
                period_start,
                period_end,
                fast_track_limit: fast_track.map(Money::from_fen),
                coverages: coverages
                    .iter()
                    .filter(|(of, ..)| *of == policy_id)
                    .map(|(_, code, name_zh, name_en, limit)| CoverageChoice {
                        code: code.clone(),
                        name_zh: name_zh.clone(),
                        name_en: name_en.clone(),
                        limit: Money::from_fen(*limit),
                    })
                    .collect(),
            },
        )
        .collect())
}

fn invalid_first(errors: Vec<(&'static str, Invalid)>) -> AppError {
    errors
        .into_iter()
        .next()
        .map(|(field, invalid)| AppError::invalid(field, invalid))
        .unwrap_or_else(|| internal_error(&"claim refused without a reason"))
}

async fn existing_claim_no(
    conn: &mut sqlx::AnyConnection,
    customer_id: i64,
    key: &str,
) -> Result<Option<String>, AppError> {
    let row: Option<(String,)> =
        sqlx::query_as("SELECT claim_no FROM claims WHERE customer_id = $1 AND idempotency_key = $2")
            .bind(customer_id)
            .bind(key)
            .fetch_optional(&mut *conn)
            .await?;
    Ok(row.map(|(no,)| no))
}

/// Reports a claim: checks it against the policy and coverage, takes the documents, and
/// fast-tracks it when the rules allow; all in one transaction, once per request key.
pub async fn report(state: &AppState, customer_id: i64, form: &ClaimForm) -> Result<ClaimDetail, AppError> {
    let db = &state.db;
    let key = IdempotencyKey::parse(&form.request_key).map_err(|e| AppError::invalid("request_key", e))?;
    {
        let mut conn = db.pool.acquire().await?;
        if let Some(claim_no) = existing_claim_no(&mut conn, customer_id, key.as_str()).await? {
            return detail_for_customer(db, customer_id, &claim_no)
                .await?
                .ok_or(AppError::NotFound);
        }
    }
    let policy_no = PolicyNumber::parse(&form.policy_no).map_err(|e| AppError::invalid("policy_no", e))?;
    let policy: Option<(i64, String, String, String, Option<i64>)> = sqlx::query_as(
        "SELECT p.id, p.status, p.period_start, p.period_end, pr.fast_track_limit_fen \
         FROM policies p JOIN products pr ON pr.id = p.product_id WHERE p.holder_id = $1 AND p.policy_no = $2",
    )
    .bind(customer_id)
    .bind(policy_no.as_str())
    .fetch_optional(&db.pool)
    .await?;
    let Some((policy_id, status, period_start, period_end, fast_track_limit)) = policy else {
        return Err(AppError::NotFound);
    };
    if status != "in_force" {
        return Err(AppError::invalid(
            "policy_no",
            Invalid::new("policy_not_in_force", "Claims can be made only on a policy in force"),
        ));
    }
    let coverage: Option<(i64, i64)> = sqlx::query_as(
        "SELECT c.id, pc.limit_fen FROM policy_coverages pc JOIN product_coverages c ON c.id = pc.coverage_id \
         WHERE pc.policy_id = $1 AND c.code = $2",
    )
    .bind(policy_id)
    .bind(form.coverage_code.trim())
    .fetch_optional(&db.pool)
    .await?;
    let Some((coverage_id, coverage_limit)) = coverage else {
        return Err(AppError::invalid(
            "coverage_code",
            Invalid::new("coverage_required", "Choose what the claim is for"),
        ));
    };
    let limits = ClaimLimits {
        period_start,
        period_end,
        coverage_limit: Money::from_fen(coverage_limit),
        today: latest_today(),
    };
    let claim = check_claim(&form.fields, &limits).map_err(invalid_first)?;
    if form.documents.len() > 20 {
        return Err(AppError::invalid(
            "documents",
            Invalid::new("too_many_documents", "At most 20 files per claim"),
        ));
    }

    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let claim_no = next_case_number(&mut tx, CaseKind::Claim, now).await?;
    let inserted: Option<(i64,)> = sqlx::query_as(
        "INSERT INTO claims (claim_no, customer_id, policy_id, coverage_id, incident_date, incident_place, description, \
         amount_fen, payout_bank, payout_account, stage, outcome, fast_track, payout_fen, awaiting_customer, \
         stage_entered_at, idempotency_key, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, 'reported', NULL, 0, NULL, NULL, $11, $12, $11, $11) \
         ON CONFLICT (customer_id, idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(&claim_no)
    .bind(customer_id)
    .bind(policy_id)
    .bind(coverage_id)
    .bind(&claim.incident_date)
    .bind(&claim.incident_place)
    .bind(&claim.description)
    .bind(claim.amount.fen())
    .bind(&claim.payout.bank)
    .bind(&claim.payout.number)
    .bind(now)
    .bind(key.as_str())
    .fetch_optional(&mut *tx)
    .await?;
    let Some((claim_id,)) = inserted else {
        // A concurrent request with the same key won; answer with its claim.
        tx.rollback().await?;
        let mut conn = db.pool.acquire().await?;
        let claim_no = existing_claim_no(&mut conn, customer_id, key.as_str())
            .await?
            .ok_or_else(|| internal_error(&"idempotent claim vanished"))?;
        return detail_for_customer(db, customer_id, &claim_no)
            .await?
            .ok_or(AppError::NotFound);
    };
    record_event(&mut tx, claim_id, ClaimStage::Reported, None, now).await?;
    let attached = documents::attach(
        &mut tx,
        &state.files,
        customer_id,
        DocumentPurpose::Claim,
        claim_id,
        &form.documents,
    )
    .await?;
    let photos = attached.iter().filter(|d| d.is_image()).count();
    let fast_track = qualifies_for_fast_track(claim.amount, fast_track_limit.map(Money::from_fen), photos);
    if fast_track {
        sqlx::query(
            "UPDATE claims SET stage = 'approved', fast_track = 1, payout_fen = amount_fen, stage_entered_at = $1 WHERE id = $2",
        )
        .bind(now)
        .bind(claim_id)
        .execute(&mut *tx)
        .await?;
        record_event(&mut tx, claim_id, ClaimStage::Approved, Some("fast_track"), now).await?;
    }
    points::earn(
        &mut tx,
        &state.points,
        customer_id,
        PointsRule::FirstSelfServiceClaim,
        "",
    )
    .await?;
    notify(
        &mut tx,
        customer_id,
        Notice {
            kind: if fast_track {
                NotificationKind::ClaimStage
            } else {
                NotificationKind::ClaimReported
            },
            params: vec![
                ("claim_no", claim_no.clone()),
                (
                    "stage",
                    format!(
                        "t:{}",
                        if fast_track {
                            ClaimStage::Approved
                        } else {
                            ClaimStage::Reported
                        }
                        .label_key()
                    ),
                ),
            ],
            link: Some(format!("/my/claims/{claim_no}")),
            dedup_key: None,
        },
    )
    .await?;
    tx.commit().await?;
    detail_for_customer(db, customer_id, &claim_no)
        .await?
        .ok_or_else(|| internal_error(&"new claim vanished"))
}

async fn record_event(
    tx: &mut Tx,
    claim_id: i64,
    stage: ClaimStage,
    note: Option<&str>,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO claim_events (claim_id, stage, note, at, created_at, updated_at) VALUES ($1, $2, $3, $4, $4, $4)",
    )
    .bind(claim_id)
    .bind(stage.as_str())
    .bind(note)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Adds documents to an open claim; a closed one takes no more.
pub async fn add_documents(
    state: &AppState,
    customer_id: i64,
    claim_no: &str,
    public_ids: &[String],
) -> Result<ClaimDetail, AppError> {
    if public_ids.is_empty() || public_ids.len() > 20 {
        return Err(AppError::invalid(
            "documents",
            Invalid::new("file_required", "Choose a file to upload"),
        ));
    }
    let mut tx = state.db.begin_write().await?;
    let claim: Option<(i64, String)> =
        sqlx::query_as("SELECT id, stage FROM claims WHERE customer_id = $1 AND claim_no = $2")
            .bind(customer_id)
            .bind(claim_no)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((claim_id, stage)) = claim else {
        return Err(AppError::NotFound);
    };
    if stage == ClaimStage::Closed.as_str() {
        return Err(AppError::conflict("documents", "claim_closed", "This claim is closed"));
    }
    documents::attach(
        &mut tx,
        &state.files,
        customer_id,
        DocumentPurpose::Claim,
        claim_id,
        public_ids,
    )
    .await?;
    // Documents were what the insurer waited for; the request is answered.
    sqlx::query("UPDATE claims SET awaiting_customer = NULL, updated_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(claim_id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    detail_for_customer(&state.db, customer_id, claim_no)
        .await?
        .ok_or(AppError::NotFound)
}

/// Moves a claim to its next stage (staff). Closing needs an outcome; `awaiting` says what
/// the customer must send, if anything. Returns the customer's id for the audit log.
pub async fn advance(
    db: &Db,
    claim_no: &str,
    outcome: Option<ClaimOutcome>,
    note: Option<&str>,
    awaiting: Option<&str>,
) -> Result<(i64, ClaimStage), AppError> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let claim: Option<(i64, i64, String, i64)> =
        sqlx::query_as("SELECT id, customer_id, stage, amount_fen FROM claims WHERE claim_no = $1")
            .bind(claim_no)
            .fetch_optional(&mut *tx)
            .await?;
    let Some((claim_id, customer_id, stage, amount_fen)) = claim else {
        return Err(AppError::NotFound);
    };
    let stage = stored(ClaimStage::parse(&stage), "claim stage")?;
    let Some(next) = stage.next() else {
        return Err(AppError::conflict("stage", "claim_closed", "This claim is closed"));
    };
    let outcome = match (next, outcome) {
        (ClaimStage::Closed, None) => {
            return Err(AppError::invalid(
                "outcome",
                Invalid::new("outcome_required", "Closing a claim needs an outcome"),
            ))
        }
        (ClaimStage::Closed, Some(outcome)) => Some(outcome),
        _ => None,
    };
    let payout = match outcome {
        Some(ClaimOutcome::Rejected) => Some(0),
        Some(ClaimOutcome::Paid) | None if next.index() >= ClaimStage::Approved.index() => Some(amount_fen),
        _ => None,
    };
    sqlx::query(
        "UPDATE claims SET stage = $1, outcome = $2, payout_fen = COALESCE($3, payout_fen), awaiting_customer = $4, \
         stage_entered_at = $5, updated_at = $5 WHERE id = $6",
    )
    .bind(next.as_str())
    .bind(outcome.map(|o| o.as_str()))
    .bind(payout)
    .bind(awaiting.map(str::trim).filter(|a| !a.is_empty()))
    .bind(now)
    .bind(claim_id)
    .execute(&mut *tx)
    .await?;
    record_event(&mut tx, claim_id, next, note, now).await?;
    let stage_text = match outcome {
        Some(outcome) => outcome.label_key(),
        None => next.label_key(),
    };
    notify(
        &mut tx,
        customer_id,
        Notice {
            kind: NotificationKind::ClaimStage,
            params: vec![("claim_no", claim_no.to_string()), ("stage", format!("t:{stage_text}"))],
            link: Some(format!("/my/claims/{claim_no}")),
            dedup_key: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok((customer_id, next))
}

//! Claims (在线理赔): reporting with documents, fast track, the timeline with the committed
//! time limits. Customer queries are scoped to the caller; staff move claims on at the claims
//! desk (`claim_desk`).

pub mod desk;

use crate::backend::messaging::notify::{notify, NewNotification};
use crate::backend::platform::idempotency::{self, Keyed};
use crate::backend::{
    customers, customers::documents, loyalty::points, now_ms, platform::clock, platform::paging, platform::sequences,
    stored, AppState, Db, Tx,
};
use crate::domain::calendar::HOUR_MS;
use crate::domain::calendar::{Date, DAY_MS};
use crate::domain::{
    check_claim, decide_fast_track, similar_amounts, CaseKind, CheckedClaim, ClaimFields, ClaimLimits, ClaimOutcome,
    ClaimStage, DocumentPurpose, FastTrackFacts, FastTrackReview, IdempotencyKey, Invalid, Money, NotificationKind,
    PageCursor, PointsRule, PolicyNumber, ServiceType, FAST_TRACK_NEAR_DAYS, FAST_TRACK_WINDOW_DAYS,
};
use crate::error::{internal_error, AppError};
use crate::model::claims::{ClaimDetail, ClaimForm, ClaimSummary, ClaimablePolicy, CoverageChoice, TimelineStep};
use crate::model::paging::{Page, PORTAL_PAGE_SIZE};

const SUMMARY_SELECT: &str = "SELECT cl.id, cl.claim_no, p.policy_no, pr.name_zh AS product_name_zh, \
     pr.name_en AS product_name_en, c.name_zh AS coverage_name_zh, c.name_en AS coverage_name_en, \
     cl.stage, cl.outcome, cl.amount_fen, cl.fast_track, cl.awaiting_customer, cl.created_at, cl.updated_at \
     FROM claims cl JOIN policies p ON p.id = cl.policy_id JOIN products pr ON pr.id = p.product_id \
     JOIN product_coverages c ON c.id = cl.coverage_id";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    claim_no: String,
    policy_no: String,
    product_name_zh: String,
    product_name_en: String,
    coverage_name_zh: String,
    coverage_name_en: String,
    stage: String,
    outcome: Option<String>,
    amount_fen: i64,
    fast_track: i64,
    awaiting_customer: Option<String>,
    created_at: i64,
    updated_at: i64,
}

impl SummaryRow {
    fn into_summary(self) -> Result<ClaimSummary, AppError> {
        Ok(ClaimSummary {
            claim_no: self.claim_no,
            policy_no: self.policy_no,
            product_name_zh: self.product_name_zh,
            product_name_en: self.product_name_en,
            coverage_name_zh: self.coverage_name_zh,
            coverage_name_en: self.coverage_name_en,
            stage: stored(ClaimStage::parse(&self.stage), "claim stage")?,
            outcome: self.outcome.as_deref().and_then(ClaimOutcome::parse),
            amount: Money::from_fen(self.amount_fen),
            fast_track: self.fast_track != 0,
            awaiting_customer: self.awaiting_customer,
            reported_at: self.created_at,
            updated_at: self.updated_at,
        })
    }
}

/// Every claim of the customer, newest first: for the portal home's open claims and the
/// staff's customer 360, which show them in one answer (the portal's list pages:
/// `list_for_customer`).
pub async fn all_for_customer(db: &Db, customer_id: i64) -> Result<Vec<ClaimSummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE cl.customer_id = $1 ORDER BY cl.created_at DESC, cl.id DESC"
    ))
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(SummaryRow::into_summary).collect()
}

/// A page of the customer's claims, newest first (those before `before` when given).
pub async fn list_for_customer(
    db: &Db,
    customer_id: i64,
    before: Option<PageCursor>,
) -> Result<Page<ClaimSummary>, AppError> {
    let (at, id) = paging::before(before);
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE cl.customer_id = $1 AND (cl.created_at, cl.id) < ($2, $3) \
         ORDER BY cl.created_at DESC, cl.id DESC LIMIT $4"
    ))
    .bind(customer_id)
    .bind(at)
    .bind(id)
    .bind(paging::limit(PORTAL_PAGE_SIZE))
    .fetch_all(&db.pool)
    .await?;
    paging::page(
        rows,
        PORTAL_PAGE_SIZE,
        |row| PageCursor {
            at: row.created_at,
            id: row.id,
        },
        SummaryRow::into_summary,
    )
}

#[derive(sqlx::FromRow)]
struct FactsRow {
    incident_date: String,
    incident_place: String,
    description: String,
    payout_bank: String,
    payout_account: String,
    payout_fen: Option<i64>,
    stage_entered_at: i64,
    refusal_reason: Option<String>,
    disputed_at: Option<i64>,
    awaiting_due: Option<String>,
}

#[derive(sqlx::FromRow)]
struct EventRow {
    stage: String,
    note: Option<String>,
    at: i64,
}

/// The hours each claim stage may take (`claim_stage_commitments`), read once for a page;
/// a stage without a row has no commitment. The one reader of that table's rows.
pub struct StageLimits(pub Vec<(ClaimStage, i64)>);

impl StageLimits {
    pub async fn read(conn: &mut sqlx::AnyConnection) -> Result<Self, AppError> {
        #[derive(sqlx::FromRow)]
        struct CommitmentRow {
            stage: String,
            limit_hours: i64,
        }
        let rows: Vec<CommitmentRow> = sqlx::query_as("SELECT stage, limit_hours FROM claim_stage_commitments")
            .fetch_all(conn)
            .await?;
        rows.into_iter()
            .map(|r| Ok((stored(ClaimStage::parse(&r.stage), "claim stage")?, r.limit_hours)))
            .collect::<Result<_, AppError>>()
            .map(Self)
    }

    pub fn of(&self, stage: ClaimStage) -> Option<i64> {
        self.0.iter().find(|(s, _)| *s == stage).map(|(_, hours)| *hours)
    }
}

#[derive(sqlx::FromRow)]
struct ScoreRow {
    score: i64,
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
    let claim_id = row.id;
    let summary = row.into_summary()?;
    let facts: FactsRow = sqlx::query_as(
        "SELECT incident_date, incident_place, description, payout_bank, payout_account, payout_fen, stage_entered_at, \
           refusal_reason, disputed_at, awaiting_due FROM claims WHERE id = $1",
    )
    .bind(claim_id)
    .fetch_one(&db.pool)
    .await?;
    let events: Vec<EventRow> =
        sqlx::query_as("SELECT stage, note, at FROM claim_events WHERE claim_id = $1 ORDER BY at, id")
            .bind(claim_id)
            .fetch_all(&db.pool)
            .await?;
    let commitments = StageLimits::read(&mut *db.pool.acquire().await?).await?;
    let limit_of = |stage: ClaimStage| commitments.of(stage);
    let timeline = ClaimStage::ALL
        .iter()
        .map(|&stage| {
            let reached = events.iter().rev().find(|e| e.stage == stage.as_str());
            let limit_hours = limit_of(stage);
            let due_at = (stage == summary.stage && stage != ClaimStage::Closed)
                .then(|| limit_hours.map(|h| facts.stage_entered_at + h * HOUR_MS))
                .flatten();
            TimelineStep {
                stage,
                reached_at: reached.map(|e| e.at),
                note: reached.and_then(|e| e.note.clone()),
                limit_hours,
                due_at,
            }
        })
        .collect();
    let documents = documents::list_attached(db, customer_id, DocumentPurpose::Claim, claim_id).await?;
    let rating: Option<ScoreRow> = sqlx::query_as(
        "SELECT score FROM ratings WHERE source = 'portal' AND subject_kind = 'claim' AND subject_id = $1 AND customer_id = $2",
    )
    .bind(claim_id)
    .bind(customer_id)
    .fetch_optional(&db.pool)
    .await?;
    Ok(Some(ClaimDetail {
        summary,
        incident_date: facts.incident_date,
        incident_place: facts.incident_place,
        description: facts.description,
        payout_bank: facts.payout_bank,
        payout_account_masked: crate::domain::mask_account(&facts.payout_account),
        payout: facts.payout_fen.map(Money::from_fen),
        timeline,
        documents,
        rating: rating.map(|r| r.score),
        refusal_reason: facts.refusal_reason,
        disputed: facts.disputed_at.is_some(),
        awaiting_due: facts.awaiting_due,
    }))
}

#[derive(sqlx::FromRow)]
struct ClaimablePolicyRow {
    id: i64,
    policy_no: String,
    name_zh: String,
    name_en: String,
    period_start: String,
    period_end: String,
    fast_track_limit_fen: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct CoverageChoiceRow {
    policy_id: i64,
    code: String,
    name_zh: String,
    name_en: String,
    limit_fen: i64,
}

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
    let coverages: Vec<CoverageChoiceRow> = sqlx::query_as(
        "SELECT pc.policy_id, c.code, c.name_zh, c.name_en, pc.limit_fen FROM policy_coverages pc \
         JOIN product_coverages c ON c.id = pc.coverage_id JOIN policies p ON p.id = pc.policy_id \
         WHERE p.holder_id = $1 AND p.status = 'in_force' ORDER BY pc.id",
    )
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?;
    Ok(policies
        .into_iter()
        .map(|p| ClaimablePolicy {
            coverages: coverages
                .iter()
                .filter(|c| c.policy_id == p.id)
                .map(|c| CoverageChoice {
                    code: c.code.clone(),
                    name_zh: c.name_zh.clone(),
                    name_en: c.name_en.clone(),
                    limit: Money::from_fen(c.limit_fen),
                })
                .collect(),
            policy_no: p.policy_no,
            product_name_zh: p.name_zh,
            product_name_en: p.name_en,
            period_start: p.period_start,
            period_end: p.period_end,
            fast_track_limit: p.fast_track_limit_fen.map(Money::from_fen),
        })
        .collect())
}

/// A claim to record, as reported (stage `reported`) or as the demo seeder sets it up.
pub struct NewClaim<'a> {
    pub claim_no: &'a str,
    pub customer_id: i64,
    pub policy_id: i64,
    pub coverage_id: i64,
    pub claim: &'a CheckedClaim,
    pub stage: ClaimStage,
    pub outcome: Option<ClaimOutcome>,
    pub fast_track: bool,
    pub payout: Option<Money>,
    pub awaiting_customer: Option<&'a str>,
    pub stage_entered_at: i64,
    pub request_key: &'a str,
    /// The fingerprint of the request (see `idempotency`).
    pub request_hash: &'a str,
    /// Why it was not fast-tracked, for the handler.
    pub fast_track_review: Option<FastTrackReview>,
    /// The payout account is new and not yet trusted: a person checks it before paying.
    pub payout_account_to_check: bool,
    /// What the claims desk recorded already, for a claim recorded as it stands (the demo;
    /// a claim taken over from another system); a claim reported now has none.
    pub handling: ClaimHandling<'a>,
    pub created_at: i64,
}

/// What the claims desk recorded on a claim: its handler, the survey, the loss assessed,
/// the reason for a refusal.
#[derive(Default)]
pub struct ClaimHandling<'a> {
    pub handler_staff_id: Option<i64>,
    pub survey_notes: Option<&'a str>,
    pub assessed_loss: Option<Money>,
    pub refusal_reason: Option<&'a str>,
}

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
}

/// Inserts a claim; `None` when this customer's request key already made one. Its priority
/// is the customer's at the time: VIP for a customer of a VIP tier (as a work order's).
pub async fn insert(tx: &mut Tx, c: &NewClaim<'_>) -> Result<Option<i64>, AppError> {
    let row: Option<IdRow> = sqlx::query_as(
        "INSERT INTO claims (claim_no, customer_id, policy_id, coverage_id, incident_date, incident_place, description, \
         amount_fen, payout_bank, payout_account, stage, outcome, fast_track, payout_fen, awaiting_customer, \
         stage_entered_at, idempotency_key, request_hash, fast_track_review, payout_account_to_check, \
         handler_staff_id, survey_notes, assessed_loss_fen, refusal_reason, created_at, updated_at, priority) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19, $20, \
           $21, $22, $23, $24, $25, $16, \
           (SELECT CASE WHEN vip_tier = 'none' THEN 'normal' ELSE 'vip' END FROM customers WHERE id = $2)) \
         ON CONFLICT (customer_id, idempotency_key) DO NOTHING RETURNING id",
    )
    .bind(c.claim_no)
    .bind(c.customer_id)
    .bind(c.policy_id)
    .bind(c.coverage_id)
    .bind(&c.claim.incident_date)
    .bind(&c.claim.incident_place)
    .bind(&c.claim.description)
    .bind(c.claim.amount.fen())
    .bind(&c.claim.payout.bank)
    .bind(&c.claim.payout.number)
    .bind(c.stage.as_str())
    .bind(c.outcome.map(ClaimOutcome::as_str))
    .bind(i64::from(c.fast_track))
    .bind(c.payout.map(Money::fen))
    .bind(c.awaiting_customer)
    .bind(c.stage_entered_at)
    .bind(c.request_key)
    .bind(c.request_hash)
    .bind(c.fast_track_review.map(FastTrackReview::as_str))
    .bind(i64::from(c.payout_account_to_check))
    .bind(c.handling.handler_staff_id)
    .bind(c.handling.survey_notes)
    .bind(c.handling.assessed_loss.map(Money::fen))
    .bind(c.handling.refusal_reason)
    .bind(c.created_at)
    .fetch_optional(&mut **tx)
    .await?;
    Ok(row.map(|r| r.id))
}

/// A step on the claim's timeline; `staff_id` names who moved it (none: the customer or
/// the rules).
pub async fn insert_event(
    tx: &mut Tx,
    claim_id: i64,
    stage: ClaimStage,
    note: Option<&str>,
    at: i64,
    staff_id: Option<i64>,
) -> Result<(), AppError> {
    crate::backend::platform::facts::claim_stage_entered(tx, claim_id, stage.as_str(), at).await?;
    sqlx::query(
        "INSERT INTO claim_events (claim_id, stage, note, at, staff_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $4, $4)",
    )
    .bind(claim_id)
    .bind(stage.as_str())
    .bind(note)
    .bind(at)
    .bind(staff_id)
    .execute(&mut **tx)
    .await?;
    crate::backend::platform::live::claim_changed(tx, claim_id, true).await
}

async fn detail_made_by_key(
    db: &Db,
    customer_id: i64,
    key: &IdempotencyKey,
    request_hash: &str,
) -> Result<Option<ClaimDetail>, AppError> {
    let mut conn = db.pool.acquire().await?;
    match idempotency::made_by(&mut conn, Keyed::Claim, customer_id, key, request_hash).await? {
        Some(claim_no) => detail_for_customer(db, customer_id, &claim_no).await,
        None => Ok(None),
    }
}

#[derive(sqlx::FromRow)]
struct PolicyRow {
    id: i64,
    status: String,
    period_start: String,
    period_end: String,
    fast_track_limit_fen: Option<i64>,
}

#[derive(sqlx::FromRow)]
struct CoverageRow {
    id: i64,
    limit_fen: i64,
}

/// Reports a claim: checks it against the policy and coverage, takes the documents, and
/// fast-tracks it when the rules allow; all in one transaction, once per request key.
pub async fn report(state: &AppState, customer_id: i64, form: &ClaimForm) -> Result<ClaimDetail, AppError> {
    let db = &state.db;
    let key = IdempotencyKey::parse(&form.request_key).map_err(|e| AppError::invalid("request_key", e))?;
    let request_hash = idempotency::fingerprint(&ClaimForm {
        request_key: String::new(),
        ..form.clone()
    });
    if let Some(detail) = detail_made_by_key(db, customer_id, &key, &request_hash).await? {
        return Ok(detail);
    }
    let policy_no = PolicyNumber::parse(&form.policy_no).map_err(|e| AppError::invalid("policy_no", e))?;
    let policy: Option<PolicyRow> = sqlx::query_as(
        "SELECT p.id, p.status, p.period_start, p.period_end, pr.fast_track_limit_fen \
         FROM policies p JOIN products pr ON pr.id = p.product_id WHERE p.holder_id = $1 AND p.policy_no = $2",
    )
    .bind(customer_id)
    .bind(policy_no.as_str())
    .fetch_optional(&db.pool)
    .await?;
    let policy = policy.ok_or(AppError::NotFound)?;
    if policy.status != "in_force" {
        return Err(AppError::invalid(
            "policy_no",
            Invalid::new("policy_not_in_force", "Claims can be made only on a policy in force"),
        ));
    }
    let coverage: Option<CoverageRow> = sqlx::query_as(
        "SELECT c.id, pc.limit_fen FROM policy_coverages pc JOIN product_coverages c ON c.id = pc.coverage_id \
         WHERE pc.policy_id = $1 AND c.code = $2",
    )
    .bind(policy.id)
    .bind(form.coverage_code.trim())
    .fetch_optional(&db.pool)
    .await?;
    let Some(coverage) = coverage else {
        return Err(AppError::invalid(
            "coverage_code",
            Invalid::new("coverage_required", "Choose what the claim is for"),
        ));
    };
    let limits = ClaimLimits {
        period_start: policy.period_start,
        period_end: policy.period_end,
        coverage_limit: Money::from_fen(coverage.limit_fen),
        today: clock::latest_today(),
    };
    // An account on file comes from the file, never from what the browser typed.
    let fields = match form.payout_account_id {
        Some(id) => {
            let account = customers::payout_account_by_id(db, customer_id, id)
                .await?
                .ok_or_else(|| {
                    AppError::invalid(
                        "payout_account_id",
                        Invalid::new(
                            "payout_account_unknown",
                            "Choose one of your accounts or enter a new one",
                        ),
                    )
                })?;
            ClaimFields {
                payout_bank: account.bank,
                payout_account: account.number,
                ..form.fields.clone()
            }
        }
        None => form.fields.clone(),
    };
    let claim = check_claim(&fields, &limits).map_err(AppError::first_invalid)?;
    if form.documents.len() > 20 {
        return Err(AppError::invalid(
            "documents",
            Invalid::new("too_many_documents", "At most 20 files per claim"),
        ));
    }

    let now = now_ms();
    let mut tx = db.begin_write().await?;
    // Reports on one policy queue here, so each one's fast-track decision sees the ones
    // before it (on PostgreSQL too, where transactions do not see each other's inserts).
    sqlx::query("UPDATE policies SET updated_at = updated_at WHERE id = $1")
        .bind(policy.id)
        .execute(&mut *tx)
        .await?;
    let (level, _) = customers::level_and_tier(&mut tx, customer_id).await?;
    let account_on_file = customers::payout_account_on_file(&mut tx, customer_id, &claim.payout.number).await?;
    // A new account is trusted at the level a payout account change needs, unless the
    // contacts changed within the day (then a person checks it).
    let contacts_held = crate::backend::customers::contact_changes::held_until(&mut tx, customer_id, now)
        .await?
        .is_some();
    let payout_trusted =
        account_on_file || (level.at_least(ServiceType::PayoutAccountChange.required_level()) && !contacts_held);
    let claim_no = sequences::next_case_number(&mut tx, CaseKind::Claim, now).await?;
    let inserted = insert(
        &mut tx,
        &NewClaim {
            claim_no: &claim_no,
            customer_id,
            policy_id: policy.id,
            coverage_id: coverage.id,
            claim: &claim,
            stage: ClaimStage::Reported,
            outcome: None,
            fast_track: false,
            payout: None,
            awaiting_customer: None,
            stage_entered_at: now,
            request_key: key.as_str(),
            request_hash: &request_hash,
            fast_track_review: None,
            payout_account_to_check: !payout_trusted,
            handling: ClaimHandling::default(),
            created_at: now,
        },
    )
    .await?;
    let Some(claim_id) = inserted else {
        // A concurrent request with the same key won; answer with its claim.
        tx.rollback().await?;
        return detail_made_by_key(db, customer_id, &key, &request_hash)
            .await?
            .ok_or_else(|| internal_error(&"idempotent claim vanished"));
    };
    insert_event(&mut tx, claim_id, ClaimStage::Reported, None, now, None).await?;
    let attached = documents::attach(
        &mut tx,
        &state.files,
        customer_id,
        DocumentPurpose::Claim,
        claim_id,
        &form.documents,
    )
    .await?;
    let facts = FastTrackFacts {
        amount: claim.amount,
        product_limit: policy.fast_track_limit_fen.map(Money::from_fen),
        photos: attached.iter().filter(|d| d.is_image()).count(),
        payout_account_trusted: payout_trusted,
        ..fast_track_history(&mut tx, claim_id, policy.id, coverage.id, &claim, now).await?
    };
    let decision = decide_fast_track(&facts);
    let fast_track = decision.is_ok();
    if let Err(review) = decision {
        sqlx::query("UPDATE claims SET fast_track_review = $1 WHERE id = $2")
            .bind(review.as_str())
            .bind(claim_id)
            .execute(&mut *tx)
            .await?;
    }
    if fast_track {
        sqlx::query(
            "UPDATE claims SET stage = 'approved', fast_track = 1, payout_fen = amount_fen, stage_entered_at = $1 WHERE id = $2",
        )
        .bind(now)
        .bind(claim_id)
        .execute(&mut *tx)
        .await?;
        insert_event(&mut tx, claim_id, ClaimStage::Approved, Some("fast_track"), now, None).await?;
    }
    points::earn(
        &mut tx,
        &state.points,
        customer_id,
        PointsRule::FirstSelfServiceClaim,
        "",
    )
    .await?;
    let (kind, stage) = if fast_track {
        (NotificationKind::ClaimStage, ClaimStage::Approved)
    } else {
        (NotificationKind::ClaimReported, ClaimStage::Reported)
    };
    notify(
        &mut tx,
        customer_id,
        NewNotification {
            kind,
            params: vec![
                ("claim_no", claim_no.clone()),
                ("stage", format!("t:{}", stage.label_key())),
            ],
            dedup_key: None,
        },
    )
    .await?;
    tx.commit().await?;
    detail_for_customer(db, customer_id, &claim_no)
        .await?
        .ok_or_else(|| internal_error(&"new claim vanished"))
}

#[derive(sqlx::FromRow)]
struct CountRow {
    count: i64,
}

#[derive(sqlx::FromRow)]
struct FastTrackedRow {
    count: i64,
    paid: i64,
}

/// What the policy's other claims say about a new claim: the same incident claimed again
/// (near date, similar amount), its photos already on another claim, and what fast track
/// paid on the policy lately. Read in the report's transaction, after the policy's lock.
async fn fast_track_history(
    tx: &mut Tx,
    claim_id: i64,
    policy_id: i64,
    coverage_id: i64,
    claim: &CheckedClaim,
    now: i64,
) -> Result<FastTrackFacts, AppError> {
    let incident = Date::parse_iso(&claim.incident_date).ok_or_else(|| internal_error(&"checked date unparsable"))?;
    #[derive(sqlx::FromRow)]
    struct NearRow {
        amount_fen: i64,
    }
    let near: Vec<NearRow> = sqlx::query_as(
        "SELECT amount_fen FROM claims WHERE policy_id = $1 AND coverage_id = $2 AND id <> $3 \
           AND (outcome IS NULL OR outcome <> 'refused') AND incident_date BETWEEN $4 AND $5",
    )
    .bind(policy_id)
    .bind(coverage_id)
    .bind(claim_id)
    .bind(incident.plus_days(-FAST_TRACK_NEAR_DAYS).iso())
    .bind(incident.plus_days(FAST_TRACK_NEAR_DAYS).iso())
    .fetch_all(&mut **tx)
    .await?;
    let reused: CountRow = sqlx::query_as(
        "SELECT COUNT(DISTINCT d.id) AS count FROM documents d \
         WHERE d.purpose = 'claim' AND d.attached_to = $1 AND d.sha256 IN \
           (SELECT o.sha256 FROM documents o WHERE o.purpose = 'claim' AND o.attached_to IS NOT NULL \
              AND o.attached_to <> $1 AND o.sha256 IS NOT NULL)",
    )
    .bind(claim_id)
    .fetch_one(&mut **tx)
    .await?;
    let recent: FastTrackedRow = sqlx::query_as(
        "SELECT COUNT(*) AS count, CAST(COALESCE(SUM(payout_fen), 0) AS BIGINT) AS paid FROM claims \
         WHERE policy_id = $1 AND fast_track = 1 AND created_at >= $2",
    )
    .bind(policy_id)
    .bind(now - FAST_TRACK_WINDOW_DAYS * DAY_MS)
    .fetch_one(&mut **tx)
    .await?;
    Ok(FastTrackFacts {
        amount: claim.amount,
        product_limit: None,
        photos: 0,
        similar_claims: near
            .iter()
            .filter(|n| similar_amounts(Money::from_fen(n.amount_fen), claim.amount))
            .count(),
        reused_photos: reused.count as usize,
        recent_fast_tracked: recent.count as usize,
        recent_fast_tracked_paid: Money::from_fen(recent.paid),
        payout_account_trusted: false,
    })
}

#[derive(sqlx::FromRow)]
struct StageRow {
    id: i64,
    stage: String,
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
    let claim: Option<StageRow> =
        sqlx::query_as("SELECT id, stage FROM claims WHERE customer_id = $1 AND claim_no = $2")
            .bind(customer_id)
            .bind(claim_no)
            .fetch_optional(&mut *tx)
            .await?;
    let claim = claim.ok_or(AppError::NotFound)?;
    if claim.stage == ClaimStage::Closed.as_str() {
        return Err(AppError::conflict("documents", "claim_closed", "This claim is closed"));
    }
    documents::attach(
        &mut tx,
        &state.files,
        customer_id,
        DocumentPurpose::Claim,
        claim.id,
        public_ids,
    )
    .await?;
    // Documents were what the insurer waited for; the request is answered.
    sqlx::query("UPDATE claims SET awaiting_customer = NULL, awaiting_due = NULL, updated_at = $1 WHERE id = $2")
        .bind(now_ms())
        .bind(claim.id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    detail_for_customer(&state.db, customer_id, claim_no)
        .await?
        .ok_or(AppError::NotFound)
}

//! Satisfaction ratings (满意度评价): once per closed claim or finished work order, and
//! points for taking part.

use crate::backend::{loyalty::points, now_ms, AppState, Tx};
use crate::domain::{check_score, CaseKind, ClaimStage, Invalid, PointsRule, WorkOrderStatus, COMMENT};
use crate::error::AppError;

pub async fn rate(
    state: &AppState,
    customer_id: i64,
    subject: &str,
    number: &str,
    score: i64,
    comment: &str,
) -> Result<i64, AppError> {
    let score = check_score(score).map_err(|e| AppError::invalid("score", e))?;
    let comment = COMMENT.check(comment).map_err(|e| AppError::invalid("comment", e))?;
    let (kind, sql) = match subject {
        "claim" => (
            CaseKind::Claim,
            "SELECT id, stage AS state FROM claims WHERE customer_id = $1 AND claim_no = $2",
        ),
        "work_order" => (
            CaseKind::WorkOrder,
            "SELECT id, status AS state FROM work_orders WHERE customer_id = $1 AND order_no = $2 \
             AND merged_into_id IS NULL",
        ),
        _ => {
            return Err(AppError::invalid(
                "subject",
                Invalid::new("subject_invalid", "Rate a claim or a request"),
            ))
        }
    };
    let number = kind
        .parse(number, "case_no_invalid")
        .map_err(|e| AppError::invalid("number", e))?;
    #[derive(sqlx::FromRow)]
    struct SubjectRow {
        id: i64,
        state: String,
    }
    let mut tx = state.db.begin_write().await?;
    let row: Option<SubjectRow> = sqlx::query_as(sql)
        .bind(customer_id)
        .bind(&number)
        .fetch_optional(&mut *tx)
        .await?;
    let SubjectRow {
        id: subject_id,
        state: state_text,
    } = row.ok_or(AppError::NotFound)?;
    let finished = match kind {
        CaseKind::Claim => state_text == ClaimStage::Closed.as_str(),
        _ => WorkOrderStatus::parse(&state_text).is_some_and(WorkOrderStatus::is_finished),
    };
    if !finished {
        return Err(AppError::conflict(
            "score",
            "not_finished",
            "You can rate it once it is finished",
        ));
    }
    let rated = insert(
        &mut tx,
        &NewRating {
            source: RatingSource::Portal,
            customer_id,
            subject_kind: subject,
            subject_id,
            score,
            comment: &comment,
            at: now_ms(),
        },
    )
    .await?;
    if !rated {
        return Err(AppError::conflict(
            "score",
            "already_rated",
            "You have already rated this",
        ));
    }
    let earned = points::earn(
        &mut tx,
        &state.points,
        customer_id,
        PointsRule::SurveyCompleted,
        &format!("{subject}:{number}"),
    )
    .await?;
    tx.commit().await?;
    Ok(earned)
}

/// Where a rating was taken. Both kinds live in `ratings`: a rating after a case and one
/// taken on a follow-up call are one kind of fact.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum RatingSource {
    /// The customer's own, in the portal after the case.
    Portal,
    /// As the customer told an agent on a follow-up call.
    FollowUp,
}

impl RatingSource {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Portal => "portal",
            Self::FollowUp => "follow_up",
        }
    }
}

/// A rating of a claim or a work order.
pub struct NewRating<'a> {
    pub source: RatingSource,
    pub customer_id: i64,
    /// `claim` or `work_order`.
    pub subject_kind: &'a str,
    pub subject_id: i64,
    pub score: i64,
    pub comment: &'a str,
    pub at: i64,
}

/// Records a rating; false when the case was rated before from the same source.
pub async fn insert(tx: &mut Tx, r: &NewRating<'_>) -> Result<bool, AppError> {
    let inserted = sqlx::query(
        "INSERT INTO ratings (source, customer_id, subject_kind, subject_id, score, comment, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $7) ON CONFLICT (source, subject_kind, subject_id) DO NOTHING",
    )
    .bind(r.source.as_str())
    .bind(r.customer_id)
    .bind(r.subject_kind)
    .bind(r.subject_id)
    .bind(r.score)
    .bind(r.comment)
    .bind(r.at)
    .execute(&mut **tx)
    .await?;
    let new = inserted.rows_affected() == 1;
    if new {
        crate::backend::platform::facts::rated(tx, r.subject_kind, r.subject_id, r.score, r.at).await?;
    }
    Ok(new)
}

//! The desk's views: claims by stage with their committed time left, and every view's count.

use super::*;
use crate::backend::measures;
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::{stored, Db};
use crate::domain::calendar::HOUR_MS;
use crate::domain::{Authority, ClaimOutcome, ClaimQueueView, ClaimStage, Money, VipTier};
use crate::error::AppError;
use crate::model::claims::{ClaimCounts, ClaimDesk, ClaimLine, StageLoad};

/// How many lines a view shows at once.
const PAGE: i64 = 100;

pub(super) const LINE_SELECT: &str = "SELECT cl.claim_no, c.customer_no, c.name AS customer_name, c.vip_tier, \
     pr.name_zh AS product_name_zh, pr.name_en AS product_name_en, \
     cv.name_zh AS coverage_name_zh, cv.name_en AS coverage_name_en, \
     cl.stage, cl.outcome, cl.amount_fen, cl.payout_fen, cl.handler_staff_id, s.display_name AS handler_name, \
     cl.created_at, cl.stage_entered_at, cl.fast_track, cl.fast_track_stopped_at, cl.awaiting_customer, \
     cl.disputed_at, k.limit_hours, \
     (SELECT a.amount_fen FROM claim_approvals a WHERE a.claim_id = cl.id AND a.status = 'pending') AS pending_fen \
     FROM claims cl JOIN customers c ON c.id = cl.customer_id \
     JOIN policies p ON p.id = cl.policy_id JOIN products pr ON pr.id = p.product_id \
     JOIN product_coverages cv ON cv.id = cl.coverage_id \
     LEFT JOIN staff s ON s.id = cl.handler_staff_id \
     LEFT JOIN claim_stage_commitments k ON k.stage = cl.stage";

#[derive(sqlx::FromRow)]
pub(super) struct LineRow {
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
    handler_staff_id: Option<i64>,
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
    pub(super) fn into_line(self) -> Result<ClaimLine, AppError> {
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
            handler_id: self.handler_staff_id,
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
        ClaimQueueView::Mine => format!("{} AND cl.handler_staff_id = $1", measures::claim_open("cl")),
        ClaimQueueView::Unassigned => format!(
            "{} AND cl.handler_staff_id IS NULL AND (cl.previous_handler_staff_id IS NULL OR cl.previous_handler_staff_id <> $1)",
            measures::claim_open("cl")
        ),
        ClaimQueueView::Approvals => format!(
            "cl.id IN (SELECT a.claim_id FROM claim_approvals a WHERE a.status = 'pending' \
               AND a.requested_by_staff_id <> $1 AND {})",
            covered_by(authority, "a.amount_fen")
        ),
        ClaimQueueView::FastTrack => {
            "cl.stage = 'approved' AND cl.fast_track = 1 AND cl.fast_track_stopped_at IS NULL AND $1 = $1".into()
        }
        ClaimQueueView::All => format!("{} AND $1 = $1", measures::claim_open("cl")),
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
pub(super) struct LimitRow {
    pub(super) stage: String,
    pub(super) limit_hours: i64,
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
    let stage_counts: Vec<StageCountRow> = sqlx::query_as(&format!(
        "SELECT cl.stage, COUNT(*) AS open, \
           CAST(SUM(CASE WHEN {overdue} THEN 1 ELSE 0 END) AS BIGINT) AS overdue \
         FROM claims cl LEFT JOIN claim_stage_commitments k ON k.stage = cl.stage \
         WHERE {open} GROUP BY cl.stage",
        overdue = measures::claim_stage_overdue("cl", "k", "$1"),
        open = measures::claim_open("cl"),
    ))
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

//! The desk's views: claims by stage with their committed time left, and every view's count.

use super::*;
use crate::backend::measures;
use crate::backend::platform::auth::guard::StaffCaller;
use crate::backend::{stored, Db};
use crate::domain::calendar::HOUR_MS;
use crate::domain::service_level::VIEW_COUNT_CAP;
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

/// A view of the desk with the counts of every view and the open claims per stage.
pub async fn queue(db: &Db, staff: &StaffCaller, view: ClaimQueueView, now: i64) -> Result<ClaimDesk, AppError> {
    let mut conn = db.pool.acquire().await?;
    require_desk(&mut conn, staff).await?;
    let authority = authority(&mut conn, staff.staff_id).await?;
    // Every view's count in one statement, each up to the cap ("99+"), so a count reads at
    // most that many index entries however many claims are open.
    let bounded = |condition: String| {
        format!("(SELECT COUNT(*) FROM (SELECT 1 AS one FROM claims cl WHERE {condition} LIMIT {VIEW_COUNT_CAP}) b)")
    };
    let counts_sql = ClaimQueueView::ALL
        .iter()
        .map(|v| format!("{} AS count_{}", bounded(view_condition(*v, authority)), v.as_str()))
        .collect::<Vec<_>>()
        .join(", ");
    let counts: CountsRow = sqlx::query_as(&format!("SELECT {counts_sql}"))
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
    let limits = crate::backend::claims::StageLimits::read(&mut conn).await?;
    let open_stages: Vec<ClaimStage> = ClaimStage::ALL
        .iter()
        .copied()
        .filter(|s| *s != ClaimStage::Closed)
        .collect();
    let limit_of = |stage: ClaimStage| limits.of(stage);
    // Each stage's open and overdue claims, bounded like the counts: the overdue ones are
    // those that entered the stage before now less its commitment.
    let stage_sql = open_stages
        .iter()
        .map(|stage| {
            let s = stage.as_str();
            let overdue = match limit_of(*stage) {
                Some(hours) => bounded(format!(
                    "cl.stage = '{s}' AND {}",
                    measures::claim_in_stage_overdue("cl", hours * HOUR_MS, "$1")
                )),
                None => "0".into(),
            };
            format!(
                "{} AS open_{s}, {overdue} AS overdue_{s}",
                bounded(format!("cl.stage = '{s}' AND $1 = $1"))
            )
        })
        .collect::<Vec<_>>()
        .join(", ");
    let stage_row = sqlx::query(&format!("SELECT {stage_sql}"))
        .bind(now)
        .fetch_one(&mut *conn)
        .await?;
    let stages = open_stages
        .iter()
        .map(|&stage| {
            use sqlx::Row;
            let s = stage.as_str();
            Ok(StageLoad {
                stage,
                open: stage_row.try_get::<i64, _>(format!("open_{s}").as_str())?,
                overdue: stage_row.try_get::<i64, _>(format!("overdue_{s}").as_str())?,
                limit_hours: limit_of(stage),
            })
        })
        .collect::<Result<Vec<_>, sqlx::Error>>()?;
    // Due first: VIP claims first, then the stage whose committed time runs out soonest.
    // Within a stage that is the order the claims entered it, so each stage's head (read
    // from `claims_open_stage_idx`, VIP first) holds every line the page can show; the page
    // is chosen among those heads only.
    let condition = view_condition(view, authority);
    let heads = open_stages
        .iter()
        .enumerate()
        .map(|(i, stage)| {
            format!(
                "SELECT * FROM (SELECT cl.id, CASE WHEN cl.priority = 'vip' THEN 0 ELSE 1 END AS vip_last, \
                   cl.stage_entered_at + {due} AS due_at FROM claims cl \
                 WHERE cl.stage = '{s}' AND {condition} \
                 ORDER BY CASE WHEN cl.priority = 'vip' THEN 0 ELSE 1 END, cl.stage_entered_at, cl.id LIMIT {page}) h{i}",
                s = stage.as_str(),
                due = limit_of(*stage).unwrap_or(100_000) * HOUR_MS,
                page = PAGE + 1,
            )
        })
        .collect::<Vec<_>>()
        .join(" UNION ALL ");
    let rows: Vec<LineRow> = sqlx::query_as(&format!(
        "{LINE_SELECT} JOIN (SELECT id, vip_last, due_at FROM ({heads}) h ORDER BY vip_last, due_at, id LIMIT {}) page \
           ON page.id = cl.id \
         ORDER BY page.vip_last, page.due_at, cl.id",
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

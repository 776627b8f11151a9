//! The portal home: what needs the customer's attention, in one answer.

use crate::backend::{claims, content::announcements, loyalty::points, messaging::notifications, platform::clock, Db};
use crate::domain::calendar::{insurer_date, DAY_MS};
use crate::domain::{ClaimStage, Money, PolicyStatus};
use crate::error::AppError;
use crate::model::home::{HomeSummary, PremiumDue, HOME_OPEN_CLAIMS};

/// Premiums due within this many days show on the home page.
const PREMIUM_HORIZON_DAYS: i64 = 30;

#[derive(sqlx::FromRow)]
struct CountRow {
    count: i64,
}

#[derive(sqlx::FromRow)]
struct DueRow {
    policy_no: String,
    name_zh: String,
    name_en: String,
    due_date: String,
    amount_fen: i64,
    status: String,
    policy_status: String,
}

pub async fn home(db: &Db, customer_id: i64) -> Result<HomeSummary, AppError> {
    let open_claims: Vec<_> = claims::all_for_customer(db, customer_id)
        .await?
        .into_iter()
        .filter(|c| c.stage != ClaimStage::Closed)
        .collect();
    let open_claims_total = open_claims.len() as i64;
    let open_claims = open_claims.into_iter().take(HOME_OPEN_CLAIMS).collect();
    let replies: CountRow = sqlx::query_as(
        "SELECT COUNT(*) AS count FROM notifications \
         WHERE customer_id = $1 AND read_at IS NULL AND kind = 'work_order_reply'",
    )
    .bind(customer_id)
    .fetch_one(&db.pool)
    .await?;
    let now = clock::now_ms();
    let today = insurer_date(now).iso();
    let horizon = insurer_date(now + PREMIUM_HORIZON_DAYS * DAY_MS).iso();
    let dues: Vec<DueRow> = sqlx::query_as(
        "SELECT p.policy_no, pr.name_zh, pr.name_en, i.due_date, i.amount_fen, i.status, p.status AS policy_status \
         FROM premium_installments i JOIN policies p ON p.id = i.policy_id JOIN products pr ON pr.id = p.product_id \
         WHERE p.holder_id = $1 AND i.status IN ('due', 'overdue') AND i.due_date <= $2 \
         ORDER BY i.due_date LIMIT 10",
    )
    .bind(customer_id)
    .bind(&horizon)
    .fetch_all(&db.pool)
    .await?;
    let points = points::standing_of(db, customer_id).await?;
    Ok(HomeSummary {
        open_claims,
        open_claims_total,
        unread_replies: replies.count,
        unread_notifications: notifications::unread(db, customer_id).await?,
        premiums_due: dues
            .into_iter()
            .map(|d| PremiumDue {
                policy_no: d.policy_no,
                product_name_zh: d.name_zh,
                product_name_en: d.name_en,
                overdue: d.status == "overdue" || d.due_date < today,
                due_date: d.due_date,
                amount: Money::from_fen(d.amount_fen),

                policy_lapsed: d.policy_status == PolicyStatus::Lapsed.as_str(),
            })
            .collect(),
        points_balance: points.balance,
        points_expiring_soon: points.expiring_soon,
        announcements: announcements::published(db, 3).await?,
    })
}

//! The customer's inbox, channel preferences, announcements, and the portal home summary.

use super::{claims, now_ms, points, Db};
use crate::api::inbox::{Announcement, ChannelPreferences, HomeSummary, Inbox, Notification, PremiumDue};
use crate::domain::{ClaimStage, Money, NotificationKind};
use crate::error::AppError;

pub async fn unread(db: &Db, customer_id: i64) -> Result<i64, AppError> {
    let (count,): (i64,) =
        sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE customer_id = $1 AND read_at IS NULL")
            .bind(customer_id)
            .fetch_one(&db.pool)
            .await?;
    Ok(count)
}

/// id, kind, params (JSON), link, read at, at.
type NotificationRow = (i64, String, String, Option<String>, Option<i64>, i64);

pub async fn inbox(db: &Db, customer_id: i64) -> Result<Inbox, AppError> {
    let rows: Vec<NotificationRow> = sqlx::query_as(
        "SELECT id, kind, params, link, read_at, at FROM notifications WHERE customer_id = $1 \
         ORDER BY at DESC, id DESC LIMIT 100",
    )
    .bind(customer_id)
    .fetch_all(&db.pool)
    .await?;
    let items = rows
        .into_iter()
        .filter_map(|(id, kind, params, link, read_at, at)| {
            let params: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&params).unwrap_or_default();
            Some(Notification {
                id,
                kind: NotificationKind::parse(&kind)?,
                params: params
                    .into_iter()
                    .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
                    .collect(),
                link,
                read: read_at.is_some(),
                at,
            })
        })
        .collect();
    Ok(Inbox {
        unread: unread(db, customer_id).await?,
        items,
    })
}

pub async fn mark_read(db: &Db, customer_id: i64, id: Option<i64>) -> Result<i64, AppError> {
    let now = now_ms();
    let updated = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE notifications SET read_at = $1, updated_at = $1 WHERE id = $2 AND customer_id = $3 AND read_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .bind(customer_id)
            .execute(&db.pool)
            .await?
        }
        None => {
            sqlx::query(
                "UPDATE notifications SET read_at = $1, updated_at = $1 WHERE customer_id = $2 AND read_at IS NULL",
            )
            .bind(now)
            .bind(customer_id)
            .execute(&db.pool)
            .await?
        }
    };
    if let (Some(id), 0) = (id, updated.rows_affected()) {
        let (mine,): (i64,) = sqlx::query_as("SELECT COUNT(*) FROM notifications WHERE id = $1 AND customer_id = $2")
            .bind(id)
            .bind(customer_id)
            .fetch_one(&db.pool)
            .await?;
        if mine == 0 {
            return Err(AppError::NotFound);
        }
    }
    unread(db, customer_id).await
}

pub async fn preferences(db: &Db, customer_id: i64) -> Result<ChannelPreferences, AppError> {
    let mut conn = db.pool.acquire().await?;
    let (in_app, sms, email) = super::notify::preferences(&mut conn, customer_id).await?;
    Ok(ChannelPreferences { in_app, sms, email })
}

pub async fn save_preferences(db: &Db, customer_id: i64, p: ChannelPreferences) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO notification_preferences (customer_id, in_app, sms, email, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5) ON CONFLICT (customer_id) DO UPDATE \
         SET in_app = $2, sms = $3, email = $4, updated_at = $5",
    )
    .bind(customer_id)
    .bind(i64::from(p.in_app))
    .bind(i64::from(p.sms))
    .bind(i64::from(p.email))
    .bind(now_ms())
    .execute(&db.pool)
    .await?;
    Ok(())
}

pub async fn announcements(db: &Db, limit: i64) -> Result<Vec<Announcement>, AppError> {
    let now = now_ms();
    let rows: Vec<(i64, String, String, String, String, i64)> = sqlx::query_as(
        "SELECT id, title_zh, title_en, body_zh, body_en, published_at FROM announcements \
         WHERE published_at <= $1 AND (expires_at IS NULL OR expires_at > $1) \
         ORDER BY published_at DESC, id DESC LIMIT $2",
    )
    .bind(now)
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(
            |(id, title_zh, title_en, body_zh, body_en, published_at)| Announcement {
                id,
                title_zh,
                title_en,
                body_zh,
                body_en,
                published_at,
            },
        )
        .collect())
}

pub async fn home(db: &Db, customer_id: i64) -> Result<HomeSummary, AppError> {
    let open_claims = claims::list_for_customer(db, customer_id)
        .await?
        .into_iter()
        .filter(|c| c.stage != ClaimStage::Closed)
        .collect();
    let (unread_replies,): (i64,) = sqlx::query_as(
        "SELECT COUNT(*) FROM notifications WHERE customer_id = $1 AND read_at IS NULL AND kind = 'work_order_reply'",
    )
    .bind(customer_id)
    .fetch_one(&db.pool)
    .await?;
    let horizon = (chrono::Utc::now() + chrono::Duration::days(30))
        .format("%Y-%m-%d")
        .to_string();
    let dues: Vec<(String, String, String, String, i64, String)> = sqlx::query_as(
        "SELECT p.policy_no, pr.name_zh, pr.name_en, i.due_date, i.amount_fen, i.status \
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
        unread_replies,
        unread_notifications: unread(db, customer_id).await?,
        premiums_due: dues
            .into_iter()
            .map(|(policy_no, name_zh, name_en, due_date, amount, status)| PremiumDue {
                policy_no,
                product_name_zh: name_zh,
                product_name_en: name_en,
                due_date,
                amount: Money::from_fen(amount),
                overdue: status == "overdue",
            })
            .collect(),
        points_balance: points.balance,
        points_expiring_soon: points.expiring_soon,
        announcements: announcements(db, 3).await?,
    })
}

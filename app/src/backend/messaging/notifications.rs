//! The customer's notifications (the `notifications` table) as they read them, and the
//! channels they want them on.

use crate::backend::{messaging::notify, now_ms, platform::paging, stored, Db};
use crate::domain::{NotificationKind, PageCursor};
use crate::error::AppError;
use crate::model::notifications::{ChannelPreferences, Notification, NotificationList};
use crate::model::paging::PORTAL_PAGE_SIZE;
use crate::routes;

#[derive(sqlx::FromRow)]
struct CountRow {
    count: i64,
}

pub async fn unread(db: &Db, customer_id: i64) -> Result<i64, AppError> {
    let row: CountRow =
        sqlx::query_as("SELECT COUNT(*) AS count FROM notifications WHERE customer_id = $1 AND read_at IS NULL")
            .bind(customer_id)
            .fetch_one(&db.pool)
            .await?;
    Ok(row.count)
}

#[derive(sqlx::FromRow)]
struct NotificationRow {
    id: i64,
    kind: String,
    params: String,
    read_at: Option<i64>,
    at: i64,
}

impl NotificationRow {
    fn into_notification(self) -> Result<Notification, AppError> {
        let kind = stored(NotificationKind::parse(&self.kind), "notification kind")?;
        let params: serde_json::Map<String, serde_json::Value> = serde_json::from_str(&self.params).unwrap_or_default();
        let params: Vec<(String, String)> = params
            .into_iter()
            .map(|(k, v)| (k, v.as_str().unwrap_or_default().to_string()))
            .collect();
        Ok(Notification {
            id: self.id,
            kind,
            link: routes::notification_link(kind, &params),
            params,
            read: self.read_at.is_some(),
            at: self.at,
        })
    }
}

/// A page of the customer's notifications, newest first (those before `before` when
/// given), with the unread count of them all.
pub async fn list(db: &Db, customer_id: i64, before: Option<PageCursor>) -> Result<NotificationList, AppError> {
    let (at, id) = paging::before(before);
    let rows: Vec<NotificationRow> = sqlx::query_as(
        "SELECT id, kind, params, read_at, at FROM notifications WHERE customer_id = $1 AND (at, id) < ($2, $3) \
         ORDER BY at DESC, id DESC LIMIT $4",
    )
    .bind(customer_id)
    .bind(at)
    .bind(id)
    .bind(paging::limit(PORTAL_PAGE_SIZE))
    .fetch_all(&db.pool)
    .await?;
    let page = paging::page(
        rows,
        PORTAL_PAGE_SIZE,
        |row| PageCursor { at: row.at, id: row.id },
        NotificationRow::into_notification,
    )?;
    Ok(NotificationList {
        unread: unread(db, customer_id).await?,
        items: page.items,
        next: page.next,
    })
}

/// Marks one notification read, or all of them when `id` is absent; someone else's id is "not
/// found". Returns the unread count.
pub async fn mark_read(db: &Db, customer_id: i64, id: Option<i64>) -> Result<i64, AppError> {
    let now = now_ms();
    match id {
        Some(id) => {
            let mine: CountRow =
                sqlx::query_as("SELECT COUNT(*) AS count FROM notifications WHERE id = $1 AND customer_id = $2")
                    .bind(id)
                    .bind(customer_id)
                    .fetch_one(&db.pool)
                    .await?;
            if mine.count == 0 {
                return Err(AppError::NotFound);
            }
            sqlx::query(
                "UPDATE notifications SET read_at = $1, updated_at = $1 WHERE id = $2 AND customer_id = $3 AND read_at IS NULL",
            )
            .bind(now)
            .bind(id)
            .bind(customer_id)
            .execute(&db.pool)
            .await?;
        }
        None => {
            sqlx::query(
                "UPDATE notifications SET read_at = $1, updated_at = $1 WHERE customer_id = $2 AND read_at IS NULL",
            )
            .bind(now)
            .bind(customer_id)
            .execute(&db.pool)
            .await?;
        }
    }
    unread(db, customer_id).await
}

pub async fn preferences(db: &Db, customer_id: i64) -> Result<ChannelPreferences, AppError> {
    let mut conn = db.pool.acquire().await?;
    notify::preferences(&mut conn, customer_id).await
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

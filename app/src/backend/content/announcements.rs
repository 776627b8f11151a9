//! Announcements as admins run them: written as drafts, published at once or from a time,
//! withdrawn. Publishing may tell a segment of customers (all, a member level, a VIP tier,
//! holders of a product line) by a notification, also on the channels each chose: each
//! customer once, by a notification keyed by the announcement, however many processes
//! publish or sweep at once. And the published ones as everyone reads them (`published`).

use crate::backend::messaging::notify::{self, NewNotification};
use crate::backend::platform::audit;
use crate::backend::{now_ms, stored, Db, Tx};
use crate::domain::{check_announcement, AnnouncementFields, AnnouncementStatus, NotificationKind, Segment};
use crate::error::AppError;
use crate::model::admin::AnnouncementSetting;
use crate::model::announcements::Announcement;

#[derive(sqlx::FromRow)]
struct AnnouncementRow {
    id: i64,
    title_zh: String,
    title_en: String,
    body_zh: String,
    body_en: String,
    status: String,
    published_at: i64,
    publish_at: Option<i64>,
    notify: i64,
    segment: String,
    notified_at: Option<i64>,
}

impl AnnouncementRow {
    /// `notified`: how many customers its notification reached.
    fn into_setting(self, notified: i64) -> Result<AnnouncementSetting, AppError> {
        let status = stored(AnnouncementStatus::parse(&self.status), "announcement status")?;
        Ok(AnnouncementSetting {
            id: self.id,
            title_zh: self.title_zh,
            title_en: self.title_en,
            body_zh: self.body_zh,
            body_en: self.body_en,
            publish_at: if status == AnnouncementStatus::Draft {
                self.publish_at
            } else {
                Some(self.published_at)
            },
            status,
            notify: self.notify != 0,
            segment: self.segment,
            notified_at: self.notified_at,
            notified,
        })
    }
}

fn dedup_key(id: i64) -> String {
    format!("announcement:{id}")
}

const SELECT: &str = "SELECT a.id, a.title_zh, a.title_en, a.body_zh, a.body_en, a.status, a.published_at, \
    a.publish_at, a.notify, a.segment, a.notified_at FROM announcements a";

/// An announcement to record: a draft an admin writes, or (the demo's) one published
/// already.
pub struct NewAnnouncement<'a> {
    pub title_zh: &'a str,
    pub title_en: &'a str,
    pub body_zh: &'a str,
    pub body_en: &'a str,
    /// When it was (or is) published.
    pub published_at: i64,
    /// When a scheduled one is to be published.
    pub publish_at: Option<i64>,
    /// Whether publishing tells the segment.
    pub notify: bool,
    pub segment: &'a str,
    pub status: AnnouncementStatus,
    pub created_by_staff_id: Option<i64>,
    pub at: i64,
}

/// The one insert into `announcements`; answers the id.
pub async fn insert(tx: &mut Tx, a: &NewAnnouncement<'_>) -> Result<i64, AppError> {
    Ok(sqlx::query_scalar(
        "INSERT INTO announcements (title_zh, title_en, body_zh, body_en, published_at, publish_at, notify, \
         segment, status, created_by_staff_id, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(a.title_zh)
    .bind(a.title_en)
    .bind(a.body_zh)
    .bind(a.body_en)
    .bind(a.published_at)
    .bind(a.publish_at)
    .bind(i64::from(a.notify))
    .bind(a.segment)
    .bind(a.status.as_str())
    .bind(a.created_by_staff_id)
    .bind(a.at)
    .fetch_one(&mut **tx)
    .await?)
}

/// How many customers an announcement's notification reached.
async fn told(conn: &mut sqlx::AnyConnection, id: i64) -> Result<i64, AppError> {
    let n: i64 =
        sqlx::query_scalar("SELECT COUNT(*) FROM notifications WHERE kind = 'announcement' AND dedup_key = $1")
            .bind(dedup_key(id))
            .fetch_one(conn)
            .await?;
    Ok(n)
}

/// Every announcement, newest first.
pub async fn list_all(db: &Db) -> Result<Vec<AnnouncementSetting>, AppError> {
    let rows: Vec<AnnouncementRow> =
        sqlx::query_as(&format!("{SELECT} ORDER BY a.published_at DESC, a.id DESC LIMIT 200"))
            .fetch_all(&db.pool)
            .await?;
    // Told counts in one pass over the announcements' notifications, not one per
    // announcement.
    #[derive(sqlx::FromRow)]
    struct ToldRow {
        dedup_key: String,
        told: i64,
    }
    let told: Vec<ToldRow> = sqlx::query_as(
        "SELECT dedup_key, COUNT(*) AS told FROM notifications \
         WHERE kind = 'announcement' AND dedup_key IS NOT NULL GROUP BY dedup_key",
    )
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter()
        .map(|row| {
            let key = dedup_key(row.id);
            let n = told.iter().find(|t| t.dedup_key == key).map_or(0, |t| t.told);
            row.into_setting(n)
        })
        .collect()
}

#[derive(sqlx::FromRow)]
struct PublishedRow {
    id: i64,
    title_zh: String,
    title_en: String,
    body_zh: String,
    body_en: String,
    published_at: i64,
}

/// Published, unexpired announcements whose time has come, newest first: what customers
/// and visitors read.
pub async fn published(db: &Db, limit: i64) -> Result<Vec<Announcement>, AppError> {
    let rows: Vec<PublishedRow> = sqlx::query_as(
        "SELECT id, title_zh, title_en, body_zh, body_en, published_at FROM announcements \
         WHERE status = 'published' AND published_at <= $1 AND (expires_at IS NULL OR expires_at > $1) \
         ORDER BY published_at DESC, id DESC LIMIT $2",
    )
    .bind(now_ms())
    .bind(limit)
    .fetch_all(&db.pool)
    .await?;
    Ok(rows
        .into_iter()
        .map(|r| Announcement {
            id: r.id,
            title_zh: r.title_zh,
            title_en: r.title_en,
            body_zh: r.body_zh,
            body_en: r.body_en,
            published_at: r.published_at,
        })
        .collect())
}

async fn load(tx: &mut Tx, id: i64) -> Result<AnnouncementSetting, AppError> {
    // Holds the row for the rest of the transaction: two admins publishing at once publish once.
    sqlx::query("UPDATE announcements SET updated_at = updated_at WHERE id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let row: Option<AnnouncementRow> = sqlx::query_as(&format!("{SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    let row = row.ok_or(AppError::NotFound)?;
    let n = told(tx, id).await?;
    row.into_setting(n)
}

async fn record(
    tx: &mut Tx,
    staff_id: i64,
    action: &'static str,
    before: Option<&AnnouncementSetting>,
    after: &AnnouncementSetting,
) -> Result<(), AppError> {
    let detail = serde_json::json!({ "announcement": after.id, "before": before, "after": after });
    audit::record_change(tx, staff_id, action, detail).await
}

fn not_draft() -> AppError {
    AppError::conflict(
        "status",
        "announcement_not_draft",
        "This announcement has been published or withdrawn; it can no longer change",
    )
}

/// Writes a draft (a new one when `id` is `None`); only drafts change.
pub async fn save_draft(
    db: &Db,
    staff_id: i64,
    id: Option<i64>,
    fields: &AnnouncementFields,
) -> Result<AnnouncementSetting, AppError> {
    let now = now_ms();
    let draft = check_announcement(fields, now).map_err(AppError::first_invalid)?;
    let mut tx = db.begin_write().await?;
    let before = match id {
        Some(id) => Some(load(&mut tx, id).await?),
        None => None,
    };
    if before.as_ref().is_some_and(|b| b.status != AnnouncementStatus::Draft) {
        return Err(not_draft());
    }
    let id = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE announcements SET title_zh = $1, title_en = $2, body_zh = $3, body_en = $4, publish_at = $5, \
                 notify = $6, segment = $7, updated_at = $8 WHERE id = $9",
            )
            .bind(&draft.title_zh)
            .bind(&draft.title_en)
            .bind(&draft.body_zh)
            .bind(&draft.body_en)
            .bind(draft.publish_at)
            .bind(i64::from(draft.notify))
            .bind(draft.segment.as_string())
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            id
        }
        None => {
            let segment = draft.segment.as_string();
            insert(
                &mut tx,
                &NewAnnouncement {
                    title_zh: &draft.title_zh,
                    title_en: &draft.title_en,
                    body_zh: &draft.body_zh,
                    body_en: &draft.body_en,
                    published_at: now,
                    publish_at: draft.publish_at,
                    notify: draft.notify,
                    segment: &segment,
                    status: AnnouncementStatus::Draft,
                    created_by_staff_id: Some(staff_id),
                    at: now,
                },
            )
            .await?
        }
    };
    let after = load(&mut tx, id).await?;
    let action = if before.is_some() {
        "announcement.update"
    } else {
        "announcement.create"
    };
    record(&mut tx, staff_id, action, before.as_ref(), &after).await?;
    tx.commit().await?;
    Ok(after)
}

/// Publishes a draft at its chosen time (now when it has none, or when that time has
/// passed) and, when it is due and asks to, tells its segment in the same transaction.
/// A second publish is refused (409 `announcement_not_draft`).
pub async fn publish(db: &Db, staff_id: i64, id: i64) -> Result<AnnouncementSetting, AppError> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let before = load(&mut tx, id).await?;
    if before.status != AnnouncementStatus::Draft {
        return Err(not_draft());
    }
    let at = before.publish_at.map_or(now, |at| at.max(now));
    sqlx::query("UPDATE announcements SET status = 'published', published_at = $1, updated_at = $2 WHERE id = $3")
        .bind(at)
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    if at <= now {
        tell_segment(&mut tx, id, now).await?;
    }
    let after = load(&mut tx, id).await?;
    record(&mut tx, staff_id, "announcement.publish", Some(&before), &after).await?;
    tx.commit().await?;
    Ok(after)
}

/// Takes a published (or scheduled) announcement down; notifications already sent stay
/// sent.
pub async fn withdraw(db: &Db, staff_id: i64, id: i64) -> Result<AnnouncementSetting, AppError> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let before = load(&mut tx, id).await?;
    if before.status != AnnouncementStatus::Published {
        return Err(AppError::conflict(
            "status",
            "announcement_not_published",
            "Only a published announcement can be withdrawn",
        ));
    }
    sqlx::query("UPDATE announcements SET status = 'withdrawn', updated_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    let after = load(&mut tx, id).await?;
    record(&mut tx, staff_id, "announcement.withdraw", Some(&before), &after).await?;
    tx.commit().await?;
    Ok(after)
}

#[derive(sqlx::FromRow)]
struct DueRow {
    id: i64,
    title_zh: String,
    title_en: String,
    segment: String,
    notify: i64,
}

/// Tells the announcement's segment, if it asks to and has not yet: one notification per
/// customer (keyed, so a second process doing the same at once adds none), then marks it
/// told.
async fn tell_segment(tx: &mut Tx, id: i64, now: i64) -> Result<usize, AppError> {
    let row: DueRow = sqlx::query_as(
        "SELECT id, title_zh, title_en, segment, notify FROM announcements WHERE id = $1 AND notified_at IS NULL",
    )
    .bind(id)
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)?;
    let mut told = 0;
    if row.notify != 0 {
        let segment = stored(Segment::parse(&row.segment), "announcement segment")?;
        for customer_id in customers_in(tx, segment).await? {
            let notification = NewNotification {
                kind: NotificationKind::Announcement,
                params: vec![("title_zh", row.title_zh.clone()), ("title_en", row.title_en.clone())],
                dedup_key: Some(dedup_key(row.id)),
            };
            notify::notify(tx, customer_id, notification).await?;
            told += 1;
        }
    }
    sqlx::query("UPDATE announcements SET notified_at = $1 WHERE id = $2")
        .bind(now)
        .bind(id)
        .execute(&mut **tx)
        .await?;
    Ok(told)
}

/// The customers a segment names, leaving out locked accounts.
async fn customers_in(tx: &mut Tx, segment: Segment) -> Result<Vec<i64>, AppError> {
    let (condition, value) = match segment {
        Segment::Everyone => ("1 = 1", None),
        Segment::Level(level) => ("member_level = $1", Some(level.as_str())),
        Segment::Tier(tier) => ("vip_tier = $1", Some(tier.as_str())),
        Segment::Line(line) => (
            "id IN (SELECT p.holder_id FROM policies p JOIN products pr ON pr.id = p.product_id WHERE pr.line = $1)",
            Some(line.as_str()),
        ),
    };
    let sql = format!("SELECT id FROM customers WHERE locked_at IS NULL AND ({condition}) ORDER BY id");
    let mut select = sqlx::query_scalar(&sql);
    if let Some(value) = value {
        select = select.bind(value);
    }
    let ids: Vec<i64> = select.fetch_all(&mut **tx).await?;
    Ok(ids)
}

/// Tells the segments of scheduled announcements whose time has come; safe in several
/// processes at once. Returns how many announcements it told.
pub async fn sweep_due(db: &Db, now: i64) -> Result<usize, AppError> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM announcements WHERE status = 'published' AND notify = 1 AND notified_at IS NULL AND published_at <= $1 \
         ORDER BY id LIMIT 20",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    let mut told = 0;
    for id in due {
        let mut tx = db.begin_write().await?;
        // Another process may have told it since the look above.
        let still_due: Option<i64> = sqlx::query_scalar(
            "UPDATE announcements SET updated_at = updated_at WHERE id = $1 AND notified_at IS NULL RETURNING id",
        )
        .bind(id)
        .fetch_optional(&mut *tx)
        .await?;
        if still_due.is_some() {
            tell_segment(&mut tx, id, now).await?;
            told += 1;
        }
        tx.commit().await?;
    }
    Ok(told)
}

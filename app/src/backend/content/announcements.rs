//! Announcements as admins run them: written as drafts, published at once or from a time,
//! withdrawn. Publishing may tell a segment of customers (all, a member level, a VIP tier,
//! holders of a product line) by a notification, also on the channels each chose: each
//! customer once, by a notification keyed by the announcement, however many processes
//! publish or sweep at once. A segment is told set by set (`INSERT … SELECT` over a range of
//! customer ids, a batch per transaction with the position kept beside the announcement),
//! so a million customers take minutes, a crash resumes where the last batch committed, and
//! no batch is told twice. And the published ones as everyone reads them (`published`).

use crate::backend::messaging::notify;
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
    /// How many customers its notification reached so far.
    told: i64,
}

impl AnnouncementRow {
    fn into_setting(self) -> Result<AnnouncementSetting, AppError> {
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
            notified: self.told,
        })
    }
}

fn dedup_key(id: i64) -> String {
    format!("announcement:{id}")
}

const SELECT: &str = "SELECT a.id, a.title_zh, a.title_en, a.body_zh, a.body_en, a.status, a.published_at, \
    a.publish_at, a.notify, a.segment, a.notified_at, a.told FROM announcements a";

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

/// Every announcement, newest first.
pub async fn list_all(db: &Db) -> Result<Vec<AnnouncementSetting>, AppError> {
    let rows: Vec<AnnouncementRow> =
        sqlx::query_as(&format!("{SELECT} ORDER BY a.published_at DESC, a.id DESC LIMIT 200"))
            .fetch_all(&db.pool)
            .await?;
    rows.into_iter().map(AnnouncementRow::into_setting).collect()
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
    row.ok_or(AppError::NotFound)?.into_setting()
}

/// The announcement as it stands, outside any transaction.
async fn read(db: &Db, id: i64) -> Result<AnnouncementSetting, AppError> {
    let row: Option<AnnouncementRow> = sqlx::query_as(&format!("{SELECT} WHERE a.id = $1"))
        .bind(id)
        .fetch_optional(&db.pool)
        .await?;
    row.ok_or(AppError::NotFound)?.into_setting()
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
/// passed); when it is due and asks to, tells its segment: within the request while that
/// takes under `PUBLISH_TELLS_FOR` (a segment of thousands), the rest in the background and
/// by the jobs' sweep. A second publish is refused (409 `announcement_not_draft`).
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
    let after = load(&mut tx, id).await?;
    record(&mut tx, staff_id, "announcement.publish", Some(&before), &after).await?;
    tx.commit().await?;
    if at <= now && after.notify {
        // Published is published: a failure while telling is left to the background and the
        // sweep, which go on from the last batch, rather than answered as if nothing happened.
        let finished = tell_segment(db, id, PUBLISH_TELLS_FOR).await.unwrap_or_else(|error| {
            tracing::warn!(%error, announcement = id, "telling a segment paused");
            false
        });
        if !finished {
            let db = db.clone();
            tokio::spawn(async move {
                if let Err(error) = tell_segment(&db, id, std::time::Duration::MAX).await {
                    // The jobs' sweep resumes from the last batch told.
                    tracing::warn!(%error, announcement = id, "telling a segment paused");
                }
            });
        }
        return read(db, id).await;
    }
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

/// How long publishing tells a segment before it answers and leaves the rest to the background.
const PUBLISH_TELLS_FOR: std::time::Duration = std::time::Duration::from_secs(1);

/// Customers told per transaction: small enough that a batch holds its locks for a moment,
/// large enough that a million customers take a thousand batches.
const TELL_BATCH: i64 = 1000;

#[derive(sqlx::FromRow)]
struct TellingRow {
    title_zh: String,
    title_en: String,
    segment: String,
    notify: i64,
    told_through: i64,
}

/// What one batch did.
enum Batch {
    /// Told a batch; there may be more to tell.
    Told,
    /// This call told the last of the segment and marked the announcement told.
    Finished,
    /// Nothing to do: told already (by another process), withdrawn, or not published.
    Nothing,
}

/// Tells the announcement's segment batch by batch, until it is told or `budget` has passed.
/// True when this call marked it told.
async fn tell_segment(db: &Db, id: i64, budget: std::time::Duration) -> Result<bool, AppError> {
    let began = std::time::Instant::now();
    loop {
        match tell_batch(db, id).await? {
            Batch::Finished => return Ok(true),
            Batch::Nothing => return Ok(false),
            Batch::Told if began.elapsed() >= budget => return Ok(false),
            Batch::Told => {}
        }
    }
}

/// Tells the next `TELL_BATCH` customers of the segment, in one transaction: a notification
/// each (keyed, so nobody is told twice), their SMS and e-mail by their preferences, and the
/// position and count kept on the announcement. Another process telling the same
/// announcement waits for the row and goes on from where this batch ended.
async fn tell_batch(db: &Db, id: i64) -> Result<Batch, AppError> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let row: Option<TellingRow> = sqlx::query_as(
        "UPDATE announcements SET updated_at = updated_at \
         WHERE id = $1 AND notified_at IS NULL AND status = 'published' \
         RETURNING title_zh, title_en, segment, notify, told_through",
    )
    .bind(id)
    .fetch_optional(&mut *tx)
    .await?;
    let Some(row) = row else {
        return Ok(Batch::Nothing);
    };
    let segment = stored(Segment::parse(&row.segment), "announcement segment")?;
    let (condition, value) = segment_condition(segment);
    let last: Option<i64> = if row.notify == 0 {
        None
    } else {
        sqlx::query_scalar(&format!(
            "SELECT MAX(b.id) FROM (SELECT c.id FROM customers c WHERE c.id > $1 AND c.locked_at IS NULL \
             AND ({condition}) ORDER BY c.id LIMIT {TELL_BATCH}) b"
        ))
        .bind(row.told_through)
        .bind(&value)
        .fetch_one(&mut *tx)
        .await?
    };
    let Some(last) = last else {
        sqlx::query("UPDATE announcements SET notified_at = $1 WHERE id = $2")
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
        tx.commit().await?;
        return Ok(Batch::Finished);
    };

    let kind = NotificationKind::Announcement;
    let params = vec![("title_zh", row.title_zh), ("title_en", row.title_en)];
    let key = dedup_key(id);
    // The batch's customers: $1 after, $2 the segment's value, $3 through.
    let batch = format!(
        "FROM customers c LEFT JOIN notification_preferences np ON np.customer_id = c.id \
         WHERE c.id > $1 AND c.id <= $3 AND c.locked_at IS NULL AND ({condition})"
    );
    let default = notify::DEFAULT_PREFERENCES;
    // SMS and e-mail first, to those not told before (the notifications below are the record).
    let (subject, text) = notify::outgoing_text(kind, &params);
    for (channel, contact, wanted_by_default) in [("sms", "phone", default.sms), ("email", "email", default.email)] {
        sqlx::query(&format!(
            "INSERT INTO outbox (channel, recipient, subject, body, status, attempts, locked_until, created_at, updated_at) \
             SELECT $4, c.{contact}, $5, $6, 'pending', 0, 0, $7, $7 {batch} \
               AND c.{contact} IS NOT NULL AND COALESCE(np.{channel}, {}) <> 0 \
               AND NOT EXISTS (SELECT 1 FROM notifications n WHERE n.customer_id = c.id AND n.dedup_key = $8)",
            i64::from(wanted_by_default)
        ))
        .bind(row.told_through)
        .bind(&value)
        .bind(last)
        .bind(channel)
        .bind(&subject)
        .bind(&text)
        .bind(now)
        .bind(&key)
        .execute(&mut *tx)
        .await?;
    }
    // A keyed notification is recorded whatever the in-app choice (read already when it is off).
    let told = sqlx::query(&format!(
        "INSERT INTO notifications (customer_id, kind, params, link, read_at, at, created_at, updated_at, dedup_key) \
         SELECT c.id, $4, $5, $6, CASE WHEN COALESCE(np.in_app, {}) <> 0 THEN NULL ELSE $7 END, $7, $7, $7, $8 {batch} \
         ON CONFLICT (customer_id, dedup_key) DO NOTHING",
        i64::from(default.in_app)
    ))
    .bind(row.told_through)
    .bind(&value)
    .bind(last)
    .bind(kind.as_str())
    .bind(notify::params_json(&params))
    .bind(crate::routes::notification_link(kind, &params))
    .bind(now)
    .bind(&key)
    .execute(&mut *tx)
    .await?
    .rows_affected();
    // Their pages open now show the new notice.
    let event = crate::backend::platform::live::LiveEvent {
        to: crate::backend::platform::live::Audience::CustomersBetween(row.told_through, last),
        change: crate::model::live::LiveChange::Notifications,
    };
    crate::backend::platform::live::publish(&mut tx, &event).await?;
    sqlx::query("UPDATE announcements SET told_through = $1, told = told + $2 WHERE id = $3")
        .bind(last)
        .bind(told as i64)
        .bind(id)
        .execute(&mut *tx)
        .await?;
    tx.commit().await?;
    Ok(Batch::Told)
}

/// How many customers publishing the draft `id` would tell (its segment, accounts not
/// locked), for the admin's confirmation; 0 when it tells nobody. 404 for no such draft.
pub async fn audience(db: &Db, id: i64) -> Result<i64, AppError> {
    #[derive(sqlx::FromRow)]
    struct DraftRow {
        segment: String,
        notify: i64,
    }
    let draft: DraftRow =
        sqlx::query_as("SELECT segment, notify FROM announcements WHERE id = $1 AND status = 'draft'")
            .bind(id)
            .fetch_optional(&db.pool)
            .await?
            .ok_or(AppError::NotFound)?;
    if draft.notify == 0 {
        return Ok(0);
    }
    // $1 is the batch position in `tell_batch`; the segment's value is $2 there and here.
    let segment = stored(Segment::parse(&draft.segment), "announcement segment")?;
    let (condition, value) = segment_condition(segment);
    let count: i64 = sqlx::query_scalar(&format!(
        "SELECT COUNT(*) FROM customers c WHERE c.locked_at IS NULL AND $1 = $1 AND ({condition})"
    ))
    .bind(0_i64)
    .bind(&value)
    .fetch_one(&db.pool)
    .await?;
    Ok(count)
}

/// The condition on customers `c` a segment names, with its value bound as `$2` (every
/// condition names `$2`, so the statements bind the same parameters whatever the segment).
fn segment_condition(segment: Segment) -> (&'static str, String) {
    match segment {
        Segment::Everyone => ("$2 = $2", String::new()),
        Segment::Level(level) => ("c.member_level = $2", level.as_str().to_string()),
        Segment::Tier(tier) => ("c.vip_tier = $2", tier.as_str().to_string()),
        // Each customer's own policies, by index, not every policy of the line.
        Segment::Line(line) => (
            "EXISTS (SELECT 1 FROM policies p JOIN products pr ON pr.id = p.product_id \
             WHERE p.holder_id = c.id AND pr.line = $2)",
            line.as_str().to_string(),
        ),
    }
}

/// Tells the segments of announcements whose time has come, scheduled ones and those whose
/// telling a publish left unfinished (a crash, a restart): each resumes from its last batch.
/// Safe in several processes at once. Returns how many announcements this call finished.
pub async fn sweep_due(db: &Db, now: i64) -> Result<usize, AppError> {
    let due: Vec<i64> = sqlx::query_scalar(
        "SELECT id FROM announcements WHERE status = 'published' AND notify = 1 AND notified_at IS NULL AND published_at <= $1 \
         ORDER BY id LIMIT 20",
    )
    .bind(now)
    .fetch_all(&db.pool)
    .await?;
    let mut finished = 0;
    for id in due {
        // To the end: a segment of a million takes minutes, which the jobs can wait.
        if tell_segment(db, id, std::time::Duration::MAX).await? {
            finished += 1;
        }
    }
    Ok(finished)
}

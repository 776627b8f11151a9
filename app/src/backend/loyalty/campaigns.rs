//! Service campaigns (客服节): admins set a window of the insurer's dates and the activities
//! that earn points in it; customers see the campaigns running today, join, and complete
//! each activity once (the points a ledger entry keyed by the activity).

use crate::backend::platform::audit;
use crate::backend::platform::clock::insurer_today;
use crate::backend::{loyalty::points, now_ms, stored, Db, PointsSettings, Tx};
use crate::domain::{
    check_campaign, check_entry, CampaignActivityKind, CampaignFields, CheckedActivity, CheckedCampaign,
};
use crate::error::AppError;
use crate::model::campaigns::{ActivitySetting, Campaign, CampaignActivity, CampaignSetting};

#[derive(sqlx::FromRow)]
struct CampaignRow {
    id: i64,
    code: String,
    title_zh: String,
    title_en: String,
    summary_zh: String,
    summary_en: String,
    starts_on: String,
    ends_on: String,
    published: i64,
}

#[derive(sqlx::FromRow)]
struct ActivityRow {
    id: i64,
    campaign_id: i64,
    kind: String,
    title_zh: String,
    title_en: String,
    points: i64,
    /// Customers who did it (admins), or whether this customer did (portal).
    entries: i64,
}

const CAMPAIGN_SELECT: &str =
    "SELECT id, code, title_zh, title_en, summary_zh, summary_en, starts_on, ends_on, published FROM campaigns";

fn kind(text: &str) -> Result<CampaignActivityKind, AppError> {
    stored(CampaignActivityKind::parse(text), "campaign activity kind")
}

/// The campaigns running today (published, today within their window), with what this
/// customer has joined and done.
pub async fn current(db: &Db, customer_id: i64) -> Result<Vec<Campaign>, AppError> {
    let today = insurer_today();
    let campaigns: Vec<CampaignRow> = sqlx::query_as(&format!(
        "{CAMPAIGN_SELECT} WHERE published = 1 AND starts_on <= $1 AND ends_on >= $1 ORDER BY ends_on, id"
    ))
    .bind(&today)
    .fetch_all(&db.pool)
    .await?;
    let activities: Vec<ActivityRow> = sqlx::query_as(
        "SELECT a.id, a.campaign_id, a.kind, a.title_zh, a.title_en, a.points, \
         (SELECT COUNT(*) FROM campaign_entries e WHERE e.activity_id = a.id AND e.customer_id = $1) AS entries \
         FROM campaign_activities a JOIN campaigns c ON c.id = a.campaign_id \
         WHERE c.published = 1 AND c.starts_on <= $2 AND c.ends_on >= $2 ORDER BY a.position, a.id",
    )
    .bind(customer_id)
    .bind(&today)
    .fetch_all(&db.pool)
    .await?;
    let joined: Vec<i64> = sqlx::query_scalar("SELECT campaign_id FROM campaign_participants WHERE customer_id = $1")
        .bind(customer_id)
        .fetch_all(&db.pool)
        .await?;
    campaigns
        .into_iter()
        .map(|c| {
            Ok(Campaign {
                joined: joined.contains(&c.id),
                activities: activities
                    .iter()
                    .filter(|a| a.campaign_id == c.id)
                    .map(|a| {
                        Ok(CampaignActivity {
                            id: a.id,
                            kind: kind(&a.kind)?,
                            title_zh: a.title_zh.clone(),
                            title_en: a.title_en.clone(),
                            points: a.points,
                            done: a.entries > 0,
                        })
                    })
                    .collect::<Result<_, AppError>>()?,
                code: c.code,
                title_zh: c.title_zh,
                title_en: c.title_en,
                summary_zh: c.summary_zh,
                summary_en: c.summary_en,
                starts_on: c.starts_on,
                ends_on: c.ends_on,
            })
        })
        .collect()
}

/// The id of a campaign running today, by its code.
async fn running(tx: &mut Tx, code: &str) -> Result<i64, AppError> {
    let id: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM campaigns WHERE code = $1 AND published = 1 AND starts_on <= $2 AND ends_on >= $2",
    )
    .bind(code)
    .bind(insurer_today())
    .fetch_optional(&mut **tx)
    .await?;
    id.ok_or(AppError::NotFound)
}

/// Joins a running campaign; joining again changes nothing.
pub async fn join(db: &Db, customer_id: i64, code: &str) -> Result<(), AppError> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let campaign_id = running(&mut tx, code).await?;
    sqlx::query(
        "INSERT INTO campaign_participants (campaign_id, customer_id, joined_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $3, $3) ON CONFLICT (campaign_id, customer_id) DO NOTHING",
    )
    .bind(campaign_id)
    .bind(customer_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    tx.commit().await?;
    Ok(())
}

#[derive(sqlx::FromRow)]
struct TargetRow {
    kind: String,
    points: i64,
    joined: i64,
}

/// Completes an activity of a running campaign the customer joined, once: its points are
/// earned in the same transaction. 404 for an activity not running now; 409
/// `campaign_not_joined`, `activity_done` (a second time, or twice at once).
pub async fn complete(
    db: &Db,
    settings: &PointsSettings,
    customer_id: i64,
    activity_id: i64,
    rating: Option<i64>,
    answer: &str,
) -> Result<i64, AppError> {
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    // One completion of this customer's at a time: the second waits and finds the first.
    crate::backend::customers::lock(&mut tx, customer_id).await?;
    let target: Option<TargetRow> = sqlx::query_as(
        "SELECT a.kind, a.points, \
         (SELECT COUNT(*) FROM campaign_participants p WHERE p.campaign_id = a.campaign_id AND p.customer_id = $2) AS joined \
         FROM campaign_activities a JOIN campaigns c ON c.id = a.campaign_id \
         WHERE a.id = $1 AND c.published = 1 AND c.starts_on <= $3 AND c.ends_on >= $3",
    )
    .bind(activity_id)
    .bind(customer_id)
    .bind(insurer_today())
    .fetch_optional(&mut *tx)
    .await?;
    let target = target.ok_or(AppError::NotFound)?;
    if target.joined == 0 {
        return Err(AppError::conflict(
            "activity",
            "campaign_not_joined",
            "Join the campaign first",
        ));
    }
    let (rating, answer) =
        check_entry(kind(&target.kind)?, rating, answer).map_err(|(field, e)| AppError::invalid(field, e))?;
    let inserted = sqlx::query(
        "INSERT INTO campaign_entries (activity_id, customer_id, rating, answer, points, at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6, $6) ON CONFLICT (activity_id, customer_id) DO NOTHING",
    )
    .bind(activity_id)
    .bind(customer_id)
    .bind(rating)
    .bind(&answer)
    .bind(target.points)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    if inserted.rows_affected() == 0 {
        return Err(AppError::conflict(
            "activity",
            "activity_done",
            "You have done this activity already",
        ));
    }
    points::earn_for_campaign(&mut tx, settings, customer_id, activity_id, target.points).await?;
    tx.commit().await?;
    Ok(target.points)
}

/// Every campaign, newest window first, with participants and entries per activity.
pub async fn list_all(db: &Db) -> Result<Vec<CampaignSetting>, AppError> {
    let mut conn = db.pool.acquire().await?;
    let campaigns: Vec<CampaignRow> = sqlx::query_as(&format!("{CAMPAIGN_SELECT} ORDER BY starts_on DESC, id DESC"))
        .fetch_all(&mut *conn)
        .await?;
    let mut out = Vec::new();
    for c in campaigns {
        out.push(setting_of(&mut conn, c).await?);
    }
    Ok(out)
}

async fn setting_of(conn: &mut sqlx::AnyConnection, c: CampaignRow) -> Result<CampaignSetting, AppError> {
    let activities: Vec<ActivityRow> = sqlx::query_as(
        "SELECT a.id, a.campaign_id, a.kind, a.title_zh, a.title_en, a.points, \
         (SELECT COUNT(*) FROM campaign_entries e WHERE e.activity_id = a.id) AS entries \
         FROM campaign_activities a WHERE a.campaign_id = $1 ORDER BY a.position, a.id",
    )
    .bind(c.id)
    .fetch_all(&mut *conn)
    .await?;
    let participants: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM campaign_participants WHERE campaign_id = $1")
        .bind(c.id)
        .fetch_one(&mut *conn)
        .await?;
    Ok(CampaignSetting {
        id: c.id,
        code: c.code,
        title_zh: c.title_zh,
        title_en: c.title_en,
        summary_zh: c.summary_zh,
        summary_en: c.summary_en,
        starts_on: c.starts_on,
        ends_on: c.ends_on,
        published: c.published != 0,
        participants,
        activities: activities
            .into_iter()
            .map(|a| {
                Ok(ActivitySetting {
                    kind: kind(&a.kind)?,
                    id: a.id,
                    title_zh: a.title_zh,
                    title_en: a.title_en,
                    points: a.points,
                    entries: a.entries,
                })
            })
            .collect::<Result<_, AppError>>()?,
    })
}

async fn load(tx: &mut Tx, id: i64) -> Result<CampaignSetting, AppError> {
    let row: Option<CampaignRow> = sqlx::query_as(&format!("{CAMPAIGN_SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    setting_of(tx, row.ok_or(AppError::NotFound)?).await
}

/// Writes a campaign and its activities (a new one without `id`). An activity customers
/// have done keeps its kind and cannot be taken out (409 `activity_has_entries`); every
/// field's rule is checked first (422, named `activities.<n>.<field>` for an activity's).
pub async fn save(
    db: &Db,
    staff_id: i64,
    id: Option<i64>,
    fields: &CampaignFields,
) -> Result<CampaignSetting, AppError> {
    let campaign = check_campaign(fields).map_err(|errors| {
        let (field, invalid) = errors.into_iter().next().expect("a refusal names a reason");
        AppError::invalid(&field, invalid)
    })?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let before = match id {
        Some(id) => Some(load(&mut tx, id).await?),
        None => None,
    };
    let id = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE campaigns SET code = $1, title_zh = $2, title_en = $3, summary_zh = $4, summary_en = $5, \
                 starts_on = $6, ends_on = $7, published = $8, updated_at = $9 WHERE id = $10",
            )
            .bind(&campaign.code)
            .bind(&campaign.title_zh)
            .bind(&campaign.title_en)
            .bind(&campaign.summary_zh)
            .bind(&campaign.summary_en)
            .bind(campaign.starts_on.iso())
            .bind(campaign.ends_on.iso())
            .bind(i64::from(campaign.published))
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            id
        }
        None => insert(&mut tx, &campaign, now).await?,
    };
    let existing = before.as_ref().map(|b| b.activities.clone()).unwrap_or_default();
    for old in &existing {
        let kept = campaign.activities.iter().find(|a| a.id == Some(old.id));
        let refused = match kept {
            None => old.entries > 0,
            Some(new) => old.entries > 0 && new.kind != old.kind,
        };
        if refused {
            return Err(AppError::conflict(
                "activities",
                "activity_has_entries",
                "Customers have done this activity: it keeps its kind and stays",
            ));
        }
        if kept.is_none() {
            sqlx::query("DELETE FROM campaign_activities WHERE id = $1")
                .bind(old.id)
                .execute(&mut *tx)
                .await?;
        }
    }
    for (position, activity) in campaign.activities.iter().enumerate() {
        match activity.id.filter(|id| existing.iter().any(|a| a.id == *id)) {
            Some(activity_id) => {
                sqlx::query(
                    "UPDATE campaign_activities SET kind = $1, title_zh = $2, title_en = $3, points = $4, position = $5, \
                     updated_at = $6 WHERE id = $7",
                )
                .bind(activity.kind.as_str())
                .bind(&activity.title_zh)
                .bind(&activity.title_en)
                .bind(activity.points)
                .bind(position as i64)
                .bind(now)
                .bind(activity_id)
                .execute(&mut *tx)
                .await?;
            }
            None => insert_activity(&mut tx, id, activity, position as i64, now).await?,
        }
    }
    let after = load(&mut tx, id).await?;
    let detail = serde_json::json!({ "campaign": after.code, "before": before, "after": after });
    audit::record_change(
        &mut tx,
        staff_id,
        if before.is_some() {
            "campaign.update"
        } else {
            "campaign.create"
        },
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The one `INSERT` of a campaign (its activities follow), for admins and the demo seeder.
pub async fn insert(tx: &mut Tx, campaign: &CheckedCampaign, now: i64) -> Result<i64, AppError> {
    let id = sqlx::query_scalar(
        "INSERT INTO campaigns (code, title_zh, title_en, summary_zh, summary_en, starts_on, ends_on, published, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(&campaign.code)
    .bind(&campaign.title_zh)
    .bind(&campaign.title_en)
    .bind(&campaign.summary_zh)
    .bind(&campaign.summary_en)
    .bind(campaign.starts_on.iso())
    .bind(campaign.ends_on.iso())
    .bind(i64::from(campaign.published))
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(id)
}

/// The one `INSERT` of a campaign's activity.
pub async fn insert_activity(
    tx: &mut Tx,
    campaign_id: i64,
    activity: &CheckedActivity,
    position: i64,
    now: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO campaign_activities (campaign_id, kind, title_zh, title_en, points, position, created_at, \
         updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $7)",
    )
    .bind(campaign_id)
    .bind(activity.kind.as_str())
    .bind(&activity.title_zh)
    .bind(&activity.title_en)
    .bind(activity.points)
    .bind(position)
    .bind(now)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

//! Merging a duplicate customer record into the one kept (one customer number per person):
//! policies, claims, work orders, points, documents, ratings, notifications, follow-ups,
//! tags and notes move over in one transaction. The duplicate stays, locked, pointing at the
//! record kept, so its old number still finds the customer; the merge is audited on both.

use crate::backend::platform::audit::{self, AuditEntry};
use crate::backend::platform::auth::session::{self, PrincipalKind};
use crate::backend::{customers, now_ms, stored, Db, FileSettings, Tx};
use crate::domain::{CustomerNumber, MemberLevel, VipTier, ADMIN_REASON};
use crate::error::AppError;
use crate::model::admin::{MemberMerge, MovedRecords};

#[derive(sqlx::FromRow)]
struct RecordRow {
    id: i64,
    customer_no: String,
    phone: Option<String>,
    email: Option<String>,
    member_level: String,
    vip_tier: String,
    merged_into: Option<i64>,
    id_number_hash: Option<String>,
    id_number_masked: Option<String>,
    id_number_verified_at: Option<i64>,
}

async fn record(tx: &mut Tx, customer_no: &CustomerNumber) -> Result<RecordRow, AppError> {
    sqlx::query_as(
        "SELECT id, customer_no, phone, email, member_level, vip_tier, merged_into, id_number_hash, id_number_masked, \
         id_number_verified_at FROM customers WHERE customer_no = $1",
    )
    .bind(customer_no.as_str())
    .fetch_optional(&mut **tx)
    .await?
    .ok_or(AppError::NotFound)
}

/// What moves, table by table: (what the admin is told, table, owner column, a key column
/// unique per customer that is prefixed so the two customers' keys cannot collide).
const MOVES: &[(&str, &str, &str, Option<&str>)] = &[
    ("policies", "policies", "holder_id", None),
    ("claims", "claims", "customer_id", Some("idempotency_key")),
    ("work_orders", "work_orders", "customer_id", Some("idempotency_key")),
    ("points_entries", "points_ledger", "customer_id", Some("event_key")),
    ("reward_orders", "reward_orders", "customer_id", Some("idempotency_key")),
    ("vip_bookings", "vip_bookings", "customer_id", Some("idempotency_key")),
    ("documents", "documents", "customer_id", None),
    ("verification_requests", "verification_requests", "customer_id", None),
    ("ratings", "ratings", "customer_id", None),
    ("notifications", "notifications", "customer_id", Some("dedup_key")),
    ("follow_ups", "follow_ups", "customer_id", None),
    ("customer_notes", "customer_notes", "customer_id", None),
    ("payout_accounts", "payout_accounts", "customer_id", None),
    ("customer_tags", "customer_tags", "customer_id", None),
    ("campaign_participants", "campaign_participants", "customer_id", None),
    ("campaign_entries", "campaign_entries", "customer_id", None),
];

/// Merges `duplicate_no` into `kept_no`. 404 for an unknown number; 409
/// `merge_same_customer`, `customer_merged` (either was merged before).
pub async fn merge(
    db: &Db,
    files: &FileSettings,
    admin_id: i64,
    duplicate_no: &CustomerNumber,
    kept_no: &CustomerNumber,
    why: &str,
) -> Result<MemberMerge, AppError> {
    let why = ADMIN_REASON.check(why).map_err(|e| AppError::invalid("reason", e))?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    // Both rows held first, in one order, so two merges of the same records at once queue
    // (rather than deadlock) and the second sees what the first did.
    let (first, second) = (
        record(&mut tx, duplicate_no).await?.id,
        record(&mut tx, kept_no).await?.id,
    );
    for id in [first.min(second), first.max(second)] {
        customers::lock(&mut tx, id).await?;
    }
    let duplicate = record(&mut tx, duplicate_no).await?;
    let kept = record(&mut tx, kept_no).await?;
    if duplicate.id == kept.id {
        return Err(AppError::conflict(
            "duplicate_no",
            "merge_same_customer",
            "Choose two different customer numbers",
        ));
    }
    if duplicate.merged_into.is_some() || kept.merged_into.is_some() {
        return Err(AppError::conflict(
            "duplicate_no",
            "customer_merged",
            "One of these records was merged into another already",
        ));
    }
    let before_kept = crate::backend::loyalty::member_admin::standing_in(&mut tx, kept.id).await?;
    let before_duplicate = crate::backend::loyalty::member_admin::standing_in(&mut tx, duplicate.id).await?;

    // What the kept record already has wins where only one may exist.
    sqlx::query(
        "DELETE FROM customer_tags WHERE customer_id = $1 AND tag IN (SELECT tag FROM customer_tags WHERE customer_id = $2)",
    )
    .bind(duplicate.id)
    .bind(kept.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query(
        "DELETE FROM payout_accounts WHERE customer_id = $1 \
         AND number IN (SELECT number FROM payout_accounts WHERE customer_id = $2)",
    )
    .bind(duplicate.id)
    .bind(kept.id)
    .execute(&mut *tx)
    .await?;
    for (table, key) in [
        ("campaign_participants", "campaign_id"),
        ("campaign_entries", "activity_id"),
    ] {
        sqlx::query(&format!(
            "DELETE FROM {table} WHERE customer_id = $1 AND {key} IN (SELECT {key} FROM {table} WHERE customer_id = $2)"
        ))
        .bind(duplicate.id)
        .bind(kept.id)
        .execute(&mut *tx)
        .await?;
    }
    sqlx::query(
        "DELETE FROM vip_bookings WHERE customer_id = $1 AND status IN ('requested', 'confirmed') \
         AND EXISTS (SELECT 1 FROM vip_bookings k WHERE k.customer_id = $2 AND k.status IN ('requested', 'confirmed') \
           AND k.service_code = vip_bookings.service_code AND k.preferred_date = vip_bookings.preferred_date)",
    )
    .bind(duplicate.id)
    .bind(kept.id)
    .execute(&mut *tx)
    .await?;
    sqlx::query("DELETE FROM notification_preferences WHERE customer_id = $1")
        .bind(duplicate.id)
        .execute(&mut *tx)
        .await?;
    // Every per-customer limit holds after the merge: tags up to their limit (the kept
    // record's own first), and no uploads waiting to be attached (the duplicate's sessions
    // end here, so nothing would attach them; the sweep deletes their files).
    let tags_dropped = crate::backend::customers::notes::trim_tags_before_merge(&mut tx, duplicate.id, kept.id).await?;
    let abandoned_uploads = crate::backend::customers::documents::take_unattached(&mut tx, duplicate.id).await?;

    let prefix = format!("merged-{}:", duplicate.customer_no);
    let mut moved = Vec::new();
    for (what, table, owner, key) in MOVES {
        let done = match key {
            Some(key) => {
                sqlx::query(&format!(
                    "UPDATE {table} SET {owner} = $1, {key} = $3 || {key} WHERE {owner} = $2"
                ))
                .bind(kept.id)
                .bind(duplicate.id)
                .bind(&prefix)
                .execute(&mut *tx)
                .await?
            }
            None => {
                sqlx::query(&format!("UPDATE {table} SET {owner} = $1 WHERE {owner} = $2"))
                    .bind(kept.id)
                    .bind(duplicate.id)
                    .execute(&mut *tx)
                    .await?
            }
        };
        moved.push(MovedRecords {
            what: what.to_string(),
            count: done.rows_affected() as i64,
        });
    }
    moved.push(MovedRecords {
        what: "customer_tags_over_limit".into(),
        count: tags_dropped.len() as i64,
    });
    // The kept record signs in with the duplicate's password when it has none of its own.
    sqlx::query(
        "UPDATE customer_credentials SET customer_id = $1 WHERE customer_id = $2 \
         AND NOT EXISTS (SELECT 1 FROM customer_credentials WHERE customer_id = $1)",
    )
    .bind(kept.id)
    .bind(duplicate.id)
    .execute(&mut *tx)
    .await?;

    // The duplicate gives up what is unique per person (phone, e-mail, a verified ID) where
    // the kept record lacks it, and its level and tier where they were higher.
    let take_phone = kept.phone.is_none() && duplicate.phone.is_some();
    let take_email = kept.email.is_none() && duplicate.email.is_some();
    let take_identity = kept.id_number_hash.is_none() && duplicate.id_number_hash.is_some();
    let duplicate_phone = if take_phone { None } else { duplicate.phone.clone() };
    let mut duplicate_email = if take_email { None } else { duplicate.email.clone() };
    if duplicate_phone.is_none() && duplicate_email.is_none() {
        // Every record keeps a phone or an e-mail: this one an address no mail reaches (RFC 2606).
        duplicate_email = Some(format!("{}@merged.invalid", duplicate.customer_no.to_ascii_lowercase()));
    }
    let level = |text: &str| stored(MemberLevel::parse(text), "member level");
    let tier = |text: &str| stored(VipTier::parse(text), "VIP tier");
    let (kept_level, duplicate_level) = (level(&kept.member_level)?, level(&duplicate.member_level)?);
    let (kept_tier, duplicate_tier) = (tier(&kept.vip_tier)?, tier(&duplicate.vip_tier)?);
    let new_level = if kept_level.at_least(duplicate_level) {
        kept_level
    } else {
        duplicate_level
    };
    let new_tier = if kept_tier.at_least(duplicate_tier) {
        kept_tier
    } else {
        duplicate_tier
    };
    sqlx::query(
        "UPDATE customers SET merged_into = $1, locked_at = $2, lock_reason = $3, phone = $4, email = $5, \
         id_number_hash = CASE WHEN $6 = 1 THEN NULL ELSE id_number_hash END, updated_at = $2 WHERE id = $7",
    )
    .bind(kept.id)
    .bind(now)
    .bind(format!("merged into {}", kept.customer_no))
    .bind(duplicate_phone)
    .bind(duplicate_email)
    .bind(i64::from(take_identity))
    .bind(duplicate.id)
    .execute(&mut *tx)
    .await?;
    let (phone, email) = (
        take_phone.then(|| duplicate.phone.clone()).flatten(),
        take_email.then(|| duplicate.email.clone()).flatten(),
    );
    sqlx::query(
        "UPDATE customers SET phone = COALESCE(phone, $1), email = COALESCE(email, $2), member_level = $3, \
         vip_tier = $4, updated_at = $5 WHERE id = $6",
    )
    .bind(phone)
    .bind(email)
    .bind(new_level.as_str())
    .bind(new_tier.as_str())
    .bind(now)
    .bind(kept.id)
    .execute(&mut *tx)
    .await?;
    if take_identity {
        sqlx::query(
            "UPDATE customers SET id_number_hash = $1, id_number_masked = $2, id_number_verified_at = $3 WHERE id = $4",
        )
        .bind(&duplicate.id_number_hash)
        .bind(&duplicate.id_number_masked)
        .bind(duplicate.id_number_verified_at)
        .bind(kept.id)
        .execute(&mut *tx)
        .await?;
    }
    // Records merged into the duplicate before now lead to the kept one.
    sqlx::query("UPDATE customers SET merged_into = $1 WHERE merged_into = $2")
        .bind(kept.id)
        .bind(duplicate.id)
        .execute(&mut *tx)
        .await?;
    session::revoke_all(&mut tx, PrincipalKind::Customer, duplicate.id).await?;

    let after = crate::backend::loyalty::member_admin::standing_in(&mut tx, kept.id).await?;
    let detail = serde_json::json!({
        "reason": why,
        "duplicate": duplicate.customer_no,
        "kept": kept.customer_no,
        "moved": moved,
        "tags_over_limit": tags_dropped,
        "before": { "kept": before_kept, "duplicate": before_duplicate },
        "after": after,
    })
    .to_string();
    for customer_id in [kept.id, duplicate.id] {
        audit::record(
            &mut tx,
            AuditEntry {
                staff_id: admin_id,
                action: "member.merge",
                customer_id: Some(customer_id),
                detail: detail.clone(),
            },
        )
        .await?;
    }
    tx.commit().await?;
    crate::backend::customers::documents::remove_files(files, &abandoned_uploads).await;
    Ok(MemberMerge {
        kept: after,
        duplicate_no: duplicate.customer_no,
        moved,
    })
}

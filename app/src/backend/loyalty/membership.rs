//! Member levels and VIP services: real-name verification, advanced verification requests,
//! and booking the value-added services a tier includes.

use crate::backend::customers::{self, level_and_tier};
use crate::backend::messaging::notify::{notify, NewNotification};
use crate::backend::platform::idempotency::{self, Keyed};
use crate::backend::{customers::documents, loyalty::points, now_ms, stored, AppState, Db};
use crate::domain::calendar::insurer_date;
use crate::domain::{
    date::is_iso_date, parse_person_name, DocumentPurpose, IdNumber, IdempotencyKey, Invalid, MemberLevel,
    NotificationKind, PointsRule, VipTier, CITY,
};
use crate::error::AppError;
use crate::model::members::{Membership, VipBooking, VipService};

#[derive(sqlx::FromRow)]
struct CountRow {
    count: i64,
}

#[derive(sqlx::FromRow)]
struct ServiceRow {
    code: String,
    name_zh: String,
    name_en: String,
    min_tier: String,
}

#[derive(sqlx::FromRow)]
struct BookingRow {
    service_code: String,
    name_zh: String,
    name_en: String,
    preferred_date: String,
    city: String,
    status: String,
    created_at: i64,
}

pub async fn status(db: &Db, customer_id: i64) -> Result<Membership, AppError> {
    let mut conn = db.pool.acquire().await?;
    let (level, tier) = level_and_tier(&mut conn, customer_id).await?;
    let pending: CountRow = sqlx::query_as(
        "SELECT COUNT(*) AS count FROM verification_requests WHERE customer_id = $1 AND status = 'pending'",
    )
    .bind(customer_id)
    .fetch_one(&mut *conn)
    .await?;
    let services: Vec<ServiceRow> =
        sqlx::query_as("SELECT code, name_zh, name_en, min_tier FROM vip_services ORDER BY code")
            .fetch_all(&mut *conn)
            .await?;
    let mut vip_services: Vec<VipService> = services
        .into_iter()
        .map(|s| {
            let min_tier = stored(VipTier::parse(&s.min_tier), "VIP tier")?;
            Ok(VipService {
                code: s.code,
                name_zh: s.name_zh,
                name_en: s.name_en,
                min_tier,
                included: tier.at_least(min_tier),
            })
        })
        .collect::<Result<_, AppError>>()?;
    vip_services.sort_by_key(|s| VipTier::ALL.iter().position(|t| *t == s.min_tier));
    let bookings: Vec<BookingRow> = sqlx::query_as(
        "SELECT b.service_code, s.name_zh, s.name_en, b.preferred_date, b.city, b.status, b.created_at \
         FROM vip_bookings b JOIN vip_services s ON s.code = b.service_code \
         WHERE b.customer_id = $1 ORDER BY b.created_at DESC",
    )
    .bind(customer_id)
    .fetch_all(&mut *conn)
    .await?;
    Ok(Membership {
        level,
        tier,
        advanced_pending: pending.count > 0,
        vip_services,
        bookings: bookings
            .into_iter()
            .map(|b| VipBooking {
                service_code: b.service_code,
                name_zh: b.name_zh,
                name_en: b.name_en,
                preferred_date: b.preferred_date,
                city: b.city,
                status: b.status,
                booked_at: b.created_at,
            })
            .collect(),
    })
}

pub async fn verify_identity(state: &AppState, customer_id: i64, name: &str, id_number: &str) -> Result<(), AppError> {
    let name = parse_person_name(name).map_err(|e| AppError::invalid("name", e))?;
    let id = IdNumber::parse(id_number).map_err(|e| AppError::invalid("id_number", e))?;
    #[derive(sqlx::FromRow)]
    struct RecordRow {
        name: String,
        id_number_masked: Option<String>,
        member_level: String,
    }
    let mut tx = state.db.begin_write().await?;
    customers::lock(&mut tx, customer_id).await?;
    let record: RecordRow = sqlx::query_as("SELECT name, id_number_masked, member_level FROM customers WHERE id = $1")
        .bind(customer_id)
        .fetch_one(&mut *tx)
        .await?;
    if record.member_level != MemberLevel::Registered.as_str() {
        return Ok(());
    }
    let matches = record.name == name
        && record
            .id_number_masked
            .as_deref()
            .is_none_or(|masked| masked == id.masked());
    if !matches {
        return Err(AppError::invalid(
            "id_number",
            Invalid::new("identity_mismatch", "The name and ID number do not match our records"),
        ));
    }
    let now = now_ms();
    // One ID number verifies one customer: `customers_id_number_hash_key` refuses it for a
    // second account (409 `id_number_taken`), and nothing of this is written.
    sqlx::query(
        "UPDATE customers SET member_level = 'verified', id_number_masked = $1, id_number_hash = $2, \
         id_number_verified_at = $3, updated_at = $3 WHERE id = $4",
    )
    .bind(id.masked())
    .bind(state.hasher.hash("id_number", id.as_str()))
    .bind(now)
    .bind(customer_id)
    .execute(&mut *tx)
    .await?;
    points::earn(&mut tx, &state.points, customer_id, PointsRule::IdentityVerified, "").await?;
    notify(
        &mut tx,
        customer_id,
        NewNotification {
            kind: NotificationKind::Verification,
            params: vec![("level", format!("t:{}", MemberLevel::Verified.label_key()))],
            dedup_key: None,
        },
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

pub async fn request_advanced(state: &AppState, customer_id: i64, document: &str) -> Result<(), AppError> {
    let (level, _) = level_and_tier(&mut *state.db.pool.acquire().await?, customer_id).await?;
    match level {
        MemberLevel::AdvancedVerified => return Ok(()),
        MemberLevel::Registered => {
            return Err(AppError::LevelRequired {
                required: MemberLevel::Verified.as_str().to_string(),
            })
        }
        MemberLevel::Verified => {}
    }
    let mut tx = state.db.begin_write().await?;
    customers::lock(&mut tx, customer_id).await?;
    let pending: CountRow = sqlx::query_as(
        "SELECT COUNT(*) AS count FROM verification_requests WHERE customer_id = $1 AND status = 'pending'",
    )
    .bind(customer_id)
    .fetch_one(&mut *tx)
    .await?;
    if pending.count > 0 {
        return Err(AppError::conflict(
            "document",
            "verification_pending",
            "Your ID document is already waiting for review",
        ));
    }
    let now = now_ms();
    #[derive(sqlx::FromRow)]
    struct IdRow {
        id: i64,
    }
    let request: IdRow = sqlx::query_as(
        "INSERT INTO verification_requests (customer_id, document_id, status, reviewed_by_staff_id, reviewed_at, created_at, updated_at) \
         SELECT $1, d.id, 'pending', NULL, NULL, $2, $2 FROM documents d \
         WHERE d.public_id = $3 AND d.customer_id = $1 AND d.purpose = 'identity' AND d.attached_to IS NULL RETURNING id",
    )
    .bind(customer_id)
    .bind(now)
    .bind(document)
    .fetch_optional(&mut *tx)
    .await?
    .ok_or_else(|| {
        AppError::conflict(
            "document",
            "document_unavailable",
            "A file is not yours, already used, or no longer there; upload it again",
        )
    })?;
    documents::attach(
        &mut tx,
        &state.files,
        customer_id,
        DocumentPurpose::Identity,
        request.id,
        &[document.to_string()],
    )
    .await?;
    tx.commit().await?;
    Ok(())
}

/// A VIP service is booked at most this many days ahead.
pub const BOOKING_DAYS_AHEAD: i64 = 90;

pub async fn book(
    db: &Db,
    customer_id: i64,
    service_code: &str,
    preferred_date: &str,
    city: &str,
    request_key: &str,
) -> Result<(), AppError> {
    let key = IdempotencyKey::parse(request_key).map_err(|e| AppError::invalid("request_key", e))?;
    #[derive(sqlx::FromRow)]
    struct TierRow {
        min_tier: String,
    }
    let date = preferred_date.trim();
    let request_hash = idempotency::fingerprint(&(service_code, date, city.trim()));
    let mut conn = db.pool.acquire().await?;
    if idempotency::made_by(&mut conn, Keyed::VipBooking, customer_id, &key, &request_hash)
        .await?
        .is_some()
    {
        return Ok(());
    }
    let service: Option<TierRow> = sqlx::query_as("SELECT min_tier FROM vip_services WHERE code = $1")
        .bind(service_code)
        .fetch_optional(&mut *conn)
        .await?;
    let min_tier = service
        .and_then(|s| VipTier::parse(&s.min_tier))
        .ok_or(AppError::NotFound)?;
    let (_, tier) = level_and_tier(&mut conn, customer_id).await?;
    drop(conn);
    if !tier.at_least(min_tier) {
        return Err(AppError::LevelRequired {
            required: min_tier.as_str().to_string(),
        });
    }
    let today = insurer_date(now_ms());
    if !is_iso_date(date) || date <= today.iso().as_str() {
        return Err(AppError::invalid(
            "preferred_date",
            Invalid::new("date_not_future", "Choose a date from tomorrow on"),
        ));
    }
    if date > today.plus_days(BOOKING_DAYS_AHEAD).iso().as_str() {
        return Err(AppError::invalid(
            "preferred_date",
            Invalid::new("date_too_far", "Book at most 90 days ahead"),
        ));
    }
    let city = CITY.check(city).map_err(|e| AppError::invalid("city", e))?;
    let now = now_ms();
    sqlx::query(
        "INSERT INTO vip_bookings (customer_id, service_code, preferred_date, city, status, idempotency_key, \
         request_hash, created_at, updated_at) VALUES ($1, $2, $3, $4, 'requested', $5, $6, $7, $7) \
         ON CONFLICT (customer_id, idempotency_key) DO NOTHING",
    )
    .bind(customer_id)
    .bind(service_code)
    .bind(date)
    .bind(city)
    .bind(key.as_str())
    .bind(&request_hash)
    .bind(now)
    .execute(&db.pool)
    .await?;
    Ok(())
}

//! The catalog and the routing as admins manage them: product and coverage names, fast-track
//! limits and default limits; skill groups and which group new work orders of each kind go
//! to. Changes hold at once (claims and intake read these tables); each is audited with
//! before and after; a group that work still depends on is not deleted.

use crate::backend::platform::audit;
use crate::backend::{now_ms, stored, Db, Tx};
use crate::domain::{
    check_names, parse_coverage_limit, parse_fast_track_limit, Invalid, Money, ProductLine, WorkOrderKind,
};
use crate::error::AppError;
use crate::model::admin::{CoverageSetting, ProductSetting, RouteSetting, Routing, SkillGroupSetting};

#[derive(sqlx::FromRow)]
struct ProductRow {
    id: i64,
    code: String,
    line: String,
    name_zh: String,
    name_en: String,
    fast_track_limit_fen: Option<i64>,
    policies: i64,
}

#[derive(sqlx::FromRow)]
struct CoverageRow {
    product_id: i64,
    code: String,
    name_zh: String,
    name_en: String,
    default_limit_fen: i64,
}

const PRODUCTS: &str = "SELECT pr.id, pr.code, pr.line, pr.name_zh, pr.name_en, pr.fast_track_limit_fen, \
    (SELECT COUNT(*) FROM policies p WHERE p.product_id = pr.id) AS policies FROM products pr";

async fn products(conn: &mut sqlx::AnyConnection, code: Option<&str>) -> Result<Vec<ProductSetting>, AppError> {
    let rows: Vec<ProductRow> = match code {
        Some(code) => {
            sqlx::query_as(&format!("{PRODUCTS} WHERE pr.code = $1"))
                .bind(code)
                .fetch_all(&mut *conn)
                .await?
        }
        None => {
            sqlx::query_as(&format!("{PRODUCTS} ORDER BY pr.line, pr.code"))
                .fetch_all(&mut *conn)
                .await?
        }
    };
    let coverages: Vec<CoverageRow> = sqlx::query_as(
        "SELECT product_id, code, name_zh, name_en, default_limit_fen FROM product_coverages ORDER BY product_id, id",
    )
    .fetch_all(&mut *conn)
    .await?;
    rows.into_iter()
        .map(|p| {
            Ok(ProductSetting {
                line: stored(ProductLine::parse(&p.line), "product line")?,
                coverages: coverages
                    .iter()
                    .filter(|c| c.product_id == p.id)
                    .map(|c| CoverageSetting {
                        code: c.code.clone(),
                        name_zh: c.name_zh.clone(),
                        name_en: c.name_en.clone(),
                        default_limit: Money::from_fen(c.default_limit_fen),
                    })
                    .collect(),
                code: p.code,
                name_zh: p.name_zh,
                name_en: p.name_en,
                fast_track_limit: p.fast_track_limit_fen.map(Money::from_fen),
                policies: p.policies,
            })
        })
        .collect()
}

pub async fn catalog(db: &Db) -> Result<Vec<ProductSetting>, AppError> {
    let mut conn = db.pool.acquire().await?;
    products(&mut conn, None).await
}

async fn product_in(tx: &mut Tx, code: &str) -> Result<ProductSetting, AppError> {
    products(tx, Some(code)).await?.pop().ok_or(AppError::NotFound)
}

fn first(errors: Vec<(&'static str, Invalid)>) -> AppError {
    AppError::first_invalid(errors)
}

/// Renames a product and sets its fast-track limit (new claims are decided by it at once).
pub async fn set_product(
    db: &Db,
    staff_id: i64,
    code: &str,
    name_zh: &str,
    name_en: &str,
    fast_track_limit: &str,
) -> Result<ProductSetting, AppError> {
    let names = check_names(name_zh, name_en);
    let limit = parse_fast_track_limit(fast_track_limit);
    let ((zh, en), limit) = match (names, limit) {
        (Ok(names), Ok(limit)) => (names, limit),
        (names, limit) => {
            let mut errors = names.err().unwrap_or_default();
            errors.extend(limit.err().map(|e| ("fast_track_limit", e)));
            return Err(first(errors));
        }
    };
    let mut tx = db.begin_write().await?;
    let before = product_in(&mut tx, code).await?;
    sqlx::query(
        "UPDATE products SET name_zh = $1, name_en = $2, fast_track_limit_fen = $3, updated_at = $4 WHERE code = $5",
    )
    .bind(&zh)
    .bind(&en)
    .bind(limit.map(Money::fen))
    .bind(now_ms())
    .bind(code)
    .execute(&mut *tx)
    .await?;
    let after = product_in(&mut tx, code).await?;
    audit::record_change(
        &mut tx,
        staff_id,
        "catalog.product",
        serde_json::json!({ "product": code, "before": before, "after": after }),
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// Renames a coverage and sets the limit new policies get (policies in force keep theirs).
pub async fn set_coverage(
    db: &Db,
    staff_id: i64,
    product_code: &str,
    coverage_code: &str,
    name_zh: &str,
    name_en: &str,
    default_limit: &str,
) -> Result<ProductSetting, AppError> {
    let names = check_names(name_zh, name_en);
    let limit = parse_coverage_limit(default_limit);
    let ((zh, en), limit) = match (names, limit) {
        (Ok(names), Ok(limit)) => (names, limit),
        (names, limit) => {
            let mut errors = names.err().unwrap_or_default();
            errors.extend(limit.err().map(|e| ("default_limit", e)));
            return Err(first(errors));
        }
    };
    let mut tx = db.begin_write().await?;
    let before = product_in(&mut tx, product_code).await?;
    let changed = sqlx::query(
        "UPDATE product_coverages SET name_zh = $1, name_en = $2, default_limit_fen = $3, updated_at = $4 \
         WHERE code = $5 AND product_id = (SELECT id FROM products WHERE code = $6)",
    )
    .bind(&zh)
    .bind(&en)
    .bind(limit.fen())
    .bind(now_ms())
    .bind(coverage_code)
    .bind(product_code)
    .execute(&mut *tx)
    .await?;
    if changed.rows_affected() == 0 {
        return Err(AppError::NotFound);
    }
    let after = product_in(&mut tx, product_code).await?;
    let detail =
        serde_json::json!({ "product": product_code, "coverage": coverage_code, "before": before, "after": after });
    audit::record_change(&mut tx, staff_id, "catalog.coverage", detail).await?;
    tx.commit().await?;
    Ok(after)
}

#[derive(sqlx::FromRow)]
struct GroupRow {
    code: String,
    name_zh: String,
    name_en: String,
    members: i64,
    open_work_orders: i64,
    routes: i64,
    work_orders: i64,
}

/// The skill groups with what depends on them (a group with active work is not deleted).
fn groups_select() -> String {
    format!(
        "SELECT g.code, g.name_zh, g.name_en, \
         (SELECT COUNT(*) FROM staff_skill_groups m WHERE m.skill_group_id = g.id) AS members, \
         (SELECT COUNT(*) FROM work_orders w WHERE w.skill_group_id = g.id AND {}) AS open_work_orders, \
         (SELECT COUNT(*) FROM work_order_routes r WHERE r.skill_group_id = g.id) AS routes, \
         (SELECT COUNT(*) FROM work_orders w WHERE w.skill_group_id = g.id) AS work_orders \
         FROM skill_groups g",
        crate::backend::measures::work_order_active("w")
    )
}

#[derive(sqlx::FromRow)]
struct RouteRow {
    kind: String,
    line: String,
    code: String,
}

pub async fn routing(db: &Db) -> Result<Routing, AppError> {
    let mut conn = db.pool.acquire().await?;
    routing_in(&mut conn).await
}

async fn routing_in(conn: &mut sqlx::AnyConnection) -> Result<Routing, AppError> {
    let groups: Vec<GroupRow> = sqlx::query_as(&format!("{} ORDER BY g.id", groups_select()))
        .fetch_all(&mut *conn)
        .await?;
    let routes: Vec<RouteRow> = sqlx::query_as(
        "SELECT r.kind, r.line, g.code FROM work_order_routes r JOIN skill_groups g ON g.id = r.skill_group_id \
         ORDER BY r.kind, r.line",
    )
    .fetch_all(&mut *conn)
    .await?;
    Ok(Routing {
        groups: groups
            .into_iter()
            .map(|g| SkillGroupSetting {
                code: g.code,
                name_zh: g.name_zh,
                name_en: g.name_en,
                members: g.members,
                open_work_orders: g.open_work_orders,
                routes: g.routes,
            })
            .collect(),
        routes: routes
            .into_iter()
            .map(|r| {
                Ok(RouteSetting {
                    kind: stored(WorkOrderKind::parse(&r.kind), "work-order kind")?,
                    line: r.line,
                    group: r.code,
                })
            })
            .collect::<Result<_, AppError>>()?,
    })
}

async fn group_id(tx: &mut Tx, code: &str) -> Result<i64, AppError> {
    let id: Option<i64> = sqlx::query_scalar("SELECT id FROM skill_groups WHERE code = $1")
        .bind(code)
        .fetch_optional(&mut **tx)
        .await?;
    id.ok_or_else(|| AppError::invalid("group", Invalid::new("choice_invalid", "Choose one of the options")))
}

/// Sends new work orders of a kind (and line, or `any`) to a group; ones already routed stay.
pub async fn set_route(
    db: &Db,
    staff_id: i64,
    kind: WorkOrderKind,
    line: &str,
    group: &str,
) -> Result<Routing, AppError> {
    if line != "any" && ProductLine::parse(line).is_none() {
        return Err(AppError::invalid(
            "line",
            Invalid::new("choice_invalid", "Choose one of the options"),
        ));
    }
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let group_id = group_id(&mut tx, group).await?;
    let before: Option<String> = sqlx::query_scalar(
        "SELECT g.code FROM work_order_routes r JOIN skill_groups g ON g.id = r.skill_group_id WHERE r.kind = $1 AND r.line = $2",
    )
    .bind(kind.as_str())
    .bind(line)
    .fetch_optional(&mut *tx)
    .await?;
    sqlx::query(
        "INSERT INTO work_order_routes (kind, line, skill_group_id, created_at, updated_at) VALUES ($1, $2, $3, $4, $4) \
         ON CONFLICT (kind, line) DO UPDATE SET skill_group_id = $3, updated_at = $4",
    )
    .bind(kind.as_str())
    .bind(line)
    .bind(group_id)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let detail = serde_json::json!({ "kind": kind.as_str(), "line": line, "before": before, "after": group });
    audit::record_change(&mut tx, staff_id, "routing.route", detail).await?;
    let after = routing_in(&mut tx).await?;
    tx.commit().await?;
    Ok(after)
}

/// A group's code: 3 to 30 of `a-z 0-9 _`, starting with a letter.
fn parse_group_code(input: &str) -> Result<String, Invalid> {
    let code = input.trim().to_ascii_lowercase();
    let valid = (3..=30).contains(&code.len())
        && code.starts_with(|c: char| c.is_ascii_lowercase())
        && code
            .chars()
            .all(|c| c.is_ascii_lowercase() || c.is_ascii_digit() || c == '_');
    if valid {
        Ok(code)
    } else {
        Err(Invalid::new(
            "group_code_invalid",
            "3 to 30 lower-case letters, digits and underscores, starting with a letter",
        ))
    }
}

/// Adds a skill group (empty until staff join it and a route leads to it).
pub async fn create_group(
    db: &Db,
    staff_id: i64,
    code: &str,
    name_zh: &str,
    name_en: &str,
) -> Result<Routing, AppError> {
    let code = parse_group_code(code);
    let names = check_names(name_zh, name_en);
    let (code, (zh, en)) = match (code, names) {
        (Ok(code), Ok(names)) => (code, names),
        (code, names) => {
            let mut errors: Vec<(&'static str, Invalid)> = code.err().map(|e| ("code", e)).into_iter().collect();
            errors.extend(names.err().unwrap_or_default());
            return Err(first(errors));
        }
    };
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    sqlx::query(
        "INSERT INTO skill_groups (code, name_zh, name_en, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(&code)
    .bind(&zh)
    .bind(&en)
    .bind(now)
    .execute(&mut *tx)
    .await?;
    let detail = serde_json::json!({ "group": code, "before": null, "after": { "name_zh": zh, "name_en": en } });
    audit::record_change(&mut tx, staff_id, "routing.group_create", detail).await?;
    let after = routing_in(&mut tx).await?;
    tx.commit().await?;
    Ok(after)
}

/// Deletes a skill group nothing depends on: not while it has open work orders (409
/// `skill_group_has_open_work`), nor while routes lead to it, staff belong to it or closed
/// work orders record it (409 `skill_group_in_use`).
pub async fn delete_group(db: &Db, staff_id: i64, code: &str) -> Result<Routing, AppError> {
    let mut tx = db.begin_write().await?;
    let group: Option<GroupRow> = sqlx::query_as(&format!("{} WHERE g.code = $1", groups_select()))
        .bind(code)
        .fetch_optional(&mut *tx)
        .await?;
    let group = group.ok_or(AppError::NotFound)?;
    if group.open_work_orders > 0 {
        return Err(AppError::conflict(
            "group",
            "skill_group_has_open_work",
            "This group still has open work orders; transfer them first",
        ));
    }
    if group.routes > 0 || group.members > 0 || group.work_orders > 0 {
        return Err(AppError::conflict(
            "group",
            "skill_group_in_use",
            "Routes lead to this group, staff belong to it or its history records it",
        ));
    }
    sqlx::query("DELETE FROM skill_groups WHERE code = $1")
        .bind(code)
        .execute(&mut *tx)
        .await?;
    let detail = serde_json::json!({ "group": code, "before": { "name_zh": group.name_zh, "name_en": group.name_en }, "after": null });
    audit::record_change(&mut tx, staff_id, "routing.group_delete", detail).await?;
    let after = routing_in(&mut tx).await?;
    tx.commit().await?;
    Ok(after)
}

#[derive(sqlx::FromRow)]
struct VipServiceRow {
    code: String,
    name_zh: String,
    name_en: String,
    min_tier: String,
    bookings: i64,
}

const VIP_SERVICES: &str = "SELECT s.code, s.name_zh, s.name_en, s.min_tier, \
    (SELECT COUNT(*) FROM vip_bookings b WHERE b.service_code = s.code) AS bookings FROM vip_services s";

fn vip_setting(row: VipServiceRow) -> Result<crate::model::admin::VipServiceSetting, AppError> {
    Ok(crate::model::admin::VipServiceSetting {
        min_tier: stored(crate::domain::VipTier::parse(&row.min_tier), "VIP tier")?,
        code: row.code,
        name_zh: row.name_zh,
        name_en: row.name_en,
        bookings: row.bookings,
    })
}

/// The VIP services, lowest tier first.
pub async fn vip_services(db: &Db) -> Result<Vec<crate::model::admin::VipServiceSetting>, AppError> {
    let rows: Vec<VipServiceRow> = sqlx::query_as(&format!("{VIP_SERVICES} ORDER BY s.code"))
        .fetch_all(&db.pool)
        .await?;
    let mut list = rows.into_iter().map(vip_setting).collect::<Result<Vec<_>, _>>()?;
    list.sort_by_key(|s| crate::domain::VipTier::ALL.iter().position(|t| *t == s.min_tier));
    Ok(list)
}

/// Renames a VIP service and sets the lowest tier that includes it (`none` is refused:
/// a VIP service belongs to a tier); members see it at once. Bookings made stay.
pub async fn set_vip_service(
    db: &Db,
    staff_id: i64,
    code: &str,
    name_zh: &str,
    name_en: &str,
    min_tier: &str,
) -> Result<crate::model::admin::VipServiceSetting, AppError> {
    use crate::domain::VipTier;
    let names = check_names(name_zh, name_en);
    let tier = VipTier::parse(min_tier.trim()).filter(|t| *t != VipTier::None);
    let ((zh, en), tier) = match (names, tier) {
        (Ok(names), Some(tier)) => (names, tier),
        (names, tier) => {
            let mut errors = names.err().unwrap_or_default();
            if tier.is_none() {
                errors.push(("min_tier", Invalid::new("choice_invalid", "Choose one of the options")));
            }
            return Err(first(errors));
        }
    };
    let mut tx = db.begin_write().await?;
    let load = format!("{VIP_SERVICES} WHERE s.code = $1");
    let before: Option<VipServiceRow> = sqlx::query_as(&load).bind(code).fetch_optional(&mut *tx).await?;
    let before = vip_setting(before.ok_or(AppError::NotFound)?)?;
    sqlx::query("UPDATE vip_services SET name_zh = $1, name_en = $2, min_tier = $3, updated_at = $4 WHERE code = $5")
        .bind(&zh)
        .bind(&en)
        .bind(tier.as_str())
        .bind(now_ms())
        .bind(code)
        .execute(&mut *tx)
        .await?;
    let after: VipServiceRow = sqlx::query_as(&load).bind(code).fetch_one(&mut *tx).await?;
    let after = vip_setting(after)?;
    let detail = serde_json::json!({ "service": code, "before": before, "after": after });
    audit::record_change(&mut tx, staff_id, "catalog.vip_service", detail).await?;
    tx.commit().await?;
    Ok(after)
}

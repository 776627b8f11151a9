//! The points mall's rewards as admins manage them: price, stock and whether it is offered.
//! A change takes effect at once for every customer (the mall reads the table), and is
//! audited with before and after in its transaction.

use crate::backend::platform::audit;
use crate::backend::{now_ms, stored, Db, Tx};
use crate::domain::{check_reward, RewardKind};
use crate::error::AppError;
use crate::model::admin::RewardSetting;

#[derive(sqlx::FromRow)]
struct RewardRow {
    code: String,
    kind: String,
    name_zh: String,
    name_en: String,
    points_price: i64,
    stock: i64,
    active: i64,
}

impl RewardRow {
    fn into_setting(self) -> Result<RewardSetting, AppError> {
        Ok(RewardSetting {
            kind: stored(RewardKind::parse(&self.kind), "reward kind")?,
            code: self.code,
            name_zh: self.name_zh,
            name_en: self.name_en,
            points_price: self.points_price,
            stock: self.stock,
            active: self.active != 0,
        })
    }
}

const SELECT: &str = "SELECT code, kind, name_zh, name_en, points_price, stock, active FROM rewards";

pub async fn list(db: &Db) -> Result<Vec<RewardSetting>, AppError> {
    let rows: Vec<RewardRow> = sqlx::query_as(&format!("{SELECT} ORDER BY points_price, code"))
        .fetch_all(&db.pool)
        .await?;
    rows.into_iter().map(RewardRow::into_setting).collect()
}

async fn load(tx: &mut Tx, code: &str) -> Result<RewardSetting, AppError> {
    // Holds the row: a redemption at the same moment takes stock before or after, not between.
    sqlx::query("UPDATE rewards SET updated_at = updated_at WHERE code = $1")
        .bind(code)
        .execute(&mut **tx)
        .await?;
    let row: Option<RewardRow> = sqlx::query_as(&format!("{SELECT} WHERE code = $1"))
        .bind(code)
        .fetch_optional(&mut **tx)
        .await?;
    row.ok_or(AppError::NotFound)?.into_setting()
}

/// Sets a reward's price, stock and whether it is offered.
pub async fn update(
    db: &Db,
    admin_id: i64,
    code: &str,
    points_price: &str,
    stock: &str,
    active: bool,
) -> Result<RewardSetting, AppError> {
    let (price, stock) = check_reward(points_price, stock).map_err(AppError::first_invalid)?;
    let mut tx = db.begin_write().await?;
    let before = load(&mut tx, code).await?;
    sqlx::query("UPDATE rewards SET points_price = $1, stock = $2, active = $3, updated_at = $4 WHERE code = $5")
        .bind(price)
        .bind(stock)
        .bind(i64::from(active))
        .bind(now_ms())
        .bind(code)
        .execute(&mut *tx)
        .await?;
    let after = load(&mut tx, code).await?;
    let detail = serde_json::json!({ "reward": code, "before": before, "after": after });
    audit::record_change(&mut tx, admin_id, "reward.update", detail).await?;
    tx.commit().await?;
    Ok(after)
}

//! The insurer's catalog: products and the coverages they offer.

use crate::backend::Tx;
use crate::domain::{Money, ProductLine};
use crate::error::AppError;

pub struct NewProduct<'a> {
    pub code: &'a str,
    pub line: ProductLine,
    pub name_zh: &'a str,
    pub name_en: &'a str,
    /// Claims up to this amount with a photo are approved at once; `None`: no fast track.
    pub fast_track_limit: Option<Money>,
}

pub struct NewCoverage<'a> {
    pub code: &'a str,
    pub name_zh: &'a str,
    pub name_en: &'a str,
    pub default_limit: Money,
}

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
}

pub async fn insert_product(tx: &mut Tx, product: &NewProduct<'_>, at: i64) -> Result<i64, AppError> {
    let row: IdRow = sqlx::query_as(
        "INSERT INTO products (code, line, name_zh, name_en, fast_track_limit_fen, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(product.code)
    .bind(product.line.as_str())
    .bind(product.name_zh)
    .bind(product.name_en)
    .bind(product.fast_track_limit.map(Money::fen))
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.id)
}

pub async fn insert_coverage(
    tx: &mut Tx,
    product_id: i64,
    coverage: &NewCoverage<'_>,
    at: i64,
) -> Result<i64, AppError> {
    let row: IdRow = sqlx::query_as(
        "INSERT INTO product_coverages (product_id, code, name_zh, name_en, default_limit_fen, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6) RETURNING id",
    )
    .bind(product_id)
    .bind(coverage.code)
    .bind(coverage.name_zh)
    .bind(coverage.name_en)
    .bind(coverage.default_limit.fen())
    .bind(at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.id)
}

//! Policy queries. Every one is scoped to a holder: the caller's own id for customers,
//! the looked-up customer for staff.

use super::{stored, Db};
use crate::api::policies::{Beneficiary, CoverageLine, Installment, InsuredPerson, PolicyDetail, PolicySummary};
use crate::domain::{InstallmentStatus, Money, PaymentFrequency, PolicyNumber, PolicyStatus, ProductLine, Relation};
use crate::error::AppError;

const SUMMARY_SELECT: &str = "SELECT p.id, p.policy_no, pr.line, pr.name_zh, pr.name_en, p.status, p.period_start, \
     p.period_end, p.sum_insured_fen, p.premium_fen, p.payment_frequency, p.next_due_date \
     FROM policies p JOIN products pr ON pr.id = p.product_id";

const STATUS_ORDER: &str = "CASE p.status WHEN 'in_force' THEN 0 WHEN 'pending' THEN 1 WHEN 'lapsed' THEN 2 \
     WHEN 'expired' THEN 3 ELSE 4 END";

type SummaryRow = (
    i64,
    String,
    String,
    String,
    String,
    String,
    String,
    String,
    i64,
    i64,
    String,
    Option<String>,
);

fn summary(row: SummaryRow) -> Result<PolicySummary, AppError> {
    Ok(PolicySummary {
        policy_no: row.1,
        line: stored(ProductLine::parse(&row.2), "product line")?,
        product_name_zh: row.3,
        product_name_en: row.4,
        status: stored(PolicyStatus::parse(&row.5), "policy status")?,
        period_start: row.6,
        period_end: row.7,
        sum_insured: Money::from_fen(row.8),
        premium: Money::from_fen(row.9),
        payment_frequency: stored(PaymentFrequency::parse(&row.10), "payment frequency")?,
        next_due_date: row.11,
    })
}

pub async fn list_for_holder(db: &Db, holder_id: i64) -> Result<Vec<PolicySummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE p.holder_id = $1 ORDER BY {STATUS_ORDER}, p.period_start DESC, p.policy_no"
    ))
    .bind(holder_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(summary).collect()
}

/// The policy with this number if `holder_id` holds it; `None` otherwise, whoever holds it.
pub async fn detail_for_holder(
    db: &Db,
    holder_id: i64,
    policy_no: &PolicyNumber,
) -> Result<Option<PolicyDetail>, AppError> {
    let row: Option<SummaryRow> =
        sqlx::query_as(&format!("{SUMMARY_SELECT} WHERE p.holder_id = $1 AND p.policy_no = $2"))
            .bind(holder_id)
            .bind(policy_no.as_str())
            .fetch_optional(&db.pool)
            .await?;
    let Some(row) = row else { return Ok(None) };
    let policy_id = row.0;

    let (holder_name,): (String,) = sqlx::query_as("SELECT name FROM customers WHERE id = $1")
        .bind(holder_id)
        .fetch_one(&db.pool)
        .await?;
    let coverages: Vec<(String, String, i64)> = sqlx::query_as(
        "SELECT c.name_zh, c.name_en, pc.limit_fen FROM policy_coverages pc \
         JOIN product_coverages c ON c.id = pc.coverage_id WHERE pc.policy_id = $1 ORDER BY pc.id",
    )
    .bind(policy_id)
    .fetch_all(&db.pool)
    .await?;
    let insured: Vec<(String, String, String)> =
        sqlx::query_as("SELECT name, id_number_masked, relation FROM policy_insured WHERE policy_id = $1 ORDER BY id")
            .bind(policy_id)
            .fetch_all(&db.pool)
            .await?;
    let beneficiaries: Vec<(String, String, String, i64)> = sqlx::query_as(
        "SELECT name, id_number_masked, relation, share_percent FROM policy_beneficiaries WHERE policy_id = $1 ORDER BY id",
    )
    .bind(policy_id)
    .fetch_all(&db.pool)
    .await?;
    let installments: Vec<(String, i64, String, Option<i64>)> = sqlx::query_as(
        "SELECT due_date, amount_fen, status, paid_at FROM premium_installments WHERE policy_id = $1 ORDER BY due_date",
    )
    .bind(policy_id)
    .fetch_all(&db.pool)
    .await?;

    Ok(Some(PolicyDetail {
        summary: summary(row)?,
        holder_name,
        coverages: coverages
            .into_iter()
            .map(|(name_zh, name_en, limit)| CoverageLine {
                name_zh,
                name_en,
                limit: Money::from_fen(limit),
            })
            .collect(),
        insured: insured
            .into_iter()
            .map(|(name, id_number_masked, relation)| {
                Ok(InsuredPerson {
                    name,
                    id_number_masked,
                    relation: stored(Relation::parse(&relation), "relation")?,
                })
            })
            .collect::<Result<_, AppError>>()?,
        beneficiaries: beneficiaries
            .into_iter()
            .map(|(name, id_number_masked, relation, share_percent)| {
                Ok(Beneficiary {
                    name,
                    id_number_masked,
                    relation: stored(Relation::parse(&relation), "relation")?,
                    share_percent,
                })
            })
            .collect::<Result<_, AppError>>()?,
        installments: installments
            .into_iter()
            .map(|(due_date, amount, status, paid_at)| {
                Ok(Installment {
                    due_date,
                    amount: Money::from_fen(amount),
                    status: stored(InstallmentStatus::parse(&status), "instalment status")?,
                    paid_at,
                })
            })
            .collect::<Result<_, AppError>>()?,
    }))
}

//! Policies: every read is scoped to a holder (the caller's own id for customers, the
//! looked-up customer for staff); the inserts are the ones the demo seeder (and later the
//! policy administration feed) writes with.

pub mod catalog;
pub mod catalog_admin;
pub mod pdf;

use crate::backend::{stored, Db, Tx};
use crate::domain::{InstallmentStatus, Money, PaymentFrequency, PolicyNumber, PolicyStatus, ProductLine, Relation};
use crate::error::AppError;
use crate::model::policies::{Beneficiary, CoverageLine, Installment, InsuredPerson, PolicyDetail, PolicySummary};

const SUMMARY_SELECT: &str = "SELECT p.id, p.policy_no, pr.line, pr.name_zh, pr.name_en, p.status, p.period_start, \
     p.period_end, p.sum_insured_fen, p.premium_fen, p.payment_frequency, p.next_due_date \
     FROM policies p JOIN products pr ON pr.id = p.product_id";

const STATUS_ORDER: &str = "CASE p.status WHEN 'in_force' THEN 0 WHEN 'pending' THEN 1 WHEN 'lapsed' THEN 2 \
     WHEN 'expired' THEN 3 ELSE 4 END";

#[derive(sqlx::FromRow)]
struct SummaryRow {
    id: i64,
    policy_no: String,
    line: String,
    name_zh: String,
    name_en: String,
    status: String,
    period_start: String,
    period_end: String,
    sum_insured_fen: i64,
    premium_fen: i64,
    payment_frequency: String,
    next_due_date: Option<String>,
}

impl SummaryRow {
    fn into_summary(self) -> Result<PolicySummary, AppError> {
        Ok(PolicySummary {
            policy_no: self.policy_no,
            line: stored(ProductLine::parse(&self.line), "product line")?,
            product_name_zh: self.name_zh,
            product_name_en: self.name_en,
            status: stored(PolicyStatus::parse(&self.status), "policy status")?,
            period_start: self.period_start,
            period_end: self.period_end,
            sum_insured: Money::from_fen(self.sum_insured_fen),
            premium: Money::from_fen(self.premium_fen),
            payment_frequency: stored(PaymentFrequency::parse(&self.payment_frequency), "payment frequency")?,
            next_due_date: self.next_due_date,
        })
    }
}

pub async fn list_for_holder(db: &Db, holder_id: i64) -> Result<Vec<PolicySummary>, AppError> {
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE p.holder_id = $1 ORDER BY {STATUS_ORDER}, p.period_start DESC, p.policy_no"
    ))
    .bind(holder_id)
    .fetch_all(&db.pool)
    .await?;
    rows.into_iter().map(SummaryRow::into_summary).collect()
}

#[derive(sqlx::FromRow)]
struct NameRow {
    name: String,
}

#[derive(sqlx::FromRow)]
struct CoverageRow {
    name_zh: String,
    name_en: String,
    limit_fen: i64,
}

#[derive(sqlx::FromRow)]
struct InsuredRow {
    name: String,
    id_number_masked: String,
    relation: String,
}

#[derive(sqlx::FromRow)]
struct BeneficiaryRow {
    name: String,
    id_number_masked: String,
    relation: String,
    share_percent: i64,
}

#[derive(sqlx::FromRow)]
struct InstallmentRow {
    due_date: String,
    amount_fen: i64,
    status: String,
    paid_at: Option<i64>,
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
    let policy_id = row.id;

    let holder: NameRow = sqlx::query_as("SELECT name FROM customers WHERE id = $1")
        .bind(holder_id)
        .fetch_one(&db.pool)
        .await?;
    let coverages: Vec<CoverageRow> = sqlx::query_as(
        "SELECT c.name_zh, c.name_en, pc.limit_fen FROM policy_coverages pc \
         JOIN product_coverages c ON c.id = pc.coverage_id WHERE pc.policy_id = $1 ORDER BY pc.id",
    )
    .bind(policy_id)
    .fetch_all(&db.pool)
    .await?;
    let insured: Vec<InsuredRow> =
        sqlx::query_as("SELECT name, id_number_masked, relation FROM policy_insured WHERE policy_id = $1 ORDER BY id")
            .bind(policy_id)
            .fetch_all(&db.pool)
            .await?;
    let beneficiaries: Vec<BeneficiaryRow> = sqlx::query_as(
        "SELECT name, id_number_masked, relation, share_percent FROM policy_beneficiaries WHERE policy_id = $1 ORDER BY id",
    )
    .bind(policy_id)
    .fetch_all(&db.pool)
    .await?;
    let installments: Vec<InstallmentRow> = sqlx::query_as(
        "SELECT due_date, amount_fen, status, paid_at FROM premium_installments WHERE policy_id = $1 ORDER BY due_date",
    )
    .bind(policy_id)
    .fetch_all(&db.pool)
    .await?;

    Ok(Some(PolicyDetail {
        summary: row.into_summary()?,
        holder_name: holder.name,
        coverages: coverages
            .into_iter()
            .map(|c| CoverageLine {
                name_zh: c.name_zh,
                name_en: c.name_en,
                limit: Money::from_fen(c.limit_fen),
            })
            .collect(),
        insured: insured
            .into_iter()
            .map(|p| {
                Ok(InsuredPerson {
                    name: p.name,
                    id_number_masked: p.id_number_masked,
                    relation: stored(Relation::parse(&p.relation), "relation")?,
                })
            })
            .collect::<Result<_, AppError>>()?,
        beneficiaries: beneficiaries
            .into_iter()
            .map(|p| {
                Ok(Beneficiary {
                    name: p.name,
                    id_number_masked: p.id_number_masked,
                    relation: stored(Relation::parse(&p.relation), "relation")?,
                    share_percent: p.share_percent,
                })
            })
            .collect::<Result<_, AppError>>()?,
        installments: installments
            .into_iter()
            .map(|i| {
                Ok(Installment {
                    due_date: i.due_date,
                    amount: Money::from_fen(i.amount_fen),
                    status: stored(InstallmentStatus::parse(&i.status), "instalment status")?,
                    paid_at: i.paid_at,
                })
            })
            .collect::<Result<_, AppError>>()?,
    }))
}

/// A policy to record. Dates are ISO calendar dates.
pub struct NewPolicy<'a> {
    pub policy_no: &'a PolicyNumber,
    pub product_id: i64,
    pub holder_id: i64,
    pub status: PolicyStatus,
    pub period_start: &'a str,
    pub period_end: &'a str,
    pub sum_insured: Money,
    pub premium: Money,
    pub payment_frequency: PaymentFrequency,
    pub next_due_date: Option<&'a str>,
    pub created_at: i64,
}

#[derive(sqlx::FromRow)]
struct IdRow {
    id: i64,
}

pub async fn insert(tx: &mut Tx, policy: &NewPolicy<'_>) -> Result<i64, AppError> {
    let row: IdRow = sqlx::query_as(
        "INSERT INTO policies (policy_no, product_id, holder_id, status, period_start, period_end, sum_insured_fen, \
         premium_fen, payment_frequency, next_due_date, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $11) RETURNING id",
    )
    .bind(policy.policy_no.as_str())
    .bind(policy.product_id)
    .bind(policy.holder_id)
    .bind(policy.status.as_str())
    .bind(policy.period_start)
    .bind(policy.period_end)
    .bind(policy.sum_insured.fen())
    .bind(policy.premium.fen())
    .bind(policy.payment_frequency.as_str())
    .bind(policy.next_due_date)
    .bind(policy.created_at)
    .fetch_one(&mut **tx)
    .await?;
    Ok(row.id)
}

/// A coverage of the product on this policy, with its limit.
pub async fn insert_coverage(
    tx: &mut Tx,
    policy_id: i64,
    coverage_id: i64,
    limit: Money,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO policy_coverages (policy_id, coverage_id, limit_fen, created_at, updated_at) VALUES ($1, $2, $3, $4, $4)",
    )
    .bind(policy_id)
    .bind(coverage_id)
    .bind(limit.fen())
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// A person on a policy: an insured person, or a beneficiary with their share.
pub struct PolicyPerson<'a> {
    pub name: &'a str,
    pub id_number_masked: &'a str,
    pub relation: Relation,
}

pub async fn insert_insured(tx: &mut Tx, policy_id: i64, person: &PolicyPerson<'_>, at: i64) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO policy_insured (policy_id, name, id_number_masked, relation, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $5)",
    )
    .bind(policy_id)
    .bind(person.name)
    .bind(person.id_number_masked)
    .bind(person.relation.as_str())
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn insert_beneficiary(
    tx: &mut Tx,
    policy_id: i64,
    person: &PolicyPerson<'_>,
    share_percent: i64,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO policy_beneficiaries (policy_id, name, id_number_masked, relation, share_percent, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(policy_id)
    .bind(person.name)
    .bind(person.id_number_masked)
    .bind(person.relation.as_str())
    .bind(share_percent)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

pub async fn insert_installment(
    tx: &mut Tx,
    policy_id: i64,
    due_date: &str,
    amount: Money,
    status: InstallmentStatus,
    paid_at: Option<i64>,
    at: i64,
) -> Result<(), AppError> {
    sqlx::query(
        "INSERT INTO premium_installments (policy_id, due_date, amount_fen, status, paid_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, $5, $6, $6)",
    )
    .bind(policy_id)
    .bind(due_date)
    .bind(amount.fen())
    .bind(status.as_str())
    .bind(paid_at)
    .bind(at)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

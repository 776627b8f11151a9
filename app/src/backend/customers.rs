//! Customer look-ups for staff.

use super::{internal_error, policies, Db};
use crate::api::agent::{CustomerProfile, CustomerSummary};
use crate::domain::{CustomerNumber, CustomerQuery, MemberLevel, VipTier};
use crate::error::AppError;

const SUMMARY_SELECT: &str = "SELECT c.id, c.customer_no, c.name, c.phone, c.email, c.member_level, c.vip_tier, \
     (SELECT COUNT(*) FROM policies p WHERE p.holder_id = c.id) AS policy_count, \
     c.id_number_masked, c.created_at \
     FROM customers c";

type SummaryRow = (
    i64,
    String,
    String,
    Option<String>,
    Option<String>,
    String,
    String,
    i64,
    Option<String>,
    i64,
);

fn summary(row: &SummaryRow) -> Result<CustomerSummary, AppError> {
    Ok(CustomerSummary {
        customer_no: row.1.clone(),
        name: row.2.clone(),
        phone: row.3.clone(),
        email: row.4.clone(),
        member_level: MemberLevel::parse(&row.5).ok_or_else(|| internal_error(&"bad member_level"))?,
        vip_tier: VipTier::parse(&row.6).ok_or_else(|| internal_error(&"bad vip_tier"))?,
        policy_count: row.7,
    })
}

/// Customers matching the query, with their internal ids (for the audit log).
pub async fn find(db: &Db, query: &CustomerQuery) -> Result<Vec<(i64, CustomerSummary)>, AppError> {
    let (condition, key) = match query {
        CustomerQuery::Number(n) => ("c.customer_no = $1", n.as_str()),
        CustomerQuery::Phone(p) => ("c.phone = $1", p.as_str()),
        CustomerQuery::Policy(p) => (
            "c.id IN (SELECT holder_id FROM policies WHERE policy_no = $1)",
            p.as_str(),
        ),
    };
    let rows: Vec<SummaryRow> = sqlx::query_as(&format!(
        "{SUMMARY_SELECT} WHERE {condition} ORDER BY c.customer_no LIMIT 20"
    ))
    .bind(key)
    .fetch_all(&db.pool)
    .await?;
    rows.iter().map(|row| Ok((row.0, summary(row)?))).collect()
}

pub async fn id_for_number(db: &Db, customer_no: &CustomerNumber) -> Result<Option<i64>, AppError> {
    let row: Option<(i64,)> = sqlx::query_as("SELECT id FROM customers WHERE customer_no = $1")
        .bind(customer_no.as_str())
        .fetch_optional(&db.pool)
        .await?;
    Ok(row.map(|(id,)| id))
}

pub async fn profile(db: &Db, customer_no: &CustomerNumber) -> Result<Option<(i64, CustomerProfile)>, AppError> {
    let row: Option<SummaryRow> = sqlx::query_as(&format!("{SUMMARY_SELECT} WHERE c.customer_no = $1"))
        .bind(customer_no.as_str())
        .fetch_optional(&db.pool)
        .await?;
    let Some(row) = row else { return Ok(None) };
    let policies = policies::list_for_holder(db, row.0).await?;
    Ok(Some((
        row.0,
        CustomerProfile {
            customer: summary(&row)?,
            id_number_masked: row.8.clone(),
            registered_at: row.9,
            policies,
        },
    )))
}

use leptos::server;

use super::CustomerSummary;
use crate::error::AppError;

/// Finds customers by customer number, mobile number or policy number. Audited.
#[server(endpoint = "agent/find_customers")]
pub async fn find_customers(query: String) -> Result<Vec<CustomerSummary>, AppError> {
    use crate::backend::auth::require_staff;
    use crate::backend::{audit, customers, state};
    use crate::domain::{CustomerQuery, Role};

    let staff = require_staff(Role::Agent).await?;
    let query = CustomerQuery::parse(&query).map_err(|e| AppError::invalid("query", e))?;
    let state = state()?;
    let found = customers::find(&state.db, &query).await?;
    let detail = format!("{} results={}", query.audit_text(), found.len());
    let subject = if found.len() == 1 { Some(found[0].0) } else { None };
    audit::record(&state.db, staff.staff_id, "customer.search", subject, &detail).await?;
    Ok(found.into_iter().map(|(_, summary)| summary).collect())
}

use leptos::server;

use crate::error::AppError;
use crate::model::customers::CustomerSummary;

/// Finds customers by customer number, mobile number or policy number. Audited.
#[server(endpoint = "console/find_customers")]
pub async fn find_customers(query: String) -> Result<Vec<CustomerSummary>, AppError> {
    use crate::backend::platform::audit::{self, AuditEntry};
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers, state};
    use crate::domain::{Capability, CustomerQuery};

    let staff = require_capability(Capability::LookUpCustomers).await?;
    let query = CustomerQuery::parse(&query).map_err(|e| AppError::invalid("query", e))?;
    let state = state()?;
    let found = customers::find(&state.db, &query).await?;
    audit::record_read(
        &state.db,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "customer.search",
            customer_id: (found.len() == 1).then(|| found[0].customer_id),
            detail: format!("{} results={}", query.audit_text(), found.len()),
        },
    )
    .await?;
    Ok(found.into_iter().map(|f| f.summary).collect())
}

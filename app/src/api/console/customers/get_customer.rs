use leptos::server;

use crate::error::AppError;
use crate::model::customers::CustomerProfile;

/// A customer's profile and policies for the agent console. Audited.
#[server(endpoint = "console/get_customer")]
pub async fn get_customer(customer_no: String) -> Result<CustomerProfile, AppError> {
    use crate::backend::platform::audit::{self, AuditEntry};
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers, state};
    use crate::domain::{Capability, CustomerNumber};

    let staff = require_capability(Capability::LookUpCustomers).await?;
    let customer_no = CustomerNumber::parse(&customer_no).map_err(|e| AppError::invalid("customer_no", e))?;
    let state = state()?;
    let (customer_id, profile) = customers::profile(&state.db, &customer_no)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record_read(
        &state.db,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "customer.view",
            customer_id: Some(customer_id),
            detail: format!("customer_no={customer_no}"),
        },
    )
    .await?;
    Ok(profile)
}

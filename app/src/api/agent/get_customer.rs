use leptos::server;

use super::CustomerProfile;
use crate::error::AppError;

/// A customer's profile and policies for the agent console. Audited.
#[server(endpoint = "agent/get_customer")]
pub async fn get_customer(customer_no: String) -> Result<CustomerProfile, AppError> {
    use crate::backend::auth::require_staff;
    use crate::backend::{audit, customers, state};
    use crate::domain::{CustomerNumber, Role};

    let staff = require_staff(Role::Agent).await?;
    let customer_no = CustomerNumber::parse(&customer_no).map_err(|e| AppError::invalid("customer_no", e))?;
    let state = state()?;
    let (customer_id, profile) = customers::profile(&state.db, &customer_no)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record(
        &state.db,
        staff.staff_id,
        "customer.view",
        Some(customer_id),
        &format!("customer_no={customer_no}"),
    )
    .await?;
    Ok(profile)
}

use leptos::server;

use crate::error::AppError;

/// Corrects a customer's mobile number and e-mail address as the customer asked (both as
/// they should now be; empty e-mail removes it), with the `reason` kept in the audit log
/// beside the before and after (masked). A number or address another customer has: 409.
#[server(endpoint = "console/correct_contact")]
pub async fn correct_contact(
    customer_no: String,
    phone: String,
    email: String,
    reason: String,
) -> Result<(), AppError> {
    use crate::backend::auth::require_capability;
    use crate::backend::{customers, now_ms, state};
    use crate::domain::{Capability, CustomerNumber};

    let staff = require_capability(Capability::LookUpCustomers).await?;
    let customer_no = CustomerNumber::parse(&customer_no).map_err(|e| AppError::invalid("customer_no", e))?;
    customers::correct_contact(&state()?.db, &staff, &customer_no, &phone, &email, &reason, now_ms()).await
}

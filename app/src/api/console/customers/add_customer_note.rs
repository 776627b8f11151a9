use leptos::server;

use crate::error::AppError;

/// Adds a note about the customer for colleagues (staff-only), shown newest first on the
/// customer's page with who wrote it and when. Audited.
#[server(endpoint = "console/add_customer_note")]
pub async fn add_customer_note(customer_no: String, note: String) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers, now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::LookUpCustomers).await?;
    customers::notes::add_note(&state()?.db, &staff, &customer_no, &note, now_ms()).await
}

use leptos::server;

use crate::error::AppError;

/// Adds a tag to a customer's page (staff-only), or with `remove` takes it off. Adding a
/// tag they have, or removing one they lack, changes nothing. Audited.
#[server(endpoint = "console/tag_customer")]
pub async fn tag_customer(customer_no: String, tag: String, remove: bool) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers, now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::LookUpCustomers).await?;
    let db = &state()?.db;
    if remove {
        customers::notes::remove_tag(db, &staff, &customer_no, &tag).await
    } else {
        customers::notes::add_tag(db, &staff, &customer_no, &tag, now_ms()).await
    }
}

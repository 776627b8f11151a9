use leptos::server;

use crate::error::AppError;
use crate::model::customers::ContactChange;

/// Asks to correct a customer's mobile number and e-mail (both as they should be; an empty
/// e-mail removes it), saying why. Nothing changes yet: it waits for a second person's
/// approval or the customer's code from the old contact (`console/send_contact_change_code`,
/// `console/confirm_contact_change`). Policy-service groups and supervisors only (403);
/// one waiting per customer (409 `contact_change_pending`); another customer's number or
/// address: 409. Audited.
#[server(endpoint = "console/request_contact_change")]
pub async fn request_contact_change(
    customer_no: String,
    phone: String,
    email: String,
    reason: String,
) -> Result<ContactChange, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers::contact_changes, now_ms, state};
    use crate::domain::{Capability, CustomerNumber};

    let staff = require_capability(Capability::CorrectContacts).await?;
    let customer_no = CustomerNumber::parse(&customer_no).map_err(|e| AppError::invalid("customer_no", e))?;
    contact_changes::request(&state()?.db, &staff, &customer_no, &phone, &email, &reason, now_ms()).await
}

use leptos::server;

use crate::error::AppError;

/// Sends a one-time code (six digits, valid ten minutes) by SMS to a mobile number or by
/// e-mail to an address, to register (`purpose` `register`), sign in (`sign_in`) or reset
/// the password (`reset_password`). Answers the same whether an account exists or not;
/// 429 when asked again within a minute or too often in an hour.
#[server(endpoint = "auth/send_code")]
pub async fn send_code(purpose: String, contact: String) -> Result<(), AppError> {
    use crate::backend::platform::auth::throttle;
    use crate::backend::{customers, state};
    use crate::domain::{CodePurpose, Contact, Invalid};

    let state = state()?;
    let purpose = CodePurpose::parse(purpose.trim())
        .ok_or_else(|| AppError::invalid("purpose", Invalid::new("purpose_invalid", "Unknown purpose")))?;
    let contact = Contact::parse(&contact).map_err(|e| AppError::invalid("contact", e))?;
    customers::codes::send(&state, purpose, &contact, &throttle::client_address(&state)).await
}

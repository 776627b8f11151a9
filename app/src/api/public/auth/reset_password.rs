use leptos::server;

use crate::error::AppError;
use crate::model::auth::Me;

/// Sets a forgotten password anew with the code `auth/send_code` sent to the phone or
/// e-mail (purpose `reset_password`). Every other session of the account ends; this
/// browser is signed in with the new password.
#[server(endpoint = "auth/reset_password")]
pub async fn reset_password(contact: String, code: String, new_password: String) -> Result<Me, AppError> {
    use crate::backend::platform::auth::session::{self, PrincipalKind};
    use crate::backend::platform::auth::throttle;
    use crate::backend::{customers, customers::accounts, customers::contact_changes, now_ms, state};
    use crate::domain::{parse_code, CodePurpose, Contact, Password};

    let state = state()?;
    let contact = Contact::parse(&contact).map_err(|e| AppError::invalid("contact", e))?;
    let code = parse_code(&code).map_err(|e| AppError::invalid("code", e))?;
    let new_password = Password::parse(&new_password).map_err(|e| AppError::invalid("new_password", e))?;
    let address_key = format!("address:{}", throttle::client_address(&state));
    throttle::count_attempt(&state, &[(address_key.clone(), state.auth.max_failures_per_address)]).await?;
    let proof = customers::codes::check(&state, CodePurpose::ResetPassword, &contact, &code).await?;
    let customer_id = accounts::customer_by_contact(&state.db, &contact)
        .await?
        .ok_or(AppError::InvalidCredentials)?;
    // A contact changed within the day does not sign in or reset by code yet.
    contact_changes::refuse_while_held(&mut *state.db.pool.acquire().await?, customer_id, now_ms()).await?;
    accounts::reset_password(&state.db, customer_id, &new_password, proof).await?;
    throttle::uncount(&state, &address_key).await?;
    session::start(&state, PrincipalKind::Customer, customer_id).await?;
    accounts::me(&state.db, PrincipalKind::Customer, customer_id).await
}

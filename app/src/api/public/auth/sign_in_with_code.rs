use leptos::server;

use crate::error::AppError;
use crate::model::auth::Me;

/// Signs a customer in with the code `auth/send_code` sent to their phone or e-mail
/// (purpose `sign_in`), instead of the password. Throttled like the password.
#[server(endpoint = "auth/sign_in_with_code")]
pub async fn sign_in_with_code(contact: String, code: String) -> Result<Me, AppError> {
    use crate::backend::platform::auth::session::{self, PrincipalKind};
    use crate::backend::platform::auth::throttle;
    use crate::backend::{customers, customers::accounts, customers::contact_changes, now_ms, state};
    use crate::domain::{parse_code, CodePurpose, Contact};

    let state = state()?;
    let contact = Contact::parse(&contact).map_err(|e| AppError::invalid("contact", e))?;
    let code = parse_code(&code).map_err(|e| AppError::invalid("code", e))?;
    let account_key = format!("code:{}", customers::codes::destination(&contact));
    let address_key = format!("address:{}", throttle::client_address(&state));
    throttle::count_attempt(
        &state,
        &[
            (account_key.clone(), state.auth.max_failures_per_account),
            (address_key.clone(), state.auth.max_failures_per_address),
        ],
    )
    .await?;
    let proof = customers::codes::check(&state, CodePurpose::SignIn, &contact, &code).await?;
    // A code was only ever sent to an account's own contact, so one is there.
    let customer_id = accounts::customer_by_contact(&state.db, &contact)
        .await?
        .ok_or(AppError::InvalidCredentials)?;
    // A contact changed within the day does not sign in or reset by code yet.
    contact_changes::refuse_while_held(&mut *state.db.pool.acquire().await?, customer_id, now_ms()).await?;
    accounts::use_sign_in_code(&state.db, proof).await?;
    throttle::clear(&state, &account_key).await?;
    throttle::uncount(&state, &address_key).await?;
    session::start(&state, PrincipalKind::Customer, customer_id).await?;
    accounts::me(&state.db, PrincipalKind::Customer, customer_id).await
}

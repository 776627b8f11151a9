use leptos::server;

use crate::error::AppError;
use crate::model::auth::Me;

/// Signs in a customer (phone or e-mail) or staff member (username) and sets the session
/// cookie. Unknown accounts and wrong passwords get the same answer; repeated failures are
/// throttled per account and per address.
#[server(endpoint = "auth/sign_in")]
pub async fn sign_in(account: String, password: String) -> Result<Me, AppError> {
    use crate::backend::platform::auth::{password as passwords, session, throttle};
    use crate::backend::{customers::accounts, state};
    use crate::domain::{Invalid, SignInAccount};

    let state = state()?;
    let account = SignInAccount::parse(&account).map_err(|e| AppError::invalid("account", e))?;
    if password.is_empty() {
        return Err(AppError::invalid(
            "password",
            Invalid::new("password_required", "Enter your password"),
        ));
    }
    if password.len() > 1024 {
        return Err(AppError::invalid(
            "password",
            Invalid::new("password_too_long", "Use at most 128 characters"),
        ));
    }

    let account_key = account.throttle_key();
    let address_key = format!("address:{}", throttle::client_address(&state));
    // Counted before the password is checked, so guesses sent at once cannot outrun it.
    throttle::count_attempt(
        &state,
        &[
            (account_key.clone(), state.auth.max_failures_per_account),
            (address_key.clone(), state.auth.max_failures_per_address),
        ],
    )
    .await?;

    let found = accounts::credentials_for(&state.db, &account).await?;
    let verified = passwords::verify(password, found.as_ref().map(|c| c.password_hash.clone())).await?;
    let Some(credentials) = found.filter(|_| verified) else {
        return Err(AppError::InvalidCredentials);
    };
    // A locked account is refused by `session::start` (after the password, so only
    // someone who knows it learns the account is locked).
    throttle::clear(&state, &account_key).await?;
    throttle::uncount(&state, &address_key).await?;
    session::start(&state, credentials.kind, credentials.principal_id).await?;
    accounts::me(&state.db, credentials.kind, credentials.principal_id).await
}

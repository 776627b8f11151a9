use leptos::server;

use crate::error::AppError;

/// Changes the caller's password after checking the current one. Every session of the
/// account is revoked, including other devices; this browser gets a fresh session.
#[server(endpoint = "auth/change_password")]
pub async fn change_password(current_password: String, new_password: String) -> Result<(), AppError> {
    use crate::backend::platform::auth::{current_caller, session, throttle, Caller};
    use crate::backend::{customers::accounts, state};
    use crate::domain::{Invalid, Password};

    let state = state()?;
    let (kind, principal_id) = match current_caller().await?.ok_or(AppError::Unauthenticated)? {
        Caller::Customer(c) => (session::PrincipalKind::Customer, c.customer_id),
        Caller::Staff(s) => (session::PrincipalKind::Staff, s.staff_id),
    };
    let new_password = Password::parse(&new_password).map_err(|e| AppError::invalid("new_password", e))?;
    if current_password == new_password.expose() {
        return Err(AppError::invalid(
            "new_password",
            Invalid::new("password_unchanged", "Choose a password different from the current one"),
        ));
    }
    // A session must not guess the current password without limit either.
    let key = format!("change_password:{}:{principal_id}", kind.as_str());
    throttle::count_attempt(&state, &[(key.clone(), state.auth.max_failures_per_account)]).await?;
    accounts::change_password(&state.db, kind, principal_id, current_password, &new_password).await?;
    throttle::clear(&state, &key).await?;
    session::start(&state, kind, principal_id).await
}

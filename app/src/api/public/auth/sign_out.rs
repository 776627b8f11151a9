use leptos::server;

use crate::error::AppError;

/// Revokes the current session on the server and clears the cookie. Signing out when
/// already signed out succeeds.
#[server(endpoint = "auth/sign_out")]
pub async fn sign_out() -> Result<(), AppError> {
    use crate::backend::platform::auth::{current_caller, session, Caller};
    use crate::backend::state;

    let state = state()?;
    if let Some(caller) = current_caller().await? {
        let session_id = match &caller {
            Caller::Customer(c) => &c.session_id,
            Caller::Staff(s) => &s.session_id,
        };
        session::revoke(&state, session_id).await?;
    }
    session::clear_cookie(&state)
}

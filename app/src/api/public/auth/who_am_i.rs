use leptos::server;

use crate::error::AppError;
use crate::model::auth::Me;

/// The signed-in user, or `None` when signed out (not an error: the app asks on start).
#[server(endpoint = "auth/who_am_i")]
pub async fn who_am_i() -> Result<Option<Me>, AppError> {
    use crate::backend::platform::auth::{current_caller, session::PrincipalKind, Caller};
    use crate::backend::{customers::accounts, state};

    let state = state()?;
    match current_caller().await? {
        None => Ok(None),
        Some(Caller::Customer(c)) => accounts::me(&state.db, PrincipalKind::Customer, c.customer_id)
            .await
            .map(Some),
        Some(Caller::Staff(s)) => accounts::me(&state.db, PrincipalKind::Staff, s.staff_id)
            .await
            .map(Some),
    }
}

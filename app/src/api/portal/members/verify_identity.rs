use leptos::server;

use crate::error::AppError;
use crate::model::members::Membership;

/// Real-name verification (实名认证): the name and ID number must be well-formed, pass the
/// check digit, and match the customer record. Raises a registered member to verified and
/// earns the points for it once.
#[server(endpoint = "members/verify_identity")]
pub async fn verify_identity(name: String, id_number: String) -> Result<Membership, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{loyalty, state};

    let caller = require_customer().await?;
    let state = state()?;
    loyalty::membership::verify_identity(&state, caller.customer_id, &name, &id_number).await?;
    loyalty::membership::status(&state.db, caller.customer_id).await
}

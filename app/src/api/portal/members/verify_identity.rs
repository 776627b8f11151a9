use leptos::server;

use crate::error::AppError;
use crate::model::members::Membership;

/// Real-name verification (实名认证): the name and ID number must be well-formed, pass the
/// check digit, and match the customer record. Raises a registered member to verified and
/// earns the points for it once.
#[server(endpoint = "members/verify_identity")]
pub async fn verify_identity(name: String, id_number: String) -> Result<Membership, AppError> {
    use crate::backend::auth::require_customer;
    use crate::backend::{members, state};

    let caller = require_customer().await?;
    let state = state()?;
    members::verify_identity(&state, caller.customer_id, &name, &id_number).await?;
    members::status(&state.db, caller.customer_id).await
}

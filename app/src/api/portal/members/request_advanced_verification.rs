use leptos::server;

use crate::error::AppError;
use crate::model::members::Membership;

/// Sends an uploaded photo of the ID document for staff review (advanced verification).
/// Needs the verified level first; one review at a time.
#[server(endpoint = "members/request_advanced")]
pub async fn request_advanced_verification(document: String) -> Result<Membership, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{loyalty, state};

    let caller = require_customer().await?;
    let state = state()?;
    loyalty::membership::request_advanced(&state, caller.customer_id, &document).await?;
    loyalty::membership::status(&state.db, caller.customer_id).await
}

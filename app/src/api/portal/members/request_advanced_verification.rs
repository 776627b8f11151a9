use leptos::server;

use crate::error::AppError;
use crate::model::members::Membership;

/// Sends an uploaded photo of the ID document for staff review (advanced verification).
/// Needs the verified level first; one review at a time.
#[server(endpoint = "members/request_advanced")]
pub async fn request_advanced_verification(document: String) -> Result<Membership, AppError> {
    use crate::backend::auth::require_customer;
    use crate::backend::{members, state};

    let caller = require_customer().await?;
    let state = state()?;
    members::request_advanced(&state, caller.customer_id, &document).await?;
    members::status(&state.db, caller.customer_id).await
}

use leptos::server;

use crate::error::AppError;
use crate::model::claims::ClaimSummary;
use crate::model::paging::Page;

/// A page of the caller's claims, newest first (those after the cursor `before` when
/// given). 422 `cursor_malformed` for a cursor it did not hand out.
#[server(endpoint = "claims/list_mine")]
pub async fn list_my_claims(before: Option<String>) -> Result<Page<ClaimSummary>, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{claims, state};

    let caller = require_customer().await?;
    let before = crate::backend::platform::paging::cursor_param(before.as_deref())?;
    claims::list_for_customer(&state()?.db, caller.customer_id, before).await
}

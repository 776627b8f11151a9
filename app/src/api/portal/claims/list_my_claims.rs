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
    use crate::domain::PageCursor;

    let caller = require_customer().await?;
    let before = PageCursor::parse_before(before.as_deref()).map_err(|e| AppError::invalid("before", e))?;
    claims::list_for_customer(&state()?.db, caller.customer_id, before).await
}

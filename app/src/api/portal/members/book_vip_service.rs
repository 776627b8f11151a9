use leptos::server;

use crate::error::AppError;
use crate::model::members::Membership;

/// Books a value-added service the caller's VIP tier includes (403 `level_required` if not).
#[server(endpoint = "members/book_service")]
pub async fn book_vip_service(
    service_code: String,
    preferred_date: String,
    city: String,
    request_key: String,
) -> Result<Membership, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{loyalty, state};

    let caller = require_customer().await?;
    let state = state()?;
    let db = &state.db;
    loyalty::membership::book(
        db,
        caller.customer_id,
        &service_code,
        &preferred_date,
        &city,
        &request_key,
    )
    .await?;
    loyalty::membership::status(db, caller.customer_id).await
}

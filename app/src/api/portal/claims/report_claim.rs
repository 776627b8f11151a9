use leptos::server;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::claims::{ClaimDetail, ClaimForm};

/// Reports a claim on one of the caller's in-force policies, with uploaded photos and
/// documents. Sent as JSON (`{"form": {...}}`). The same `request_key` again returns the
/// claim already made instead of a second one.
#[server(endpoint = "claims/report", input = Json)]
pub async fn report_claim(form: ClaimForm) -> Result<ClaimDetail, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{claims, state};

    let caller = require_customer().await?;
    claims::report(&state()?, caller.customer_id, &form).await
}

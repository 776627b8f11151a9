use leptos::server;

use crate::error::AppError;
use crate::model::claims::PayoutAccountOnFile;

/// The payout accounts on the caller's file, masked: the claim form offers them so the
/// number need not be typed again.
#[server(endpoint = "claims/payout_accounts")]
pub async fn my_payout_accounts() -> Result<Vec<PayoutAccountOnFile>, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{customers, state};

    let caller = require_customer().await?;
    customers::payout_accounts_on_file(&state()?.db, caller.customer_id).await
}

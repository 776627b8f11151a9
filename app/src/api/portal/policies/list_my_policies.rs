use leptos::server;

use crate::error::AppError;
use crate::model::policies::PolicySummary;

/// The signed-in customer's own policies, in force first.
#[server(endpoint = "policies/list_mine")]
pub async fn list_my_policies() -> Result<Vec<PolicySummary>, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{policies, state};

    let caller = require_customer().await?;
    policies::list_for_holder(&state()?.db, caller.customer_id).await
}

use leptos::server;

use crate::error::AppError;
use crate::model::policies::PolicyDetail;

/// One of the signed-in customer's policies. Someone else's policy number is "not found".
#[server(endpoint = "policies/get_mine")]
pub async fn get_my_policy(policy_no: String) -> Result<PolicyDetail, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{policies, state};
    use crate::domain::PolicyNumber;

    let caller = require_customer().await?;
    let policy_no = PolicyNumber::parse(&policy_no).map_err(|e| AppError::invalid("policy_no", e))?;
    policies::detail_for_holder(&state()?.db, caller.customer_id, &policy_no)
        .await?
        .ok_or(AppError::NotFound)
}

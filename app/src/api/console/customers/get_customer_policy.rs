use leptos::server;

use crate::error::AppError;
use crate::model::policies::PolicyDetail;

/// One policy of a customer, for the agent console. Audited.
#[server(endpoint = "console/get_customer_policy")]
pub async fn get_customer_policy(customer_no: String, policy_no: String) -> Result<PolicyDetail, AppError> {
    use crate::backend::platform::audit::{self, AuditEntry};
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers, policies, state};
    use crate::domain::{Capability, CustomerNumber, PolicyNumber};

    let staff = require_capability(Capability::LookUpCustomers).await?;
    let customer_no = CustomerNumber::parse(&customer_no).map_err(|e| AppError::invalid("customer_no", e))?;
    let policy_no = PolicyNumber::parse(&policy_no).map_err(|e| AppError::invalid("policy_no", e))?;
    let state = state()?;
    let customer_id = customers::id_for_number(&state.db, &customer_no)
        .await?
        .ok_or(AppError::NotFound)?;
    let detail = policies::detail_for_holder(&state.db, customer_id, &policy_no)
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record_read(
        &state.db,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "policy.view",
            customer_id: Some(customer_id),
            detail: format!("policy_no={policy_no}"),
        },
    )
    .await?;
    Ok(detail)
}

use leptos::server;

use crate::error::AppError;

/// Decides the change a policy-service work order asks for. `approve`: applied to the
/// customer's contact details, the policy's beneficiaries or the payout accounts in the same
/// transaction, and the work order resolved; refused: resolved with `reason` as a reply the
/// customer reads. Once: 409 `change_decided`. Audited with what changed.
#[server(endpoint = "console/decide_work_order_change")]
pub async fn decide_work_order_change(order_no: String, approve: bool, reason: Option<String>) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::work_orders::desk;
    use crate::backend::{now_ms, state};
    use crate::domain::{Capability, CaseKind};

    let staff = require_capability(Capability::WorkDesk).await?;
    let order_no = CaseKind::WorkOrder
        .parse(&order_no, "order_no_invalid")
        .map_err(|e| AppError::invalid("order_no", e))?;
    desk::decide_change(
        &state()?.db,
        &staff,
        &order_no,
        approve,
        reason.as_deref().unwrap_or(""),
        now_ms(),
    )
    .await
}

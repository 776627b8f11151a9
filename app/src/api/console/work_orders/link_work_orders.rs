use leptos::server;

use crate::error::AppError;

/// Links this work order with another the caller can see (related, both go on); each then
/// lists the other. 409 `already_linked` when they are. Audited.
#[server(endpoint = "console/link_work_orders")]
pub async fn link_work_orders(order_no: String, other_no: String) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::work_orders::references;
    use crate::backend::{now_ms, state};
    use crate::domain::{Capability, CaseKind};

    let staff = require_capability(Capability::WorkDesk).await?;
    let order_no = CaseKind::WorkOrder
        .parse(&order_no, "order_no_invalid")
        .map_err(|e| AppError::invalid("order_no", e))?;
    let other_no = CaseKind::WorkOrder
        .parse(&other_no, "other_order_unknown")
        .map_err(|e| AppError::invalid("other_no", e))?;
    references::link(&state()?.db, &staff, &order_no, &other_no, now_ms()).await
}

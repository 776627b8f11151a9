use leptos::server;

use crate::error::AppError;

/// Merges this work order, a duplicate, into `into_no` (the same customer's), which goes
/// on: the messages and attachments move over, this one closes as a duplicate and its
/// number leads to the other, so the customer sees one thread. Audited.
#[server(endpoint = "console/merge_work_order")]
pub async fn merge_work_order(order_no: String, into_no: String) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::work_orders::references;
    use crate::backend::{now_ms, state};
    use crate::domain::{Capability, CaseKind};

    let staff = require_capability(Capability::WorkDesk).await?;
    let order_no = CaseKind::WorkOrder
        .parse(&order_no, "order_no_invalid")
        .map_err(|e| AppError::invalid("order_no", e))?;
    let into_no = CaseKind::WorkOrder
        .parse(&into_no, "other_order_unknown")
        .map_err(|e| AppError::invalid("other_no", e))?;
    references::merge(&state()?.db, &staff, &order_no, &into_no, now_ms()).await
}

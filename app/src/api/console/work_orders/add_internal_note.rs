use leptos::server;

use crate::error::AppError;

/// An internal note on a work order: staff read it, the customer never does (not in any
/// view, message or notification). Audited.
#[server(endpoint = "console/add_internal_note")]
pub async fn add_internal_note(order_no: String, note: String) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::work_orders::desk;
    use crate::backend::{now_ms, state};
    use crate::domain::{Capability, CaseKind};

    let staff = require_capability(Capability::WorkDesk).await?;
    let order_no = CaseKind::WorkOrder
        .parse(&order_no, "order_no_invalid")
        .map_err(|e| AppError::invalid("order_no", e))?;
    desk::add_note(&state()?.db, &staff, &order_no, &note, now_ms()).await
}

use leptos::server;

use crate::error::AppError;

/// Attaches the recording of a call (the telephony system's call id and where it keeps the
/// recording) to a work order, to be played or opened from it. The same call again changes
/// nothing. Audited.
#[server(endpoint = "console/attach_recording")]
pub async fn attach_recording(order_no: String, call_id: String, url: String) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::work_orders::references;
    use crate::backend::{now_ms, state};
    use crate::domain::{Capability, CaseKind};

    let staff = require_capability(Capability::WorkDesk).await?;
    let order_no = CaseKind::WorkOrder
        .parse(&order_no, "order_no_invalid")
        .map_err(|e| AppError::invalid("order_no", e))?;
    references::attach_recording(&state()?.db, &staff, &order_no, &call_id, &url, now_ms()).await
}

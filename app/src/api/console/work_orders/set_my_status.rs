use leptos::server;

use crate::error::AppError;
use crate::model::work_orders::Presence;

/// Sets the caller's presence (`available`, `busy`, `away`, `offline`): only available
/// agents are given new work automatically.
#[server(endpoint = "console/set_my_status")]
pub async fn set_my_status(status: String) -> Result<Presence, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::work_orders::queues;
    use crate::backend::{now_ms, state};
    use crate::domain::{Capability, Invalid, StaffStatus};

    let staff = require_capability(Capability::WorkDesk).await?;
    let status = StaffStatus::parse(status.trim())
        .ok_or_else(|| AppError::invalid("status", Invalid::new("status_invalid", "Choose the new status")))?;
    queues::set_status(&state()?.db, staff.staff_id, status, now_ms()).await
}

use leptos::server;

use crate::error::AppError;

/// Marks one of the caller's alerts read (`id`), or all of them when `id` is absent; an id
/// of someone else's alert changes nothing.
#[server(endpoint = "console/mark_alerts_read")]
pub async fn mark_alerts_read(id: Option<i64>) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{messaging::staff_alerts, now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::WorkDesk).await?;
    staff_alerts::mark_read(&state()?.db, staff.staff_id, id, now_ms()).await
}

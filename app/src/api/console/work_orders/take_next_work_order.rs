use leptos::server;

use crate::error::AppError;

/// Takes the head of the caller's groups' queues (VIP first, earliest deadline first) and
/// answers its number, or nothing when the queues are empty. 409 `at_capacity` when the
/// caller already has as much as they take. Audited.
#[server(endpoint = "console/take_next_work_order")]
pub async fn take_next_work_order() -> Result<Option<String>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::work_orders::queues;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::WorkDesk).await?;
    queues::take_next(&state()?, &staff, now_ms()).await
}

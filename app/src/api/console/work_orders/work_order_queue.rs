use leptos::server;

use crate::error::AppError;
use crate::model::work_orders::Queue;

/// One view of the work-order queues (`mine`, `unassigned`, `awaiting_customer`,
/// `due_soon`, `breached`, `all` for supervisors), VIP first and earliest deadline first,
/// with the counts of every view and the caller's presence.
#[server(endpoint = "console/work_order_queue")]
pub async fn work_order_queue(view: String) -> Result<Queue, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::work_orders::queues;
    use crate::backend::{now_ms, state};
    use crate::domain::{Capability, Invalid, QueueView};

    let staff = require_capability(Capability::WorkDesk).await?;
    let view = QueueView::parse(view.trim())
        .ok_or_else(|| AppError::invalid("view", Invalid::new("view_invalid", "Choose a queue")))?;
    queues::view(&state()?.db, &staff, view, now_ms()).await
}

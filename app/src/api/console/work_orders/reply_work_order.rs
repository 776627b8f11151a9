use leptos::server;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::work_orders::DeskReply;

/// A public reply to the customer and/or a status change (`in_progress`,
/// `awaiting_customer`, `resolved`, `closed`; resolving records a resolution code, and a
/// complaint its category). Taking up an unassigned work order makes it the caller's; a
/// colleague's answers 409 `not_yours`. The customer is notified. JSON input. Audited.
#[server(endpoint = "console/reply_work_order", input = Json)]
pub async fn reply_work_order(reply: DeskReply) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::work_orders::desk;
    use crate::backend::{now_ms, state};
    use crate::domain::{Capability, CaseKind};

    let staff = require_capability(Capability::WorkDesk).await?;
    let order_no = CaseKind::WorkOrder
        .parse(&reply.order_no, "order_no_invalid")
        .map_err(|e| AppError::invalid("order_no", e))?;
    let reply = DeskReply { order_no, ..reply };
    desk::reply(&state()?.db, &staff, &reply, now_ms()).await
}

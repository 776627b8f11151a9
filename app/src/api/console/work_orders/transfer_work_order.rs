use leptos::server;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::work_orders::{Transfer, Transferred};

/// Passes a work order to another skill group's queue or to a colleague in that group, with
/// a required note that whoever picks it up reads in its history. JSON input. Audited.
/// Answers where it went and whether the caller can still see it.
#[server(endpoint = "console/transfer_work_order", input = Json)]
pub async fn transfer_work_order(transfer: Transfer) -> Result<Transferred, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::work_orders::desk;
    use crate::backend::{now_ms, state};
    use crate::domain::{Capability, CaseKind};

    let staff = require_capability(Capability::WorkDesk).await?;
    let order_no = CaseKind::WorkOrder
        .parse(&transfer.order_no, "order_no_invalid")
        .map_err(|e| AppError::invalid("order_no", e))?;
    let transfer = Transfer { order_no, ..transfer };
    desk::transfer(&state()?.db, &staff, &transfer, now_ms()).await
}

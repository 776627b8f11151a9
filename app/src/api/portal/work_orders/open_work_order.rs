use leptos::server;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::work_orders::{WorkOrderDetail, WorkOrderForm};

/// Opens a work order: consultation, complaint, suggestion, policy service, application
/// appointment or claim enquiry. Policy-service requests are checked against the policy and
/// the caller's member level and change nothing until staff approve them. JSON input; the
/// same `request_key` again returns the first order.
#[server(endpoint = "work_orders/open", input = Json)]
pub async fn open_work_order(form: WorkOrderForm) -> Result<WorkOrderDetail, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{state, work_orders};

    let caller = require_customer().await?;
    work_orders::open(&state()?, caller.customer_id, &form).await
}

use leptos::server;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::work_orders::Intake;

/// Records a call, letter, e-mail, WeChat message or visit as a work order on that channel
/// (JSON `{"intake": Intake}`): for a customer on record (`customer_no`), or a new caller
/// recorded now by `new_name` and `new_phone` (409 `phone_on_record` if the number is a
/// customer's: find them instead). Routed like any work order. Answers its number; the
/// same `request_key` answers the same one. Audited.
#[server(endpoint = "console/log_contact", input = Json)]
pub async fn log_contact(intake: Intake) -> Result<String, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::work_orders::intake;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::WorkDesk).await?;
    intake::log(&state()?.db, &staff, &intake, now_ms()).await
}

use leptos::server;

use crate::error::AppError;
use crate::model::work_orders::StaffAlerts;

/// The caller's console alerts, newest first (the latest 20), and how many are unread:
/// work assigned, a customer's reply, a service-level deadline due soon or breached.
#[server(endpoint = "console/my_alerts")]
pub async fn my_alerts() -> Result<StaffAlerts, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{messaging::staff_alerts, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::WorkDesk).await?;
    staff_alerts::list(&state()?.db, staff.staff_id, 20).await
}

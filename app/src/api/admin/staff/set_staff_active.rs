use leptos::server;

use crate::error::AppError;
use crate::model::admin::StaffAccount;

/// Deactivates a staff account (its sessions end at their next request, in every server
/// process) or activates it again. 409 `cannot_deactivate_self`.
#[server(endpoint = "admin/staff/set_active")]
pub async fn set_staff_active(staff_id: i64, active: bool) -> Result<StaffAccount, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{staff, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageStaff).await?;
    staff::accounts::set_active(&state()?.db, admin.staff_id, staff_id, active).await
}

use leptos::server;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::admin::{StaffAccount, StaffForm};

/// Changes a staff account's name, role, skill groups, capacity and claim authority (the
/// sign-in name stays). 409 `cannot_demote_self` for one's own admin role.
#[server(endpoint = "admin/staff/update", input = Json)]
pub async fn update_staff_account(staff_id: i64, form: StaffForm) -> Result<StaffAccount, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{staff, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageStaff).await?;
    staff::accounts::update(&state()?.db, admin.staff_id, staff_id, &form).await
}

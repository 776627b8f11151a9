use leptos::server;

use crate::error::AppError;
use crate::model::admin::IssuedPassword;

/// Gives a staff account a new one-time password: its sessions end and the person must
/// choose their own at the next sign-in.
#[server(endpoint = "admin/staff/reset_password")]
pub async fn reset_staff_password(staff_id: i64) -> Result<IssuedPassword, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{staff, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageStaff).await?;
    staff::accounts::reset_password(&state()?.db, admin.staff_id, staff_id).await
}

use leptos::server;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::admin::{IssuedPassword, StaffForm};

/// Creates a staff account with a one-time password (answered once, never stored in the
/// clear) that the person must replace at first sign-in. 409 `username` taken.
#[server(endpoint = "admin/staff/create", input = Json)]
pub async fn create_staff_account(form: StaffForm) -> Result<IssuedPassword, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{staff, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageStaff).await?;
    staff::accounts::create(&state()?.db, admin.staff_id, &form).await
}

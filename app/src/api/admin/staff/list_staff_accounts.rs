use leptos::server;

use crate::error::AppError;
use crate::model::admin::StaffDirectory;

/// A page of the staff accounts, active first and then the newest (those after the cursor
/// `before` when given), with the skill groups a form can offer. 422 `cursor_malformed` for
/// a cursor it did not hand out.
#[server(endpoint = "admin/staff")]
pub async fn list_staff_accounts(before: Option<String>) -> Result<StaffDirectory, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{staff, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageStaff).await?;
    let before = crate::backend::platform::paging::cursor_param(before.as_deref())?;
    staff::accounts::directory(&state()?.db, before).await
}

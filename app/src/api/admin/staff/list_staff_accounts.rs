use leptos::server;

use crate::error::AppError;
use crate::model::admin::StaffDirectory;

/// Every staff account, active first, with the skill groups a form can offer.
#[server(endpoint = "admin/staff")]
pub async fn list_staff_accounts() -> Result<StaffDirectory, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{staff, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageStaff).await?;
    staff::accounts::directory(&state()?.db).await
}

use leptos::server;

use crate::error::AppError;
use crate::model::admin::StaffDirectory;

/// Every staff account, active first, with the skill groups a form can offer.
#[server(endpoint = "admin/staff")]
pub async fn list_staff_accounts() -> Result<StaffDirectory, AppError> {
    use crate::backend::auth::require_capability;
    use crate::backend::{staff_accounts, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageStaff).await?;
    staff_accounts::directory(&state()?.db).await
}

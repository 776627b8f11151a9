use leptos::server;

use crate::error::AppError;
use crate::model::admin::ServiceRules;

/// Every service rule, for the admin page.
#[server(endpoint = "admin/rules")]
pub async fn read_service_rules() -> Result<ServiceRules, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{rules, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    rules::read(&state()?.db).await
}

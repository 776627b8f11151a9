use leptos::server;

use crate::error::AppError;
use crate::model::admin::ServiceRules;

/// Every service rule, for the admin page.
#[server(endpoint = "admin/rules")]
pub async fn read_service_rules() -> Result<ServiceRules, AppError> {
    use crate::backend::auth::require_capability;
    use crate::backend::{service_rules, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    service_rules::read(&state()?.db).await
}

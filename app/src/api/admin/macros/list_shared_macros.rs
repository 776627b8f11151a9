use leptos::server;

use crate::error::AppError;
use crate::model::admin::SharedMacro;

/// The shared macros, by title.
#[server(endpoint = "admin/macros")]
pub async fn list_shared_macros() -> Result<Vec<SharedMacro>, AppError> {
    use crate::backend::auth::require_capability;
    use crate::backend::{state, work_orders::macros};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    macros::list_shared(&state()?.db).await
}

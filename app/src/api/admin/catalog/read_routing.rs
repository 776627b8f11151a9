use leptos::server;

use crate::error::AppError;
use crate::model::admin::Routing;

/// The skill groups (with members, open work orders and routes) and where new work orders go.
#[server(endpoint = "admin/routing")]
pub async fn read_routing() -> Result<Routing, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{policies::catalog_admin, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    catalog_admin::routing(&state()?.db).await
}

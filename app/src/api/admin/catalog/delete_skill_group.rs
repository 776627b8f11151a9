use leptos::server;

use crate::error::AppError;
use crate::model::admin::Routing;

/// Deletes a skill group nothing depends on: 409 `skill_group_has_open_work` while it has
/// open work orders, `skill_group_in_use` while routes lead to it, staff belong to it or
/// closed work orders record it; 404 for none; audited.
#[server(endpoint = "admin/routing/group_delete")]
pub async fn delete_skill_group(code: String) -> Result<Routing, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{policies::catalog_admin, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    catalog_admin::delete_group(&state()?.db, admin.staff_id, &code).await
}

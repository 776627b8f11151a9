use leptos::server;

use crate::error::AppError;
use crate::model::admin::Routing;

/// Adds a skill group. 422 `group_code_invalid`, `name_required`; 409 `group_code_taken`;
/// audited.
#[server(endpoint = "admin/routing/group_create")]
pub async fn create_skill_group(code: String, name_zh: String, name_en: String) -> Result<Routing, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{policies::catalog_admin, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    catalog_admin::create_group(&state()?.db, admin.staff_id, &code, &name_zh, &name_en).await
}

use leptos::server;

use crate::domain::WorkOrderKind;
use crate::error::AppError;
use crate::model::admin::Routing;

/// Sends new work orders of a kind and product line (or `any`) to a skill group; those
/// already routed stay where they are. 422 `choice_invalid`; audited.
#[server(endpoint = "admin/routing/route")]
pub async fn set_route(kind: WorkOrderKind, line: String, group: String) -> Result<Routing, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{policies::catalog_admin, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    catalog_admin::set_route(&state()?.db, admin.staff_id, kind, &line, &group).await
}

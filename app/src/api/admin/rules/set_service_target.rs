use leptos::server;

use crate::domain::service_targets::ServiceTarget;
use crate::domain::ServiceMeasure;
use crate::error::AppError;

/// Sets the target of a published commitment (a share in percent 1-100, a response time in
/// minutes up to 1440, feedback in hours up to 720): the live board and the reports
/// measure against it. 422 `service_target_invalid`; audited.
#[server(endpoint = "admin/rules/service_target")]
pub async fn set_service_target(measure: ServiceMeasure, target: String) -> Result<ServiceTarget, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{rules, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    let state = state()?;
    let set = rules::set_service_target(&state.db, admin.staff_id, measure, &target).await?;
    // This process's board shows it at once; the others' within their refresh.
    state.board.mark_stale();
    Ok(set)
}

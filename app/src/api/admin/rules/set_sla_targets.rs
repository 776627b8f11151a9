use leptos::server;
use server_fn::codec::Json;

use crate::domain::{Priority, SlaTargetFields, WorkOrderKind};
use crate::error::AppError;
use crate::model::admin::SlaTargetSetting;

/// Sets a kind and priority's first-response, next-response and resolution targets (an
/// amount above zero in `hours`, `business_hours` or `working_days`, at most a month).
/// 422 `sla_target_invalid` on the field; audited with before and after.
#[server(endpoint = "admin/rules/sla_targets", input = Json)]
pub async fn set_sla_targets(
    kind: WorkOrderKind,
    priority: Priority,
    targets: SlaTargetFields,
) -> Result<SlaTargetSetting, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{rules, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    rules::set_sla_targets(&state()?.db, admin.staff_id, kind, priority, &targets).await
}

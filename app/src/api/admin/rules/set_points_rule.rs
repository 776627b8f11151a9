use leptos::server;

use crate::domain::PointsRule;
use crate::error::AppError;
use crate::model::admin::PointsRuleSetting;

/// Sets the points an earning rule gives (1-10000) and whether it gives any; the next
/// event earns by it. 422 `rule_points_invalid`; audited.
#[server(endpoint = "admin/rules/points_rule")]
pub async fn set_points_rule(code: PointsRule, points: String, active: bool) -> Result<PointsRuleSetting, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{rules, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    rules::set_points_rule(&state()?.db, admin.staff_id, code, &points, active).await
}

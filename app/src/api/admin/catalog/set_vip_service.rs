use leptos::server;

use crate::error::AppError;
use crate::model::admin::VipServiceSetting;

/// Renames a VIP service and sets the lowest tier that includes it (`silver`, `gold`,
/// `platinum`); members see it at once. 422 `catalog_name_required`, `choice_invalid`; 404;
/// audited.
#[server(endpoint = "admin/vip_services/update")]
pub async fn set_vip_service(
    code: String,
    name_zh: String,
    name_en: String,
    min_tier: String,
) -> Result<VipServiceSetting, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{policies::catalog_admin, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    catalog_admin::set_vip_service(&state()?.db, admin.staff_id, &code, &name_zh, &name_en, &min_tier).await
}

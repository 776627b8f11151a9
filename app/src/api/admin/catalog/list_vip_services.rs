use leptos::server;

use crate::error::AppError;
use crate::model::admin::VipServiceSetting;

/// The VIP services (倍享服务), lowest tier first, with how often each was booked.
#[server(endpoint = "admin/vip_services")]
pub async fn list_vip_services() -> Result<Vec<VipServiceSetting>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{policies::catalog_admin, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    catalog_admin::vip_services(&state()?.db).await
}

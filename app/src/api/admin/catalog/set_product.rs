use leptos::server;

use crate::error::AppError;
use crate::model::admin::ProductSetting;

/// Renames a product (both languages) and sets its fast-track limit in yuan (empty: none;
/// at most 50000); new claims are decided by it at once. 422 `name_required`,
/// `fast_track_limit_invalid`; 404 for an unknown code; audited.
#[server(endpoint = "admin/catalog/product")]
pub async fn set_product(
    code: String,
    name_zh: String,
    name_en: String,
    fast_track_limit: String,
) -> Result<ProductSetting, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{policies::catalog_admin, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    catalog_admin::set_product(
        &state()?.db,
        admin.staff_id,
        &code,
        &name_zh,
        &name_en,
        &fast_track_limit,
    )
    .await
}

use leptos::server;

use crate::error::AppError;
use crate::model::admin::ProductSetting;

/// Renames a coverage and sets the limit new policies get, in yuan (policies in force keep
/// theirs). 422 `name_required`, `coverage_limit_invalid`; 404; audited.
#[server(endpoint = "admin/catalog/coverage")]
pub async fn set_coverage(
    product_code: String,
    coverage_code: String,
    name_zh: String,
    name_en: String,
    default_limit: String,
) -> Result<ProductSetting, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{policies::catalog_admin, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    let db = &state()?.db;
    catalog_admin::set_coverage(
        db,
        admin.staff_id,
        &product_code,
        &coverage_code,
        &name_zh,
        &name_en,
        &default_limit,
    )
    .await
}

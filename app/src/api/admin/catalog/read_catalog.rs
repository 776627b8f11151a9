use leptos::server;

use crate::error::AppError;
use crate::model::admin::ProductSetting;

/// Every product with its coverages, fast-track limit and how many policies it has.
#[server(endpoint = "admin/catalog")]
pub async fn read_catalog() -> Result<Vec<ProductSetting>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{policies::catalog_admin, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    catalog_admin::catalog(&state()?.db).await
}

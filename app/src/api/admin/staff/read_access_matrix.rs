use leptos::server;

use crate::error::AppError;
use crate::model::admin::AccessMatrix;

/// Who may do what: every capability against every role, from the definition the guards
/// use (`Role::may`).
#[server(endpoint = "admin/access")]
pub async fn read_access_matrix() -> Result<AccessMatrix, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::domain::Capability;

    require_capability(Capability::ManageStaff).await?;
    Ok(AccessMatrix::current())
}

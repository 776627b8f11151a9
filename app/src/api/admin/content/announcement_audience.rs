use leptos::server;

use crate::error::AppError;

/// How many customers publishing the draft would tell (its segment, each once), for the
/// confirmation before a mass notice; 0 when it only goes on the home page. 404 for no such
/// draft.
#[server(endpoint = "admin/announcements/audience")]
pub async fn announcement_audience(id: i64) -> Result<i64, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{content::announcements, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    announcements::audience(&state()?.db, id).await
}

use leptos::server;

use crate::error::AppError;
use crate::model::customers::ContactChange;

/// Contact corrections waiting for a second person, oldest first.
#[server(endpoint = "console/contact_change_queue")]
pub async fn contact_change_queue() -> Result<Vec<ContactChange>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers::contact_changes, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::CorrectContacts).await?;
    contact_changes::queue(&state()?.db, &staff).await
}

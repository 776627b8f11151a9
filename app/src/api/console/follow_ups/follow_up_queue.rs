use leptos::server;

use crate::error::AppError;
use crate::model::follow_ups::FollowUpList;

/// The follow-up calls to make (complaints first, then the first due) and the latest
/// results.
#[server(endpoint = "console/follow_up_queue")]
pub async fn follow_up_queue() -> Result<FollowUpList, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{feedback::follow_ups, now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::WorkDesk).await?;
    follow_ups::queue(&state()?.db, &staff, now_ms()).await
}

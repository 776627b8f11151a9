use leptos::server;

use crate::error::AppError;
use crate::model::reviews::IdentityReviews;

/// The ID photos waiting for review (oldest first, each due one working day after it was
/// sent) and the latest decisions. Members of the policy-service groups and supervisors.
#[server(endpoint = "console/identity_review_queue")]
pub async fn identity_review_queue() -> Result<IdentityReviews, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers, now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::ReviewIdentities).await?;
    customers::verification::queue(&state()?.db, &staff, now_ms()).await
}

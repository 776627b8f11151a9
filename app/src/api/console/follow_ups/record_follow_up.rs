use leptos::server;

use crate::error::AppError;
use crate::model::follow_ups::FollowUp;

/// Records one follow-up call: `outcome` (`reached`, `no_answer`, `wrong_number`),
/// `satisfaction` (1-5, needed when reached), `comment`; `attempts_seen` is the count the
/// agent saw, so a result sent twice or by two agents at once counts once (409
/// `follow_up_changed`). Audited.
#[server(endpoint = "console/record_follow_up")]
pub async fn record_follow_up(
    id: i64,
    attempts_seen: i64,
    outcome: String,
    satisfaction: Option<i64>,
    comment: Option<String>,
) -> Result<FollowUp, AppError> {
    use crate::backend::feedback::follow_ups::{self, CallResult};
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    let staff = require_capability(Capability::WorkDesk).await?;
    let call = CallResult {
        id,
        attempts_seen,
        outcome: &outcome,
        satisfaction,
        comment: comment.as_deref().unwrap_or(""),
    };
    follow_ups::record(&state()?.db, &staff, &call, now_ms()).await
}

use leptos::server;

use crate::error::AppError;

/// Completes an activity of a campaign the caller joined: a survey's `rating` (1-5) and
/// comment, a quiz's `answer`, an event's note. Answers the points earned, once: 409
/// `activity_done` the second time, `campaign_not_joined` before joining; 404 for an
/// activity not running today; 422 `score_invalid` / `answer_required`.
#[server(endpoint = "campaigns/complete")]
pub async fn complete_activity(activity_id: i64, rating: Option<i64>, answer: String) -> Result<i64, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{loyalty::campaigns, state};

    let me = require_customer().await?;
    let state = state()?;
    campaigns::complete(&state.db, &state.points, me.customer_id, activity_id, rating, &answer).await
}

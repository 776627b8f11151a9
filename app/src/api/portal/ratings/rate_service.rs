use leptos::server;

use crate::error::AppError;

/// Rates a closed claim or a finished work order (满意度评价): 1-5 and a comment, once per
/// case. Returns the points earned for it.
#[server(endpoint = "feedback/rate")]
pub async fn rate_service(subject: String, number: String, score: i64, comment: String) -> Result<i64, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{feedback::ratings, state};

    let caller = require_customer().await?;
    ratings::rate(&state()?, caller.customer_id, &subject, &number, score, &comment).await
}

use leptos::server;

use crate::error::AppError;

/// Takes a day out of the business calendar (it follows its weekday again). 404 for a day
/// not in it; audited.
#[server(endpoint = "admin/rules/calendar_remove")]
pub async fn remove_calendar_day(day: String) -> Result<(), AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{rules, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    if day.len() > 10 {
        return Err(AppError::NotFound);
    }
    rules::remove_calendar_day(&state()?.db, admin.staff_id, &day).await
}

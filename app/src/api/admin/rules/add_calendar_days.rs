use leptos::server;
use server_fn::codec::Json;

use crate::domain::CalendarDaysFields;
use crate::error::AppError;
use crate::model::admin::CalendarDay;

/// Adds a run of public holidays (or make-up working days) to the business calendar; the
/// service-level clocks count by it at once. 422 per field (`date_invalid`,
/// `calendar_span_invalid`, `day_name_required`); 409 `calendar_day_taken` when a day of the
/// run is in the calendar already (nothing is added); audited.
#[server(endpoint = "admin/rules/calendar_add", input = Json)]
pub async fn add_calendar_days(days: CalendarDaysFields) -> Result<Vec<CalendarDay>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{rules, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    rules::add_calendar_days(&state()?.db, admin.staff_id, &days).await
}

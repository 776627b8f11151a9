use leptos::server;

use crate::domain::ServiceFact;
use crate::error::AppError;
use crate::model::paging::Page;
use crate::model::reports::{ReportFilter, ReportWorkOrder};

/// The work orders behind one number of a report (`fact` in its period, with its filters),
/// the latest first, 50 a page (`before`: the cursor of the page before).
#[server(endpoint = "console/service_report_work_orders")]
pub async fn service_report_work_orders(
    filter: ReportFilter,
    fact: ServiceFact,
    #[server(default)] before: Option<String>,
) -> Result<Page<ReportWorkOrder>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::platform::paging::cursor_param;
    use crate::backend::reports::service_report;
    use crate::backend::state;
    use crate::domain::{Capability, Invalid};

    let staff = require_capability(Capability::WorkDesk).await?;
    if fact.as_str().starts_with("claim") {
        return Err(AppError::invalid(
            "fact",
            Invalid::new("fact_not_work_orders", "Choose a number about work orders"),
        ));
    }
    let before = cursor_param(before.as_deref())?;
    let db = &state()?.db;
    let query = service_report::query_from(db, &staff, &filter).await?;
    service_report::work_orders_behind(db, &query, fact, before).await
}

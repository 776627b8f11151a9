use leptos::server;

use crate::error::AppError;
use crate::model::reports::{ReportFilter, ServiceReport};

/// The service over a period (a day, week, month, quarter or up to 13 months), with the
/// period before it and the targets, filtered by group, channel, kind and VIP; an agent's
/// is their own work. From the daily rollups of the facts, a few seconds behind.
#[server(endpoint = "console/service_report")]
pub async fn read_service_report(filter: ReportFilter) -> Result<ServiceReport, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::reports::service_report;
    use crate::backend::state;
    use crate::domain::Capability;

    let staff = require_capability(Capability::WorkDesk).await?;
    let db = &state()?.db;
    let query = service_report::query_from(db, &staff, &filter).await?;
    service_report::read(db, &query).await
}

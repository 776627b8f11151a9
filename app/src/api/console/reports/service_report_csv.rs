use leptos::server;
use server_fn::codec::{ByteStream, GetUrl, Streaming};

use crate::error::AppError;

/// The same report as `console/service_report`, day by day with the period's totals, as a
/// CSV file (UTF-8 with a byte-order mark; no cell is a live formula).
#[server(endpoint = "console/service_report.csv", input = GetUrl, output = Streaming)]
pub async fn service_report_csv(
    period: String,
    from: String,
    #[server(default)] to: String,
    #[server(default)] group: String,
    #[server(default)] channel: String,
    #[server(default)] kind: String,
    #[server(default)] vip: String,
) -> Result<ByteStream<AppError>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::reports::service_report;
    use crate::backend::state;
    use crate::domain::Capability;
    use crate::error::internal_error;
    use crate::model::reports::ReportFilter;
    use http::header;
    use leptos::prelude::use_context;
    use leptos_axum::ResponseOptions;

    let staff = require_capability(Capability::WorkDesk).await?;
    let db = &state()?.db;
    let filter = ReportFilter {
        period,
        from,
        to,
        group,
        channel,
        kind,
        vip,
    };
    let query = service_report::query_from(db, &staff, &filter).await?;
    let report = service_report::read(db, &query).await?;
    let csv = service_report::to_csv(&report);
    if let Some(response) = use_context::<ResponseOptions>() {
        let value = |text: &str| http::HeaderValue::from_str(text).map_err(|e| internal_error(&e));
        response.insert_header(header::CONTENT_TYPE, value("text/csv; charset=utf-8")?);
        let name = format!(
            "attachment; filename=\"service-report-{}-{}.csv\"",
            report.from, report.to
        );
        response.insert_header(header::CONTENT_DISPOSITION, value(&name)?);
        response.insert_header(header::CACHE_CONTROL, value("private, no-store")?);
    }
    Ok(ByteStream::new(futures::stream::once(async move {
        Ok::<_, AppError>(bytes::Bytes::from(csv))
    })))
}

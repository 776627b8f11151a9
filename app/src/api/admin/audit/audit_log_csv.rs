use leptos::server;
use server_fn::codec::{ByteStream, GetUrl, Streaming};

use crate::error::AppError;

/// The same entries as `admin/audit` as a CSV file (UTF-8 with a byte-order mark, so
/// spreadsheet programs read the Chinese; no cell is a live formula), at most 10,000.
#[server(endpoint = "admin/audit.csv", input = GetUrl, output = Streaming)]
pub async fn audit_log_csv(
    #[server(default)] staff: String,
    #[server(default)] customer_no: String,
    #[server(default)] action: String,
    #[server(default)] from: String,
    #[server(default)] to: String,
) -> Result<ByteStream<AppError>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{platform::audit, state};
    use crate::domain::Capability;
    use crate::error::internal_error;
    use crate::model::admin::AuditFilter;
    use http::header;
    use leptos::prelude::use_context;
    use leptos_axum::ResponseOptions;
    /// The most entries one file carries (a file is one answer, not paged): a spreadsheet
    /// still opens it at once; a narrower filter exports the rest.
    const CSV_LIMIT: usize = 10_000;

    require_capability(Capability::ReadAuditLog).await?;
    let filter = AuditFilter {
        staff,
        customer_no,
        action,
        from,
        to,
    };
    let query = audit::query_from(&filter)?;
    let records = audit::search(&state()?.db, &query, None, CSV_LIMIT).await?.items;
    let csv = audit::to_csv(&records);
    if let Some(response) = use_context::<ResponseOptions>() {
        let value = |text: &str| http::HeaderValue::from_str(text).map_err(|e| internal_error(&e));
        response.insert_header(header::CONTENT_TYPE, value("text/csv; charset=utf-8")?);
        response.insert_header(
            header::CONTENT_DISPOSITION,
            value("attachment; filename=\"audit-log.csv\"")?,
        );
        response.insert_header(header::CACHE_CONTROL, value("private, no-store")?);
    }
    Ok(ByteStream::new(futures::stream::once(async move {
        Ok::<_, AppError>(bytes::Bytes::from(csv))
    })))
}

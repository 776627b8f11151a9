use leptos::server;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::admin::{AuditFilter, AuditRecord};

/// Audit entries matching the filter, newest first, at most 200. 422 per field for a
/// malformed staff name, customer number, action or date, or an end before the start.
#[server(endpoint = "admin/audit", input = Json)]
pub async fn read_audit_log(filter: AuditFilter) -> Result<Vec<AuditRecord>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{platform::audit, state};
    use crate::domain::Capability;

    require_capability(Capability::ReadAuditLog).await?;
    let query = audit::query_from(&filter)?;
    audit::search(&state()?.db, &query, 200).await
}

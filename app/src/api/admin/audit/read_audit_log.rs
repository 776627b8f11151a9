use leptos::server;
use server_fn::codec::Json;

use crate::error::AppError;
use crate::model::admin::{AuditFilter, AuditRecord};
use crate::model::paging::Page;

/// A page of the audit entries matching the filter, newest first (those after the cursor
/// `before` when given). 422 per field for a malformed staff name, customer number, action
/// or date, or an end before the start; 422 `cursor_malformed` for a cursor it did not
/// hand out.
#[server(endpoint = "admin/audit", input = Json)]
pub async fn read_audit_log(filter: AuditFilter, before: Option<String>) -> Result<Page<AuditRecord>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{platform::audit, state};
    use crate::domain::Capability;
    use crate::model::paging::ADMIN_PAGE_SIZE;

    require_capability(Capability::ReadAuditLog).await?;
    let query = audit::query_from(&filter)?;
    let before = crate::backend::platform::paging::cursor_param(before.as_deref())?;
    audit::search(&state()?.db, &query, before, ADMIN_PAGE_SIZE).await
}

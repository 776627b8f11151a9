use leptos::server;
use server_fn::codec::{ByteStream, GetUrl, Streaming};

use crate::error::AppError;

/// A customer's uploaded file (an ID photo, a claim's invoice) for staff to look at, with
/// its type; `thumb=true` gives a small JPEG of a photo. ID photos are for reviewers (the
/// policy-service groups) and claim documents for claims handlers, supervisors for both.
/// Audited as a read of the customer's data.
#[server(endpoint = "console/customer_file", input = GetUrl, output = Streaming)]
pub async fn customer_file(id: String, thumb: Option<bool>) -> Result<ByteStream<AppError>, AppError> {
    use crate::backend::platform::audit::{self, AuditEntry};
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{customers::documents, staff as staff_groups, state};
    use crate::domain::{Capability, DocumentPurpose, Role, WorkOrderKind};
    use crate::error::internal_error;
    use http::header;
    use leptos::prelude::use_context;
    use leptos_axum::ResponseOptions;

    let staff = require_capability(Capability::LookUpCustomers).await?;
    let state = state()?;
    if id.len() > 64 {
        return Err(AppError::NotFound);
    }
    let (customer_id, purpose) = documents::owner(&state.db, &id).await?.ok_or(AppError::NotFound)?;
    let needs = match purpose {
        Some(DocumentPurpose::Identity) => Some(WorkOrderKind::PolicyService),
        Some(DocumentPurpose::Claim) => Some(WorkOrderKind::ClaimEnquiry),
        _ => None,
    };
    if let Some(kind) = needs {
        let mut conn = state.db.pool.acquire().await?;
        if !staff.role.at_least(Role::Supervisor) && !staff_groups::handles(&mut conn, staff.staff_id, kind).await? {
            return Err(AppError::Forbidden);
        }
    }
    let file = documents::open(&state.db, &state.files, customer_id, &id, thumb.unwrap_or(false))
        .await?
        .ok_or(AppError::NotFound)?;
    audit::record_read(
        &state.db,
        AuditEntry {
            staff_id: staff.staff_id,
            action: "document.view",
            customer_id: Some(customer_id),
            detail: format!("document={id}"),
        },
    )
    .await?;
    if let Some(response) = use_context::<ResponseOptions>() {
        let value = |text: &str| http::HeaderValue::from_str(text).map_err(|e| internal_error(&e));
        response.insert_header(header::CONTENT_TYPE, value(&file.content_type)?);
        response.insert_header(header::CONTENT_DISPOSITION, value("inline")?);
        response.insert_header(header::CACHE_CONTROL, value("private, no-store")?);
    }
    Ok(ByteStream::new(file.bytes))
}

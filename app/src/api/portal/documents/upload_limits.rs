use leptos::server;

use crate::error::AppError;
use crate::model::documents::FileLimits;

/// How much the caller may upload, for the form to say before a file is refused.
#[server(endpoint = "documents/limits")]
pub async fn upload_limits() -> Result<FileLimits, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::state;

    require_customer().await?;
    let state = state()?;
    let files = &state.files;
    Ok(FileLimits {
        max_file_bytes: files.max_file_bytes,
        max_case_bytes: files.max_case_bytes,
    })
}

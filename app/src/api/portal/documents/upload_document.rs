use leptos::server;
use server_fn::codec::{MultipartData, MultipartFormData};

use crate::error::AppError;
use crate::model::documents::DocumentInfo;

/// Uploads one file as a multipart form with the fields `purpose` (`claim`, `identity`,
/// `work_order`) and then `file`. The file is kept, unattached, until a claim, work order or
/// verification request names its id. Over the per-file limit: 413; not a JPEG, PNG or PDF
/// by content: 422 `file_type_unsupported`.
#[server(endpoint = "documents/upload", input = MultipartFormData)]
pub async fn upload_document(data: MultipartData) -> Result<DocumentInfo, AppError> {
    use crate::backend::customers::documents::{self, Upload};
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{now_ms, state};
    use crate::domain::{DocumentPurpose, Invalid};

    let caller = require_customer().await?;
    let state = state()?;
    {
        let mut conn = state.db.pool.acquire().await?;
        documents::within_upload_limits(&mut conn, caller.customer_id, now_ms()).await?;
    }
    let malformed = |message: String| AppError::BadRequest { message };
    let mut multipart = data
        .into_inner()
        .ok_or_else(|| malformed("expected a multipart form".into()))?;
    let mut purpose = None;
    while let Some(mut field) = multipart.next_field().await.map_err(|e| malformed(e.to_string()))? {
        match field.name() {
            Some("purpose") => {
                let text = field.text().await.map_err(|e| malformed(e.to_string()))?;
                purpose =
                    Some(DocumentPurpose::parse(text.trim()).ok_or_else(|| {
                        AppError::invalid("purpose", Invalid::new("purpose_invalid", "Unknown purpose"))
                    })?);
            }
            Some("file") => {
                let purpose = purpose.ok_or_else(|| malformed("send `purpose` before `file`".into()))?;
                let original_name = field.file_name().unwrap_or("file").to_string();
                let mut upload = Upload::start(&state.files).await?;
                loop {
                    match field.chunk().await {
                        Ok(Some(chunk)) => {
                            if let Err(err) = upload.write(&chunk).await {
                                upload.abandon().await;
                                return Err(err);
                            }
                        }
                        Ok(None) => break,
                        Err(err) => {
                            upload.abandon().await;
                            return Err(malformed(err.to_string()));
                        }
                    }
                }
                return upload
                    .finish(&state.db, caller.customer_id, purpose, &original_name)
                    .await;
            }
            _ => {}
        }
    }
    Err(AppError::invalid(
        "file",
        Invalid::new("file_required", "Choose a file to upload"),
    ))
}

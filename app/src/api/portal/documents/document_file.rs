use leptos::server;
use server_fn::codec::{ByteStream, GetUrl, Streaming};

use crate::error::AppError;

/// The bytes of one of the caller's own files, with its type; anyone else's id is 404.
/// `thumb=true` gives a small JPEG of a photo instead.
#[server(endpoint = "documents/file", input = GetUrl, output = Streaming)]
pub async fn document_file(id: String, thumb: Option<bool>) -> Result<ByteStream<AppError>, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{customers::documents, state};
    use crate::error::internal_error;
    use http::header;
    use leptos::prelude::use_context;
    use leptos_axum::ResponseOptions;

    let caller = require_customer().await?;
    let state = state()?;
    if id.len() > 64 {
        return Err(AppError::NotFound);
    }
    let file = documents::open(&state.db, &state.files, caller.customer_id, &id, thumb.unwrap_or(false))
        .await?
        .ok_or(AppError::NotFound)?;
    if let Some(response) = use_context::<ResponseOptions>() {
        let value = |text: &str| http::HeaderValue::from_str(text).map_err(|e| internal_error(&e));
        response.insert_header(header::CONTENT_TYPE, value(&file.content_type)?);
        // The name is shown by the browser's save dialog only; the ASCII fallback keeps the header valid.
        let ascii: String = file
            .name
            .chars()
            .map(|c| if c.is_ascii_graphic() && c != '"' { c } else { '_' })
            .collect();
        response.insert_header(
            header::CONTENT_DISPOSITION,
            value(&format!("inline; filename=\"{ascii}\""))?,
        );
        response.insert_header(header::CACHE_CONTROL, value("private, max-age=3600")?);
    }
    Ok(ByteStream::new(file.bytes))
}

use leptos::server;
use server_fn::codec::{ByteStream, GetUrl, Streaming};

use crate::error::AppError;

/// The electronic policy (电子保单) of one of the caller's policies, as a PDF drawn on the
/// server; anyone else's policy number is 404.
#[server(endpoint = "policies/pdf", input = GetUrl, output = Streaming)]
pub async fn policy_pdf(policy_no: String) -> Result<ByteStream<AppError>, AppError> {
    use crate::backend::platform::auth::require_customer;
    use crate::backend::{now_ms, policies, state};
    use crate::domain::PolicyNumber;
    use crate::error::internal_error;
    use http::header;
    use leptos::prelude::use_context;
    use leptos_axum::ResponseOptions;

    let caller = require_customer().await?;
    let state = state()?;
    let Ok(policy_no) = PolicyNumber::parse(&policy_no) else {
        return Err(AppError::NotFound);
    };
    let detail = policies::detail_for_holder(&state.db, caller.customer_id, &policy_no)
        .await?
        .ok_or(AppError::NotFound)?;
    let pdf = policies::pdf::render(&detail, &state.pdf_font, now_ms())?;
    if let Some(response) = use_context::<ResponseOptions>() {
        let value = |text: &str| http::HeaderValue::from_str(text).map_err(|e| internal_error(&e));
        response.insert_header(header::CONTENT_TYPE, value("application/pdf")?);
        response.insert_header(
            header::CONTENT_DISPOSITION,
            value(&format!("inline; filename=\"policy-{}.pdf\"", policy_no.as_str()))?,
        );
        response.insert_header(header::CACHE_CONTROL, value("private, no-store")?);
    }
    Ok(ByteStream::new(futures::stream::once(async move {
        Ok::<_, AppError>(bytes::Bytes::from(pdf))
    })))
}

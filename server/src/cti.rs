//! `POST /cti/calls`: the telephony system reports a call put through to an agent (see
//! `app::backend::channels::cti` for the signed format). Not a server function: the caller is a
//! machine that signs its requests, not a signed-in person.

use axum::body::Bytes;
use axum::extract::State;
use axum::http::{HeaderMap, StatusCode};
use axum::response::{IntoResponse, Response};
use axum::Json;

use app::backend::channels::cti::{self, CallReport};
use app::backend::messaging::delivery::{SIGNATURE_HEADER, TIMESTAMP_HEADER};
use app::backend::{now_ms, AppState};
use app::error::AppError;

use crate::middleware::error_response;

/// The route's state: the shared secret, when one is configured.
#[derive(Clone)]
pub struct CtiSecret(pub Option<std::sync::Arc<Vec<u8>>>);

/// The largest report accepted.
pub const MAX_BODY: usize = 4 * 1024;

pub async fn calls(
    State(state): State<AppState>,
    axum::Extension(secret): axum::Extension<CtiSecret>,
    headers: HeaderMap,
    body: Bytes,
) -> Response {
    let Some(secret) = secret.0 else {
        return StatusCode::NOT_FOUND.into_response();
    };
    let header = |name: &str| headers.get(name).and_then(|v| v.to_str().ok()).unwrap_or_default();
    let timestamp: i64 = header(TIMESTAMP_HEADER).parse().unwrap_or(0);
    if !cti::signature_valid(&secret, timestamp, &body, header(SIGNATURE_HEADER), now_ms() / 1000) {
        return error_response(AppError::Unauthenticated);
    }
    let report: CallReport = match serde_json::from_slice(&body) {
        Ok(report) => report,
        Err(e) => {
            return error_response(AppError::BadRequest {
                message: format!("not a call report: {e}"),
            })
        }
    };
    match cti::put_through(&state.db, &report, now_ms()).await {
        Ok(answer) => Json(answer).into_response(),
        Err(error) => error_response(error),
    }
}

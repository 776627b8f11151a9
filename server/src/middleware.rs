//! Cross-cutting HTTP behaviour: the gate in front of the server functions (body limit,
//! request checks, error statuses), security headers and cache lifetimes.

use axum::body::Body;
use axum::extract::Request;
use axum::http::{header, HeaderValue, StatusCode};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};
use http_body_util::BodyExt;

use app::error::AppError;
use server_fn::error::SERVER_FN_ERROR_HEADER;

/// The one middleware in front of the server functions (a single layer rather than one per
/// concern, because each layer costs every request; see `./x bench`): refuses a body
/// over `limit` (declared or counted as it arrives) with 413, refuses a bad request
/// (`refusal`), and gives error answers their status.
pub async fn api_gate(routes: ApiRoutes, limit: usize, request: Request, next: Next) -> Response {
    let declared = request
        .headers()
        .get(header::CONTENT_LENGTH)
        .and_then(|v| v.to_str().ok())
        .and_then(|v| v.parse::<u64>().ok());
    if let Some(len) = declared.filter(|len| *len > limit as u64) {
        // Answering before the client has finished sending makes many clients report a
        // broken connection instead of the 413, so a moderately large body is read and
        // dropped first; a huge one is not worth reading.
        const DRAIN_AT_MOST: u64 = 1024 * 1024;
        if len <= DRAIN_AT_MOST {
            let _ = axum::body::to_bytes(request.into_body(), DRAIN_AT_MOST as usize).await;
        }
        return error_response(AppError::PayloadTooLarge {
            limit_bytes: limit as u64,
        });
    }
    if let Some(refused) = refusal(&routes, &request) {
        return refused;
    }
    // A declared length within the limit is held to by the HTTP layer itself; a body without
    // one (chunked) is counted as it is read, and one that runs over gets the same 413 as a
    // declared one, whatever the function made of the cut.
    if declared.is_some() {
        return with_error_status(next.run(request).await).await;
    }
    let over = std::sync::Arc::new(std::sync::atomic::AtomicBool::new(false));
    let request = request.map(|body| counted(body, limit, over.clone()));
    let response = next.run(request).await;
    if over.load(std::sync::atomic::Ordering::Relaxed) {
        return error_response(AppError::PayloadTooLarge {
            limit_bytes: limit as u64,
        });
    }
    with_error_status(response).await
}

/// The body, ending in an error once more than `limit` bytes have come (and `over` set).
fn counted(body: Body, limit: usize, over: std::sync::Arc<std::sync::atomic::AtomicBool>) -> Body {
    use futures::StreamExt;
    let mut seen = 0usize;
    Body::from_stream(body.into_data_stream().map(move |chunk| {
        let chunk = chunk?;
        seen = seen.saturating_add(chunk.len());
        if seen > limit {
            over.store(true, std::sync::atomic::Ordering::Relaxed);
            return Err(axum::Error::new("the request body is over the limit"));
        }
        Ok(chunk)
    }))
}

/// Server functions answer every error with 500; this gives each the status its variant
/// names (and `Retry-After` when throttled), keeping the JSON body.
async fn with_error_status(response: Response) -> Response {
    if !response.headers().contains_key(SERVER_FN_ERROR_HEADER) {
        return response;
    }
    let (mut parts, body) = response.into_parts();
    let Ok(collected) = body.collect().await else {
        return StatusCode::INTERNAL_SERVER_ERROR.into_response();
    };
    let bytes = collected.to_bytes();
    if let Ok(error) = serde_json::from_slice::<AppError>(&bytes) {
        parts.status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
        if let AppError::TooManyAttempts { retry_after_secs } = error {
            parts
                .headers
                .insert(header::RETRY_AFTER, HeaderValue::from(retry_after_secs));
        }
    }
    Response::from_parts(parts, Body::from(bytes))
}

/// What the API gate needs to know of the endpoints (`app::api::register_all`).
#[derive(Clone)]
pub struct ApiRoutes {
    pub paths: std::sync::Arc<std::collections::HashSet<&'static str>>,
    pub json: std::sync::Arc<std::collections::HashSet<&'static str>>,
    /// The one endpoint that takes `multipart/form-data`.
    pub upload: String,
}

/// Checks every `/api/` request before a server function sees it, so that bad requests
/// get the API's own error answers instead of a framework's (`None`: it may pass):
/// - a state-changing request from another site is refused (403), by its `Origin` or
///   `Sec-Fetch-Site` header (beyond the SameSite cookie, which old browsers ignore);
/// - an unknown endpoint is 404;
/// - an endpoint that takes JSON accepts only a JSON body (415), which also keeps plain
///   HTML forms from other sites out;
/// - the upload endpoint needs a multipart body with a boundary (400; without one the
///   multipart decoder would panic).
fn refusal(routes: &ApiRoutes, request: &Request) -> Option<Response> {
    let path = request.uri().path();
    let method = request.method();
    if method != axum::http::Method::GET && method != axum::http::Method::HEAD && !same_site(request.headers()) {
        tracing::warn!(%path, "refused a cross-site request");
        return Some(error_response(AppError::Forbidden));
    }
    if !routes.paths.contains(path) {
        return Some(error_response(AppError::NotFound));
    }
    let content_type = request
        .headers()
        .get(header::CONTENT_TYPE)
        .and_then(|v| v.to_str().ok())
        .unwrap_or_default()
        .to_ascii_lowercase();
    if routes.json.contains(path) && !content_type.starts_with("application/json") {
        return Some(error_response(AppError::UnsupportedMediaType {
            expected: "application/json".into(),
        }));
    }
    if path == routes.upload {
        if !content_type.starts_with("multipart/form-data") {
            return Some(error_response(AppError::UnsupportedMediaType {
                expected: "multipart/form-data".into(),
            }));
        }
        if multer::parse_boundary(&content_type).is_err() {
            return Some(error_response(AppError::BadRequest {
                message: "multipart/form-data needs a boundary".into(),
            }));
        }
    }
    None
}

/// Whether a request comes from this site, as far as the browser says: no `Origin` or
/// `Sec-Fetch-Site` at all (not a browser) passes; a browser's request must be same-origin.
fn same_site(headers: &axum::http::HeaderMap) -> bool {
    if let Some(site) = headers.get("sec-fetch-site").and_then(|v| v.to_str().ok()) {
        if !matches!(site, "same-origin" | "none") {
            return false;
        }
    }
    match headers.get(header::ORIGIN).and_then(|v| v.to_str().ok()) {
        None => true,
        Some(origin) => {
            let host = headers.get(header::HOST).and_then(|v| v.to_str().ok());
            let origin_host = origin.split_once("://").map(|(_, rest)| rest.trim_end_matches('/'));
            matches!((origin_host, host), (Some(o), Some(h)) if o.eq_ignore_ascii_case(h))
        }
    }
}

/// A request id the client sent is kept (a load balancer's, to follow one request through
/// its logs and ours) only when it is a plain token: letters, digits, `-`, `_`, `.`, at
/// most 64, beginning with a letter or digit. Anything else is dropped and the server
/// makes one, so what lands in the logs and the audit log (and its CSV) is never the
/// client's markup or formula.
pub async fn checked_request_id(mut request: Request) -> Request {
    let safe = request
        .headers()
        .get("x-request-id")
        .and_then(|v| v.to_str().ok())
        .is_some_and(is_plain_request_id);
    if !safe {
        request.headers_mut().remove("x-request-id");
    }
    request
}

pub fn is_plain_request_id(id: &str) -> bool {
    (1..=64).contains(&id.len())
        && id.starts_with(|c: char| c.is_ascii_alphanumeric())
        && id
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '-' | '_' | '.'))
}

/// A panic in a handler answers 500 in the API's shape, logged with the request id.
pub fn panic_response(cause: Box<dyn std::any::Any + Send + 'static>) -> Response {
    let detail = cause
        .downcast_ref::<String>()
        .map(String::as_str)
        .or_else(|| cause.downcast_ref::<&str>().copied())
        .unwrap_or("panic");
    tracing::error!(%detail, "a request panicked");
    error_response(AppError::Internal { request_id: "-".into() })
}

pub fn error_response(error: AppError) -> Response {
    let status = StatusCode::from_u16(error.status()).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let body = serde_json::to_vec(&error).unwrap_or_default();
    (
        status,
        [
            (header::CONTENT_TYPE, "application/json"),
            (header::HeaderName::from_static(SERVER_FN_ERROR_HEADER), "1"),
        ],
        body,
    )
        .into_response()
}

/// Security headers. `csp` allows our own scripts, the Wasm, and the inline loader
/// frontend/bundle.mjs writes into index.html (by its hash). The bundles' code files (Wasm,
/// scripts, stylesheets) get only `nosniff` (and HSTS): the page-level headers do nothing on
/// them, and a bundle is split into many small files, each of which would carry a kilobyte.
/// The API's JSON gets what an API response needs (OWASP's REST list): `nosniff`, a CSP that
/// allows nothing, no framing, HSTS. The page's long CSP, referrer, permissions and
/// opener policies only act on documents, and each call would carry 600 bytes of them.
pub async fn security_headers(csp: HeaderValue, hsts: bool, request: Request, next: Next) -> Response {
    let api = is_api_path(request.uri().path());
    let mut response = next.run(request).await;
    let headers = response.headers_mut();
    headers.insert(header::X_CONTENT_TYPE_OPTIONS, HeaderValue::from_static("nosniff"));
    if hsts {
        headers.insert(
            header::STRICT_TRANSPORT_SECURITY,
            HeaderValue::from_static("max-age=31536000"),
        );
    }
    let code_file = headers
        .get(header::CONTENT_TYPE)
        .and_then(|t| t.to_str().ok())
        .is_some_and(|t| {
            [
                "application/wasm",
                "text/javascript",
                "application/javascript",
                "text/css",
            ]
            .iter()
            .any(|c| t.starts_with(c))
        });
    if code_file {
        return response;
    }
    headers.insert(header::X_FRAME_OPTIONS, HeaderValue::from_static("DENY"));
    if api {
        headers.insert(
            header::CONTENT_SECURITY_POLICY,
            HeaderValue::from_static("default-src 'none'; frame-ancestors 'none'"),
        );
        return response;
    }
    headers.insert(header::CONTENT_SECURITY_POLICY, csp);
    headers.insert(
        header::REFERRER_POLICY,
        HeaderValue::from_static("strict-origin-when-cross-origin"),
    );
    headers.insert(
        header::HeaderName::from_static("permissions-policy"),
        HeaderValue::from_static("camera=(), microphone=(), geolocation=(), payment=()"),
    );
    headers.insert(
        header::HeaderName::from_static("cross-origin-opener-policy"),
        HeaderValue::from_static("same-origin"),
    );
    response
}

/// Hashed build outputs never change: cache them for a year. They are the files named
/// `name-<hash>.ext` and everything in a bundle's code folder `app-<hash>/` (whose files load
/// each other by fixed names). Pages and the API are revalidated or not stored.
pub async fn cache_control(request: Request, next: Next) -> Response {
    let path = request.uri().path().to_string();
    let mut response = next.run(request).await;
    let value = if is_api_path(&path) {
        "no-store"
    } else if is_hashed_asset(&path) && response.status().is_success() {
        "public, max-age=31536000, immutable"
    } else {
        "no-cache"
    };
    response
        .headers_mut()
        .insert(header::CACHE_CONTROL, HeaderValue::from_static(value));
    response
}

/// Server functions, health checks and the live stream: answers, not documents or files.
fn is_api_path(path: &str) -> bool {
    path.starts_with("/api/") || path.starts_with("/health/") || path == app::model::live::LIVE_PATH
}

fn is_hashed_asset(path: &str) -> bool {
    let ends_in_hash = |name: &str| {
        name.rsplit_once('-')
            .is_some_and(|(_, hash)| hash.len() >= 12 && hash.bytes().all(|b| b.is_ascii_hexdigit()))
    };
    let mut segments = path.rsplit('/');
    let file = segments.next().unwrap_or_default();
    let stem = file.split('.').next().unwrap_or_default();
    let in_code_folder = segments
        .next()
        .is_some_and(|dir| dir.starts_with("app-") && ends_in_hash(dir));
    in_code_folder || (file.contains('.') && ends_in_hash(stem))
}

#[cfg(test)]
mod tests {
    use super::is_hashed_asset;

    #[test]
    fn recognises_hashed_files_only() {
        assert!(is_hashed_asset("/app-2f1c9a7e5b3d4c6a/frontend_bg.wasm"));
        assert!(is_hashed_asset(
            "/staff/app-2f1c9a7e5b3d4c6a/split___desk_view_1149.wasm"
        ));
        assert!(is_hashed_asset("/main-2f1c9a7e5b3d4c6a.css"));
        assert!(!is_hashed_asset("/app-notahash/frontend.js"));
        assert!(!is_hashed_asset("/my/app-2f1c9a7e5b3d4c6a"));
        assert!(!is_hashed_asset("/index.html"));
        assert!(!is_hashed_asset("/my/policies"));
        assert!(!is_hashed_asset("/favicon.svg"));
    }
}

//! Server-only code: state, auth, and the services the server functions call. Compiled
//! with the `ssr` feature only; nothing here reaches the browser bundle.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod customers;
pub mod db;
pub mod policies;

use std::fmt::Display;
use std::sync::Arc;

use leptos::prelude::use_context;

use crate::error::AppError;
pub use auth::token::TokenKeys;
pub use db::{Db, DbKind};

/// What every server function can reach, provided as Leptos context per request.
#[derive(Clone)]
pub struct AppState {
    pub db: Db,
    pub tokens: Arc<TokenKeys>,
    pub auth: AuthSettings,
}

/// Auth knobs that come from configuration.
#[derive(Clone, Debug)]
pub struct AuthSettings {
    /// Send the session cookie with `Secure` (behind HTTPS).
    pub cookie_secure: bool,
    /// Take the client address from `X-Forwarded-For` (only behind a trusted proxy).
    pub trust_forwarded_for: bool,
    /// Failed sign-ins per account within `throttle_window_secs` before it is locked.
    pub max_failures_per_account: i64,
    /// Failed sign-ins per client address within the window before it is locked.
    pub max_failures_per_address: i64,
    pub throttle_window_secs: i64,
    pub lockout_secs: i64,
}

impl Default for AuthSettings {
    fn default() -> Self {
        Self {
            cookie_secure: false,
            trust_forwarded_for: false,
            max_failures_per_account: 5,
            max_failures_per_address: 30,
            throttle_window_secs: 15 * 60,
            lockout_secs: 15 * 60,
        }
    }
}

/// The state for this request.
pub fn state() -> Result<AppState, AppError> {
    use_context::<AppState>().ok_or_else(|| internal_error(&"AppState was not provided"))
}

/// Logs an unexpected error with its cause and the request id, and gives the client only
/// the request id.
pub fn internal_error(cause: &dyn Display) -> AppError {
    let request_id = request_id().unwrap_or_else(|| "-".into());
    tracing::error!(request_id = %request_id, error = %cause, "internal error");
    AppError::Internal { request_id }
}

/// The `x-request-id` the server's middleware put on this request.
pub fn request_id() -> Option<String> {
    use_context::<http::request::Parts>()
        .and_then(|parts| parts.headers.get("x-request-id")?.to_str().ok().map(str::to_string))
}

/// Milliseconds since the Unix epoch, UTC: how every instant is stored.
pub fn now_ms() -> i64 {
    chrono::Utc::now().timestamp_millis()
}

impl From<sqlx::Error> for AppError {
    fn from(err: sqlx::Error) -> Self {
        internal_error(&err)
    }
}

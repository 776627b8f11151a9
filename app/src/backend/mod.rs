//! Server-only code: state, auth, and the services the server functions call. Compiled
//! with the `ssr` feature only; nothing here reaches the browser bundle.

pub mod accounts;
pub mod audit;
pub mod auth;
pub mod claims;
pub mod customers;
pub mod db;
pub mod documents;
pub mod inbox;
pub mod jobs;
pub mod members;
pub mod notify;
pub mod outbox;
pub mod points;
pub mod policies;
pub mod ratings;
pub mod work_orders;

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
    pub files: FileSettings,
    pub points: PointsSettings,
}

/// Where customers' files go and how much they may upload.
#[derive(Clone, Debug)]
pub struct FileSettings {
    pub dir: std::path::PathBuf,
    pub max_file_bytes: u64,
    /// All files on one claim or work order together.
    pub max_case_bytes: u64,
}

#[derive(Clone, Debug)]
pub struct PointsSettings {
    /// Earned points expire this many days after they were earned.
    pub valid_days: i64,
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

/// A value read from the database that must be one the code knows (a stage, a level):
/// anything else is a broken row, logged as an internal error.
pub fn stored<T>(value: Option<T>, what: &str) -> Result<T, AppError> {
    value.ok_or_else(|| internal_error(&format!("unexpected {what} in the database")))
}

/// A transaction on the database, as `Db::begin_write` gives it.
pub type Tx = sqlx::Transaction<'static, sqlx::Any>;

/// Takes the next value of a named counter in `number_sequences`, atomically (safe across
/// processes: the upsert locks the row until the transaction ends).
pub async fn next_in_sequence(tx: &mut Tx, name: &str, now: i64) -> Result<i64, AppError> {
    let (value,): (i64,) = sqlx::query_as(
        "INSERT INTO number_sequences (name, next_value, updated_at) VALUES ($1, 2, $2) \
         ON CONFLICT (name) DO UPDATE SET next_value = number_sequences.next_value + 1, updated_at = $2 \
         RETURNING next_value - 1",
    )
    .bind(name)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    Ok(value)
}

/// The readable number for a new case (claim, work order, reward order) of this year.
pub async fn next_case_number(tx: &mut Tx, kind: crate::domain::CaseKind, now: i64) -> Result<String, AppError> {
    let year = year_of(now)?;
    let sequence = next_in_sequence(tx, &kind.sequence_name(year), now).await?;
    Ok(kind.number(year, sequence as u64))
}

/// The UTC calendar year of an instant.
pub fn year_of(now: i64) -> Result<i32, AppError> {
    use chrono::Datelike;
    chrono::DateTime::from_timestamp_millis(now)
        .map(|t| t.year())
        .ok_or_else(|| internal_error(&format!("instant out of range: {now}")))
}

/// The latest calendar date anywhere on Earth right now (UTC+14), `YYYY-MM-DD`: a date
/// the customer typed is "in the future" only if it is after this.
pub fn latest_today() -> String {
    (chrono::Utc::now() + chrono::Duration::hours(14))
        .format("%Y-%m-%d")
        .to_string()
}

/// An instant as the insurer's calendar reads it (China, UTC+8), in `format`: the day a
/// customer means by "today", the month a monthly sign-in counts in.
pub fn insurer_date(epoch_ms: i64, format: &str) -> String {
    chrono::DateTime::from_timestamp_millis(epoch_ms + 8 * 60 * 60 * 1000)
        .map(|t| t.format(format).to_string())
        .unwrap_or_default()
}

/// Locks the customer's row until the transaction ends, so that one customer's writes that
/// read before they write (points, verification) queue instead of racing. On SQLite the
/// write transaction already holds the database lock.
pub async fn lock_customer(tx: &mut Tx, customer_id: i64) -> Result<(), AppError> {
    sqlx::query("UPDATE customers SET updated_at = updated_at WHERE id = $1")
        .bind(customer_id)
        .execute(&mut **tx)
        .await?;
    Ok(())
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

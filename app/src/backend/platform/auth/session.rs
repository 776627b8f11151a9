//! Server-side sessions and the cookie that carries their token.

use axum::http::{header, HeaderValue};
use leptos::prelude::use_context;
use leptos_axum::ResponseOptions;

use crate::backend::platform::auth::token::{SESSION_MAX_SECS, TOKEN_TTL_SECS};
use crate::backend::{now_ms, AppState, Tx};
use crate::error::{internal_error, AppError};

pub const COOKIE_NAME: &str = "insurer_session";

#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PrincipalKind {
    Customer,
    Staff,
}

impl PrincipalKind {
    pub fn as_str(self) -> &'static str {
        match self {
            Self::Customer => "customer",
            Self::Staff => "staff",
        }
    }
}

/// Records a new session and sets its cookie on the response.
/// A locked customer account starts none, however it proved who it is (password, code,
/// reset).
pub async fn start(state: &AppState, kind: PrincipalKind, principal_id: i64) -> Result<(), AppError> {
    if kind == PrincipalKind::Customer && customer_locked(&state.db, principal_id).await? {
        return Err(locked_error());
    }
    let session_id = uuid::Uuid::new_v4().simple().to_string();
    let now = now_ms();
    sqlx::query(
        "INSERT INTO sessions (id, principal_kind, principal_id, expires_at, revoked_at, created_at, updated_at) \
         VALUES ($1, $2, $3, $4, NULL, $5, $5)",
    )
    .bind(&session_id)
    .bind(kind.as_str())
    .bind(principal_id)
    .bind(now + SESSION_MAX_SECS * 1000)
    .bind(now)
    .execute(&state.db.pool)
    .await?;
    set_cookie(state, kind, principal_id, &session_id)
}

/// Issues a fresh token for the session and sets it as the cookie.
pub fn set_cookie(state: &AppState, kind: PrincipalKind, principal_id: i64, session_id: &str) -> Result<(), AppError> {
    let token = state
        .tokens
        .issue(kind.as_str(), principal_id, session_id, now_ms() / 1000);
    write_cookie(state, &token, TOKEN_TTL_SECS)
}

/// Tells the browser to drop the cookie.
pub fn clear_cookie(state: &AppState) -> Result<(), AppError> {
    write_cookie(state, "", 0)
}

fn write_cookie(state: &AppState, value: &str, max_age_secs: i64) -> Result<(), AppError> {
    let secure = if state.auth.cookie_secure { "; Secure" } else { "" };
    let cookie = format!("{COOKIE_NAME}={value}; Path=/; HttpOnly; SameSite=Strict; Max-Age={max_age_secs}{secure}");
    let response = use_context::<ResponseOptions>().ok_or_else(|| internal_error(&"ResponseOptions missing"))?;
    let value = HeaderValue::from_str(&cookie).map_err(|e| internal_error(&e))?;
    response.append_header(header::SET_COOKIE, value);
    Ok(())
}

/// The session token from the request's cookie, if any.
pub fn token_from_request() -> Option<String> {
    // Read in place: a copy of the request's parts (every header, every extension) per
    // call cost more than the cookie is worth.
    leptos::prelude::with_context::<http::request::Parts, _>(|parts| token_in_headers(&parts.headers)).flatten()
}

/// The session token in these request headers' cookie, if any.
pub fn token_in_headers(headers: &http::HeaderMap) -> Option<String> {
    headers
        .get_all(header::COOKIE)
        .iter()
        .filter_map(|v| v.to_str().ok())
        .flat_map(|v| v.split(';'))
        .filter_map(|pair| pair.trim().split_once('='))
        .find(|(name, _)| *name == COOKIE_NAME)
        .map(|(_, value)| value.to_string())
        .filter(|value| !value.is_empty())
}

pub async fn revoke(state: &AppState, session_id: &str) -> Result<(), AppError> {
    let now = now_ms();
    sqlx::query("UPDATE sessions SET revoked_at = $1, updated_at = $1 WHERE id = $2 AND revoked_at IS NULL")
        .bind(now)
        .bind(session_id)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Revokes every live session of a principal (after a password change).
pub async fn revoke_all(tx: &mut Tx, kind: PrincipalKind, principal_id: i64) -> Result<(), AppError> {
    let now = now_ms();
    sqlx::query(
        "UPDATE sessions SET revoked_at = $1, updated_at = $1 \
         WHERE principal_kind = $2 AND principal_id = $3 AND revoked_at IS NULL",
    )
    .bind(now)
    .bind(kind.as_str())
    .bind(principal_id)
    .execute(&mut **tx)
    .await?;
    Ok(())
}

/// Whether an admin locked this customer's account (the guard reads the same column for
/// every request; sessions are the platform's, so it reads it itself).
async fn customer_locked(db: &crate::backend::Db, customer_id: i64) -> Result<bool, AppError> {
    #[derive(sqlx::FromRow)]
    struct LockedRow {
        locked: i64,
    }
    let row: Option<LockedRow> =
        sqlx::query_as("SELECT CASE WHEN locked_at IS NULL THEN 0 ELSE 1 END AS locked FROM customers WHERE id = $1")
            .bind(customer_id)
            .fetch_optional(&db.pool)
            .await?;
    Ok(row.is_some_and(|r| r.locked != 0))
}

/// What a locked account hears when it tries to sign in.
pub fn locked_error() -> AppError {
    AppError::conflict(
        "account",
        "account_locked",
        "This account is locked; call the customer service hotline to unlock it",
    )
}

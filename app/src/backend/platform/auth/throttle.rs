//! Sign-in throttling, per account and per client address. Counters live in the database
//! so that every server process behind the load balancer sees the same counts.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use leptos::prelude::with_context;

use crate::backend::{now_ms, AppState};
use crate::error::AppError;

/// The client's address as this server sees it (or as the trusted proxy says).
pub fn client_address(state: &AppState) -> String {
    with_context::<http::request::Parts, _>(|parts| {
        let peer = parts
            .extensions
            .get::<ConnectInfo<SocketAddr>>()
            .map(|ConnectInfo(addr)| *addr);
        client_address_of(state, &parts.headers, peer)
    })
    .unwrap_or_else(|| "unknown".into())
}

/// The client's address from a request's headers and the connection's peer (for routes
/// that are not server functions).
pub fn client_address_of(state: &AppState, headers: &http::HeaderMap, peer: Option<SocketAddr>) -> String {
    if state.auth.trust_forwarded_for {
        let forwarded = headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        if let Some(ip) = forwarded {
            return ip.to_string();
        }
    }
    peer.map(|addr| addr.ip().to_canonical().to_string())
        .unwrap_or_else(|| "unknown".into())
}

#[derive(sqlx::FromRow)]
struct CountRow {
    failures: i64,
    locked_until: i64,
}

/// Counts an attempt against each key before the password (or code) is checked, and
/// refuses with 429 once a key is over its limit within the window, or still locked. The
/// count is one upsert per key, so attempts sent at once are counted one by one on both
/// databases: twenty guesses at once against a limit of five get five checks, not twenty.
/// `keys` are (key, limit) pairs.
pub async fn count_attempt(state: &AppState, keys: &[(String, i64)]) -> Result<(), AppError> {
    let now = now_ms();
    let window_start = now - state.auth.throttle_window_secs * 1000;
    for (key, limit) in keys {
        // A lock that has run out starts a new window.
        let row: CountRow = sqlx::query_as(
            "INSERT INTO login_throttle (key, failures, window_started_at, locked_until, created_at, updated_at) \
             VALUES ($1, 1, $2, 0, $2, $2) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN login_throttle.locked_until > $2 THEN login_throttle.failures \
                               WHEN login_throttle.window_started_at < $3 OR login_throttle.locked_until > 0 THEN 1 \
                               ELSE login_throttle.failures + 1 END, \
               window_started_at = CASE WHEN login_throttle.locked_until > $2 THEN login_throttle.window_started_at \
                               WHEN login_throttle.window_started_at < $3 OR login_throttle.locked_until > 0 THEN $2 \
                               ELSE login_throttle.window_started_at END, \
               locked_until = CASE WHEN login_throttle.locked_until > $2 THEN login_throttle.locked_until ELSE 0 END, \
               updated_at = $2 \
             RETURNING failures, locked_until",
        )
        .bind(key)
        .bind(now)
        .bind(window_start)
        .fetch_one(&state.db.pool)
        .await?;
        let locked_until = if row.locked_until > now {
            row.locked_until
        } else if row.failures > *limit {
            let until = now + state.auth.lockout_secs * 1000;
            sqlx::query(
                "UPDATE login_throttle SET locked_until = $1, updated_at = $2 WHERE key = $3 AND locked_until < $1",
            )
            .bind(until)
            .bind(now)
            .bind(key)
            .execute(&state.db.pool)
            .await?;
            until
        } else {
            continue;
        };
        return Err(AppError::TooManyAttempts {
            retry_after_secs: ((locked_until - now + 999) / 1000) as u64,
        });
    }
    Ok(())
}

/// A successful attempt: the key's count starts again (an account's, after it signs in).
pub async fn clear(state: &AppState, key: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

/// Takes back one counted attempt that succeeded (an address's: only failures count
/// against an address in the end).
pub async fn uncount(state: &AppState, key: &str) -> Result<(), AppError> {
    sqlx::query(
        "UPDATE login_throttle SET failures = CASE WHEN failures > 0 THEN failures - 1 ELSE 0 END, updated_at = $1 \
         WHERE key = $2",
    )
    .bind(now_ms())
    .bind(key)
    .execute(&state.db.pool)
    .await?;
    Ok(())
}

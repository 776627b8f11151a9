//! Sign-in throttling, per account and per client address. Counters live in the database
//! so that every server process behind the load balancer sees the same counts.

use std::net::{IpAddr, SocketAddr};

use axum::extract::ConnectInfo;
use leptos::prelude::use_context;

use crate::backend::{now_ms, AppState};
use crate::error::AppError;

/// The client's address as this server sees it (or as the trusted proxy says).
pub fn client_address(state: &AppState) -> String {
    let Some(parts) = use_context::<http::request::Parts>() else {
        return "unknown".into();
    };
    if state.auth.trust_forwarded_for {
        let forwarded = parts
            .headers
            .get("x-forwarded-for")
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.split(',').next())
            .and_then(|v| v.trim().parse::<IpAddr>().ok());
        if let Some(ip) = forwarded {
            return ip.to_string();
        }
    }
    parts
        .extensions
        .get::<ConnectInfo<SocketAddr>>()
        .map(|ConnectInfo(addr)| addr.ip().to_string())
        .unwrap_or_else(|| "unknown".into())
}

#[derive(sqlx::FromRow)]
struct LockRow {
    locked_until: i64,
}

#[derive(sqlx::FromRow)]
struct FailuresRow {
    failures: i64,
}

/// Refuses with 429 while any of `keys` is locked.
pub async fn check(state: &AppState, keys: &[String]) -> Result<(), AppError> {
    let now = now_ms();
    for key in keys {
        let locked: Option<LockRow> = sqlx::query_as("SELECT locked_until FROM login_throttle WHERE key = $1")
            .bind(key)
            .fetch_optional(&state.db.pool)
            .await?;
        if let Some(LockRow { locked_until: until }) = locked {
            if until > now {
                return Err(AppError::TooManyAttempts {
                    retry_after_secs: ((until - now + 999) / 1000) as u64,
                });
            }
        }
    }
    Ok(())
}

/// Counts a failure against each key, locking those that reach their limit.
pub async fn record_failure(state: &AppState, keys: &[(String, i64)]) -> Result<(), AppError> {
    let now = now_ms();
    let window_start = now - state.auth.throttle_window_secs * 1000;
    for (key, limit) in keys {
        // One statement, so concurrent failures from several processes all count.
        let FailuresRow { failures } = sqlx::query_as(
            "INSERT INTO login_throttle (key, failures, window_started_at, locked_until, created_at, updated_at) \
             VALUES ($1, 1, $2, 0, $2, $2) \
             ON CONFLICT (key) DO UPDATE SET \
               failures = CASE WHEN login_throttle.window_started_at < $3 THEN 1 ELSE login_throttle.failures + 1 END, \
               window_started_at = CASE WHEN login_throttle.window_started_at < $3 THEN $2 ELSE login_throttle.window_started_at END, \
               updated_at = $2 \
             RETURNING failures",
        )
        .bind(key)
        .bind(now)
        .bind(window_start)
        .fetch_one(&state.db.pool)
        .await?;
        if failures >= *limit {
            sqlx::query("UPDATE login_throttle SET locked_until = $1, failures = 0, window_started_at = $2, updated_at = $2 WHERE key = $3")
                .bind(now + state.auth.lockout_secs * 1000)
                .bind(now)
                .bind(key)
                .execute(&state.db.pool)
                .await?;
        }
    }
    Ok(())
}

/// A successful sign-in clears the account's count (not the address's).
pub async fn clear(state: &AppState, key: &str) -> Result<(), AppError> {
    sqlx::query("DELETE FROM login_throttle WHERE key = $1")
        .bind(key)
        .execute(&state.db.pool)
        .await?;
    Ok(())
}

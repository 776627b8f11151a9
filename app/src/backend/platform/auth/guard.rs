//! The guards. Every server function calls one of these before it touches data:
//! `require_customer()`, `require_staff(role)`, or `current_caller()` where signed-out
//! callers are allowed. They verify the token, check the server-side session, renew the
//! cookie when half its life has passed, and (for staff) read the current role.

use crate::backend::platform::auth::session::{self, PrincipalKind};
use crate::backend::platform::auth::token::TOKEN_TTL_SECS;
use crate::backend::{now_ms, state, AppState};
use crate::domain::{Capability, Role};
use crate::error::AppError;

#[derive(Debug, Clone)]
pub struct CustomerCaller {
    pub customer_id: i64,
    pub session_id: String,
}

#[derive(Debug, Clone)]
pub struct StaffCaller {
    pub staff_id: i64,
    pub role: Role,
    pub session_id: String,
    /// Signed in with a one-time password not yet replaced.
    pub must_change_password: bool,
}

#[derive(Debug, Clone)]
pub enum Caller {
    Customer(CustomerCaller),
    Staff(StaffCaller),
}

/// The signed-in caller, or `None` when there is no valid session.
pub async fn current_caller() -> Result<Option<Caller>, AppError> {
    let state = state()?;
    let Some(token) = session::token_from_request() else {
        return Ok(None);
    };
    let Some((caller, claims)) = caller_for_token(&state, &token).await? else {
        return Ok(None);
    };
    let (kind, principal_id) = match &caller {
        Caller::Customer(c) => ("customer", c.customer_id),
        Caller::Staff(s) => ("staff", s.staff_id),
    };
    renew_if_half_spent(&state, &claims, kind, principal_id)?;
    Ok(Some(caller))
}

/// Who a session token belongs to, if it verifies and its session is live (and, for staff,
/// the account is active): the work of every guard, without the request plumbing.
pub async fn caller_for_token(
    state: &AppState,
    token: &str,
) -> Result<Option<(Caller, crate::backend::platform::auth::token::Claims)>, AppError> {
    let Some(claims) = state.tokens.verify(token) else {
        return Ok(None);
    };
    let Some((kind, principal_id)) = claims.principal() else {
        return Ok(None);
    };
    #[derive(sqlx::FromRow)]
    struct LiveStaff {
        role: String,
        must_change_password: i64,
    }
    let now = now_ms();
    let caller = match kind {
        "customer" => {
            // A locked account's sessions end here, whichever process answers.
            let live = sqlx::query(
                "SELECT s.id FROM sessions s JOIN customers c ON c.id = s.principal_id \
                 WHERE s.id = $1 AND s.principal_kind = 'customer' AND s.principal_id = $2 \
                   AND s.revoked_at IS NULL AND s.expires_at > $3 AND c.locked_at IS NULL",
            )
            .bind(&claims.sid)
            .bind(principal_id)
            .bind(now)
            .fetch_optional(&state.db.pool)
            .await?;
            live.map(|_| {
                Caller::Customer(CustomerCaller {
                    customer_id: principal_id,
                    session_id: claims.sid.clone(),
                })
            })
        }
        "staff" => {
            let live: Option<LiveStaff> = sqlx::query_as(
                "SELECT st.role, st.must_change_password FROM sessions s JOIN staff st ON st.id = s.principal_id \
                 WHERE s.id = $1 AND s.principal_kind = 'staff' AND s.principal_id = $2 \
                   AND s.revoked_at IS NULL AND s.expires_at > $3 AND st.active = 1",
            )
            .bind(&claims.sid)
            .bind(principal_id)
            .bind(now)
            .fetch_optional(&state.db.pool)
            .await?;
            live.and_then(|row| {
                Role::parse(&row.role).map(|role| {
                    Caller::Staff(StaffCaller {
                        staff_id: principal_id,
                        role,
                        session_id: claims.sid.clone(),
                        must_change_password: row.must_change_password != 0,
                    })
                })
            })
        }
        _ => None,
    };
    Ok(caller.map(|caller| (caller, claims)))
}

fn renew_if_half_spent(
    state: &AppState,
    claims: &crate::backend::platform::auth::token::Claims,
    kind: &str,
    principal_id: i64,
) -> Result<(), AppError> {
    let remaining = claims.exp - now_ms() / 1000;
    if remaining < TOKEN_TTL_SECS / 2 {
        let kind = if kind == "staff" {
            PrincipalKind::Staff
        } else {
            PrincipalKind::Customer
        };
        session::set_cookie(state, kind, principal_id, &claims.sid)?;
    }
    Ok(())
}

/// A signed-in customer, or 401 (not signed in) / 403 (signed in as staff).
pub async fn require_customer() -> Result<CustomerCaller, AppError> {
    match current_caller().await? {
        Some(Caller::Customer(customer)) => Ok(customer),
        Some(Caller::Staff(_)) => Err(AppError::Forbidden),
        None => Err(AppError::Unauthenticated),
    }
}

/// Signed-in staff with at least `role`'s authority, or 401 / 403. Someone still on a
/// one-time password may do nothing but change it (409 `password_change_required`).
pub async fn require_staff(role: Role) -> Result<StaffCaller, AppError> {
    match current_caller().await?.map(password_chosen).transpose()? {
        Some(Caller::Staff(staff)) if staff.role.at_least(role) => Ok(staff),
        Some(_) => Err(AppError::Forbidden),
        None => Err(AppError::Unauthenticated),
    }
}

/// The caller, unless they are staff still on a one-time password: until they choose
/// their own, nothing staff-only answers them (the server functions through
/// `require_staff`, the live stream and what it carries, such as call pop-ups).
pub fn password_chosen(caller: Caller) -> Result<Caller, AppError> {
    match caller {
        Caller::Staff(staff) if staff.must_change_password => Err(AppError::conflict(
            "password",
            "password_change_required",
            "Choose your own password first",
        )),
        caller => Ok(caller),
    }
}

/// Signed-in staff whose role has `capability` (the definition the access matrix shows).
pub async fn require_capability(capability: Capability) -> Result<StaffCaller, AppError> {
    require_staff(capability.min_role()).await
}

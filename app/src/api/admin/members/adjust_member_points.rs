use leptos::server;

use crate::error::AppError;
use crate::model::admin::MemberStanding;

/// Adds or takes a member's points with a ledger entry (never an edit), saying why; the
/// same `request_key` again changes nothing. 409 `insufficient_points` below zero.
#[server(endpoint = "admin/members/adjust_points")]
pub async fn adjust_member_points(
    customer_no: String,
    delta: String,
    reason: String,
    request_key: String,
) -> Result<MemberStanding, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{loyalty, state};
    use crate::domain::{parse_points_adjustment, Capability, CustomerNumber, IdempotencyKey};

    let admin = require_capability(Capability::ManageMembers).await?;
    let customer_no = CustomerNumber::parse(&customer_no).map_err(|e| AppError::invalid("customer_no", e))?;
    let delta = parse_points_adjustment(&delta).map_err(|e| AppError::invalid("delta", e))?;
    let key = IdempotencyKey::parse(&request_key).map_err(|e| AppError::invalid("request_key", e))?;
    let state = state()?;
    loyalty::member_admin::adjust_points(
        &state.db,
        &state.points,
        admin.staff_id,
        &customer_no,
        delta,
        &reason,
        &key,
    )
    .await
}

use leptos::server;

use crate::error::AppError;
use crate::model::admin::MemberStanding;

/// Locks a member's account (no sign-in; every session ends at its next request, in every
/// process) or unlocks it, saying why. Audited with before and after.
#[server(endpoint = "admin/members/set_locked")]
pub async fn set_member_locked(customer_no: String, locked: bool, reason: String) -> Result<MemberStanding, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{loyalty, state};
    use crate::domain::{Capability, CustomerNumber};

    let admin = require_capability(Capability::ManageMembers).await?;
    let customer_no = CustomerNumber::parse(&customer_no).map_err(|e| AppError::invalid("customer_no", e))?;
    loyalty::member_admin::set_locked(&state()?.db, admin.staff_id, &customer_no, locked, &reason).await
}

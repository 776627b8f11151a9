use leptos::server;

use crate::error::AppError;
use crate::model::admin::MemberStanding;

/// Sets a member's level and VIP tier, saying why. Audited with before and after.
#[server(endpoint = "admin/members/set_level")]
pub async fn set_member_level(
    customer_no: String,
    member_level: String,
    vip_tier: String,
    reason: String,
) -> Result<MemberStanding, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{loyalty, state};
    use crate::domain::{Capability, CustomerNumber, Invalid, MemberLevel, VipTier};

    let admin = require_capability(Capability::ManageMembers).await?;
    let customer_no = CustomerNumber::parse(&customer_no).map_err(|e| AppError::invalid("customer_no", e))?;
    let level = MemberLevel::parse(&member_level).ok_or_else(|| {
        AppError::invalid(
            "member_level",
            Invalid::new("choice_invalid", "Choose one of the options"),
        )
    })?;
    let tier = VipTier::parse(&vip_tier)
        .ok_or_else(|| AppError::invalid("vip_tier", Invalid::new("choice_invalid", "Choose one of the options")))?;
    loyalty::member_admin::set_level(&state()?.db, admin.staff_id, &customer_no, level, tier, &reason).await
}

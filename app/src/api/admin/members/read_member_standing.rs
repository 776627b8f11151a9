use leptos::server;

use crate::error::AppError;
use crate::model::admin::MemberStanding;

/// A member's level, tier, lock and points, for the admin card beside their record.
#[server(endpoint = "admin/members/standing")]
pub async fn read_member_standing(customer_no: String) -> Result<MemberStanding, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{loyalty, state};
    use crate::domain::{Capability, CustomerNumber};

    require_capability(Capability::ManageMembers).await?;
    let customer_no = CustomerNumber::parse(&customer_no).map_err(|e| AppError::invalid("customer_no", e))?;
    loyalty::member_admin::standing(&state()?.db, &customer_no).await
}

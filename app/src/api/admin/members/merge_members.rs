use leptos::server;

use crate::error::AppError;
use crate::model::admin::MemberMerge;

/// Merges a duplicate record (`duplicate_no`) into the customer kept (`kept_no`): policies,
/// claims, work orders, points and history move in one transaction; the duplicate is locked
/// and its number finds the kept customer from then on. 404 for an unknown number; 409
/// `merge_same_customer` / `customer_merged`; audited on both with the reason and what moved.
#[server(endpoint = "admin/members/merge")]
pub async fn merge_members(duplicate_no: String, kept_no: String, reason: String) -> Result<MemberMerge, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{loyalty, state};
    use crate::domain::{Capability, CustomerNumber};

    let admin = require_capability(Capability::ManageMembers).await?;
    let duplicate_no = CustomerNumber::parse(&duplicate_no).map_err(|e| AppError::invalid("duplicate_no", e))?;
    let kept_no = CustomerNumber::parse(&kept_no).map_err(|e| AppError::invalid("kept_no", e))?;
    let state = state()?;
    loyalty::merge::merge(
        &state.db,
        &state.files,
        admin.staff_id,
        &duplicate_no,
        &kept_no,
        &reason,
    )
    .await
}

use leptos::server;

use crate::domain::ClaimStage;
use crate::error::AppError;
use crate::model::admin::StageCommitmentSetting;

/// Sets the hours a claim stage may take (1-720); customers see the new promise on claims
/// entering the stage. 422 `commitment_hours_invalid`; audited.
#[server(endpoint = "admin/rules/stage_commitment")]
pub async fn set_stage_commitment(stage: ClaimStage, limit_hours: String) -> Result<StageCommitmentSetting, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{rules, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    rules::set_stage_commitment(&state()?.db, admin.staff_id, stage, &limit_hours).await
}

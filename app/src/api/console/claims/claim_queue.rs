use leptos::server;

use crate::error::AppError;
use crate::model::claims::ClaimDesk;

/// One view of the claims desk (`mine`, `unassigned`, `approvals`, `fast_track`, `all`),
/// VIP customers first and the stage due soonest first, with every view's count, the open
/// claims per stage and the caller's authority. Claims handlers and supervisors.
#[server(endpoint = "console/claim_queue")]
pub async fn claim_queue(view: String) -> Result<ClaimDesk, AppError> {
    use crate::backend::claims;
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{now_ms, state};
    use crate::domain::{Capability, ClaimQueueView, Invalid};

    let staff = require_capability(Capability::HandleClaims).await?;
    let view = ClaimQueueView::parse(view.trim())
        .ok_or_else(|| AppError::invalid("view", Invalid::new("view_invalid", "Choose a queue")))?;
    claims::desk::queue(&state()?.db, &staff, view, now_ms()).await
}

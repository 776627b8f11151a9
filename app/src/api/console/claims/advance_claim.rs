use leptos::server;

use crate::error::AppError;
use crate::model::claims::StageMove;

/// Moves a claim to its next stage with what that stage needs: `survey_notes` to enter
/// `surveyed`; `assessed_loss` and `payout` (yuan) to enter `adjusted`. Moving an adjusted
/// claim to `approved` above the caller's authority leaves it waiting for an approval
/// (`awaiting_approval`); closing an approved claim pays it. `from_stage` is the stage the
/// caller saw: a claim moved on meanwhile is refused (409 `stage_changed`), so a request
/// sent twice moves it once. `note` is shown to the customer on the timeline. Audited.
#[server(endpoint = "console/advance_claim")]
pub async fn advance_claim(
    claim_no: String,
    from_stage: Option<String>,
    note: Option<String>,
    survey_notes: Option<String>,
    assessed_loss: Option<String>,
    payout: Option<String>,
) -> Result<StageMove, AppError> {
    use crate::backend::claims::desk::{self, Advance};
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{now_ms, state};
    use crate::domain::{Capability, ClaimStage, Invalid, StageInput};

    let staff = require_capability(Capability::HandleClaims).await?;
    let claim_no = super::claim_number(&claim_no)?;
    let from_stage = match from_stage.as_deref().map(str::trim).filter(|s| !s.is_empty()) {
        None => None,
        Some(text) => Some(
            ClaimStage::parse(text)
                .ok_or_else(|| AppError::invalid("from_stage", Invalid::new("stage_invalid", "Unknown claim stage")))?,
        ),
    };
    let form = Advance {
        claim_no: &claim_no,
        from_stage,
        note: note.as_deref(),
        input: StageInput {
            survey_notes: survey_notes.as_deref().unwrap_or(""),
            assessed_loss: assessed_loss.as_deref().unwrap_or(""),
            payout: payout.as_deref().unwrap_or(""),
        },
    };
    desk::advance(&state()?.db, &staff, &form, now_ms()).await
}

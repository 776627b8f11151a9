use leptos::server;

use crate::domain::ClaimStage;
use crate::error::AppError;

/// Moves a claim to its next stage (agent and up). Closing needs `outcome` (`paid` or
/// `rejected`); `awaiting_customer` says what the customer must still send. Audited.
#[server(endpoint = "console/advance_claim")]
pub async fn advance_claim(
    claim_no: String,
    outcome: Option<String>,
    note: Option<String>,
    awaiting_customer: Option<String>,
) -> Result<ClaimStage, AppError> {
    use crate::backend::auth::require_staff;
    use crate::backend::{claims, state};
    use crate::domain::{CaseKind, ClaimOutcome, Invalid, Role, NOTE};

    let staff = require_staff(Role::Agent).await?;
    let claim_no = CaseKind::Claim
        .parse(&claim_no, "claim_no_invalid")
        .map_err(|e| AppError::invalid("claim_no", e))?;
    let outcome = match outcome.as_deref().map(str::trim).filter(|o| !o.is_empty()) {
        None => None,
        Some(text) => Some(ClaimOutcome::parse(text).ok_or_else(|| {
            AppError::invalid(
                "outcome",
                Invalid::new("outcome_required", "The outcome is paid or rejected"),
            )
        })?),
    };
    let checked = |field: &str, text: Option<String>| match text {
        None => Ok(None),
        Some(text) => NOTE
            .check(&text)
            .map(|t| Some(t).filter(|t| !t.is_empty()))
            .map_err(|e| AppError::invalid(field, e)),
    };
    let note = checked("note", note)?;
    let awaiting_customer = checked("awaiting_customer", awaiting_customer)?;
    claims::advance(
        &state()?.db,
        staff.staff_id,
        &claim_no,
        outcome,
        note.as_deref(),
        awaiting_customer.as_deref(),
    )
    .await
}

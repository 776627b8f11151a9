use leptos::server;

use crate::error::AppError;
use crate::model::desk::CaseViewer;

/// The caller has the work order or claim `case_no` open (`typing`: writing to the
/// customer; `leaving`: closed it). Answers the colleagues on the same case in the last 30
/// seconds, for "who else is on this case".
#[server(endpoint = "console/case_viewers")]
pub async fn case_viewers(case_no: String, typing: bool, leaving: Option<bool>) -> Result<Vec<CaseViewer>, AppError> {
    use crate::backend::auth::require_capability;
    use crate::backend::{case_viewers as viewers, now_ms, state};
    use crate::domain::{Capability, CaseKind};

    let staff = require_capability(Capability::WorkDesk).await?;
    let case_no = CaseKind::WorkOrder
        .parse(&case_no, "case_no_invalid")
        .or_else(|_| CaseKind::Claim.parse(&case_no, "case_no_invalid"))
        .map_err(|e| AppError::invalid("case_no", e))?;
    let db = &state()?.db;
    if leaving == Some(true) {
        viewers::leave(db, &staff, &case_no).await?;
        return Ok(Vec::new());
    }
    viewers::heartbeat(db, &staff, &case_no, typing, now_ms()).await
}

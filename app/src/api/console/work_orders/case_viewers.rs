use leptos::server;

use crate::error::AppError;
use crate::model::desk::CaseViewer;

/// The caller has the work order or claim `case_no` open (`typing`: writing to the
/// customer; `leaving`: closed it). Answers the colleagues on the same case in the last 30
/// seconds, for "who else is on this case"; 404 for a case the caller may not see.
#[server(endpoint = "console/case_viewers")]
pub async fn case_viewers(case_no: String, typing: bool, leaving: Option<bool>) -> Result<Vec<CaseViewer>, AppError> {
    use crate::backend::auth::require_capability;
    use crate::backend::{case_viewers as viewers, now_ms, state};
    use crate::domain::{Capability, CaseKind};

    let staff = require_capability(Capability::WorkDesk).await?;
    let (kind, case_no) = [CaseKind::WorkOrder, CaseKind::Claim]
        .into_iter()
        .find_map(|kind| kind.parse(&case_no, "case_no_invalid").ok().map(|no| (kind, no)))
        .ok_or_else(|| {
            AppError::invalid(
                "case_no",
                crate::domain::Invalid::new("case_no_invalid", "That number is not in the expected form"),
            )
        })?;
    let db = &state()?.db;
    if leaving == Some(true) {
        viewers::leave(db, &staff, kind, &case_no).await?;
        return Ok(Vec::new());
    }
    viewers::heartbeat(db, &staff, kind, &case_no, typing, now_ms()).await
}

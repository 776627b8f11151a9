use leptos::server;

use crate::error::AppError;
use crate::model::work_orders::CaseViewer;

/// The caller has the work order or claim `case_no` open (`typing`: writing to the
/// customer; `leaving`: closed it). Answers the colleagues on the same case in the last 30
/// seconds, for "who else is on this case"; 404 for a case the caller may not see.
#[server(endpoint = "console/case_viewers")]
pub async fn case_viewers(case_no: String, typing: bool, leaving: Option<bool>) -> Result<Vec<CaseViewer>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{claims, now_ms, staff::presence, state, work_orders};
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
    // Who is on a case is told exactly where the case itself is.
    let visible = {
        let mut conn = db.pool.acquire().await?;
        match kind {
            CaseKind::WorkOrder => work_orders::access::visible_to(&mut conn, &staff, &case_no).await?,
            CaseKind::Claim => claims::desk::visible_to(&mut conn, &staff, &case_no).await?,
            CaseKind::RewardOrder => false,
        }
    };
    if !visible {
        return Err(AppError::NotFound);
    }
    if leaving == Some(true) {
        presence::leave(db, &staff, &case_no).await?;
        return Ok(Vec::new());
    }
    presence::heartbeat(db, &staff, &case_no, typing, now_ms()).await
}

use leptos::server;

use crate::error::AppError;
use crate::model::board::ServiceBoard;

/// The live board (supervisors): each skill group's waiting, at-risk and breached work,
/// the agents by presence, today's intake, first responses and satisfaction against their
/// targets, and the claims desk per stage. Every viewer of a server process shares one
/// aggregation; the board's page hears over the live stream when there is a newer one.
#[server(endpoint = "console/live_board")]
pub async fn live_board() -> Result<ServiceBoard, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::reports::board;
    use crate::backend::{now_ms, state};
    use crate::domain::Capability;

    require_capability(Capability::Supervise).await?;
    let board = board::read(&state()?, now_ms()).await?;
    Ok(ServiceBoard::clone(&board))
}

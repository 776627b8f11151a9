use leptos::server;

use super::Announcement;
use crate::error::AppError;

/// Published, unexpired announcements, newest first. Open to everyone.
#[server(endpoint = "inbox/announcements")]
pub async fn announcements() -> Result<Vec<Announcement>, AppError> {
    use crate::backend::{inbox, state};

    inbox::announcements(&state()?.db, 10).await
}

use leptos::server;

use crate::error::AppError;
use crate::model::announcements::Announcement;

/// Published, unexpired announcements, newest first. Open to everyone.
#[server(endpoint = "announcements/published")]
pub async fn list_announcements() -> Result<Vec<Announcement>, AppError> {
    use crate::backend::{content::announcements, state};

    announcements::published(&state()?.db, 10).await
}

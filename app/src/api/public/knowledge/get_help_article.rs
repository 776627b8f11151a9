use leptos::server;

use crate::error::AppError;
use crate::model::knowledge::Article;

/// A published article by its address (`/help/<slug>`); 404 for a draft or none.
#[server(endpoint = "help/article")]
pub async fn get_help_article(slug: String) -> Result<Article, AppError> {
    use crate::backend::{content::knowledge, state};

    if slug.len() > 60 {
        return Err(AppError::NotFound);
    }
    knowledge::published(&state()?.db, &slug).await
}

use leptos::server;

use crate::domain::ArticleKind;
use crate::error::AppError;
use crate::model::knowledge::ArticleSummary;

/// Published articles with every word of `query` in a title or text, in either language
/// (all of them when it is empty), optionally of one kind; title matches first, at most 50.
#[server(endpoint = "help/search")]
pub async fn search_help(query: String, kind: Option<ArticleKind>) -> Result<Vec<ArticleSummary>, AppError> {
    use crate::backend::{content::knowledge, state};

    knowledge::search(&state()?.db, &query, kind).await
}

use leptos::server;

use crate::error::AppError;
use crate::model::knowledge::Article;

/// Every knowledge-base article, drafts too, newest change first.
#[server(endpoint = "admin/knowledge")]
pub async fn list_articles() -> Result<Vec<Article>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{content::knowledge, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    knowledge::list_all(&state()?.db).await
}

use leptos::server;

use crate::error::AppError;
use crate::model::knowledge::Article;
use crate::model::paging::Page;

/// A page of every knowledge-base article, drafts too, newest change first (those after
/// the cursor `before` when given). 422 `cursor_malformed` for a cursor it did not hand out.
#[server(endpoint = "admin/knowledge")]
pub async fn list_articles(before: Option<String>) -> Result<Page<Article>, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{content::knowledge, state};
    use crate::domain::Capability;

    require_capability(Capability::ManageRules).await?;
    let before = crate::backend::platform::paging::cursor_param(before.as_deref())?;
    knowledge::list_all(&state()?.db, before).await
}

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
    use crate::domain::{Capability, PageCursor};

    require_capability(Capability::ManageRules).await?;
    let before = PageCursor::parse_before(before.as_deref()).map_err(|e| AppError::invalid("before", e))?;
    knowledge::list_all(&state()?.db, before).await
}

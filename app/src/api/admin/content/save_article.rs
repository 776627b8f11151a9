use leptos::server;
use server_fn::codec::Json;

use crate::domain::ArticleFields;
use crate::error::AppError;
use crate::model::knowledge::Article;

/// Writes a knowledge-base article (a new one without `id`): 422 per field
/// (`slug_invalid`, `title_required`, `article_body_too_short`, ...), 409 `slug_taken`;
/// audited with before and after. Published articles are found at once.
#[server(endpoint = "admin/knowledge/save", input = Json)]
pub async fn save_article(id: Option<i64>, article: ArticleFields) -> Result<Article, AppError> {
    use crate::backend::platform::auth::require_capability;
    use crate::backend::{content::knowledge, state};
    use crate::domain::Capability;

    let admin = require_capability(Capability::ManageRules).await?;
    knowledge::save(&state()?.db, admin.staff_id, id, &article).await
}

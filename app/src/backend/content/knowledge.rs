//! The knowledge base (咨询服务): product pages, service guides and an FAQ in both
//! languages. Admins write them (audited with before and after); the public, customers and
//! agents read the published ones and search them in either language.

use crate::backend::platform::audit;
use crate::backend::{like_pattern, now_ms, platform::paging, stored, Db, Tx};
use crate::domain::{check_article, index_terms, query_terms, search_terms, ArticleFields, ArticleKind, PageCursor};
use crate::error::AppError;
use crate::model::knowledge::{Article, ArticleSummary};
use crate::model::paging::{Page, ADMIN_PAGE_SIZE};

#[derive(sqlx::FromRow)]
struct ArticleRow {
    id: i64,
    slug: String,
    kind: String,
    title_zh: String,
    title_en: String,
    body_zh: String,
    body_en: String,
    published: i64,
    updated_at: i64,
}

impl ArticleRow {
    fn into_article(self) -> Result<Article, AppError> {
        Ok(Article {
            kind: stored(ArticleKind::parse(&self.kind), "article kind")?,
            id: self.id,
            slug: self.slug,
            title_zh: self.title_zh,
            title_en: self.title_en,
            body_zh: self.body_zh,
            body_en: self.body_en,
            published: self.published != 0,
            updated_at: self.updated_at,
        })
    }

    fn into_summary(self) -> Result<ArticleSummary, AppError> {
        Ok(ArticleSummary {
            kind: stored(ArticleKind::parse(&self.kind), "article kind")?,
            excerpt_zh: excerpt(&self.body_zh),
            excerpt_en: excerpt(&self.body_en),
            slug: self.slug,
            title_zh: self.title_zh,
            title_en: self.title_en,
        })
    }
}

/// The first words of an article, on one line.
fn excerpt(body: &str) -> String {
    const CHARS: usize = 110;
    let flat = body.split_whitespace().collect::<Vec<_>>().join(" ");
    if flat.chars().count() <= CHARS {
        flat
    } else {
        format!("{}…", flat.chars().take(CHARS).collect::<String>())
    }
}

const SELECT: &str = "SELECT id, slug, kind, title_zh, title_en, body_zh, body_en, published, updated_at \
                      FROM knowledge_articles";

/// Guides first (how to claim, what to send), then answers, then products.
const KIND_ORDER: &str = "CASE kind WHEN 'guide' THEN 0 WHEN 'faq' THEN 1 ELSE 2 END";

/// The most words a search matches (each must appear, in a title or a text, either language).
const MAX_WORDS: usize = 4;

/// Published articles with every word of `query` (all of them when it is empty), those with
/// the first word in the title first. A word is found by its terms in `knowledge_terms`
/// (`domain::query_terms`: a Chinese word's pairs of characters, a Latin word's beginning),
/// read from its index, so the cost follows the articles found, not the articles kept.
pub async fn search(db: &Db, query: &str, kind: Option<ArticleKind>) -> Result<Vec<ArticleSummary>, AppError> {
    let query = search_terms(query);
    let words: Vec<&str> = query.split_whitespace().take(MAX_WORDS).collect();
    let mut terms: Vec<String> = words.iter().flat_map(|w| query_terms(w)).collect();
    terms.sort();
    terms.dedup();
    if !words.is_empty() && terms.is_empty() {
        // Only what the index does not keep (punctuation, a lone Latin letter): nothing found.
        return Ok(Vec::new());
    }
    let mut conditions = vec!["published = 1".to_string()];
    // $1: the first word, for the title-first order.
    let mut n = usize::from(!words.is_empty());
    for _ in &terms {
        n += 1;
        conditions.push(format!(
            "id IN (SELECT article_id FROM knowledge_terms WHERE term = ${n})"
        ));
    }
    if kind.is_some() {
        n += 1;
        conditions.push(format!("kind = ${n}"));
    }
    // Title matches first (the first word stands for the query); then by kind and title.
    let title_first = if words.is_empty() {
        ""
    } else {
        "CASE WHEN LOWER(title_zh) LIKE LOWER($1) ESCAPE '\\' OR LOWER(title_en) LIKE LOWER($1) ESCAPE '\\' \
         THEN 0 ELSE 1 END, "
    };
    let sql = format!(
        "{SELECT} WHERE {} ORDER BY {title_first}{KIND_ORDER}, title_en LIMIT 50",
        conditions.join(" AND ")
    );
    // Planned with its terms each time (see `customers::find`).
    let mut select = sqlx::query_as::<_, ArticleRow>(&sql).persistent(false);
    if let Some(first) = words.first() {
        select = select.bind(format!("%{}%", like_pattern(first)));
    }
    for term in &terms {
        select = select.bind(term);
    }
    if let Some(kind) = kind {
        select = select.bind(kind.as_str());
    }
    let rows = select.fetch_all(&db.read).await?;
    rows.into_iter().map(ArticleRow::into_summary).collect()
}

/// Writes an article's search terms anew, in the transaction of its change.
async fn index(tx: &mut Tx, id: i64, texts: [&str; 4]) -> Result<(), AppError> {
    sqlx::query("DELETE FROM knowledge_terms WHERE article_id = $1")
        .bind(id)
        .execute(&mut **tx)
        .await?;
    let terms: Vec<String> = index_terms(&texts.join("\n")).into_iter().collect();
    for chunk in terms.chunks(TERMS_PER_INSERT) {
        let rows: Vec<String> = (0..chunk.len()).map(|k| format!("(${}, $1)", k + 2)).collect();
        let sql = format!(
            "INSERT INTO knowledge_terms (term, article_id) VALUES {}",
            rows.join(", ")
        );
        let mut insert = sqlx::query(&sql).bind(id);
        for term in chunk {
            insert = insert.bind(term);
        }
        insert.execute(&mut **tx).await?;
    }
    Ok(())
}

/// Terms written by one statement (well under either database's limit of parameters).
const TERMS_PER_INSERT: usize = 400;

/// Indexes the articles that have no terms yet (written before the index existed, or in
/// bulk by the scale generator), a batch per transaction; answers how many.
pub async fn index_unindexed(db: &Db) -> Result<usize, AppError> {
    let rows: Vec<ArticleRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE NOT EXISTS (SELECT 1 FROM knowledge_terms t WHERE t.article_id = knowledge_articles.id) \
         ORDER BY id"
    ))
    .fetch_all(&db.pool)
    .await?;
    for batch in rows.chunks(100) {
        let mut tx = db.begin_write().await?;
        for a in batch {
            index(&mut tx, a.id, [&a.title_zh, &a.title_en, &a.body_zh, &a.body_en]).await?;
        }
        tx.commit().await?;
    }
    Ok(rows.len())
}

/// A published article by its address.
pub async fn published(db: &Db, slug: &str) -> Result<Article, AppError> {
    let row: Option<ArticleRow> = sqlx::query_as(&format!("{SELECT} WHERE slug = $1 AND published = 1"))
        .bind(slug)
        .fetch_optional(&db.pool)
        .await?;
    row.ok_or(AppError::NotFound)?.into_article()
}

/// A page of every article, drafts too, for admins: newest change first (those before
/// `before` when given). An article changed between two reads moves to the top.
pub async fn list_all(db: &Db, before: Option<PageCursor>) -> Result<Page<Article>, AppError> {
    let (at, id) = paging::before(before);
    let rows: Vec<ArticleRow> = sqlx::query_as(&format!(
        "{SELECT} WHERE (updated_at, id) < ($1, $2) ORDER BY updated_at DESC, id DESC LIMIT $3"
    ))
    .bind(at)
    .bind(id)
    .bind(paging::limit(ADMIN_PAGE_SIZE))
    .fetch_all(&db.pool)
    .await?;
    paging::page(
        rows,
        ADMIN_PAGE_SIZE,
        |row| PageCursor {
            at: row.updated_at,
            id: row.id,
        },
        ArticleRow::into_article,
    )
}

async fn load(tx: &mut Tx, id: i64) -> Result<Article, AppError> {
    let row: Option<ArticleRow> = sqlx::query_as(&format!("{SELECT} WHERE id = $1"))
        .bind(id)
        .fetch_optional(&mut **tx)
        .await?;
    row.ok_or(AppError::NotFound)?.into_article()
}

/// Writes an article (a new one when `id` is `None`): every field checked at once, the
/// address unique (409 `slug_taken`), audited with before and after.
pub async fn save(db: &Db, staff_id: i64, id: Option<i64>, fields: &ArticleFields) -> Result<Article, AppError> {
    let article = check_article(fields).map_err(AppError::first_invalid)?;
    let now = now_ms();
    let mut tx = db.begin_write().await?;
    let before = match id {
        Some(id) => Some(load(&mut tx, id).await?),
        None => None,
    };
    let id = match id {
        Some(id) => {
            sqlx::query(
                "UPDATE knowledge_articles SET slug = $1, kind = $2, title_zh = $3, title_en = $4, body_zh = $5, \
                 body_en = $6, published = $7, updated_by_staff_id = $8, updated_at = $9 WHERE id = $10",
            )
            .bind(&article.slug)
            .bind(article.kind.as_str())
            .bind(&article.title_zh)
            .bind(&article.title_en)
            .bind(&article.body_zh)
            .bind(&article.body_en)
            .bind(i64::from(article.published))
            .bind(staff_id)
            .bind(now)
            .bind(id)
            .execute(&mut *tx)
            .await?;
            index(&mut tx, id, article_texts(&article)).await?;
            id
        }
        None => insert(&mut tx, &article, Some(staff_id), now).await?,
    };
    let after = load(&mut tx, id).await?;
    let detail = serde_json::json!({ "article": after.slug, "before": before, "after": after });
    audit::record_change(
        &mut tx,
        staff_id,
        if before.is_some() {
            "knowledge.update"
        } else {
            "knowledge.create"
        },
        detail,
    )
    .await?;
    tx.commit().await?;
    Ok(after)
}

/// The one `INSERT` of an article, for admins and the demo seeder.
pub async fn insert(
    tx: &mut Tx,
    article: &crate::domain::CheckedArticle,
    staff_id: Option<i64>,
    now: i64,
) -> Result<i64, AppError> {
    let id: i64 = sqlx::query_scalar(
        "INSERT INTO knowledge_articles (slug, kind, title_zh, title_en, body_zh, body_en, published, updated_by_staff_id, \
         created_at, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $9) RETURNING id",
    )
    .bind(&article.slug)
    .bind(article.kind.as_str())
    .bind(&article.title_zh)
    .bind(&article.title_en)
    .bind(&article.body_zh)
    .bind(&article.body_en)
    .bind(i64::from(article.published))
    .bind(staff_id)
    .bind(now)
    .fetch_one(&mut **tx)
    .await?;
    index(tx, id, article_texts(article)).await?;
    Ok(id)
}

fn article_texts(article: &crate::domain::CheckedArticle) -> [&str; 4] {
    [&article.title_zh, &article.title_en, &article.body_zh, &article.body_en]
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn an_excerpt_is_one_short_line() {
        assert_eq!(excerpt("第一行\n\n第二行"), "第一行 第二行");
        let long = "word ".repeat(50);
        let cut = excerpt(&long);
        assert!(cut.ends_with('…') && cut.chars().count() == 111, "{cut}");
    }
}

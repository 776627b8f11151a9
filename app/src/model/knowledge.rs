//! The knowledge base (咨询服务) as everyone reads it: product pages, service guides, FAQ.

use serde::{Deserialize, Serialize};

use crate::domain::ArticleKind;

/// An article in a list of results: its title and the start of its text.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ArticleSummary {
    pub slug: String,
    pub kind: ArticleKind,
    pub title_zh: String,
    pub title_en: String,
    pub excerpt_zh: String,
    pub excerpt_en: String,
}

/// A whole article. `published` false only for admins (a draft).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Article {
    pub id: i64,
    pub slug: String,
    pub kind: ArticleKind,
    pub title_zh: String,
    pub title_en: String,
    pub body_zh: String,
    pub body_en: String,
    pub published: bool,
    pub updated_at: i64,
}

-- The help centre's search index (issue 29): each article's terms (domain::index_terms:
-- Chinese characters and pairs of them, beginnings of Latin words), so a search reads the
-- articles having each term from this table's key instead of every article's text (a scan
-- of 10,000 articles answered 25 searches a second). Written by backend::content::knowledge
-- with the article, in its transaction; articles written before it are indexed at start.
CREATE TABLE knowledge_terms (
    term        TEXT NOT NULL,
    article_id  BIGINT NOT NULL REFERENCES knowledge_articles (id) ON DELETE CASCADE,
    PRIMARY KEY (term, article_id)
);
CREATE INDEX knowledge_terms_article_idx ON knowledge_terms (article_id);
-- Keep in step with the other backend's 20261207000009_help_centre_index.sql.

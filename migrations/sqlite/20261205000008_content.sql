-- Content admins write for customers. The knowledge base (咨询服务): product pages, service
-- guides and an FAQ in both languages, found by the public, customers and agents alike.
-- Announcements gain a life cycle (draft, published from a time, withdrawn) and may be sent
-- to a segment of customers once, through a notice keyed by the announcement.
-- Keep in step with ../postgres/20261205000008_content.sql.

CREATE TABLE knowledge_articles (
    id            INTEGER PRIMARY KEY,
    slug          TEXT NOT NULL CONSTRAINT knowledge_articles_slug_key UNIQUE,
    kind          TEXT NOT NULL CONSTRAINT knowledge_articles_kind_check CHECK (kind IN ('product', 'guide', 'faq')),
    title_zh      TEXT NOT NULL,
    title_en      TEXT NOT NULL,
    body_zh       TEXT NOT NULL,
    body_en       TEXT NOT NULL,
    published     BIGINT NOT NULL DEFAULT 0,
    updated_by    BIGINT REFERENCES staff (id),
    created_at    BIGINT NOT NULL,
    updated_at    BIGINT NOT NULL
);
CREATE INDEX knowledge_articles_kind_idx ON knowledge_articles (published, kind);

ALTER TABLE announcements ADD COLUMN status TEXT NOT NULL DEFAULT 'published'
    CONSTRAINT announcements_status_check CHECK (status IN ('draft', 'published', 'withdrawn'));
ALTER TABLE announcements ADD COLUMN segment TEXT NOT NULL DEFAULT 'all';
ALTER TABLE announcements ADD COLUMN notify BIGINT NOT NULL DEFAULT 0;
-- A draft's chosen time (empty: when published); published_at is set on publishing.
ALTER TABLE announcements ADD COLUMN publish_at BIGINT;
-- Set once the segment has been told; a sweep tells scheduled ones when their time comes.
ALTER TABLE announcements ADD COLUMN notified_at BIGINT;
ALTER TABLE announcements ADD COLUMN created_by BIGINT REFERENCES staff (id);

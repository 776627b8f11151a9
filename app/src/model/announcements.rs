//! The insurer's announcements as everyone reads them (the admins' side is
//! `admin::AnnouncementSetting`).

use serde::{Deserialize, Serialize};

/// A published announcement, in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub id: i64,
    pub title_zh: String,
    pub title_en: String,
    pub body_zh: String,
    pub body_en: String,
    pub published_at: i64,
}

use serde::{Deserialize, Serialize};

use crate::domain::NotificationKind;

/// One inbox message; its text is rendered in the reader's language from `kind` and `params`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    pub params: Vec<(String, String)>,
    pub link: Option<String>,
    pub read: bool,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Inbox {
    pub unread: i64,
    /// Newest first.
    pub items: Vec<Notification>,
}

/// Which channels the customer wants notices on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelPreferences {
    pub in_app: bool,
    pub sms: bool,
    pub email: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Announcement {
    pub id: i64,
    pub title_zh: String,
    pub title_en: String,
    pub body_zh: String,
    pub body_en: String,
    pub published_at: i64,
}

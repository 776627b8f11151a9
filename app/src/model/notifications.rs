//! The customer's notifications (通知) as the portal shows them, and the channels they
//! want them on.

use serde::{Deserialize, Serialize};

use crate::domain::NotificationKind;

/// One notification; its text is rendered in the reader's language from `kind` and `params`.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Notification {
    pub id: i64,
    pub kind: NotificationKind,
    pub params: Vec<(String, String)>,
    pub link: Option<String>,
    pub read: bool,
    pub at: i64,
}

/// A page of the customer's notifications and how many of them all are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationList {
    pub unread: i64,
    /// Newest first.
    pub items: Vec<Notification>,
    /// The cursor of the next page (`notifications/mine` with `before`), when there is one.
    pub next: Option<String>,
}

/// Which channels the customer wants notifications on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelPreferences {
    pub in_app: bool,
    pub sms: bool,
    pub email: bool,
}

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

/// The customer's notifications and how many are unread.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct NotificationList {
    pub unread: i64,
    /// Newest first.
    pub items: Vec<Notification>,
}

/// Which channels the customer wants notifications on.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct ChannelPreferences {
    pub in_app: bool,
    pub sms: bool,
    pub email: bool,
}

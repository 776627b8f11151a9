mod announcements;
mod my_notifications;
mod notification_settings;
mod portal_home;

pub use announcements::*;
pub use my_notifications::*;
pub use notification_settings::*;
pub use portal_home::*;

use serde::{Deserialize, Serialize};

use crate::api::claims::ClaimSummary;
use crate::domain::{Money, NotificationKind};

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

/// What needs the customer's attention, for the portal home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeSummary {
    pub open_claims: Vec<ClaimSummary>,
    /// Work orders with a reply the customer has not read.
    pub unread_replies: i64,
    pub unread_notifications: i64,
    pub premiums_due: Vec<PremiumDue>,
    pub points_balance: i64,
    pub points_expiring_soon: i64,
    pub announcements: Vec<Announcement>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PremiumDue {
    pub policy_no: String,
    pub product_name_zh: String,
    pub product_name_en: String,
    pub due_date: String,
    pub amount: Money,
    pub overdue: bool,
}

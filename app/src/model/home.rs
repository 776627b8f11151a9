//! The portal home: what needs the customer's attention.

use serde::{Deserialize, Serialize};

use super::claims::ClaimSummary;
use super::inbox::Announcement;
use crate::domain::Money;

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

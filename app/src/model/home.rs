//! The portal home: what needs the customer's attention.

use serde::{Deserialize, Serialize};

use super::announcements::Announcement;
use super::claims::ClaimSummary;
use crate::domain::Money;

/// How many open claims the home page shows; the claims page has the rest.
pub const HOME_OPEN_CLAIMS: usize = 3;

/// What needs the customer's attention, for the portal home.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct HomeSummary {
    /// The latest few open claims (`HOME_OPEN_CLAIMS`), newest first.
    pub open_claims: Vec<ClaimSummary>,
    /// All open claims, for the link to the rest.
    pub open_claims_total: i64,
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
    /// Its due date has passed unpaid.
    pub overdue: bool,
    /// The policy has lapsed for it: no cover until the premium is paid and cover restored.
    pub policy_lapsed: bool,
}

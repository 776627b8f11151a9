use serde::{Deserialize, Serialize};

use super::claims::ClaimSummary;
use super::policies::PolicySummary;
use super::work_orders::WorkOrderSummary;
use crate::domain::{Channel, ClaimStage, ContactKind, MemberLevel, NotificationKind, VipTier};

/// The most customers a search shows; a search that shows this many may have found more,
/// and the agent is asked to narrow it down.
pub const CUSTOMER_SEARCH_SHOWN: usize = 20;

/// A customer as a search result.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerSummary {
    pub customer_no: String,
    pub name: String,
    pub phone: Option<String>,
    pub email: Option<String>,
    pub member_level: MemberLevel,
    pub vip_tier: VipTier,
    pub policy_count: i64,
}

/// A customer's profile and policies, read-only, for the agent console.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerProfile {
    pub customer: CustomerSummary,
    /// Staff-only tags (大客户, 投诉敏感...), shown wherever the customer is.
    pub tags: Vec<String>,
    pub id_number_masked: Option<String>,
    /// When the customer was first recorded, epoch milliseconds UTC.
    pub registered_at: i64,
    pub policies: Vec<PolicySummary>,
}

/// One interaction with the customer, on any channel, for the contact history.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactEvent {
    pub at: i64,
    pub kind: ContactKind,
    pub channel: Option<Channel>,
    /// The claim or work order it belongs to.
    pub reference: Option<String>,
    /// What was said or done, shortened.
    pub text: String,
    pub staff: Option<String>,
    pub stage: Option<ClaimStage>,
    pub notification: Option<NotificationKind>,
}

/// Everything about a customer on one page (客户360): profile and policies, claims, work
/// orders, points, and every interaction, newest first.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerOverview {
    pub profile: CustomerProfile,
    pub claims: Vec<ClaimSummary>,
    pub work_orders: Vec<WorkOrderSummary>,
    pub points_balance: i64,
    pub history: Vec<ContactEvent>,
    /// Staff-only notes, newest first.
    pub notes: Vec<CustomerNote>,
    /// A correction of the contacts waiting for a second person or the customer's code.
    pub pending_contact_change: Option<ContactChange>,
    /// Whether the caller may ask for (and decide) contact corrections.
    pub may_correct_contacts: bool,
}

/// A correction of a customer's mobile number and e-mail that staff asked for, waiting for
/// a second person's approval or the customer's code from the old contact.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ContactChange {
    pub id: i64,
    pub customer_no: String,
    pub customer_name: String,
    pub phone_before: Option<String>,
    pub email_before: Option<String>,
    pub phone_after: Option<String>,
    pub email_after: Option<String>,
    pub reason: String,
    /// Who asked for it.
    pub requested_by: String,
    pub requested_at: i64,
    /// The caller asked for it (so they may withdraw it, not approve it).
    pub mine: bool,
    /// Where the latest code went (masked), if one was sent.
    pub code_sent_to: Option<String>,
}

/// A note staff keep about a customer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CustomerNote {
    pub body: String,
    pub author: String,
    pub at: i64,
}

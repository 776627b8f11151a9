use serde::{Deserialize, Serialize};

use super::policies::PolicySummary;
use crate::domain::{MemberLevel, VipTier};

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
    pub id_number_masked: Option<String>,
    /// When the customer was first recorded, epoch milliseconds UTC.
    pub registered_at: i64,
    pub policies: Vec<PolicySummary>,
}

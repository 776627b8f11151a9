//! Outbound follow-up (回访) at the console. Staff bundle and server only.

use serde::{Deserialize, Serialize};

use crate::domain::{ClaimOutcome, FollowUpOutcome, FollowUpStatus, Money, ResolutionCode, VipTier};

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUp {
    pub id: i64,
    pub customer_no: String,
    pub customer_name: String,
    pub phone: Option<String>,
    pub vip_tier: VipTier,
    /// On a closed claim; else on a resolved complaint.
    pub on_claim: bool,
    /// The claim or work order number.
    pub reference: String,
    pub complaint: bool,
    /// What the case was about: the work order's subject or what the customer told of the claim.
    pub case_subject: String,
    /// How it ended: the work order's resolution, or the claim's outcome and what was paid.
    pub resolution_code: Option<ResolutionCode>,
    pub claim_outcome: Option<ClaimOutcome>,
    pub payout: Option<Money>,
    pub status: FollowUpStatus,
    pub attempts: i64,
    pub outcome: Option<FollowUpOutcome>,
    /// The customer's answer, 1 to 5.
    pub satisfaction: Option<i64>,
    pub comment: Option<String>,
    pub due_at: i64,
    pub agent: Option<String>,
    pub closed_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct FollowUpList {
    /// Complaints first, then the first due.
    pub open: Vec<FollowUp>,
    /// The latest results, newest first.
    pub done: Vec<FollowUp>,
    /// Unanswered calls before a follow-up closes as unreached.
    pub max_attempts: i64,
    pub now: i64,
}

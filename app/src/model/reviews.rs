//! Reviews at the console: ID photos for advanced verification. Staff bundle and server only.

use serde::{Deserialize, Serialize};

use crate::domain::{MemberLevel, VipTier};

/// One ID photo sent for advanced verification, with what it is checked against.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityReview {
    pub id: i64,
    pub customer_no: String,
    /// The name on record, checked at real-name verification.
    pub name: String,
    pub vip_tier: VipTier,
    pub member_level: MemberLevel,
    pub id_number_masked: Option<String>,
    /// The photo, for `console/case_file`.
    pub document_id: String,
    /// `None` while pending.
    pub approved: Option<bool>,
    pub submitted_at: i64,
    /// One working day after it was sent (the portal's promise).
    pub due_at: i64,
    pub reviewer: Option<String>,
    pub reviewed_at: Option<i64>,
    pub refusal_reason: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IdentityReviews {
    /// Oldest first: the first due.
    pub pending: Vec<IdentityReview>,
    /// The latest decisions, newest first.
    pub recent: Vec<IdentityReview>,
    pub now: i64,
}

//! The console's claims desk: claims by stage with their committed time left, a claim as
//! its handler sees it, and the outcome of moving one on. Staff bundle and server only.

use serde::{Deserialize, Serialize};

use crate::domain::{ClaimOutcome, ClaimQueueView, ClaimStage, Money, VipTier};
use crate::model::customers::CustomerProfile;
use crate::model::documents::DocumentInfo;
use crate::model::work_orders::Colleague;

/// A claim as a line on the desk.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimLine {
    pub claim_no: String,
    pub customer_no: String,
    pub customer_name: String,
    pub vip_tier: VipTier,
    pub product_name_zh: String,
    pub product_name_en: String,
    pub coverage_name_zh: String,
    pub coverage_name_en: String,
    pub stage: ClaimStage,
    pub outcome: Option<ClaimOutcome>,
    pub amount: Money,
    /// The payout adjusted or approved, once there is one.
    pub payout: Option<Money>,
    pub handler: Option<String>,
    pub handler_id: Option<i64>,
    pub reported_at: i64,
    pub stage_entered_at: i64,
    /// When the current stage's committed time runs out (服务承诺).
    pub stage_due_at: Option<i64>,
    pub fast_track: bool,
    /// Waiting for documents from the customer.
    pub awaiting_customer: bool,
    /// A payout above its handler's authority, waiting for someone with enough.
    pub pending_approval: Option<Money>,
    pub disputed: bool,
}

/// How many claims each view holds now, each up to `domain::service_level::VIEW_COUNT_CAP`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimCounts {
    pub mine: i64,
    pub unassigned: i64,
    pub approvals: i64,
    pub fast_track: i64,
    pub all: i64,
}

impl ClaimCounts {
    pub fn of(&self, view: ClaimQueueView) -> i64 {
        match view {
            ClaimQueueView::Mine => self.mine,
            ClaimQueueView::Unassigned => self.unassigned,
            ClaimQueueView::Approvals => self.approvals,
            ClaimQueueView::FastTrack => self.fast_track,
            ClaimQueueView::All => self.all,
        }
    }
}

/// Open claims at one stage (up to `VIEW_COUNT_CAP`, as the counts), with the stage's committed limit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageLoad {
    pub stage: ClaimStage,
    pub open: i64,
    /// Of those, past the committed time.
    pub overdue: i64,
    pub limit_hours: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDesk {
    pub view: ClaimQueueView,
    pub counts: ClaimCounts,
    pub stages: Vec<StageLoad>,
    pub lines: Vec<ClaimLine>,
    /// The view holds more than the page shows.
    pub more: bool,
    /// What the caller may approve; `None` has no limit.
    pub authority: Option<Money>,
    pub now: i64,
}

/// A step of the claim's history as staff see it: who moved it, and their note.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimStep {
    pub stage: ClaimStage,
    pub at: i64,
    pub note: Option<String>,
    /// `None`: the customer or the rules (reporting, fast track).
    pub staff: Option<String>,
}

/// An internal note on a claim: staff only.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimNote {
    pub author: String,
    pub body: String,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimApproval {
    pub amount: Money,
    pub requested_by: String,
    pub requested_at: i64,
    /// `pending`, `approved` or `refused`.
    pub status: String,
    pub decided_by: Option<String>,
    pub decided_at: Option<i64>,
    pub reason: Option<String>,
}

/// A claim with everything its handler needs on one screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimCase {
    pub line: ClaimLine,
    pub policy_no: String,
    pub coverage_limit: Money,
    pub incident_date: String,
    pub incident_place: String,
    pub description: String,
    pub payout_bank: String,
    pub payout_account_masked: String,
    /// The account is new and must be checked before paying.
    pub payout_account_to_check: bool,
    pub fast_track_review: Option<String>,
    pub fast_track_stopped: bool,
    pub survey_notes: Option<String>,
    pub assessed_loss: Option<Money>,
    pub awaiting_customer: Option<String>,
    pub awaiting_due: Option<String>,
    pub refusal_reason: Option<String>,
    pub dispute_reason: Option<String>,
    pub steps: Vec<ClaimStep>,
    /// Each stage's committed time, in hours.
    pub limits: Vec<(ClaimStage, i64)>,
    pub notes: Vec<ClaimNote>,
    pub approvals: Vec<ClaimApproval>,
    pub documents: Vec<DocumentInfo>,
    pub customer: CustomerProfile,
    /// Claims handlers, for assigning.
    pub handlers: Vec<Colleague>,
    /// The caller may work on it (theirs, unassigned, or they supervise).
    pub can_act: bool,
    /// The caller may decide the pending approval (enough authority, not its requester).
    pub can_decide_approval: bool,
    pub may_assign_others: bool,
    pub authority: Option<Money>,
    pub now: i64,
}

/// What moving a claim on did: moved it, or left it waiting for an approval.
#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageMove {
    pub stage: ClaimStage,
    pub awaiting_approval: bool,
}

//! Claims: as customers report and follow them, and (`desk`) as the claims desk handles them.

use serde::{Deserialize, Serialize};

use crate::domain::{ClaimFields, ClaimOutcome, ClaimStage, Money};
use crate::model::documents::DocumentInfo;

/// A claim as a line in a list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimSummary {
    pub claim_no: String,
    pub policy_no: String,
    pub product_name_zh: String,
    pub product_name_en: String,
    pub coverage_name_zh: String,
    pub coverage_name_en: String,
    pub stage: ClaimStage,
    pub outcome: Option<ClaimOutcome>,
    pub amount: Money,
    pub fast_track: bool,
    /// What the insurer is waiting for from the customer, in the words staff wrote.
    pub awaiting_customer: Option<String>,
    pub reported_at: i64,
    pub updated_at: i64,
}

/// Everything the customer sees on a claim's page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimDetail {
    pub summary: ClaimSummary,
    pub incident_date: String,
    pub incident_place: String,
    pub description: String,
    pub payout_bank: String,
    /// Only ever masked: `6225********7890`.
    pub payout_account_masked: String,
    /// The amount paid or to be paid, once decided.
    pub payout: Option<Money>,
    /// All stages in order; those not reached yet have no time.
    pub timeline: Vec<TimelineStep>,
    pub documents: Vec<DocumentInfo>,
    /// The customer's rating, once given.
    pub rating: Option<i64>,
    /// Why the claim was refused, in the handler's words.
    pub refusal_reason: Option<String>,
    /// The customer contested the decision (once is all).
    pub disputed: bool,
    /// What the insurer asked for, by when (`YYYY-MM-DD`).
    pub awaiting_due: Option<String>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct TimelineStep {
    pub stage: ClaimStage,
    pub reached_at: Option<i64>,
    pub note: Option<String>,
    /// The committed time limit for this stage (服务承诺), in hours.
    pub limit_hours: Option<i64>,
    /// For the current stage: by when it should be done.
    pub due_at: Option<i64>,
}

impl ClaimDetail {
    pub fn is_closed(&self) -> bool {
        self.summary.stage == ClaimStage::Closed
    }
}

/// An in-force policy the customer can claim on, with its coverages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimablePolicy {
    pub policy_no: String,
    pub product_name_zh: String,
    pub product_name_en: String,
    pub period_start: String,
    pub period_end: String,
    /// Claims up to this amount with a photo are approved at once.
    pub fast_track_limit: Option<Money>,
    pub coverages: Vec<CoverageChoice>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageChoice {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub limit: Money,
}

/// The claim form as sent: the policy and coverage, the fields the claim rules check (sent
/// flat beside them), the uploaded documents' ids, and the request key.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimForm {
    pub policy_no: String,
    pub coverage_code: String,
    #[serde(flatten)]
    pub fields: ClaimFields,
    #[serde(default)]
    pub documents: Vec<String>,
    /// Pay to this account on the customer's file (`PayoutAccountOnFile::id`) instead of
    /// the bank and number typed in `fields`.
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub payout_account_id: Option<i64>,
    /// One per form shown; the same key again returns the claim already made.
    pub request_key: String,
}

/// An account the customer's payouts already go to, shown masked: the claim form offers it
/// instead of asking for the number again.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PayoutAccountOnFile {
    pub id: i64,
    pub bank: String,
    pub number_masked: String,
}

/// The claims desk (staff bundle and server only).
#[cfg(any(feature = "ssr", feature = "console"))]
mod desk;
#[cfg(any(feature = "ssr", feature = "console"))]
pub use desk::*;

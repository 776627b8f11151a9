//! Work orders (工单): as customers see and open them, and (`desk`) as staff work them.

use serde::{Deserialize, Serialize};

use crate::domain::{ChangeStatus, ServiceType, WorkOrderKind, WorkOrderStatus};
use crate::model::documents::DocumentInfo;

/// A work order (工单) as a line in the customer's list.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrderSummary {
    pub order_no: String,
    pub kind: WorkOrderKind,
    pub service_type: Option<ServiceType>,
    pub subject: String,
    pub status: WorkOrderStatus,
    /// By when the customer will hear back (the service-level commitment), while the
    /// insurer owes an answer.
    pub reply_due: Option<i64>,
    pub policy_no: Option<String>,
    pub opened_at: i64,
    pub updated_at: i64,
    /// The insurer wrote last: there is something to read.
    pub insurer_replied_last: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrderDetail {
    pub summary: WorkOrderSummary,
    /// What a policy-service request asks to change, as the customer may see it (account
    /// numbers and ID numbers masked).
    pub change: Vec<(String, String)>,
    /// Whether the change waits for review, was applied, or was refused (with the reason).
    pub change_status: Option<ChangeStatus>,
    pub change_refusal_reason: Option<String>,
    pub messages: Vec<WorkOrderMessage>,
    pub documents: Vec<DocumentInfo>,
    pub rating: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct WorkOrderMessage {
    pub from_insurer: bool,
    pub body: String,
    pub at: i64,
}

/// The form for a new work order. `change_*` fields apply to policy-service requests.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct WorkOrderForm {
    pub kind: String,
    pub subject: String,
    pub message: String,
    pub policy_no: String,
    pub service_type: String,
    pub new_phone: String,
    pub new_email: String,
    pub beneficiary_name: String,
    pub beneficiary_id_number: String,
    pub beneficiary_relation: String,
    pub beneficiary_share: String,
    pub payout_bank: String,
    pub payout_account: String,
    pub documents: Vec<String>,
    pub request_key: String,
}

/// The console's work-order desk (staff bundle and server only).
#[cfg(any(feature = "ssr", feature = "console"))]
mod desk;
#[cfg(any(feature = "ssr", feature = "console"))]
pub use desk::*;

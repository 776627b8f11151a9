//! The console's work-order desk: queues, a work order as staff see it, and what an agent
//! can do with it. Staff bundle and server only.

use serde::{Deserialize, Serialize};

use crate::domain::service_level::Deadlines;
use crate::domain::{
    ChangeStatus, Channel, ComplaintCategory, Priority, QueueView, ResolutionCode, ServiceType, StaffAlertKind,
    StaffStatus, VipTier, WorkOrderEventKind, WorkOrderKind, WorkOrderStatus,
};
use crate::model::customers::CustomerProfile;
use crate::model::documents::DocumentInfo;

/// A skill group (技能组), named in both languages.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillGroup {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// A member of staff as other staff see them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Colleague {
    pub id: i64,
    pub name: String,
    pub status: StaffStatus,
    /// Open work orders assigned to them now.
    pub load: i64,
    pub capacity: i64,
    /// Codes of the skill groups they work in.
    pub groups: Vec<String>,
}

/// The signed-in agent: presence, capacity and groups.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Presence {
    pub name: String,
    pub status: StaffStatus,
    pub capacity: i64,
    pub load: i64,
    pub groups: Vec<SkillGroup>,
}

/// How many work orders each view holds now, each up to
/// `domain::service_level::VIEW_COUNT_CAP`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueCounts {
    pub mine: i64,
    pub unassigned: i64,
    pub awaiting_customer: i64,
    pub due_soon: i64,
    pub breached: i64,
    /// Only for supervisors and admins.
    pub all: Option<i64>,
}

impl QueueCounts {
    pub fn of(&self, view: QueueView) -> Option<i64> {
        match view {
            QueueView::Mine => Some(self.mine),
            QueueView::Unassigned => Some(self.unassigned),
            QueueView::AwaitingCustomer => Some(self.awaiting_customer),
            QueueView::DueSoon => Some(self.due_soon),
            QueueView::Breached => Some(self.breached),
            QueueView::All => self.all,
        }
    }
}

/// A work order as a line in a queue.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct QueueItem {
    pub order_no: String,
    pub subject: String,
    pub kind: WorkOrderKind,
    pub service_type: Option<ServiceType>,
    pub status: WorkOrderStatus,
    pub priority: Priority,
    pub channel: Channel,
    pub customer_no: String,
    pub customer_name: String,
    pub vip_tier: VipTier,
    pub group: Option<SkillGroup>,
    pub assignee: Option<String>,
    pub assignee_id: Option<i64>,
    pub opened_at: i64,
    pub updated_at: i64,
    pub deadlines: Deadlines,
    /// The earliest deadline still running (none while paused or finished).
    pub next_due: Option<i64>,
    /// The customer wrote last: they are waiting for an answer.
    pub customer_waiting: bool,
}

/// A queue view with the counts of every view and the agent's presence.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Queue {
    pub view: QueueView,
    pub counts: QueueCounts,
    pub items: Vec<QueueItem>,
    /// The view holds more than the page shows.
    pub more: bool,
    pub presence: Presence,
    /// The instant the server read the queue, for countdowns.
    pub now: i64,
}

/// A message on a work order as staff see it: public replies and internal notes.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskMessage {
    pub from_customer: bool,
    pub author: String,
    pub internal: bool,
    pub body: String,
    pub at: i64,
}

/// A line of a work order's history: who, when, from, to, why.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskEvent {
    pub at: i64,
    pub kind: WorkOrderEventKind,
    /// `None`: the system (routing, automatic assignment, the customer's reply).
    pub actor: Option<String>,
    pub from_group: Option<SkillGroup>,
    pub to_group: Option<SkillGroup>,
    pub from_staff: Option<String>,
    pub to_staff: Option<String>,
    pub status: Option<WorkOrderStatus>,
    pub note: String,
}

/// A work order with everything needed to handle it on one screen.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct DeskWorkOrder {
    pub item: QueueItem,
    pub policy_no: Option<String>,
    /// What a policy-service request asks to change (numbers masked).
    pub change: Vec<(String, String)>,
    /// Whether the change waits for review, was applied, or was refused (with the reason).
    pub change_status: Option<ChangeStatus>,
    pub change_refusal_reason: Option<String>,
    pub messages: Vec<DeskMessage>,
    pub events: Vec<DeskEvent>,
    pub documents: Vec<DocumentInfo>,
    pub customer: CustomerProfile,
    pub resolution_code: Option<ResolutionCode>,
    pub complaint_category: Option<ComplaintCategory>,
    pub rating: Option<i64>,
    /// Where it may be transferred: every group, and the colleagues in them.
    pub groups: Vec<SkillGroup>,
    pub colleagues: Vec<Colleague>,
    /// The caller may act on it (it is theirs, unassigned in their groups, or they supervise).
    pub can_act: bool,
    /// Shared and the caller's own canned replies, filled in for this work order.
    pub canned_replies: Vec<CannedReplyChoice>,
    /// Work orders linked to this one, and those merged into it.
    pub related: Vec<RelatedOrder>,
    pub recordings: Vec<CallRecording>,
    pub now: i64,
}

/// A work order linked to another, or merged into it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RelatedOrder {
    pub order_no: String,
    pub subject: String,
    pub status: WorkOrderStatus,
    /// Merged into this one (a duplicate), rather than linked.
    pub merged: bool,
    /// Who linked it.
    pub by: Option<String>,
    pub at: i64,
}

/// A call's recording, kept by the telephony system, attached to a work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CallRecording {
    pub call_id: String,
    pub url: String,
    /// Who attached it.
    pub by: String,
    pub at: i64,
}

/// A staff reply or status change on a work order.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct DeskReply {
    pub order_no: String,
    /// Empty: change the status only.
    pub message: String,
    pub status: String,
    pub resolution_code: String,
    pub complaint_category: String,
}

/// Passing a work order to another group or colleague; the note is required.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Transfer {
    pub order_no: String,
    pub group: String,
    /// 0: to the group's queue.
    pub staff_id: i64,
    pub note: String,
}

/// Where a transferred work order went, and whether the one who passed it still sees it (an
/// agent who passed it out of their groups does not: their desk says where it went).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Transferred {
    pub order_no: String,
    pub group: SkillGroup,
    /// The colleague it went to, when not to the group's queue.
    pub colleague: Option<String>,
    pub still_visible: bool,
}

/// An alert in the console: work assigned, a customer's reply, a deadline due soon or passed.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAlert {
    pub id: i64,
    pub kind: StaffAlertKind,
    /// What it is about: the work order's number, or who is calling.
    pub subject: String,
    pub link: Option<String>,
    pub read: bool,
    pub at: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAlerts {
    /// Newest first.
    pub items: Vec<StaffAlert>,
    pub unread: i64,
}

/// A canned reply as the composer offers it, its placeholders filled for the work order.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CannedReplyChoice {
    pub id: i64,
    pub title: String,
    pub body: String,
    /// The status the reply moves the work order to, if the canned reply says.
    pub sets_status: Option<WorkOrderStatus>,
    /// Shared with all staff; else the caller's own (which they may delete).
    pub shared: bool,
}

/// A contact an agent records as a work order: for a customer on record (`customer_no`) or
/// a new caller (`new_name`, `new_phone`), on the channel they used.
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
#[serde(default)]
pub struct Intake {
    pub customer_no: String,
    pub new_name: String,
    pub new_phone: String,
    pub channel: String,
    pub kind: String,
    pub subject: String,
    pub message: String,
    pub request_key: String,
}

/// A colleague with the same case open in the console right now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CaseViewer {
    pub name: String,
    /// Writing to the customer.
    pub typing: bool,
}

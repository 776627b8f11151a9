//! The supervisors' live board: the service centre now, and today so far.

use serde::{Deserialize, Serialize};

use crate::domain::service_targets::{ServiceTarget, Spread};
use crate::domain::{Channel, ServiceMeasure, StaffStatus, WorkOrderKind};
use crate::model::claims::StageLoad;
use crate::model::work_orders::SkillGroup;

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceBoard {
    /// When this process aggregated it (every viewer of the process shares it).
    pub computed_at: i64,
    /// The start of the insurer's day (China time) "today" counts from.
    pub day_start: i64,
    pub groups: Vec<GroupLoad>,
    /// Agents signed in to a presence other than offline, busiest first.
    pub agents: Vec<AgentOnBoard>,
    /// Agents offline.
    pub offline: i64,
    /// Today's new work orders by channel and kind.
    pub intake: Vec<Intake>,
    /// Today's first responses: how long customers waited for them.
    pub first_response: Spread,
    /// Of today's first responses, those within their deadline.
    pub first_response_met: i64,
    /// Today's ratings, and those of four or five stars.
    pub rated: i64,
    pub satisfied: i64,
    /// Open claims per stage, with those past the stage's committed time.
    pub claim_stages: Vec<StageLoad>,
    pub targets: Vec<ServiceTarget>,
}

impl ServiceBoard {
    /// The measure's target in force (the published one if the board carries none).
    pub fn target(&self, measure: ServiceMeasure) -> ServiceTarget {
        ServiceTarget::in_force(&self.targets, measure)
    }

    pub fn intake_total(&self) -> i64 {
        self.intake.iter().map(|i| i.count).sum()
    }
}

/// One skill group's work now.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct GroupLoad {
    pub group: SkillGroup,
    /// Open work nobody has taken yet, VIP apart.
    pub waiting: i64,
    pub waiting_vip: i64,
    /// When the longest-waiting of those was opened.
    pub longest_waiting_since: Option<i64>,
    /// Open work whose running deadline falls within the next 30 minutes.
    pub at_risk: i64,
    /// Open work past its running deadline.
    pub breached: i64,
    /// All open work of the group (taken or not).
    pub open: i64,
}

/// An agent at work, as the board shows them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AgentOnBoard {
    pub name: String,
    pub status: StaffStatus,
    /// Since when in that presence, when known.
    pub since: Option<i64>,
    pub load: i64,
    pub capacity: i64,
}

/// New work orders of one channel and kind.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Intake {
    pub channel: Channel,
    pub kind: WorkOrderKind,
    pub count: i64,
}

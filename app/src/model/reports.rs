//! Reports over any period: the service's measures from the facts' daily rollups, against
//! the period before and the published targets, with the work behind each number.

use serde::{Deserialize, Serialize};

use crate::domain::service_targets::ServiceTarget;
use crate::domain::{ReportPeriod, ServiceFact, ServiceMeasure, WorkOrderKind, WorkOrderStatus};
use crate::model::work_orders::SkillGroup;

/// What a report covers, as the form sends it: the period (`from`, and `to` for a custom
/// one, as YYYY-MM-DD) and the filters (empty: all).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportFilter {
    pub period: String,
    pub from: String,
    #[serde(default)]
    pub to: String,
    /// A skill group's code.
    #[serde(default)]
    pub group: String,
    #[serde(default)]
    pub channel: String,
    /// A work order's kind.
    #[serde(default)]
    pub kind: String,
    /// `vip`, `normal` or empty.
    #[serde(default)]
    pub vip: String,
}

/// The sums of each fact over a span (see `ServiceFact` for each one's value).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactTotals {
    pub totals: Vec<FactTotal>,
}

#[derive(Debug, Clone, Copy, PartialEq, Eq, Serialize, Deserialize)]
pub struct FactTotal {
    pub fact: ServiceFact,
    /// How many.
    pub n: i64,
    /// The sum of their values.
    pub value_sum: i64,
    /// How many kept their commitment.
    pub met: i64,
}

impl FactTotals {
    pub fn get(&self, fact: ServiceFact) -> FactTotal {
        self.totals
            .iter()
            .find(|t| t.fact == fact)
            .copied()
            .unwrap_or(FactTotal {
                fact,
                n: 0,
                value_sum: 0,
                met: 0,
            })
    }

    /// New work: what came in less the duplicates merged away (each counted once).
    pub fn intake(&self) -> i64 {
        self.get(ServiceFact::Created).n - self.get(ServiceFact::Merged).n
    }

    /// The mean of a fact's values (a time in ms), if there were any.
    pub fn mean(&self, fact: ServiceFact) -> Option<i64> {
        let t = self.get(fact);
        (t.n > 0).then(|| t.value_sum / t.n)
    }

    /// Resolved without the customer taking it up again: resolutions less reopenings.
    pub fn resolved_first_time(&self) -> i64 {
        (self.get(ServiceFact::Resolved).n - self.get(ServiceFact::Reopened).n).max(0)
    }
}

/// One day of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportDay {
    /// YYYY-MM-DD, the insurer's day.
    pub day: String,
    pub totals: FactTotals,
}

/// A claims figure by outcome or stage (claims are filtered by VIP only: they have no
/// group, channel or work-order kind).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ClaimTotals {
    pub reported: i64,
    pub paid: i64,
    pub refused: i64,
    pub paid_fen: i64,
    /// Stages left, and those left within their commitment.
    pub stages_left: i64,
    pub stages_left_in_time: i64,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceReport {
    pub period: ReportPeriod,
    /// The span (YYYY-MM-DD, both days included) and the one it is compared with.
    pub from: String,
    pub to: String,
    pub previous_from: String,
    pub previous_to: String,
    pub current: FactTotals,
    pub previous: FactTotals,
    pub claims: ClaimTotals,
    pub previous_claims: ClaimTotals,
    /// Each day of the span, in order (days without facts included).
    pub days: Vec<ReportDay>,
    pub targets: Vec<ServiceTarget>,
    /// The groups to filter by.
    pub groups: Vec<SkillGroup>,
    /// The report is the caller's own work only (an agent's).
    pub own_only: bool,
}

impl ServiceReport {
    /// The measure's target in force.
    pub fn target(&self, measure: ServiceMeasure) -> ServiceTarget {
        ServiceTarget::in_force(&self.targets, measure)
    }
}

/// A work order behind a number of a report.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ReportWorkOrder {
    pub order_no: String,
    pub subject: String,
    pub kind: WorkOrderKind,
    pub status: WorkOrderStatus,
    pub group: Option<SkillGroup>,
    /// When the fact happened, and its value (a time in ms, or stars).
    pub at: i64,
    pub value: i64,
    pub met: bool,
}

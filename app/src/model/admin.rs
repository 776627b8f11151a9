//! What the admin pages read and send: staff accounts and the access matrix.

use serde::{Deserialize, Serialize};

use crate::domain::{AnnouncementStatus, Capability, MemberLevel, Money, RewardKind, Role, StaffFields, VipTier};

/// A staff account as an admin sees it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffAccount {
    pub id: i64,
    pub username: String,
    pub display_name: String,
    pub role: Role,
    pub active: bool,
    /// Skill group codes.
    pub skill_groups: Vec<String>,
    pub capacity: i64,
    /// The payout this person may approve alone, when set for them (else their role's).
    pub claim_limit: Option<Money>,
    /// Signs in with a one-time password still.
    pub must_change_password: bool,
    pub created_at: i64,
}

/// A skill group to choose for a person.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillGroupChoice {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
}

/// A page of the staff list with what the form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDirectory {
    /// Active first, then the newest.
    pub accounts: Vec<StaffAccount>,
    /// The cursor of the next page (`admin/staff` with `before`), when there is one.
    pub next: Option<String>,
    pub skill_groups: Vec<SkillGroupChoice>,
}

/// An account to create or the new facts of one to edit.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffForm {
    #[serde(flatten)]
    pub fields: StaffFields,
    pub role: Role,
    #[serde(default)]
    pub skill_groups: Vec<String>,
}

/// A new account (or a reset one) and its one-time password, shown to the admin once.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct IssuedPassword {
    pub account: StaffAccount,
    pub one_time_password: String,
}

/// A member as an admin looks after them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberStanding {
    pub customer_no: String,
    pub name: String,
    pub member_level: MemberLevel,
    pub vip_tier: VipTier,
    pub locked: bool,
    pub lock_reason: Option<String>,
    pub points_balance: i64,
}

/// A reward in the points mall, as an admin manages it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardSetting {
    pub code: String,
    pub kind: RewardKind,
    pub name_zh: String,
    pub name_en: String,
    pub points_price: i64,
    pub stock: i64,
    pub active: bool,
}

/// One entry of the audit log, as the viewer shows it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditRecord {
    /// Epoch milliseconds, UTC.
    pub at: i64,
    pub staff_username: String,
    pub staff_name: String,
    pub action: String,
    pub customer_no: Option<String>,
    /// What was read or changed (JSON for changes: before and after).
    pub detail: String,
    pub request_id: Option<String>,
    pub client_address: Option<String>,
}

/// The viewer's filters, as typed (every one may be empty).
#[derive(Debug, Clone, Default, PartialEq, Eq, Serialize, Deserialize)]
pub struct AuditFilter {
    #[serde(default)]
    pub staff: String,
    #[serde(default)]
    pub customer_no: String,
    #[serde(default)]
    pub action: String,
    /// Insurer dates, `YYYY-MM-DD`, both included.
    #[serde(default)]
    pub from: String,
    #[serde(default)]
    pub to: String,
}

/// Role × capability, as the guards decide it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessMatrix {
    pub roles: Vec<Role>,
    pub rows: Vec<AccessRow>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AccessRow {
    pub capability: Capability,
    /// One per role of `AccessMatrix::roles`, in order.
    pub allowed: Vec<bool>,
}

impl AccessMatrix {
    /// The matrix from the one definition the guards use (`Role::may`).
    pub fn current() -> Self {
        let roles = Role::ALL.to_vec();
        let rows = Capability::ALL
            .iter()
            .map(|&capability| AccessRow {
                capability,
                allowed: roles.iter().map(|role| role.may(capability)).collect(),
            })
            .collect();
        Self { roles, rows }
    }
}

/// An announcement as admins manage it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct AnnouncementSetting {
    pub id: i64,
    pub title_zh: String,
    pub title_en: String,
    pub body_zh: String,
    pub body_en: String,
    pub status: AnnouncementStatus,
    /// When it shows (a draft: when it is meant to, if set).
    pub publish_at: Option<i64>,
    pub notify: bool,
    /// See `domain::Segment`.
    pub segment: String,
    /// When the segment was told; customers told so far.
    pub notified_at: Option<i64>,
    pub notified: i64,
}

/// How many records of one kind a merge moved.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MovedRecords {
    /// `policies`, `claims`, `work_orders`, `points_entries`, ...
    pub what: String,
    pub count: i64,
}

/// A duplicate record merged into the one kept.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct MemberMerge {
    pub kept: MemberStanding,
    pub duplicate_no: String,
    pub moved: Vec<MovedRecords>,
}

/// A kind and priority of work order with its three service-level targets.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SlaTargetSetting {
    pub kind: crate::domain::WorkOrderKind,
    pub priority: crate::domain::Priority,
    pub targets: crate::domain::service_level::SlaTargets,
}

/// The hours a claim stage may take (shown to customers as the stage's promise).
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StageCommitmentSetting {
    pub stage: crate::domain::ClaimStage,
    pub limit_hours: i64,
}

/// A points earning rule.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsRuleSetting {
    pub code: crate::domain::PointsRule,
    pub points: i64,
    /// `once`, `month` or `event`.
    pub per_period: String,
    pub active: bool,
}

/// A day that differs from its weekday: a public holiday or a make-up working day.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CalendarDay {
    /// `YYYY-MM-DD`.
    pub day: String,
    pub working: bool,
    pub name_zh: String,
    pub name_en: String,
}

/// Every service rule an admin sets, on one page.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ServiceRules {
    pub sla_targets: Vec<SlaTargetSetting>,
    pub stage_commitments: Vec<StageCommitmentSetting>,
    pub follow_up_sample_percent: i64,
    pub follow_up_max_attempts: i64,
    pub points_rules: Vec<PointsRuleSetting>,
    /// From today on, in date order.
    pub calendar_days: Vec<CalendarDay>,
    /// The published commitments' targets in force, one per measure.
    pub service_targets: Vec<crate::domain::service_targets::ServiceTarget>,
}

/// A coverage of a product: its names and the limit new policies get.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CoverageSetting {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub default_limit: Money,
}

/// A product as admins manage it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ProductSetting {
    pub code: String,
    pub line: crate::domain::ProductLine,
    pub name_zh: String,
    pub name_en: String,
    /// Claims up to this with a photo are approved at once; `None`: no fast track.
    pub fast_track_limit: Option<Money>,
    pub policies: i64,
    pub coverages: Vec<CoverageSetting>,
}

/// A skill group and what still depends on it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SkillGroupSetting {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub members: i64,
    pub open_work_orders: i64,
    pub routes: i64,
}

/// Where new work orders of a kind (and product line, or `any`) go.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RouteSetting {
    pub kind: crate::domain::WorkOrderKind,
    /// A product line, or `any`.
    pub line: String,
    pub group: String,
}

/// The skill groups and the routing of new work orders to them.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Routing {
    pub groups: Vec<SkillGroupSetting>,
    pub routes: Vec<RouteSetting>,
}

/// A VIP service (倍享服务) and the lowest tier that includes it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct VipServiceSetting {
    pub code: String,
    pub name_zh: String,
    pub name_en: String,
    pub min_tier: VipTier,
    pub bookings: i64,
}

/// A canned reply every agent has (快捷回复), as admins keep it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct SharedCannedReply {
    pub id: i64,
    pub title: String,
    /// With `{customer_name}`, `{order_no}`, `{due_date}` filled in when used.
    pub body: String,
    pub sets_status: Option<crate::domain::WorkOrderStatus>,
}

//! What the admin pages read and send: staff accounts and the access matrix.

use serde::{Deserialize, Serialize};

use crate::domain::{Capability, MemberLevel, Money, RewardKind, Role, StaffFields, VipTier};

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

/// The staff list with what the form offers.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct StaffDirectory {
    pub accounts: Vec<StaffAccount>,
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

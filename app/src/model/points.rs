use serde::{Deserialize, Serialize};

use crate::domain::{PointsReason, PointsRule, RewardKind};

/// The customer's points page in one answer.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsOverview {
    pub balance: i64,
    /// Points that expire within the next 30 days.
    pub expiring_soon: i64,
    /// When the next points expire, epoch ms.
    pub next_expiry: Option<i64>,
    pub checked_in_this_month: bool,
    /// The customer's own mobile number, masked: where phone credit goes unless they say.
    pub own_phone_masked: Option<String>,
    /// The first page of the history, newest first; `history_next` is the cursor of the
    /// page after it (`points/history`), when there is one.
    pub history: Vec<PointsEntry>,
    pub history_next: Option<String>,
    /// The first page of the reward orders, newest first; `orders_next` as above
    /// (`points/orders`).
    pub orders: Vec<RewardOrder>,
    pub orders_next: Option<String>,
    pub rules: Vec<RuleInfo>,
    pub rewards: Vec<RewardItem>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct PointsEntry {
    pub delta: i64,
    pub reason: PointsReason,
    pub rule: Option<PointsRule>,
    /// The reward order number for a redemption.
    pub reference: Option<String>,
    pub at: i64,
    pub expires_at: Option<i64>,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RuleInfo {
    pub rule: PointsRule,
    pub points: i64,
    /// `once`, `month` or `event`.
    pub per_period: String,
    /// Already earned (once-only rules) or earned this month (monthly).
    pub done: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardItem {
    pub code: String,
    pub kind: RewardKind,
    pub name_zh: String,
    pub name_en: String,
    pub points: i64,
    pub in_stock: bool,
}

#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct RewardOrder {
    pub order_no: String,
    pub reward_code: String,
    pub kind: RewardKind,
    pub name_zh: String,
    pub name_en: String,
    pub points: i64,
    pub ordered_at: i64,
    /// Phone credit: the number topped up, masked.
    pub top_up_phone_masked: Option<String>,
}

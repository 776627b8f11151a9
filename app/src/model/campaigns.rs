//! Service campaigns (客服节) as customers see them and as admins run them.

use serde::{Deserialize, Serialize};

use crate::domain::CampaignActivityKind;

/// An activity of a campaign, and whether this customer has done it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignActivity {
    pub id: i64,
    pub kind: CampaignActivityKind,
    pub title_zh: String,
    pub title_en: String,
    pub points: i64,
    pub done: bool,
}

/// A campaign running now, with this customer's part in it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct Campaign {
    pub code: String,
    pub title_zh: String,
    pub title_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    /// `YYYY-MM-DD`, both included.
    pub starts_on: String,
    pub ends_on: String,
    pub joined: bool,
    pub activities: Vec<CampaignActivity>,
}

/// An activity as admins see it: how many customers have done it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct ActivitySetting {
    pub id: i64,
    pub kind: CampaignActivityKind,
    pub title_zh: String,
    pub title_en: String,
    pub points: i64,
    pub entries: i64,
}

/// A campaign as admins run it.
#[derive(Debug, Clone, PartialEq, Eq, Serialize, Deserialize)]
pub struct CampaignSetting {
    pub id: i64,
    pub code: String,
    pub title_zh: String,
    pub title_en: String,
    pub summary_zh: String,
    pub summary_en: String,
    pub starts_on: String,
    pub ends_on: String,
    pub published: bool,
    pub participants: i64,
    pub activities: Vec<ActivitySetting>,
}

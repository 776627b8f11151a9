//! Service campaigns (客服节): the ones running today, joining, completing an activity.

mod complete_activity;
mod join_campaign;
mod list_campaigns;

pub use complete_activity::*;
pub use join_campaign::*;
pub use list_campaigns::*;

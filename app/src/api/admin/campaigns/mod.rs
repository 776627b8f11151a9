//! Service campaigns (客服节) as admins run them.

mod list_campaign_settings;
mod save_campaign;

pub use list_campaign_settings::*;
pub use save_campaign::*;

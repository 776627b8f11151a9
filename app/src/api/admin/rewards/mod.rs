//! The points mall's rewards (积分商城): price, stock, offered or not.

mod list_reward_settings;
mod update_reward;

pub use list_reward_settings::*;
pub use update_reward::*;

//! Points (积分): balance, history, monthly sign-in, rewards.

mod check_in;
mod my_points;
mod my_points_history;
mod my_reward_orders;
mod redeem_reward;

pub use check_in::*;
pub use my_points::*;
pub use my_points_history::*;
pub use my_reward_orders::*;
pub use redeem_reward::*;

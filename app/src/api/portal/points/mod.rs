//! Points (积分): balance, history, monthly sign-in, rewards.

mod check_in;
mod my_points;
mod redeem_reward;

pub use check_in::*;
pub use my_points::*;
pub use redeem_reward::*;

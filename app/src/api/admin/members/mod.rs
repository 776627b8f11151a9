//! Members (会员管理): lock, level and tier, points adjustments, merging duplicates; each
//! with a reason, audited.

mod adjust_member_points;
mod merge_members;
mod read_member_standing;
mod set_member_level;
mod set_member_locked;

pub use adjust_member_points::*;
pub use merge_members::*;
pub use read_member_standing::*;
pub use set_member_level::*;
pub use set_member_locked::*;

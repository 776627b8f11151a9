//! Outbound follow-up (回访): the calls to make and their results.

mod follow_up_queue;
mod record_follow_up;

pub use follow_up_queue::*;
pub use record_follow_up::*;

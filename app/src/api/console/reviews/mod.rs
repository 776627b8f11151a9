//! Reviews: ID photos for advanced verification.

mod decide_identity_review;
mod identity_review_queue;

pub use decide_identity_review::*;
pub use identity_review_queue::*;

//! Satisfaction ratings (满意度评价).

mod rate_service;

pub use rate_service::*;

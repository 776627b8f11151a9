//! The service rules: service-level targets, claim stage commitments, the follow-up sample,
//! points earning rules and the business calendar. Each change holds at once in every
//! process and is audited with before and after.

mod add_calendar_days;
mod read_service_rules;
mod remove_calendar_day;
mod set_follow_up_settings;
mod set_points_rule;
mod set_service_target;
mod set_sla_targets;
mod set_stage_commitment;

pub use add_calendar_days::*;
pub use read_service_rules::*;
pub use remove_calendar_day::*;
pub use set_follow_up_settings::*;
pub use set_points_rule::*;
pub use set_service_target::*;
pub use set_sla_targets::*;
pub use set_stage_commitment::*;

//! Server functions for admins: staff accounts and who may do what. Each calls
//! `require_capability` first; every change is audited with what was before and after.

pub mod audit;
pub mod campaigns;
pub mod canned_replies;
pub mod catalog;
pub mod content;
pub mod members;
pub mod rewards;
pub mod rules;
pub mod staff;

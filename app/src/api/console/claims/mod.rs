//! Moving claims through their stages.

mod advance_claim;

pub use advance_claim::*;

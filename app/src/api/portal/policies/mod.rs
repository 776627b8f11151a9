//! The customer's policies.

mod get_my_policy;
mod list_my_policies;
mod policy_pdf;

pub use get_my_policy::*;
pub use list_my_policies::*;
pub use policy_pdf::*;

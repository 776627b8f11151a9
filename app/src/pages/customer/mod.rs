pub mod account;
pub mod policies;
pub mod policy_detail;

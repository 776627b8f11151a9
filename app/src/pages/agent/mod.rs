pub mod customer;
pub mod policy;
pub mod search;

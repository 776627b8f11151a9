//! One file per route.

pub mod agent;
pub mod customer;
pub mod home;
pub mod not_found;
pub mod register;
pub mod sign_in;

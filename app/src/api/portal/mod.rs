//! Server functions for customers (the portal). Each one first calls `require_customer()`
//! and scopes every query to the caller.

pub mod campaigns;
pub mod claims;
pub mod documents;
pub mod home;
pub mod members;
pub mod notifications;
pub mod points;
pub mod policies;
pub mod ratings;
pub mod work_orders;

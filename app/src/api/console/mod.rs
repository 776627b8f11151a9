//! Server functions for staff (the agent console). Each one first calls
//! `require_capability(..)` (the definition the admin access matrix shows); staff reads of
//! customer data and every change are audited.

pub mod claims;
pub mod customers;
pub mod follow_ups;
pub mod reports;
pub mod reviews;
pub mod work_orders;

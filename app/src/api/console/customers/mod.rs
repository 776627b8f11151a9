//! Finding customers and reading their records.

mod customer_360;
mod customer_file;
mod find_customers;
mod get_customer;
mod get_customer_policy;

pub use customer_360::*;
pub use customer_file::*;
pub use find_customers::*;
pub use get_customer::*;
pub use get_customer_policy::*;

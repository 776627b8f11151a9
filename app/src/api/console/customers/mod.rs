//! Finding customers and reading their records.

mod add_customer_note;
mod correct_contact;
mod customer_360;
mod customer_file;
mod find_customers;
mod get_customer;
mod get_customer_policy;
mod tag_customer;

pub use add_customer_note::*;
pub use correct_contact::*;
pub use customer_360::*;
pub use customer_file::*;
pub use find_customers::*;
pub use get_customer::*;
pub use get_customer_policy::*;
pub use tag_customer::*;

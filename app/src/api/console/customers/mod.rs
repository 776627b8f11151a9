//! Finding customers and reading their records.

mod add_customer_note;
mod confirm_contact_change;
mod contact_change_queue;
mod customer_360;
mod customer_file;
mod decide_contact_change;
mod find_customers;
mod get_customer;
mod get_customer_policy;
mod request_contact_change;
mod send_contact_change_code;
mod tag_customer;

pub use add_customer_note::*;
pub use confirm_contact_change::*;
pub use contact_change_queue::*;
pub use customer_360::*;
pub use customer_file::*;
pub use decide_contact_change::*;
pub use find_customers::*;
pub use get_customer::*;
pub use get_customer_policy::*;
pub use request_contact_change::*;
pub use send_contact_change_code::*;
pub use tag_customer::*;

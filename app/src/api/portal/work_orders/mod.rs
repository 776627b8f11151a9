//! Work orders (工单) as the customer opens and follows them.

mod get_my_work_order;
mod list_my_work_orders;
mod open_work_order;
mod reply_to_work_order;

pub use get_my_work_order::*;
pub use list_my_work_orders::*;
pub use open_work_order::*;
pub use reply_to_work_order::*;

//! Answering customers' work orders.

mod reply_work_order;

pub use reply_work_order::*;

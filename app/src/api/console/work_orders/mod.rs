//! The work-order desk: queues, taking work, handling one work order.

mod add_internal_note;
mod attach_recording;
mod case_viewers;
mod decide_work_order_change;
mod delete_canned_reply;
mod get_work_order;
mod link_work_orders;
mod log_contact;
mod mark_alerts_read;
mod merge_work_order;
mod my_alerts;
mod reply_work_order;
mod save_canned_reply;
mod set_my_status;
mod take_next_work_order;
mod transfer_work_order;
mod work_order_queue;

pub use add_internal_note::*;
pub use attach_recording::*;
pub use case_viewers::*;
pub use decide_work_order_change::*;
pub use delete_canned_reply::*;
pub use get_work_order::*;
pub use link_work_orders::*;
pub use log_contact::*;
pub use mark_alerts_read::*;
pub use merge_work_order::*;
pub use my_alerts::*;
pub use reply_work_order::*;
pub use save_canned_reply::*;
pub use set_my_status::*;
pub use take_next_work_order::*;
pub use transfer_work_order::*;
pub use work_order_queue::*;

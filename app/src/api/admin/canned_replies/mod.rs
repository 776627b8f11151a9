//! The shared canned replies (快捷回复) every agent has.

mod delete_shared_canned_reply;
mod list_shared_canned_replies;
mod save_shared_canned_reply;

pub use delete_shared_canned_reply::*;
pub use list_shared_canned_replies::*;
pub use save_shared_canned_reply::*;

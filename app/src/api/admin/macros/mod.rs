//! The shared canned replies (快捷回复) every agent has.

mod delete_shared_macro;
mod list_shared_macros;
mod save_shared_macro;

pub use delete_shared_macro::*;
pub use list_shared_macros::*;
pub use save_shared_macro::*;

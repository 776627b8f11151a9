//! The customer's notifications and the channels they go out on.

mod my_notifications;
mod notification_settings;

pub use my_notifications::*;
pub use notification_settings::*;

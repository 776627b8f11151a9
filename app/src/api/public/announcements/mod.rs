//! The insurer's published announcements.

mod list_announcements;

pub use list_announcements::*;

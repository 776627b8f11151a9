//! What admins write for customers: knowledge-base articles and announcements.

mod announcement_audience;
mod list_announcement_settings;
mod list_articles;
mod publish_announcement;
mod save_announcement;
mod save_article;
mod withdraw_announcement;

pub use announcement_audience::*;
pub use list_announcement_settings::*;
pub use list_articles::*;
pub use publish_announcement::*;
pub use save_announcement::*;
pub use save_article::*;
pub use withdraw_announcement::*;

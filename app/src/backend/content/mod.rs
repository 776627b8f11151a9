//! What admins write for customers and agents: the knowledge base (`knowledge`),
//! announcements told to segments (`announcements`), and canned replies (`canned_replies`).

pub mod announcements;
pub mod canned_replies;
pub mod knowledge;

//! Server-only code (feature `ssr`): the state every request reaches, the database, the
//! clock, auth, and the services the server functions call, one module per area. A service
//! takes the database (`&Db`) or the caller's transaction (`&mut Tx`) and speaks in model
//! and domain types; it never imports a server function, a page or the UI.

pub mod accounts;
pub mod announcements;
pub mod audit;
pub mod auth;
pub mod campaigns;
pub mod case_viewers;
pub mod catalog;
pub mod catalog_admin;
pub mod claim_desk;
pub mod claims;
pub mod clock;
pub mod contact_changes;
pub mod contact_history;
pub mod cti;
pub mod customer_merge;
pub mod customer_notes;
pub mod customers;
pub mod db;
pub mod delivery;
pub mod documents;
pub mod export;
pub mod file_store;
pub mod follow_ups;
pub mod home;
pub mod idempotency;
pub mod inbox;
pub mod jobs;
pub mod keyed_hash;
pub mod knowledge;
pub mod live;
pub mod member_admin;
pub mod members;
pub mod notify;
pub mod one_time_codes;
pub mod outbox;
pub mod points;
pub mod policies;
pub mod policy_pdf;
pub mod rate_windows;
pub mod ratings;
pub mod reviews;
pub mod reward_admin;
pub mod sequences;
pub mod service_levels;
pub mod service_rules;
pub mod staff;
pub mod staff_accounts;
pub mod staff_alerts;
pub mod state;
pub mod work_orders;

pub use auth::token::TokenKeys;
pub use clock::now_ms;
pub use db::{stored, Db, DbKind, Tx};
pub use keyed_hash::KeyedHasher;
pub use state::{state, AppState, AuthSettings, FileSettings, PointsSettings, SmsCodeBudget};

/// Text to find inside a `LIKE` pattern that escapes with a backslash: `%`, `_` and the
/// backslash itself then match only themselves.
pub fn like_pattern(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

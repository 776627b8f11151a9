//! Server-only code (feature `ssr`): the services the server functions call, by business
//! area, over a platform floor. A service takes the database (`&Db`) or the caller's
//! transaction (`&mut Tx`) and speaks in model and domain types; it never imports a server
//! function, a page or the UI.
//!
//! The areas, from the floor up; each may use the ones above it in this list, never one
//! below it (`tests/layers.rs` checks this, and that no modules import each other in a
//! circle):
//!
//! - `platform`: what every area stands on: the database, the clock and the insurer's
//!   calendar, the state every request reaches, sign-in and sessions, audit, request keys,
//!   readable numbers, files, live updates, counting windows, exports. It imports no area.
//! - `measures`: what "open", "overdue", "a handler's load", "resolved", "satisfied" mean,
//!   written once (SQL fragments) for every screen, sweep and report that counts them.
//! - `messaging`: telling people: customers' notifications (in the app, and SMS and e-mail
//!   through the outbox) and staff alerts in the console.
//! - `staff`: the people who serve: accounts, skill groups and who handles what, presence.
//! - `policies`: products, coverages and the policies customers hold.
//! - `customers`: the customer record and what belongs to it: sign-in accounts and codes,
//!   contact changes, merging, notes and tags, contact history, files, identity reviews.
//! - `loyalty`: points, rewards, member levels and VIP services, campaigns.
//! - `feedback`: satisfaction: ratings after a case and follow-up calls.
//! - `content`: the knowledge base, announcements and canned replies.
//! - `claims`: claims, reported by customers and handled at the claims desk.
//! - `work_orders`: work orders: intake, threads, queues and routing, service levels,
//!   references, policy-service changes.
//! - `rules`: the service rules admins keep (targets, commitments, calendars).
//! - `channels`: where customers reach the centre besides the portal (telephony).
//! - `reports`: the service measured against its targets: the supervisors' live board.
//! - `home`, `jobs`: the customer's home page and the timed sweeps, which draw on many areas.

pub mod platform;

pub mod measures;

pub mod messaging;

pub mod staff;

pub mod policies;

pub mod customers;

pub mod loyalty;

pub mod feedback;

pub mod content;

pub mod claims;

pub mod work_orders;

pub mod rules;

pub mod channels;

pub mod reports;

pub mod home;
pub mod jobs;

pub use platform::auth::token::TokenKeys;
pub use platform::clock::now_ms;
pub use platform::db::{stored, Db, DbKind, Tx};
pub use platform::keyed_hash::KeyedHasher;
pub use platform::state::{state, AppState, AuthSettings, FileSettings, PointsSettings, Services, SmsCodeBudget};

/// Text to find inside a `LIKE` pattern that escapes with a backslash: `%`, `_` and the
/// backslash itself then match only themselves.
pub fn like_pattern(text: &str) -> String {
    text.replace('\\', "\\\\").replace('%', "\\%").replace('_', "\\_")
}

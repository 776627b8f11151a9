//! The floor every business area stands on, and that imports none of them: the database
//! (`db`) and the state every request reaches (`state`), the clock and the insurer's
//! calendar (`clock`, `calendar`: working days and deadlines), sign-in, sessions and the
//! guards (`auth`), the audit log written in the transaction of each change (`audit`),
//! request keys (`idempotency`), readable numbers (`sequences`), customers' files in a
//! folder or a bucket (`file_store`), keyed hashes (`keyed_hash`), live updates across
//! processes (`live`), counts per window shared by processes (`rate_windows`), files for
//! spreadsheets (`export`), and keyset paging for the lists that can grow (`paging`).

pub mod audit;
pub mod auth;
pub mod calendar;
pub mod clock;
pub mod db;
pub mod export;
pub mod facts;
pub mod file_store;
pub mod idempotency;
pub mod keyed_hash;
pub mod live;
pub mod paging;
pub mod pdf_font;
pub mod rate_windows;
pub mod sequences;
pub mod shared_view;
pub mod state;
pub mod tls;

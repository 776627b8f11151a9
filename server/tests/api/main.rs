//! Integration tests over HTTP against the real server, each run on SQLite and on
//! PostgreSQL. See `harness.rs` for how a test app is started.

mod harness;

mod agent;
mod auth;
mod claims;
mod http;
mod inbox;
mod points;
mod policies;
mod scale_out;

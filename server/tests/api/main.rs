//! Integration tests over HTTP against the real server, each run on SQLite and on
//! PostgreSQL. See `harness.rs` for how a test app is started.

mod client;
mod fixtures;
mod harness;

mod agent;
mod auth;
mod claims;
mod feedback;
mod http;
mod inbox;
mod members;
mod points;
mod policies;
mod requests;
mod scale_out;

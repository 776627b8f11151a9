//! Integration tests over HTTP against the real server, each run on SQLite and on
//! PostgreSQL. See `harness.rs` for how a test app is started.

mod client;
mod fixtures;
mod harness;
mod outside_servers;
mod process;

mod admin;
mod auth;
mod board;
mod campaigns;
mod claim_desk;
mod claims;
mod codes;
mod console;
mod contact_changes;
mod content;
mod crash;
mod cti;
mod customer_merge;
mod customer_notes;
mod delivery;
mod desk;
mod facts;
mod follow_ups;
mod hardening;
mod http;
mod live;
mod member_admin;
mod members;
mod notifications;
mod paging;
mod points;
mod policies;
mod probe_two;
mod ratings;
mod references;
mod reports;
mod reviews;
mod scale_out;
mod schema;
mod service_rules;
mod work_orders;

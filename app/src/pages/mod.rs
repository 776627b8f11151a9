//! One file per route, by audience: `public` (signed out, in both bundles), `portal`
//! (customers, the customer bundle), `console` (staff, the staff bundle). Each audience's
//! `mod.rs` holds its layout route: the guard, and the navigation built from what the
//! signed-in user may do.

#[cfg(feature = "console")]
pub mod admin;
#[cfg(feature = "console")]
pub mod console;
pub mod lazy;
#[cfg(feature = "portal")]
pub mod portal;
pub mod public;

//! Server functions open to signed-out callers, or to anyone signed in: signing in and out,
//! registration, the caller's own password, announcements, the knowledge base.

pub mod announcements;
pub mod auth;
pub mod knowledge;

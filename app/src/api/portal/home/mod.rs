//! The portal home: what needs the customer's attention.

mod portal_home;

pub use portal_home::*;

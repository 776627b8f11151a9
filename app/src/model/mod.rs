//! The data that crosses the wire: what server functions take and answer, shared by the
//! browser and the server. Plain serde types, no logic beyond small accessors; rules live
//! in `domain`, work in `backend`.

#[cfg(any(feature = "ssr", feature = "console"))]
pub mod admin;
pub mod announcements;
pub mod auth;
#[cfg(any(feature = "ssr", feature = "console"))]
pub mod board;
pub mod campaigns;
pub mod claims;
#[cfg(any(feature = "ssr", feature = "console"))]
pub mod customers;
pub mod documents;
#[cfg(any(feature = "ssr", feature = "console"))]
pub mod follow_ups;
pub mod home;
pub mod knowledge;
pub mod live;
pub mod members;
pub mod notifications;
pub mod paging;
pub mod points;
pub mod policies;
#[cfg(any(feature = "ssr", feature = "console"))]
pub mod reports;
pub mod reviews;
pub mod work_orders;

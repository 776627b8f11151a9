//! Member levels, verification and VIP services.

mod book_vip_service;
mod member_status;
mod request_advanced_verification;
mod verify_identity;

pub use book_vip_service::*;
pub use member_status::*;
pub use request_advanced_verification::*;
pub use verify_identity::*;

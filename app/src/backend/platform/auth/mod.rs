//! Authentication and authorization: password hashing, signed session tokens in an
//! HttpOnly cookie, server-side sessions (so sign-out revokes), sign-in throttling, and the
//! guards every server function calls first.

pub mod guard;
pub mod password;
pub mod session;
pub mod throttle;
pub mod token;

pub use guard::{
    current_caller, require_capability, require_customer, require_staff, Caller, CustomerCaller, StaffCaller,
};

//! Signing in (password or one-time code) and out, registration, who is signed in,
//! changing and resetting the password.

mod change_password;
mod register;
mod reset_password;
mod send_code;
mod sign_in;
mod sign_in_with_code;
mod sign_out;
mod who_am_i;

pub use change_password::*;
pub use register::*;
pub use reset_password::*;
pub use send_code::*;
pub use sign_in::*;
pub use sign_in_with_code::*;
pub use sign_out::*;
pub use who_am_i::*;
